import { isRecord } from '../records';
import { DEFAULT_EVENT_CLAIM_TIMING } from './eventClaims';
import type { StateStore } from './stateStore';

/**
 * Which posting node has posted the alert of a claimed event, and what it answered. One alert may go to several
 * posting nodes (two Slack channels, a Teams channel beside them): when one fails after another posted, the event's
 * claim is given back (eventClaims.ts) and Stripe's redelivery runs every node again; a node that finds its own
 * record answers with it instead of posting again. This works on every platform, with no search of the chat's
 * history; what it cannot cover is a crash between the post and the record, which the posting note
 * (postingIntent.ts) covers on the platforms that can search their history.
 */

/** `poster`: the posting node's id. */
export function postedAlertKey(eventClaimKey: string, poster: string): string {
	return `posted:${poster}:${eventClaimKey}`;
}

/** Records that `poster` posted the event's alert, with its output, for as long as the event's claim is kept. */
export async function recordPostedAlert(
	store: StateStore,
	eventClaimKey: string,
	poster: string,
	output: Record<string, unknown>,
	keepMs = DEFAULT_EVENT_CLAIM_TIMING.keepMs,
): Promise<void> {
	await store.put(postedAlertKey(eventClaimKey, poster), JSON.stringify(output), keepMs);
}

/** The output `poster` recorded when it posted the event's alert, or undefined when it has not posted it. */
export async function postedAlertOutput(
	store: StateStore,
	eventClaimKey: string,
	poster: string,
): Promise<Record<string, unknown> | undefined> {
	const recorded = await store.get(postedAlertKey(eventClaimKey, poster));
	if (recorded === undefined) return undefined;
	try {
		const output: unknown = JSON.parse(recorded);
		return isRecord(output) ? output : {};
	} catch {
		// Unreadable (written by something else): it was posted all the same.
		return {};
	}
}
