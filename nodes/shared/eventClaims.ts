import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { completeEvent, releaseEvent } from '../../src/core/state/eventClaims';
import type { EventClaimFields } from '../../src/core/items/paymentAlert';
import type { StateStore } from '../../src/core/state/stateStore';

/**
 * Payment Alert claims each Stripe event in the state store before building its alert (src/core/state/eventClaims.ts).
 * The claim travels on the output item, so that the node that posts the alert (Stripe Chat Slack) completes it
 * once the alert is out, or releases it when posting failed: then the workflow answers Stripe with an error and
 * Stripe's redelivery is handled again instead of being suppressed as a repeat.
 */
export type { EventClaimFields };

/** The event claim an item carries, when it is one Payment Alert made; anything else is ignored. */
export function eventClaimOf(json: IDataObject): EventClaimFields | undefined {
	const claim = json.eventClaim as IDataObject | undefined;
	if (!claim || typeof claim !== 'object') return undefined;
	const { key, token, store } = claim;
	if (typeof key !== 'string' || !key.startsWith('event:') || typeof token !== 'string') return undefined;
	if (store !== 'embedded' && store !== 'redis') return undefined;
	return { key, token, store };
}

/**
 * The posting node, as the state store's per-node records name it (posting notes, posted alerts): its id, which
 * stays when the node is renamed; its name, unique in the workflow, for a node saved without an id.
 */
export const posterOf = (context: IExecuteFunctions): string => context.getNode().id || context.getNode().name;

const eventIdOf = (claim: EventClaimFields) => claim.key.slice(claim.key.lastIndexOf(':') + 1);

/**
 * Completes (the alerts went out or were deliberately suppressed) or releases (they did not) claimed events.
 * A failure to do so is logged, not thrown: it must not hide the outcome that led here. A claim left behind
 * expires after the processing timeout, and Stripe's next redelivery is then handled.
 */
export async function finishEvents(
	context: IExecuteFunctions,
	store: StateStore,
	claims: EventClaimFields[],
	outcome: 'complete' | 'release',
	reason: string,
): Promise<void> {
	if (claims.length === 0) return;
	const eventIds = claims.map(eventIdOf).join(', ');
	try {
		const takenOver: string[] = [];
		for (const claim of claims) {
			if (outcome === 'release') await releaseEvent(store, claim);
			else if (!(await completeEvent(store, claim))) takenOver.push(eventIdOf(claim));
		}
		if (takenOver.length > 0) {
			context.logger.warn(
				`${context.getNode().name}: ${reason}, but ${takenOver.join(', ')} had outlasted the processing timeout and ` +
					"another execution took it over, so its alert may be posted twice; raise Payment Alert's Processing Timeout",
			);
		}
		if (outcome === 'release') {
			context.logger.info(
				`${context.getNode().name}: ${reason}; released ${eventIds}, so Stripe's redelivery is handled again`,
			);
		}
	} catch (error: unknown) {
		const cause = error instanceof Error ? error.message : String(error);
		context.logger.warn(
			`${context.getNode().name}: ${reason}, and ${eventIds} could not be ${outcome === 'complete' ? 'marked handled' : 'released'} ` +
				`(${cause}); the claim expires after the processing timeout`,
		);
	}
}
