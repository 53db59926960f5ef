import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getDispute } from '../../../../src/stripe/actions';
import { stripeClient } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { disputeDetail, disputeId, disputeIdProperty } from './evidence';

export const option = {
	name: 'Get',
	value: 'get',
	action: 'Get a dispute',
	description: 'Read a dispute with its reason, status and due date',
};

export const meta: OperationMeta = { action: 'dispute.get', report: 'none', mutating: false };

export const description = forOperation('dispute', option.value, [disputeIdProperty]);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const dispute = (await getDispute(await stripeClient(operation), disputeId(operation))) as unknown as IDataObject;
	return { result: dispute, detail: disputeDetail(dispute) };
}
