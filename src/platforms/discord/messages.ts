import { bindCompactActionValue } from '../../core/compactActionValue';
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

/** Why buttons were left out of a message, for the node's output and log. */
export const NO_SIGNING_SECRET_REASON =
	'the Stripe Chat Discord credential has no Button Signing Secret, so the alert carries link buttons only';
export const UNBINDABLE_BUTTON_REASON =
	"a button value did not verify with the credential's Button Signing Secret (is it the one Payment Alert signs with?)";

export interface BoundButtons {
	payload: DiscordMessagePayload;
	/** Action buttons left out because they could not be bound to the channel; 0 when none. */
	dropped: number;
	droppedBecause?: string;
}

/**
 * The payload with every action button bound to `channelId`. The Stripe Chat Discord Trigger takes bound (`cb.`)
 * values only, so an action button that cannot be bound — every one without a button signing secret — is left out
 * rather than posted to fail when clicked; link buttons stay, and a row left empty goes (Discord refuses one).
 */
export function bindButtons(
	payload: DiscordMessagePayload,
	channelId: string,
	secret: string | undefined,
): BoundButtons {
	let dropped = 0;
	const components: DiscordActionRow[] = payload.components
		.map((row) => ({
			...row,
			components: row.components.flatMap((button) => {
				if (!button.custom_id) return [button];
				const bound = secret ? bindCompactActionValue(button.custom_id, secret, channelId) : undefined;
				if (bound) return [{ ...button, custom_id: bound }];
				dropped++;
				return [];
			}),
		}))
		.filter((row) => row.components.length > 0);
	const droppedBecause = dropped === 0 ? undefined : secret ? UNBINDABLE_BUTTON_REASON : NO_SIGNING_SECRET_REASON;
	return { payload: { ...payload, components }, dropped, ...(droppedBecause ? { droppedBecause } : {}) };
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
	/** Action buttons left out because they could not be bound to the channel (see bindButtons), and why. */
	droppedButtons?: { count: number; reason: string };
}

/**
 * Posts an alert: as the first message of its object, or as a reply to that first message.
 * @throws ThreadBusyError when another execution is still posting the object's first message after the wait.
 */
export async function postAlert(client: DiscordClient, input: PostAlertInput): Promise<PostAlertResult> {
	const bound = bindButtons(input.payload, input.channelId, input.buttonSigningSecret);
	const payload = bound.payload;
	const droppedButtons = bound.droppedBecause ? { count: bound.dropped, reason: bound.droppedBecause } : undefined;
	const result = (fields: Omit<PostAlertResult, 'channelId' | 'droppedButtons'>): PostAlertResult => ({
		channelId: input.channelId,
		...fields,
		...(droppedButtons ? { droppedButtons } : {}),
	});
	const threadKey = input.threadKey?.trim();
	const post = async (replyTo?: string): Promise<PostedDiscordMessage> =>
		await client.createMessage(input.channelId, {
			...payload,
			...(replyTo ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } } : {}),
		});
	if (!threadKey || !input.store) {
		const posted = await post();
		return result({ messageId: posted.id, startedThread: false });
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
		return result({ messageId: posted.id, replyTo: claim.parent.ts, startedThread: false });
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
	return result({ messageId: posted.id, startedThread: true });
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
