/**
 * Who may do what, and where, from Slack. Three checks, each failing closed:
 * 1. the request comes from the app's own workspace (not a Slack Connect guest organisation, not another
 *    workspace the same Slack app is installed in);
 * 2. a click happens in the channel signed into the button, if the button names one;
 * 3. an access rule grants this person this very button or command in this channel.
 * A rule grants only what it names: an empty list of buttons or commands grants none of them; "all" is an
 * explicit choice (`ALL`).
 */

/** In a rule's buttons or commands: every button (and form) or every command, also ones added later. */
export const ALL = '*';

/** The longest a button stays valid; "already done" marks are kept longer (see state/actionMarks.ts). */
export const MAX_BUTTON_AGE_DAYS = 365;

export interface AccessRule {
	/** Slack member IDs. With `userGroups` also empty, the rule is for everyone in the workspace. */
	users: string[];
	userGroups: string[];
	/** Button actions (`refund.create`) this rule grants, or `ALL`. Empty: no button. */
	actions: string[];
	/** Slash commands (`/pay`) this rule grants, or `ALL`. Empty: no command. */
	commands: string[];
	/** Channel IDs where the rule applies. Empty: any channel of the workspace. */
	channels: string[];
}

/** The app's own workspace, as the bot token's `auth.test` names it. */
export interface HomeWorkspace {
	teamId?: string;
	enterpriseId?: string;
	/** An Enterprise Grid org-wide install serves every workspace of the organisation. */
	isEnterpriseInstall: boolean;
}

/** What a request names about where it comes from; every field comes from Slack's signed request. */
export interface RequestOrigin {
	teamIds: string[];
	enterpriseIds: string[];
}

/**
 * Why a request does not come from the app's own workspace, or undefined when it does. A request has to name the
 * workspace (or, for an org-wide install, the organisation), and everything it names has to match.
 */
export function foreignWorkspaceReason(home: HomeWorkspace, origin: RequestOrigin): string | undefined {
	const otherOrganisation = origin.enterpriseIds.find((id) => id !== home.enterpriseId);
	if (otherOrganisation) return `it comes from another Slack organisation (${otherOrganisation})`;
	if (home.isEnterpriseInstall) {
		return home.enterpriseId && origin.enterpriseIds.includes(home.enterpriseId)
			? undefined
			: 'it names no Slack organisation of this app';
	}
	if (!home.teamId) return 'the Slack credential does not say which workspace it belongs to';
	const otherTeam = origin.teamIds.find((id) => id !== home.teamId);
	if (otherTeam) return `it comes from another Slack workspace (${otherTeam})`;
	return origin.teamIds.length === 0 ? 'it names no Slack workspace' : undefined;
}

/**
 * Why a click is out of place, or undefined. A button signed with a channel may be clicked only in that channel:
 * a copy of its value in another message, elsewhere, acts on nothing.
 */
export function wrongChannelReason(
	signedChannelId: string | undefined,
	clickChannelId: string | undefined,
): string | undefined {
	if (signedChannelId === undefined || signedChannelId === clickChannelId) return undefined;
	return clickChannelId
		? `the button belongs to the alert in <#${signedChannelId}>, not to this channel (${clickChannelId})`
		: `the button belongs to the alert in <#${signedChannelId}>, and the click names no channel`;
}

export type RequestKind = 'button' | 'form' | 'command';

export interface AccessRequest {
	kind: RequestKind;
	/** `refund.create` for a signed button or form, the action ID of another button, `/pay` for a command. */
	action: string;
	userId?: string;
	/** Where it happens: the clicked message's channel, the command's channel, the channel signed into a form. */
	channelId?: string;
}

export interface AccessDependencies {
	/** Members of a Slack user group; only called when a rule that otherwise fits names user groups. */
	userGroupMembers: (userGroupId: string) => Promise<string[]>;
}

function grantsAction(rule: AccessRule, request: AccessRequest): boolean {
	if (request.kind === 'command') {
		const command = request.action.toLowerCase();
		return rule.commands.some((granted) => granted === ALL || granted.toLowerCase() === command);
	}
	return rule.actions.some((granted) => granted === ALL || granted === request.action);
}

function grantsChannel(rule: AccessRule, channelId: string | undefined): boolean {
	return rule.channels.length === 0 || (channelId !== undefined && rule.channels.includes(channelId));
}

/** Whether a rule grants nothing at all, which is what a rule saved before "all" was a choice may now do. */
export function grantsNothing(rule: AccessRule): boolean {
	return rule.actions.length === 0 && rule.commands.length === 0;
}

/** Whether any rule grants this person this action in this channel. Rules add up; none takes anything away. */
export async function isGranted(
	rules: readonly AccessRule[],
	request: AccessRequest,
	dependencies: AccessDependencies,
): Promise<boolean> {
	if (!request.userId) return false;
	for (const rule of rules) {
		if (!grantsAction(rule, request) || !grantsChannel(rule, request.channelId)) continue;
		if (rule.users.length === 0 && rule.userGroups.length === 0) return true;
		if (rule.users.includes(request.userId)) return true;
		for (const group of rule.userGroups) {
			if ((await dependencies.userGroupMembers(group)).includes(request.userId)) return true;
		}
	}
	return false;
}
