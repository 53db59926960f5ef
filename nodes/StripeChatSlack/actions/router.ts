import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { eventClaimOf, finishEvents } from '../../shared/eventClaims';
import type { EventClaimFields } from '../../shared/eventClaims';
import { createRunState, getStore, toNodeError } from './common';
import type { Operation, RunState } from './common';
import * as post from './message/post.operation';
import * as postEphemeral from './message/postEphemeral.operation';
import * as postInThread from './message/postInThread.operation';
import * as respond from './message/respond.operation';
import * as update from './message/update.operation';
import { withoutUndefined } from '../../../src/core/records';
import { errorItem } from '../../shared/errorItem';

type OperationExecute = (this: IExecuteFunctions, itemIndex: number, state: RunState) => Promise<IDataObject>;

const OPERATIONS: Record<Operation, OperationExecute> = {
	post: post.execute,
	postInThread: postInThread.execute,
	update: update.execute,
	postEphemeral: postEphemeral.execute,
	respond: respond.execute,
};

/** A claim made in one store cannot be completed in another: both nodes must name the same State Store. */
function checkSameStore(ctx: IExecuteFunctions, claims: EventClaimFields[], itemIndex: number): void {
	const chosen = ctx.getNodeParameter('stateStore', itemIndex, 'embedded') as string;
	const other = claims.find((claim) => claim.store !== chosen);
	if (!other) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Payment Alert keeps its state in ${other.store === 'redis' ? 'Redis' : 'the built-in database file'}, this node in ${chosen === 'redis' ? 'Redis' : 'the built-in database file'}`,
		{
			itemIndex,
			description: 'Set "State Store" (and its Redis credential) the same in Payment Alert and in this node.',
		},
	);
}

/**
 * Runs the chosen operation for every item in order and keeps `pairedItem` on every output. A failing item stops
 * the node, or with "Continue On Fail" becomes the error item (nodes/shared/errorItem.ts) for that item while the others carry on.
 * Payment Alert claims each event before this node posts it (nodes/shared/eventClaims.ts). An item posted (or
 * counted in its burst summary) here completes its claim; one that fails (after the client's retries) releases
 * it, and so does every item a stopped node never reached: the workflow then answers Stripe with an error, and
 * Stripe's redelivery posts the alert instead of being suppressed as a repeat.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as Operation;
	const execute = OPERATIONS[operation];
	const state = createRunState(this);
	const output: INodeExecutionData[] = [];
	const claimsOf = (from: number, to: number) => items.slice(from, to).flatMap((item) => eventClaimOf(item.json) ?? []);
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
