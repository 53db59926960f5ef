import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItem } from '../../shared/errorItem';
import { SEND_OPERATIONS } from './message';
import * as skipRepeated from './message/skipRepeated.operation';
import type { RunState } from './message/send';
import { toNodeError } from './message/send';

/**
 * Runs the chosen operation: Skip Repeated Messages on the whole batch; a send operation once per item, each paired
 * with its input. With Continue On Fail a failed item becomes the package's error item `{ok: false, error, hint}`.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	if (operation === skipRepeated.option.value) return [await skipRepeated.execute.call(this)];
	const send = SEND_OPERATIONS[operation];
	if (!send) throw new NodeOperationError(this.getNode(), `Unknown operation ${operation}`);
	const items = this.getInputData();
	const state: RunState = {};
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			output.push({ json: await send.execute.call(this, itemIndex, state), pairedItem: { item: itemIndex } });
		} catch (error: unknown) {
			const nodeError = toNodeError(this.getNode(), error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			output.push(errorItem(nodeError, itemIndex));
		}
	}
	return [output];
}
