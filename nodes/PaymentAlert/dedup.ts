import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * Payment Alert remembers each Stripe event it handled in the workflow's de-duplication history (n8n's
 * `processed_data` table, scope `workflow`) under `stripe-event:<event id>`. The workflow scope, not the node's,
 * lets a later node in the same workflow take an event back out when its alert could not be posted (the Stripe
 * Chat Slack node calls `releaseEvents`), so Stripe's redelivery is processed instead of suppressed as a repeat.
 * The prefix keeps these keys apart from other nodes' workflow-wide entries.
 */
export const EVENT_DEDUP_SCOPE = 'workflow';

const EVENT_DEDUP_PREFIX = 'stripe-event:';

/** The history key of a Stripe event, e.g. `stripe-event:evt_1`. */
export function eventDedupKey(eventId: string): string {
	return `${EVENT_DEDUP_PREFIX}${eventId}`;
}

/** The fields Payment Alert puts on an output item whose event it recorded (not on repeats). */
export interface EventDedupFields {
	dedupKey: string;
	dedupScope: typeof EVENT_DEDUP_SCOPE;
}

/** The event history key an item carries, when it is one Payment Alert recorded; anything else is ignored. */
export function eventDedupKeyOf(json: IDataObject): string | undefined {
	const { dedupKey, dedupScope } = json;
	return dedupScope === EVENT_DEDUP_SCOPE && typeof dedupKey === 'string' && dedupKey.startsWith(EVENT_DEDUP_PREFIX)
		? dedupKey
		: undefined;
}

/**
 * Takes events whose alerts were not posted back out of the history, so that Stripe's redelivery (it retries a
 * delivery the workflow failed) is processed again instead of suppressed as a repeat. A failure to do so is logged,
 * not thrown: it must not hide the error that made the alert fail.
 */
export async function releaseEvents(context: IExecuteFunctions, keys: string[], reason: string): Promise<void> {
	if (keys.length === 0) return;
	const eventIds = keys.map((key) => key.slice(EVENT_DEDUP_PREFIX.length)).join(', ');
	try {
		await context.helpers.removeProcessed(keys, EVENT_DEDUP_SCOPE, { mode: 'entries' });
		context.logger.info(
			`${context.getNode().name}: ${reason}; forgot ${eventIds}, so a redelivery by Stripe is processed again`,
		);
	} catch (error: unknown) {
		const cause = error instanceof Error ? error.message : String(error);
		context.logger.warn(
			`${context.getNode().name}: ${reason}, and ${eventIds} could not be forgotten (${cause}); ` +
				'a redelivery by Stripe will be suppressed as a repeat',
		);
	}
}
