import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { eventDedupKeyOf, releaseEvents } from '../../PaymentAlert/dedup';
import { createRunState, toNodeError } from './common';
import type { Operation, RunState } from './common';
import * as post from './post.operation';
import * as postEphemeral from './postEphemeral.operation';
import * as postInThread from './postInThread.operation';
import * as respond from './respond.operation';
import * as update from './update.operation';

type OperationExecute = (ctx: IExecuteFunctions, itemIndex: number, state: RunState) => Promise<IDataObject>;

const OPERATIONS: Record<Operation, OperationExecute> = {
	post: post.execute,
	postInThread: postInThread.execute,
	update: update.execute,
	postEphemeral: postEphemeral.execute,
	respond: respond.execute,
};

function withoutUndefined(json: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(json).filter(([, value]) => value !== undefined));
}

/**
 * Runs the chosen operation for every item in order (so a thread started by one item is found by the next) and
 * keeps `pairedItem` on every output. A failing item stops the node, or with "Continue On Fail" becomes
 * `{error, hint}` for that item while the others carry on.
 * Payment Alert counts an event as handled before this node posts it. An item that fails here (after the
 * client's retries) has its event taken back out of that history, and so has every item a stopped node never
 * reached: when the workflow answers Stripe with an error, Stripe's redelivery then posts the alert instead of
 * being suppressed as a repeat.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as Operation;
	const execute = OPERATIONS[operation];
	const state = createRunState();
	const output: INodeExecutionData[] = [];
	const eventKeys = (from: number, to: number) =>
		items.slice(from, to).flatMap((item) => eventDedupKeyOf(item.json) ?? []);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const json = await execute(this, itemIndex, state);
			output.push({ json: withoutUndefined(json), pairedItem: { item: itemIndex } });
		} catch (error: unknown) {
			if (!this.continueOnFail()) {
				await releaseEvents(this, eventKeys(itemIndex, items.length), 'the alerts were not posted');
				throw toNodeError(this.getNode(), error, itemIndex);
			}
			await releaseEvents(this, eventKeys(itemIndex, itemIndex + 1), 'the alert was not posted');
			const described = error as Error & { description?: string | null };
			output.push({
				json: { ok: false, posted: false, error: described.message, hint: described.description ?? undefined },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [output];
}
