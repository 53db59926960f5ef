import type { WebClient } from '@slack/web-api';

import { resolveChannelId } from './channels';
import { SlackOperationError } from './errors';
import type { SlackBlock, SlackMessageContent } from './messages';
import { postMessage, updateMessage } from './operations';
import type { SlackMessageMetadata } from './operations';

/**
 * A collapsed burst ("+37 more payment failures in the last 5 minutes") is one Slack message per kind and window.
 * Like thread parents (threading.ts), it is found again through Slack message metadata, not through n8n's memory:
 * `{event_type: 'stripe_chat_channel_burst', event_payload: {burst_key, count, window_start}}`, searched with
 * `conversations.history` + `include_all_metadata` from the window's start. So it survives restarts and works on
 * every queue-mode worker. Scopes: `channels:history` (public) / `groups:history` (private).
 *
 * Known limits (Slack has no compare-and-set, and Stripe delivers events in no particular order):
 * - Two executions racing on an absent summary may both post one. Later updates go to the one with the highest
 *   count (ties: the oldest), so that one keeps growing and the other stays behind with a lower count.
 * - Two executions racing on an update may write in the wrong order and leave a lower count showing. The next
 *   collapsed alert of the window reads that count, sees its own is higher and corrects it.
 * - Only `MAX_SUMMARY_LOOKUP_PAGES` pages of history are searched: in a channel busier than that within one window
 *   the summary is not found and a second one is posted.
 * @see https://docs.slack.dev/messaging/message-metadata
 */
export const BURST_METADATA_EVENT_TYPE = 'stripe_chat_channel_burst';

/** Pages of `conversations.history` (200 messages each) searched for the window's summary. */
export const MAX_SUMMARY_LOOKUP_PAGES = 5;
const HISTORY_PAGE_SIZE = 200;

export interface BurstSummaryInput {
	/** Channel ID or name. */
	channel: string;
	/** Identifies the window's summary, e.g. `burst:C0PAYMENTS|invoice.payment_failed:1767225600000`. */
	burstKey: string;
	/** Alerts of this window counted in the summary so far (Payment Alert's `burst.collapsedCount`). */
	collapsedCount: number;
	/** The summary line, e.g. `+37 more payment failures in the last 5 minutes`; also the notification text. */
	summaryText: string;
	/** Block Kit blocks to show; default one plain-text section with `summaryText`. */
	blocks?: SlackBlock[];
	/** ISO time the burst window started: the summary is looked for only in messages posted since. */
	windowStart: string;
	lookupPages?: number;
	channelCache?: Map<string, string>;
}

export type BurstSummaryAction = 'posted' | 'updated' | 'unchanged';

export interface BurstSummaryResult {
	/** Channel ID. */
	channel: string;
	/** `ts` of the window's summary message. */
	summaryTs: string;
	/** The count the summary shows now (ours, or a higher one another execution wrote). */
	count: number;
	action: BurstSummaryAction;
}

interface FoundSummary {
	ts: string;
	count: number;
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

function countOf(payload: Record<string, unknown>): number {
	const count = Number(payload.count);
	return Number.isFinite(count) ? count : 0;
}

/**
 * Finds the window's summary message: among top-level messages since `windowStart` whose metadata names
 * `burstKey`, the one showing the highest count (ties: the oldest), so that after a race every execution keeps
 * updating the same one.
 * @see https://docs.slack.dev/reference/methods/conversations.history
 */
export async function findBurstSummary(
	client: WebClient,
	input: { channel: string; burstKey: string; windowStart: string; lookupPages?: number },
): Promise<FoundSummary | undefined> {
	const windowStartMs = Date.parse(input.windowStart);
	if (Number.isNaN(windowStartMs)) {
		throw new SlackOperationError('invalid_arguments', `The burst window start "${input.windowStart}" is not a time.`);
	}
	const pages = Math.min(
		Math.max(Math.floor(input.lookupPages ?? MAX_SUMMARY_LOOKUP_PAGES), 1),
		MAX_SUMMARY_LOOKUP_PAGES,
	);
	let best: FoundSummary | undefined;
	let cursor: string | undefined;
	for (let page = 0; page < pages; page++) {
		const result = (await client.apiCall('conversations.history', {
			channel: input.channel,
			include_all_metadata: true,
			// Slack's `oldest` is exclusive; a summary posted in the window's first microsecond is still found.
			oldest: ((windowStartMs - 1) / 1000).toFixed(6),
			limit: HISTORY_PAGE_SIZE,
			cursor,
		})) as HistoryResult;
		// History comes newest first, so a later match with an equal count is older and wins the tie.
		for (const message of result.messages ?? []) {
			const payload = message.metadata?.event_payload;
			const isTopLevel = !message.thread_ts || message.thread_ts === message.ts;
			if (
				message.ts &&
				isTopLevel &&
				payload &&
				message.metadata?.event_type === BURST_METADATA_EVENT_TYPE &&
				payload.burst_key === input.burstKey &&
				(!best || countOf(payload) >= best.count)
			) {
				best = { ts: message.ts, count: countOf(payload) };
			}
		}
		cursor = result.response_metadata?.next_cursor || undefined;
		if (!cursor || result.has_more === false) break;
	}
	return best;
}

function summaryMetadata(input: BurstSummaryInput): SlackMessageMetadata {
	return {
		event_type: BURST_METADATA_EVENT_TYPE,
		event_payload: { burst_key: input.burstKey, count: input.collapsedCount, window_start: input.windowStart },
	};
}

function summaryContent(input: BurstSummaryInput): SlackMessageContent {
	const blocks = input.blocks?.length
		? input.blocks
		: [{ type: 'section', text: { type: 'plain_text', text: input.summaryText, emoji: true } }];
	return { text: input.summaryText, blocks };
}

/**
 * Shows a collapsed alert in its window's summary message: posts the summary when the window has none yet, else
 * edits it, but only when `collapsedCount` is higher than the count it shows (executions finish in any order, and
 * a late one must not turn "+40 more" back into "+37 more"). See the file comment for what racing executions can do.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 * @see https://docs.slack.dev/reference/methods/chat.update
 */
export async function postOrUpdateBurstSummary(
	client: WebClient,
	input: BurstSummaryInput,
): Promise<BurstSummaryResult> {
	if (!input.burstKey.trim()) {
		throw new SlackOperationError('invalid_arguments', 'The collapsed alert has no burst key.');
	}
	const channel = await resolveChannelId(client, input.channel, input.channelCache);
	const found = await findBurstSummary(client, {
		channel,
		burstKey: input.burstKey,
		windowStart: input.windowStart,
		lookupPages: input.lookupPages,
	});
	const content = summaryContent(input);
	const metadata = summaryMetadata(input);
	if (!found) {
		const posted = await postMessage(client, { channel, content, metadata });
		return { channel: posted.channel, summaryTs: posted.ts, count: input.collapsedCount, action: 'posted' };
	}
	if (found.count >= input.collapsedCount) {
		return { channel, summaryTs: found.ts, count: found.count, action: 'unchanged' };
	}
	await updateMessage(client, { channel, ts: found.ts, content, metadata });
	return { channel, summaryTs: found.ts, count: input.collapsedCount, action: 'updated' };
}
