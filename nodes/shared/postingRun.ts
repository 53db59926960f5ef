import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withoutUndefined } from '../../src/core/records';
import type { StateStore } from '../../src/core/state/stateStore';
import { errorItem } from './errorItem';
import { eventClaimOf, finishEvents } from './eventClaims';
import type { EventClaimFields } from './eventClaims';

/** What a posting node (Stripe Chat Slack, Discord, Telegram, Teams, Google Chat) hands the item loop. */
export interface PostingRun {
	/** Runs the chosen operation for one item. */
	execute(itemIndex: number): Promise<IDataObject>;
	/** The state store Payment Alert's claims are in, opened on first use. */
	store(): Promise<StateStore>;
	/** The n8n error a failure stops the node with (readable, no secret in it). */
	toError(error: unknown, itemIndex: number): Error;
	/** What the error item under Continue On Fail is made from; the stopping error when not given. */
	toErrorItem?(error: unknown, itemIndex: number): unknown;
	/** Whether the operation's items carry Payment Alert's event claims; a text of the node's own carries none. */
	completesClaims?: boolean;
}

const storeName = (store: string) => (store === 'redis' ? 'Redis' : 'the built-in database file');

/** A claim made in one store cannot be completed in another: both nodes must name the same State Store. */
function checkSameStore(ctx: IExecuteFunctions, claims: EventClaimFields[], itemIndex: number): void {
	const chosen = ctx.getNodeParameter('stateStore', itemIndex, 'embedded') as string;
	const other = claims.find((claim) => claim.store !== chosen);
	if (!other) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Payment Alert keeps its state in ${storeName(other.store)}, this node in ${storeName(chosen)}`,
		{
			itemIndex,
			description: 'Set "State Store" (and its Redis credential) the same in Payment Alert and in this node.',
		},
	);
}

/**
 * Runs a posting node's operation for every item in order and keeps `pairedItem` on every output. Payment Alert
 * claims each event before a posting node posts it (nodes/shared/eventClaims.ts): an item posted (or counted in its
 * burst summary, or suppressed) completes its claim; one that fails (after the client's retries) releases it, and so
 * does every item a stopped node never reached, so the workflow answers Stripe with an error and Stripe's
 * redelivery posts the alert instead of being suppressed as a repeat. Under Continue On Fail a failure becomes the
 * error item (nodes/shared/errorItem.ts) while the other items carry on.
 */
export async function runPostingItems(ctx: IExecuteFunctions, run: PostingRun): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	const claimsOf = (from: number, to: number) =>
		run.completesClaims === false ? [] : items.slice(from, to).flatMap((item) => eventClaimOf(item.json) ?? []);
	const finish = async (claims: EventClaimFields[], outcome: 'complete' | 'release', reason: string) => {
		if (claims.length > 0) await finishEvents(ctx, await run.store(), claims, outcome, reason);
	};
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			checkSameStore(ctx, claimsOf(itemIndex, itemIndex + 1), itemIndex);
			const json = await run.execute(itemIndex);
			await finish(claimsOf(itemIndex, itemIndex + 1), 'complete', 'the alert was posted');
			output.push({ json: withoutUndefined(json), pairedItem: { item: itemIndex } });
		} catch (error: unknown) {
			if (!ctx.continueOnFail()) {
				await finish(claimsOf(itemIndex, items.length), 'release', 'the alerts were not posted');
				throw run.toError(error, itemIndex);
			}
			await finish(claimsOf(itemIndex, itemIndex + 1), 'release', 'the alert was not posted');
			const failure = run.toErrorItem ? run.toErrorItem(error, itemIndex) : run.toError(error, itemIndex);
			output.push(errorItem(failure, itemIndex, { posted: false }));
		}
	}
	return [output];
}
