import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withoutUndefined } from '../../../src/core/records';
import { errorItem } from '../../shared/errorItem';
import { eventClaimOf, finishEvents } from '../../shared/eventClaims';
import type { EventClaimFields } from '../../shared/eventClaims';
import { createRunState, getStore, toNodeError } from './common';
import type { Operation, RunState } from './common';
import * as post from './message/post.operation';
import * as sendText from './message/sendText.operation';

type OperationExecute = (this: IExecuteFunctions, itemIndex: number, state: RunState) => Promise<IDataObject>;

const OPERATIONS: Record<Operation, OperationExecute> = {
	post: post.execute,
	sendText: sendText.execute,
};

/** A claim made in one store cannot be completed in another: both nodes must name the same State Store. */
function checkSameStore(ctx: IExecuteFunctions, claims: EventClaimFields[], itemIndex: number): void {
	const chosen = ctx.getNodeParameter('stateStore', itemIndex, 'embedded') as string;
	if (!claims.some((claim) => claim.store !== chosen)) return;
	throw new NodeOperationError(ctx.getNode(), 'Payment Alert and this node keep their state in different stores', {
		itemIndex,
		description: 'Set "State Store" (and its Redis credential) the same in Payment Alert and in this node.',
	});
}

/**
 * Runs the chosen operation for every item in order and keeps `pairedItem` on every output, exactly as Stripe
 * Chat Slack's router does: an alert posted (or counted in its burst summary) completes the event claim Payment
 * Alert made; one that fails, and every item a stopped node never reached, releases it, so Stripe's redelivery
 * posts the alert instead of being suppressed as a repeat (nodes/shared/eventClaims.ts).
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as Operation;
	const execute = OPERATIONS[operation];
	const state = createRunState(this);
	const output: INodeExecutionData[] = [];
	const claimsOf = (from: number, to: number) =>
		operation === 'post' ? items.slice(from, to).flatMap((item) => eventClaimOf(item.json) ?? []) : [];
	const finish = async (claims: EventClaimFields[], outcome: 'complete' | 'release', reason: string) => {
		if (claims.length > 0) await finishEvents(this, await getStore(this, state, 0), claims, outcome, reason);
	};
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			checkSameStore(this, claimsOf(itemIndex, itemIndex + 1), itemIndex);
			const json = await execute.call(this, itemIndex, state);
			await finish(claimsOf(itemIndex, itemIndex + 1), 'complete', 'the alert was posted');
			output.push({ json: withoutUndefined(json), pairedItem: { item: itemIndex } });
		} catch (error: unknown) {
			if (!this.continueOnFail()) {
				await finish(claimsOf(itemIndex, items.length), 'release', 'the alerts were not posted');
				throw toNodeError(this.getNode(), error, itemIndex);
			}
			await finish(claimsOf(itemIndex, itemIndex + 1), 'release', 'the alert was not posted');
			output.push(errorItem(error, itemIndex, { posted: false }));
		}
	}
	return [output];
}
