import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

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
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as Operation;
	const execute = OPERATIONS[operation];
	const state = createRunState();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const json = await execute(this, itemIndex, state);
			output.push({ json: withoutUndefined(json), pairedItem: { item: itemIndex } });
		} catch (error: unknown) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, itemIndex);
			const described = error as Error & { description?: string | null };
			output.push({
				json: { ok: false, posted: false, error: described.message, hint: described.description ?? undefined },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [output];
}
