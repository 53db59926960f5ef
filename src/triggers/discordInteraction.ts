import { grantsNothing, isGranted } from '../core/access';
import type { AccessRequest, AccessRule } from '../core/access';
import { ACTION_DESCRIPTIONS, isActionKind } from '../core/actions';
import { auditOnceKey } from '../core/audit';
import type { AuditRecord } from '../core/audit';
import { isCompactActionValue, verifyCompactActionValue } from '../core/compactActionValue';
import type { ChatInteractionItem } from '../core/items/chatInteraction';
import { verifyDiscordRequest } from '../core/signatures/discord';
import type { ActionRef } from '../core/types';

export type { AccessRule } from '../core/access';

/**
 * What one request to a Discord application's Interactions Endpoint URL does, free of n8n (the Stripe Chat Discord
 * Trigger's `webhook.ts` gathers the inputs and writes the answer):
 * 1. verify the Ed25519 signature (fail closed: 401, nothing runs);
 * 2. answer a PING with `{"type":1}` (Discord checks the URL with one when it is saved);
 * 3. a button click: verify its compact signed value (`custom_id`, channel-bound `cb.` only) against the channel the
 *    click came from (and, with a Guild ID in the credential, that it came from that server), check the access
 *    rules (user id, and role ids from `member.roles`), answer at once with a deferred update (`{"type":6}`: Discord
 *    shows no error and the message stays), and emit the ChatItem; Stripe Action edits the message through the
 *    interaction's webhook afterwards (valid 15 minutes).
 * A refused click is answered the same way, and the person is told why in a message only they see.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding
 */

/** Interaction types and response types this trigger uses. */
export const INTERACTION_TYPE = { ping: 1, applicationCommand: 2, messageComponent: 3 } as const;
export const RESPONSE_TYPE = { pong: 1, channelMessage: 4, deferredUpdate: 6 } as const;
/** A message only the person who acted sees. */
export const EPHEMERAL_FLAG = 1 << 6;

export interface DiscordInteractionConfig {
	publicKey?: string;
	buttonSigningSecret?: string;
	/**
	 * The credential's Guild ID: when set, only clicks from that server act (a click from another server, or from a
	 * DM, which has no `guild_id`, is refused); unset, clicks from wherever a bot message appears.
	 */
	guildId?: string;
	/** For the interaction's webhook URL (`responseUrl`). */
	apiBaseUrl: string;
	/** `everyone`: anyone who can see the message; `rules`: only what a rule grants. */
	access: 'everyone' | 'rules';
	/** `users` are Discord user ids, `userGroups` role ids. */
	rules: AccessRule[];
	/** Refuse buttons older than this many days; 0 = no limit. */
	buttonMaxAgeDays: number;
}

export interface DiscordInteractionRequest {
	rawBody: Buffer;
	headers: Record<string, string | string[] | undefined>;
}

export interface DiscordInteractionOutcome {
	status: number;
	body: string;
	contentType: 'application/json' | 'text/plain';
	item?: ChatInteractionItem & { platform: 'discord'; guildId: string | null };
	/** Why the click did nothing, to post to the person only (ephemeral follow-up) after the answer. */
	notice?: { responseUrl: string; text: string };
	/** Why nothing runs, for the n8n log. */
	ignoredBecause?: string;
	/**
	 * A refused click, for the audit trail, with its once-key (a repeated delivery is recorded once). Requests that
	 * fail Discord's signature are not someone's click and have none.
	 */
	refused?: { record: AuditRecord; onceKey: string };
}

interface DiscordUser {
	id?: string;
	username?: string;
	global_name?: string | null;
}

interface DiscordInteraction {
	id?: string;
	type?: number;
	application_id?: string;
	token?: string;
	channel_id?: string;
	guild_id?: string;
	member?: { user?: DiscordUser; roles?: string[]; nick?: string | null };
	user?: DiscordUser;
	message?: { id?: string };
	data?: { custom_id?: string; component_type?: number };
}

function header(headers: DiscordInteractionRequest['headers'], name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

const json = (body: unknown, extra: Partial<DiscordInteractionOutcome> = {}): DiscordInteractionOutcome => ({
	status: 200,
	body: JSON.stringify(body),
	contentType: 'application/json',
	...extra,
});

const DEFERRED_UPDATE = { type: RESPONSE_TYPE.deferredUpdate };

function describeAction(action: string): string {
	return isActionKind(action) ? ACTION_DESCRIPTIONS[action].verb : `do ${action}`;
}

function emptyRulesHint(rules: readonly AccessRule[]): string {
	const empty = rules.map((rule, index) => (grantsNothing(rule) ? index + 1 : 0)).filter(Boolean);
	return empty.length === 0 ? '' : `; access rule ${empty.join(', ')} grants no button: choose its buttons`;
}

/** Decides one request (see the file comment). Everything here is local: it answers well within Discord's 3 seconds. */
export async function decideDiscordInteraction(
	request: DiscordInteractionRequest,
	config: DiscordInteractionConfig,
	dependencies: { now: () => number },
): Promise<DiscordInteractionOutcome> {
	let body: Buffer;
	try {
		body = verifyDiscordRequest({
			rawBody: request.rawBody,
			timestamp: header(request.headers, 'x-signature-timestamp'),
			signature: header(request.headers, 'x-signature-ed25519'),
			publicKey: config.publicKey,
			now: dependencies.now,
		}).payload;
	} catch (error: unknown) {
		// Whatever went wrong while checking, nothing runs (fail closed); Discord expects 401 here.
		const message = error instanceof Error ? error.message : 'Discord signature check failed';
		return { status: 401, body: 'invalid request signature', contentType: 'text/plain', ignoredBecause: message };
	}

	let interaction: DiscordInteraction;
	try {
		interaction = JSON.parse(body.toString('utf8')) as DiscordInteraction;
	} catch {
		return {
			status: 400,
			body: 'Not a Discord interaction',
			contentType: 'text/plain',
			ignoredBecause: 'unreadable body',
		};
	}
	if (interaction.type === INTERACTION_TYPE.ping) return json({ type: RESPONSE_TYPE.pong });
	if (interaction.type !== INTERACTION_TYPE.messageComponent) {
		return json(
			{
				type: RESPONSE_TYPE.channelMessage,
				data: { content: 'This endpoint answers Stripe Chat Channel buttons only.', flags: EPHEMERAL_FLAG },
			},
			{ ignoredBecause: `interaction type ${String(interaction.type)} is not a button click` },
		);
	}

	const user = interaction.member?.user ?? interaction.user;
	const channelId = interaction.channel_id;
	const applicationId = interaction.application_id;
	const responseUrl =
		applicationId && interaction.token
			? `${config.apiBaseUrl}/webhooks/${applicationId}/${interaction.token}`
			: undefined;
	const messageLink =
		interaction.guild_id && channelId && interaction.message?.id
			? `https://discord.com/channels/${interaction.guild_id}/${channelId}/${interaction.message.id}`
			: undefined;
	const refuse = (text: string, reason: string, verified?: ActionRef): DiscordInteractionOutcome => {
		const record: AuditRecord = {
			at: new Date(dependencies.now()).toISOString(),
			outcome: 'refused',
			action: verified?.action ?? 'button',
			source: 'button',
			workspaceId: interaction.guild_id,
			channelId,
			userId: user?.id,
			userName: user?.global_name ?? user?.username,
			objectId: verified?.objectId,
			objectType: verified?.objectType,
			reason,
			livemode: verified?.livemode,
			messageLink,
		};
		return json(DEFERRED_UPDATE, {
			ignoredBecause: reason,
			notice: responseUrl ? { responseUrl, text } : undefined,
			refused: { record, onceKey: auditOnceKey(`discord:${interaction.id ?? ''}`, 'refused') },
		});
	};

	const customId = interaction.data?.custom_id ?? '';
	if (!isCompactActionValue(customId)) {
		return json(DEFERRED_UPDATE, { ignoredBecause: 'the button is not one of Stripe Chat Channel' });
	}
	if (!channelId || !user?.id)
		return refuse('⛔ Nothing was done: the click names no channel or user.', 'no channel or user');
	if (config.guildId && interaction.guild_id !== config.guildId) {
		return refuse(
			'⛔ These buttons work only in the Discord server they were set up for, so nothing was done.',
			interaction.guild_id
				? `click from server ${interaction.guild_id}, not the credential's Guild ID`
				: "click from a direct message, not the credential's Guild ID",
		);
	}
	// Stripe Chat Discord posts every action button bound to its channel (`cb.`); an unbound `c1.` value would act
	// from any channel it was copied to, so it is refused however well it is signed.
	if (!customId.startsWith('cb.')) {
		return refuse(
			'⛔ This button is not bound to its channel, so nothing was done. Post alerts with Stripe Chat Discord and a Button Signing Secret in its credential.',
			'button refused: its value is not bound to a channel',
		);
	}
	let ref: ActionRef & { issuedAt: number };
	try {
		ref = verifyCompactActionValue(customId, {
			secret: config.buttonSigningSecret,
			channelId,
			maxAgeSeconds: config.buttonMaxAgeDays > 0 ? config.buttonMaxAgeDays * 86400 : undefined,
			now: dependencies.now,
		});
	} catch (error: unknown) {
		const reason = error instanceof Error ? error.message : 'invalid signed value';
		return refuse(`⛔ This button could not be verified, so nothing was done. ${reason}.`, `button refused: ${reason}`);
	}

	const roles = Array.isArray(interaction.member?.roles) ? interaction.member.roles : [];
	const wanted: AccessRequest = { kind: 'button', action: ref.action, userId: user.id, channelId };
	// A rule's "user groups" are Discord roles; the click carries the member's roles, so nothing is looked up.
	const userGroupMembers = async (roleId: string) => (roles.includes(roleId) ? [user.id as string] : []);
	if (config.access !== 'everyone' && !(await isGranted(config.rules, wanted, { userGroupMembers }))) {
		return refuse(
			`⛔ You are not allowed to ${describeAction(ref.action)} in this channel. Ask an n8n admin to add you (or one of your roles) to the Stripe Chat Discord Trigger's access rules.`,
			`user ${user.id} is not allowed to ${ref.action}${emptyRulesHint(config.rules)}`,
			ref,
		);
	}

	const { issuedAt, ...target } = ref;
	const item: DiscordInteractionOutcome['item'] = {
		platform: 'discord',
		kind: 'button_click',
		action: ref.action,
		user: { id: user.id, name: user.global_name ?? user.username ?? undefined },
		teamId: null,
		guildId: interaction.guild_id ?? null,
		channelId,
		responseUrl: responseUrl ?? null,
		triggerId: null,
		receivedAt: new Date(dependencies.now()).toISOString(),
		requestId: interaction.id ?? '',
		messageLink: messageLink ?? null,
		actionId: customId,
		messageTs: interaction.message?.id ?? null,
		threadTs: interaction.message?.id ?? null,
		target: { ...target, buttonIssuedAt: new Date(issuedAt * 1000).toISOString() },
	};
	return json(DEFERRED_UPDATE, { item });
}
