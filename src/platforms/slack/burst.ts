import type { WebClient } from '@slack/web-api';

import { burstSummaryText } from '../../core/burst';
import type { BurstLabel } from '../../core/burst';
import { syncBurstSummary } from '../../core/state/burstSummary';
import type { BurstSummarySyncResult } from '../../core/state/burstSummary';
import type { StateStore } from '../../core/state/stateStore';
import { describeSlackError } from './errors';
import type { SlackMessageContent } from './messages';
import { postMessage, updateMessage } from './operations';
import type { SlackMessageMetadata } from './operations';

/**
 * A collapsed burst ("+37 more payment failures in the last 5 minutes") is one Slack message per kind, window and
 * channel, kept in step with the window's exact count by src/core/state/burstSummary.ts: its `ts` and the count
 * it shows live in the state store, so no execution searches the channel for it. The message carries metadata
 * `{event_type: 'stripe_chat_channel_burst', event_payload: {burst_key, count, window_start}}` for audits.
 * @see https://docs.slack.dev/messaging/message-metadata
 */
export const BURST_METADATA_EVENT_TYPE = 'stripe_chat_channel_burst';

export interface BurstSummaryInput {
	/** Channel ID. */
	channel: string;
	/** The window's count key (Payment Alert's `burst.burstKey`). */
	burstKey: string;
	/** Alerts of the window that posted on their own before collapsing started. */
	threshold: number;
	label: BurstLabel;
	windowMinutes: number;
	/** ISO time the burst window started. */
	windowStart: string;
	store: StateStore;
	/** Unique per execution. */
	token: string;
}

export type BurstSummaryResult = BurstSummarySyncResult & { channel: string };

/** The summary as shown: the text in one plain-text section (no mention: the posts before the burst notified). */
export function burstSummaryContent(count: number, label: BurstLabel, windowMinutes: number): SlackMessageContent {
	const text = burstSummaryText(count, label, windowMinutes);
	return { text, blocks: [{ type: 'section', text: { type: 'plain_text', text, emoji: true } }] };
}

/**
 * Brings the window's summary message up to the window's count: posts it when the window has none yet, else edits
 * it; only ever upward.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 * @see https://docs.slack.dev/reference/methods/chat.update
 */
export async function postOrUpdateBurstSummary(
	client: WebClient,
	input: BurstSummaryInput,
): Promise<BurstSummaryResult> {
	const result = await syncBurstSummary({
		store: input.store,
		burstKey: input.burstKey,
		channel: input.channel,
		threshold: input.threshold,
		token: input.token,
		write: async (count, existing) => {
			const content = burstSummaryContent(count, input.label, input.windowMinutes);
			const metadata: SlackMessageMetadata = {
				event_type: BURST_METADATA_EVENT_TYPE,
				event_payload: { burst_key: input.burstKey, count, window_start: input.windowStart },
			};
			if (existing) {
				try {
					await updateMessage(client, { channel: input.channel, ts: existing.ts, content, metadata });
					return existing.ts;
				} catch (error: unknown) {
					// Someone deleted the summary in Slack: post a new one, or every later alert of the window would fail.
					if (describeSlackError(error).code !== 'message_not_found') throw error;
				}
			}
			return (await postMessage(client, { channel: input.channel, content, metadata })).ts;
		},
	});
	return { ...result, channel: input.channel };
}
