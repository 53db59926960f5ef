import { signCompactActionValue, verifyCompactActionValue } from '../../core/compactActionValue';
import { burstSummaryText } from '../../core/burst';
import type { BurstLabel } from '../../core/burst';
import { syncBurstSummary } from '../../core/state/burstSummary';
import type { BurstSummarySyncResult } from '../../core/state/burstSummary';
import type { StateStore } from '../../core/state/stateStore';
import { claimThread, holdThreadClaim, recordThreadParent, releaseThreadClaim } from '../../core/state/threadMap';
import type { ThreadMapTiming } from '../../core/state/threadMap';
import type { DiscordClient, PostedDiscordMessage } from './client';
import { DiscordApiError } from './errors';
import type { DiscordActionRow, DiscordMessagePayload } from './render';

/**
 * Posting alerts: buttons bound to their channel, an object's later events as replies to its first, and bursts as one
 * summary message.
 *
 * Threads are replies (`message_reference`), not Discord threads: a reply works in every text channel (also
 * announcement channels and where the bot may not create threads) with the permissions posting already needs
 * ("Send Messages", "Read Message History"), keeps the object's story in the channel everyone watches, and never
 * meets an auto-archived thread (Discord archives idle threads after 1 hour to 7 days; disputes run for months). The
 * first alert of an object is the thread map's parent (src/core/state/threadMap.ts, keyed by `discord:<channel id>`
 * and thread key); `fail_if_not_exists: false` posts a later alert as a plain message when that first one was deleted.
 * @see https://discord.com/developers/docs/resources/message#message-reference-structure
 */

/**
 * The thread map's and burst summaries' channel for a Discord channel: its own namespace, so a channel's snowflake
 * never meets another platform's chat or channel id in the state store.
 */
export function discordStateChannel(channelId: string): string {
	return `discord:${channelId}`;
}

/**
 * The compact signed value re-signed for the channel it is posted in (`c1.` → `cb.`), with its issue time kept, so a
 * copy of the button in another channel is refused. A value that does not verify with this secret (not ours, or
 * signed with another secret) or that is bound already is returned unchanged.
 */
export function bindCompactValueToChannel(value: string, secret: string, channelId: string): string {
	if (!value.startsWith('c1.')) return value;
	let ref;
	try {
		ref = verifyCompactActionValue(value, { secret, channelId: '' });
	} catch {
		return value;
	}
	const { issuedAt, ...target } = ref;
	return signCompactActionValue(target, secret, { channelId, now: () => issuedAt * 1000 }) ?? value;
}

/** The payload with every interactive button bound to `channelId` (when a button signing secret is set). */
export function bindButtons(
	payload: DiscordMessagePayload,
	channelId: string,
	secret: string | undefined,
): DiscordMessagePayload {
	if (!secret) return payload;
	const components: DiscordActionRow[] = payload.components.map((row) => ({
		...row,
		components: row.components.map((button) =>
			button.custom_id
				? { ...button, custom_id: bindCompactValueToChannel(button.custom_id, secret, channelId) }
				: button,
		),
	}));
	return { ...payload, components };
}

export interface PostAlertInput {
	channelId: string;
	/** Groups an object's life (ChatMessage.threadKey); empty posts without threading. */
	threadKey?: string;
	payload: DiscordMessagePayload;
	buttonSigningSecret?: string;
	store?: StateStore;
	/** Unique per execution: marks this execution's claim to start a thread. */
	token: string;
	timing?: Partial<ThreadMapTiming>;
}

export interface PostAlertResult {
	channelId: string;
	messageId: string;
	/** The object's first message this one replies to. */
	replyTo?: string;
	startedThread: boolean;
}

/**
 * Posts an alert: as the first message of its object, or as a reply to that first message.
 * @throws ThreadBusyError when another execution is still posting the object's first message after the wait.
 */
export async function postAlert(client: DiscordClient, input: PostAlertInput): Promise<PostAlertResult> {
	const payload = bindButtons(input.payload, input.channelId, input.buttonSigningSecret);
	const threadKey = input.threadKey?.trim();
	const post = async (replyTo?: string): Promise<PostedDiscordMessage> =>
		await client.createMessage(input.channelId, {
			...payload,
			...(replyTo ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } } : {}),
		});
	if (!threadKey || !input.store) {
		const posted = await post();
		return { channelId: input.channelId, messageId: posted.id, startedThread: false };
	}
	const claim = await claimThread({
		store: input.store,
		channel: discordStateChannel(input.channelId),
		threadKey,
		token: input.token,
		timing: input.timing,
	});
	if (claim.role === 'reply') {
		const posted = await post(claim.parent.ts);
		return { channelId: input.channelId, messageId: posted.id, replyTo: claim.parent.ts, startedThread: false };
	}
	const held = holdThreadClaim(input.store, claim, input.timing?.pendingMs);
	let posted: PostedDiscordMessage;
	try {
		posted = await post();
	} catch (error: unknown) {
		await held.stop();
		await releaseThreadClaim(input.store, claim);
		throw error;
	}
	await held.stop();
	await recordThreadParent(input.store, claim, { ts: posted.id });
	return { channelId: input.channelId, messageId: posted.id, startedThread: true };
}

export interface DiscordBurstSummaryInput {
	channelId: string;
	burstKey: string;
	threshold: number;
	label: BurstLabel;
	windowMinutes: number;
	store: StateStore;
	token: string;
}

/**
 * Brings a collapsed burst's one summary message ("+37 more payment failures …") up to the window's count: posts it
 * when the window has none, else edits it (src/core/state/burstSummary.ts keeps it exact across executions). The
 * summary pings nobody: the alerts before the burst collapsed did.
 */
export async function postOrUpdateBurstSummary(
	client: DiscordClient,
	input: DiscordBurstSummaryInput,
): Promise<BurstSummarySyncResult & { channelId: string }> {
	const result = await syncBurstSummary({
		store: input.store,
		burstKey: input.burstKey,
		channel: discordStateChannel(input.channelId),
		threshold: input.threshold,
		token: input.token,
		write: async (count, existing) => {
			const payload: DiscordMessagePayload = {
				content: burstSummaryText(count, input.label, input.windowMinutes),
				embeds: [],
				components: [],
				allowed_mentions: { parse: [] },
			};
			if (existing) {
				try {
					await client.editMessage(input.channelId, existing.ts, payload);
					return existing.ts;
				} catch (error: unknown) {
					// Someone deleted the summary in Discord: post a new one, or every later alert of the window would fail.
					if (!(error instanceof DiscordApiError && error.code === 10008)) throw error;
				}
			}
			return (await client.createMessage(input.channelId, payload)).id;
		},
	});
	return { ...result, channelId: input.channelId };
}
