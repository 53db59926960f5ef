import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { acceptDispute } from '../../../../src/stripe/actions';
import { idempotencyKeyFor, idempotencyOptionsProperty, stripeClient, wasReplayed } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { disputeDetail, disputeId, disputeIdProperty } from './evidence';

export const option = {
	name: 'Accept',
	value: 'accept',
	action: 'Accept a dispute',
	description: 'Give up the dispute: the customer keeps the money; this cannot be undone',
};

export const meta: OperationMeta = { action: 'dispute.accept', report: 'message', mutating: true };

export const description = forOperation('dispute', option.value, [disputeIdProperty, idempotencyOptionsProperty]);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const id = disputeId(operation);
	const idempotencyKey = idempotencyKeyFor(operation, meta.action, id);
	const dispute = await acceptDispute(await stripeClient(operation), id, { idempotencyKey });
	return {
		result: dispute as unknown as IDataObject,
		detail: disputeDetail(dispute as unknown as IDataObject),
		replayed: wasReplayed(dispute),
	};
}
