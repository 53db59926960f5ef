import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { completesClaims, runPostingItems } from '../../shared/postingRun';
import { createRunState, getStore, toNodeError } from './common';
import type { Operation, RunState } from './common';
import * as post from './message/post.operation';
import * as sendText from './message/sendText.operation';

type OperationExecute = (this: IExecuteFunctions, itemIndex: number, state: RunState) => Promise<IDataObject>;

const OPERATIONS: Record<Operation, OperationExecute> = {
	post: post.execute,
	sendText: sendText.execute,
};

/**
 * Runs the chosen operation for every item (nodes/shared/postingRun.ts); only alerts carry claims. Operations turn
 * Telegram's answers into readable errors themselves (`callTelegram`), so the error item is made from the failure
 * as it is.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as Operation;
	const execute = OPERATIONS[operation];
	const state = createRunState(this);
	return await runPostingItems(this, {
		execute: async (itemIndex) => await execute.call(this, itemIndex, state),
		store: async () => await getStore(this, state, 0),
		toError: (error, itemIndex) => toNodeError(this.getNode(), error, itemIndex),
		toErrorItem: (error) => error,
		completesClaims: completesClaims('stripeChatTelegram', operation),
	});
}
