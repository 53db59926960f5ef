import type { WebClient } from '@slack/web-api';

import { resolveChannelId } from './channels';
import { describeSlackError } from './errors';
import type { SlackMessageContent } from './messages';
import { postMessage, updateMessage } from './operations';
import type { SlackMessageMetadata } from './operations';

/**
 * Threads live in Slack itself, not in n8n's memory: the first message about an object (the "parent") carries
 * Slack message metadata `{event_type: 'stripe_chat_channel', event_payload: {thread_key, …}}`, and later events
 * find it again with `conversations.history` + `include_all_metadata`. This survives restarts, works on every
 * queue-mode worker and needs no database. Scopes: `channels:history` (public) / `groups:history` (private).
 * @see https://docs.slack.dev/messaging/message-metadata
 */
export const THREAD_METADATA_EVENT_TYPE = 'stripe_chat_channel';

/** Parents older than this are not looked for; a later event then starts a new thread. */
export const DEFAULT_LOOKBACK_DAYS = 30;
export const MAX_LOOKBACK_DAYS = 90;
/** Pages of `conversations.history` (200 messages each) searched per look-up: at most 1,000 messages by default. */
export const DEFAULT_LOOKBACK_PAGES = 5;
export const MAX_LOOKBACK_PAGES = 20;
const HISTORY_PAGE_SIZE = 200;

export interface ThreadParent {
	ts: string;
	/** Unix seconds of the event the parent shows now; decides whether a later event may replace it. */
	occurredAt?: number;
}

/** Per-execution memory of parents already found or posted (keyed by channel and thread key). Never shared between executions. */
export type ThreadParentCache = Map<string, ThreadParent>;

export interface FindThreadParentInput {
	/** Channel ID (not a name). */
	channel: string;
	threadKey: string;
	lookbackDays?: number;
	lookbackPages?: number;
	/** Injected clock, ms since epoch. */
	now?: () => number;
}

interface HistoryMessage {
	ts?: string;
	thread_ts?: string;
	metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

interface HistoryResult {
	messages?: HistoryMessage[];
	has_more?: boolean;
	response_metadata?: { next_cursor?: string };
}

function clamp(value: number | undefined, fallback: number, max: number): number {
	if (value === undefined || !Number.isFinite(value)) return fallback;
	return Math.min(Math.max(Math.floor(value), 1), max);
}

function toUnixSeconds(iso: string | undefined): number | undefined {
	if (!iso) return undefined;
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Finds the newest top-level message in `channel` that this package posted for `threadKey`, looking back at most
 * `lookbackDays` days and `lookbackPages` pages of 200 messages (both bounded, so a busy channel costs a known
 * number of calls).
 * @see https://docs.slack.dev/reference/methods/conversations.history
 */
export async function findThreadParent(
	client: WebClient,
	input: FindThreadParentInput,
): Promise<ThreadParent | undefined> {
	const now = input.now ?? Date.now;
	const days = clamp(input.lookbackDays, DEFAULT_LOOKBACK_DAYS, MAX_LOOKBACK_DAYS);
	const pages = clamp(input.lookbackPages, DEFAULT_LOOKBACK_PAGES, MAX_LOOKBACK_PAGES);
	const oldest = Math.floor(now() / 1000) - days * 86_400;
	let cursor: string | undefined;
	for (let page = 0; page < pages; page++) {
		const result = (await client.apiCall('conversations.history', {
			channel: input.channel,
			include_all_metadata: true,
			oldest: String(oldest),
			limit: HISTORY_PAGE_SIZE,
			cursor,
		})) as HistoryResult;
		for (const message of result.messages ?? []) {
			const isTopLevel = !message.thread_ts || message.thread_ts === message.ts;
			const payload = message.metadata?.event_payload;
			if (
				message.ts &&
				isTopLevel &&
				message.metadata?.event_type === THREAD_METADATA_EVENT_TYPE &&
				payload?.thread_key === input.threadKey
			) {
				const occurredAt = typeof payload.occurred_at === 'number' ? payload.occurred_at : undefined;
				return { ts: message.ts, occurredAt };
			}
		}
		cursor = result.response_metadata?.next_cursor || undefined;
		if (!cursor || result.has_more === false) break;
	}
	return undefined;
}

export interface PostInThreadInput {
	/** Channel ID or name. */
	channel: string;
	/** Groups an object's life, e.g. `dispute:du_123` (ChatMessage.threadKey). */
	threadKey: string;
	content: SlackMessageContent;
	/** ISO time of the event; an older event than the parent shows is threaded but does not replace the parent. */
	occurredAt?: string;
	eventId?: string;
	severity?: string;
	lookbackDays?: number;
	lookbackPages?: number;
	now?: () => number;
	parentCache?: ThreadParentCache;
	channelCache?: Map<string, string>;
}

export interface PostInThreadResult {
	channel: string;
	/** `ts` of the message posted now (the parent itself when a thread was started). */
	ts: string;
	/** Parent `ts` when this was posted as a reply. */
	threadTs?: string;
	/** True when this message started the thread. */
	startedThread: boolean;
	/** True when the parent was edited to show this (latest) event. */
	parentUpdated: boolean;
	/** Why the parent was left as it was, when a reply was posted but the parent not updated. */
	parentNotUpdatedReason?: string;
}

function threadMetadata(input: PostInThreadInput, occurredAt: number | undefined): SlackMessageMetadata {
	const payload: Record<string, string | number> = { thread_key: input.threadKey };
	if (input.eventId) payload.event_id = input.eventId;
	if (input.severity) payload.severity = input.severity;
	if (occurredAt !== undefined) payload.occurred_at = occurredAt;
	return { event_type: THREAD_METADATA_EVENT_TYPE, event_payload: payload };
}

/**
 * Posts a message into the thread of its object: finds the parent for `threadKey` (see findThreadParent), replies
 * in its thread and edits the parent to show the latest status. Stripe does not deliver events in order, so the
 * parent is only edited when this event is not older than the one it shows. Without a parent, this message
 * becomes the parent of a new thread.
 * A failed parent edit does not fail the call (the reply is posted; failing would make a re-run post it twice):
 * it is reported in `parentNotUpdatedReason`.
 * @see https://docs.slack.dev/messaging/#threading
 * @see https://docs.slack.dev/reference/methods/chat.update
 */
export async function postInThread(client: WebClient, input: PostInThreadInput): Promise<PostInThreadResult> {
	const threadKey = input.threadKey.trim();
	if (!threadKey) {
		const posted = await postMessage(client, {
			channel: input.channel,
			content: input.content,
			channelCache: input.channelCache,
		});
		return { ...posted, startedThread: false, parentUpdated: false, parentNotUpdatedReason: 'no thread key' };
	}
	const channel = await resolveChannelId(client, input.channel, input.channelCache);
	const cacheKey = `${channel}\u0000${threadKey}`;
	const occurredAt = toUnixSeconds(input.occurredAt);
	const metadata = threadMetadata({ ...input, threadKey }, occurredAt);
	const parent =
		input.parentCache?.get(cacheKey) ??
		(await findThreadParent(client, {
			channel,
			threadKey,
			lookbackDays: input.lookbackDays,
			lookbackPages: input.lookbackPages,
			now: input.now,
		}));

	if (!parent) {
		const posted = await postMessage(client, { channel, content: input.content, metadata });
		input.parentCache?.set(cacheKey, { ts: posted.ts, occurredAt });
		return { ...posted, startedThread: true, parentUpdated: false };
	}

	const reply = await postMessage(client, { channel, content: input.content, threadTs: parent.ts });
	const isNotOlder = occurredAt === undefined || parent.occurredAt === undefined || occurredAt >= parent.occurredAt;
	if (!isNotOlder) {
		input.parentCache?.set(cacheKey, parent);
		return {
			...reply,
			threadTs: parent.ts,
			startedThread: false,
			parentUpdated: false,
			parentNotUpdatedReason: 'the thread already shows a newer event',
		};
	}
	try {
		await updateMessage(client, { channel, ts: parent.ts, content: input.content, metadata });
		input.parentCache?.set(cacheKey, { ts: parent.ts, occurredAt: occurredAt ?? parent.occurredAt });
		return { ...reply, threadTs: parent.ts, startedThread: false, parentUpdated: true };
	} catch (error: unknown) {
		input.parentCache?.set(cacheKey, parent);
		const described = describeSlackError(error, { channel });
		return {
			...reply,
			threadTs: parent.ts,
			startedThread: false,
			parentUpdated: false,
			parentNotUpdatedReason: `${described.message} ${described.hint}`,
		};
	}
}
