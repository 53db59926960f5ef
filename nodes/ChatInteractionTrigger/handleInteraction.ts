import { ACTION_DESCRIPTIONS, isActionKind } from '../../src/core/actions';
import { ACTION_ID_PREFIX } from '../../src/core/render/slack';
import { verifyActionValue } from '../../src/core/signedValue';
import { parseSlackRequest } from '../../src/core/slackInteraction';
import type { SlackInteraction } from '../../src/core/slackInteraction';
import { verifySlackRequest } from '../../src/core/slackSignature';
import type { ActionRef } from '../../src/core/types';

export type InteractionKind = 'block_actions' | 'view_submission' | 'slash_command';

/** Who may do what, where. An empty list means "any". */
export interface AccessRule {
	users: string[];
	userGroups: string[];
	/** Button actions (`invoice.retry`); empty = every button and modal. */
	actions: string[];
	/** Slash commands (`/pay`); empty = every command. */
	commands: string[];
	channels: string[];
}

export interface InteractionConfig {
	signingSecret?: string;
	buttonSigningSecret?: string;
	listenFor: InteractionKind[];
	/** `everyone`: any member of the workspace; `rules`: only who a rule names. */
	access: 'everyone' | 'rules';
	rules: AccessRule[];
	/** Refuse buttons older than this many days; 0 = no limit. */
	buttonMaxAgeDays: number;
}

export interface InteractionRequest {
	rawBody: Buffer;
	headers: Record<string, string | string[] | undefined>;
}

export interface InteractionDependencies {
	now: () => number;
	/** Members of a Slack user group (`usergroups.users.list`); only called when a rule names user groups. */
	userGroupMembers: (userGroupId: string) => Promise<string[]>;
}

/** What the webhook answers, and the workflow item when something should run. */
export interface InteractionOutcome {
	status: number;
	body: string;
	contentType: 'application/json' | 'text/plain';
	item?: Record<string, unknown>;
	/** A refusal to show only to the person who clicked, sent through `response_url` after the answer. */
	ephemeralNotice?: { responseUrl: string; text: string };
	/** Why nothing runs, for the n8n log. */
	ignoredBecause?: string;
}

function header(headers: InteractionRequest['headers'], name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function plain(status: number, text: string, ignoredBecause?: string): InteractionOutcome {
	return { status, body: text, contentType: 'text/plain', ignoredBecause };
}

function ephemeralJson(text: string): string {
	return JSON.stringify({ response_type: 'ephemeral', text });
}

function actionNameOf(interaction: SlackInteraction, ref: ActionRef | undefined): string | undefined {
	if (interaction.kind === 'slash_command') return interaction.command;
	return ref?.action;
}

function describeAction(actionName: string): string {
	if (isActionKind(actionName)) return ACTION_DESCRIPTIONS[actionName].verb;
	if (actionName.startsWith('/')) return `use ${actionName}`;
	return `do ${actionName}`;
}

async function isAllowed(
	config: InteractionConfig,
	dependencies: InteractionDependencies,
	userId: string | undefined,
	actionName: string,
	channelId: string | undefined,
): Promise<boolean> {
	if (config.access === 'everyone') return true;
	if (!userId) return false;
	for (const rule of config.rules) {
		const allowed = actionName.startsWith('/') ? rule.commands : rule.actions;
		const actionMatches = allowed.length === 0 || allowed.includes(actionName);
		const channelMatches = rule.channels.length === 0 || (channelId !== undefined && rule.channels.includes(channelId));
		if (!actionMatches || !channelMatches) continue;
		if (rule.users.length === 0 && rule.userGroups.length === 0) return true;
		if (rule.users.includes(userId)) return true;
		for (const group of rule.userGroups) {
			if ((await dependencies.userGroupMembers(group)).includes(userId)) return true;
		}
	}
	return false;
}

function verifiedRef(value: string | undefined, config: InteractionConfig, now: () => number): ActionRef & { issuedAt: number } {
	return verifyActionValue(value ?? '', {
		secret: config.buttonSigningSecret,
		maxAgeSeconds: config.buttonMaxAgeDays > 0 ? config.buttonMaxAgeDays * 86400 : undefined,
		now,
	});
}

/**
 * Decides what one request to the Slack Interactivity / slash-command URL does: verify the signature (fail
 * closed), answer the handshakes, verify signed button values, authorise, and build the workflow item.
 * Slack wants an answer within 3 seconds: everything here is local but an optional user-group lookup.
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
export async function handleInteraction(
	request: InteractionRequest,
	config: InteractionConfig,
	dependencies: InteractionDependencies,
): Promise<InteractionOutcome> {
	try {
		verifySlackRequest({
			rawBody: request.rawBody,
			timestamp: header(request.headers, 'x-slack-request-timestamp'),
			signature: header(request.headers, 'x-slack-signature'),
			signingSecret: config.signingSecret,
			now: dependencies.now,
		});
	} catch (error: unknown) {
		const message = error instanceof Error ? error.message : 'Slack signature check failed';
		return plain(401, 'Slack request verification failed', message);
	}

	let interaction: SlackInteraction;
	try {
		interaction = parseSlackRequest(request.rawBody, header(request.headers, 'content-type'));
	} catch (error: unknown) {
		return plain(400, 'Not a Slack interaction', error instanceof Error ? error.message : 'unreadable body');
	}

	if (interaction.kind === 'url_verification') {
		return { status: 200, body: JSON.stringify({ challenge: interaction.challenge }), contentType: 'application/json' };
	}
	if (interaction.kind === 'ssl_check') return plain(200, '', 'Slack ssl_check');
	if (interaction.kind === 'other') return plain(200, '', `Slack ${interaction.type} is not handled by this trigger`);
	if (!config.listenFor.includes(interaction.kind)) {
		return plain(200, '', `${interaction.kind} is switched off in this trigger's "Listen For"`);
	}

	let ref: (ActionRef & { issuedAt: number }) | undefined;
	if (interaction.kind === 'block_actions' && interaction.actionId.startsWith(ACTION_ID_PREFIX)) {
		try {
			ref = verifiedRef(interaction.value, config, dependencies.now);
		} catch (error: unknown) {
			const reason = error instanceof Error ? error.message : 'invalid button';
			return {
				...plain(200, '', `button refused: ${reason}`),
				ephemeralNotice: interaction.responseUrl
					? { responseUrl: interaction.responseUrl, text: `:no_entry: This button could not be verified, so nothing was done. ${reason}.` }
					: undefined,
			};
		}
	}
	if (interaction.kind === 'view_submission' && interaction.privateMetadata?.startsWith('v1.')) {
		try {
			ref = verifiedRef(interaction.privateMetadata, config, dependencies.now);
		} catch (error: unknown) {
			return plain(200, '', `modal refused: ${error instanceof Error ? error.message : 'invalid metadata'}`);
		}
	}

	const actionName =
		actionNameOf(interaction, ref) ??
		(interaction.kind === 'block_actions'
			? interaction.actionId
			: interaction.kind === 'view_submission'
				? `modal ${interaction.callbackId ?? ''}`.trim()
				: interaction.command);
	const userId = interaction.user?.id;
	if (!(await isAllowed(config, dependencies, userId, actionName, interaction.channelId))) {
		const text = `:no_entry: You are not allowed to ${describeAction(actionName)}${interaction.channelId ? ' in this channel' : ''}. Ask an n8n admin to add you to the Chat Interaction Trigger's access rules.`;
		const reason = `user ${userId ?? 'unknown'} is not allowed to ${actionName}`;
		if (interaction.kind === 'slash_command') {
			return { status: 200, body: ephemeralJson(text), contentType: 'application/json', ignoredBecause: reason };
		}
		if (interaction.kind === 'view_submission') {
			return {
				status: 200,
				body: JSON.stringify({ response_action: 'errors', errors: {} }),
				contentType: 'application/json',
				ignoredBecause: reason,
			};
		}
		return {
			...plain(200, '', reason),
			ephemeralNotice: interaction.responseUrl ? { responseUrl: interaction.responseUrl, text } : undefined,
		};
	}

	const { kind, user, teamId, channelId, responseUrl, triggerId } = interaction;
	const item: Record<string, unknown> = {
		kind,
		action: actionName,
		user: user ?? null,
		teamId: teamId ?? null,
		channelId: channelId ?? null,
		responseUrl: responseUrl ?? null,
		triggerId: triggerId ?? null,
		receivedAt: new Date(dependencies.now()).toISOString(),
	};
	if (interaction.kind === 'block_actions') {
		Object.assign(item, {
			actionId: interaction.actionId,
			messageTs: interaction.messageTs ?? null,
			threadTs: interaction.threadTs ?? interaction.messageTs ?? null,
			messageBlocks: interaction.messageBlocks ?? null,
		});
		if (!ref) item.value = interaction.value ?? null;
	}
	if (interaction.kind === 'slash_command') Object.assign(item, { command: interaction.command, text: interaction.text });
	if (interaction.kind === 'view_submission') {
		Object.assign(item, { callbackId: interaction.callbackId ?? null, values: interaction.values, viewId: interaction.viewId ?? null });
	}
	if (ref) {
		const { issuedAt, ...target } = ref;
		item.target = { ...target, buttonIssuedAt: new Date(issuedAt * 1000).toISOString() };
	}
	return { status: 200, body: '', contentType: 'text/plain', item };
}
