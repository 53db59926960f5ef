import type { StateStore } from './stateStore';

/**
 * Exactly-once alerts across a crash between Slack's answer and marking the event handled. An execution that dies
 * right after `chat.postMessage` succeeded (n8n killed, a worker lost) never completes its event claim; once the
 * claim's lease runs out, Stripe's redelivery would post the alert a second time. And Slack offers no idempotency
 * key. So the posting node notes its intent in the state store just before it posts: a later attempt that finds
 * an earlier intent knows the alert may already be in the channel, and looks for it there (by the event id every
 * alert carries in its message metadata) before posting. A note left by an attempt that failed without posting
 * costs that later attempt one look; a note of a Slack call that timed out after posting saves a double too.
 */
export interface PostingIntent {
	/** The channel the earlier attempt posted to (routing may have changed since). */
	channel: string;
	/** When the earlier attempt was about to post (ms since the epoch): nothing older needs a look. */
	since: number;
}

/** As long as an event claim is remembered (Stripe redelivers for up to three days). */
export const POSTING_INTENT_KEEP_MS = 7 * 24 * 3_600_000;

/**
 * Each posting node notes its own intent (`poster`: its node id): one alert may go to two nodes and channels, and
 * the second must not take the first one's post for its own.
 */
export function postingIntentKey(eventClaimKey: string, poster: string): string {
	return `posting:${poster}:${eventClaimKey}`;
}

function parseIntent(recorded: string): PostingIntent | undefined {
	try {
		const value = JSON.parse(recorded) as Partial<PostingIntent>;
		return typeof value.channel === 'string' && typeof value.since === 'number'
			? { channel: value.channel, since: value.since }
			: undefined;
	} catch {
		return undefined;
	}
}

/**
 * Notes that this attempt is about to post the alert of the event whose claim it holds.
 * @returns the intent of an earlier attempt, when there was one: the alert may be in its channel already. The
 * earliest note is kept, so that every later attempt looks far enough back.
 */
export async function notePostingIntent(
	store: StateStore,
	eventClaimKey: string,
	poster: string,
	intent: PostingIntent,
	keepMs = POSTING_INTENT_KEEP_MS,
): Promise<PostingIntent | undefined> {
	const earlier = await store.putIfAbsent(postingIntentKey(eventClaimKey, poster), JSON.stringify(intent), keepMs);
	if (earlier === undefined) return undefined;
	// Unreadable (written by something else): look from now on, in this channel.
	return parseIntent(earlier) ?? intent;
}
