import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runPostingItems } from '../../shared/postingRun';
import { createRunState, getStore, toNodeError } from './common';
import type { Operation, RunState } from './common';
import * as post from './message/post.operation';
import * as postEphemeral from './message/postEphemeral.operation';
import * as postInThread from './message/postInThread.operation';
import * as respond from './message/respond.operation';
import * as update from './message/update.operation';

type OperationExecute = (this: IExecuteFunctions, itemIndex: number, state: RunState) => Promise<IDataObject>;

const OPERATIONS: Record<Operation, OperationExecute> = {
	post: post.execute,
	postInThread: postInThread.execute,
	update: update.execute,
	postEphemeral: postEphemeral.execute,
	respond: respond.execute,
};

/**
 * Runs the chosen operation for every item (nodes/shared/postingRun.ts: claims completed when posted, released when
 * not). Operations turn Slack's answers into readable errors themselves (`callSlack`), so the error item is made
 * from the failure as it is.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const execute = OPERATIONS[this.getNodeParameter('operation', 0) as Operation];
	const state = createRunState(this);
	return await runPostingItems(this, {
		execute: async (itemIndex) => await execute.call(this, itemIndex, state),
		store: async () => await getStore(this, state, 0),
		toError: (error, itemIndex) => toNodeError(this.getNode(), error, itemIndex),
		toErrorItem: (error) => error,
	});
}
