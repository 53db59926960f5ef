import type { WebClient } from '@slack/web-api';

import { THREAD_METADATA_EVENT_TYPE } from './threading';

/** An alert found in the channel: its `ts`, and its thread's parent when it is a reply. */
export interface EarlierPost {
	ts: string;
	threadTs?: string;
}

export interface FindEarlierPostInput {
	/** Channel ID. */
	channel: string;
	eventId: string;
	/** When the earlier attempt was about to post (ms since the epoch). */
	since: number;
	/** The object's thread, when one is known: the alert may be a reply in it. */
	threadTs?: string;
}

interface HistoryPage {
	messages?: Array<{
		ts?: string;
		thread_ts?: string;
		metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
		bot_id?: string;
		user?: string;
	}>;
	has_more?: boolean;
	response_metadata?: { next_cursor?: string };
}

/** Clocks of n8n's workers and Slack's differ a little: look back a minute further than the note says. */
const CLOCK_MARGIN_SECONDS = 60;
/**
 * The earlier attempt posted right after its note, or after Slack's rate-limit waits, within Payment Alert's default
 * Processing Timeout: only messages up to then are looked at, however many came after.
 */
const LOOKAHEAD_SECONDS = 15 * 60;
/**
 * Ten pages of 200 cover those 16 minutes of a channel even at Slack's posting limit (about one message a second);
 * a crash that struck while others kept posting fast must not push the alert out of reach.
 */
const MAX_PAGES = 10;

/**
 * Looks in the channel (and in the object's thread) for the alert of an event that an earlier attempt was about to
 * post when it died (src/core/state/postingIntent.ts), by the event id in the message metadata every alert carries.
 * Only a message this bot posted counts (`auth.test` names it): another app can put the same metadata on a message
 * of its own, and taking that for the alert would lose the alert. Only the attempt after such a crash calls this:
 * never on the path of a normal alert.
 * @see https://docs.slack.dev/reference/methods/conversations.history
 * @see https://docs.slack.dev/reference/methods/conversations.replies
 */
export async function findEarlierPost(
	client: WebClient,
	input: FindEarlierPostInput,
): Promise<EarlierPost | undefined> {
	const me = (await client.auth.test()) as { bot_id?: string; user_id?: string };
	const postedByMe = (message: { bot_id?: string; user?: string }) =>
		(me.bot_id !== undefined && message.bot_id === me.bot_id) ||
		(me.user_id !== undefined && message.user === me.user_id);
	const sinceSeconds = Math.floor(input.since / 1000);
	const oldest = (sinceSeconds - CLOCK_MARGIN_SECONDS).toString();
	const latest = (sinceSeconds + CLOCK_MARGIN_SECONDS + LOOKAHEAD_SECONDS).toString();
	const lookups: Array<{ method: string; params: Record<string, unknown> }> = [
		{ method: 'conversations.history', params: { channel: input.channel, oldest, latest } },
	];
	if (input.threadTs) {
		lookups.push({ method: 'conversations.replies', params: { channel: input.channel, ts: input.threadTs, oldest } });
	}
	for (const { method, params } of lookups) {
		let cursor: string | undefined;
		for (let page = 0; page < MAX_PAGES; page++) {
			const result = (await client.apiCall(method, {
				...params,
				include_all_metadata: true,
				limit: 200,
				...(cursor ? { cursor } : {}),
			})) as HistoryPage;
			const found = result.messages?.find(
				(message) =>
					postedByMe(message) &&
					message.metadata?.event_type === THREAD_METADATA_EVENT_TYPE &&
					message.metadata.event_payload?.event_id === input.eventId,
			);
			if (found?.ts)
				return found.thread_ts && found.thread_ts !== found.ts
					? { ts: found.ts, threadTs: found.thread_ts }
					: { ts: found.ts };
			cursor = result.response_metadata?.next_cursor || undefined;
			if (!cursor) break;
		}
	}
	return undefined;
}
