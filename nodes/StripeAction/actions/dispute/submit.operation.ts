import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { updateDisputeEvidence } from '../../../../src/stripe/actions';
import { idempotencyKeyFor, idempotencyOptionsProperty, stripeClient, wasReplayed } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { disputeId, disputeIdProperty } from './evidence';

export const option = {
	name: 'Submit',
	value: 'submit',
	action: 'Submit dispute evidence',
	description: 'Send the saved evidence to the bank now; it cannot be changed afterwards',
};

export const meta: OperationMeta = { action: 'dispute.submit', report: 'message', mutating: true };

export const description = forOperation('dispute', option.value, [disputeIdProperty, idempotencyOptionsProperty]);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const id = disputeId(operation);
	const idempotencyKey = idempotencyKeyFor(operation, meta.action, id);
	const dispute = await updateDisputeEvidence(await stripeClient(operation), id, {}, true, { idempotencyKey });
	return {
		result: dispute as unknown as IDataObject,
		detail: 'submitted to the bank',
		replayed: wasReplayed(dispute),
	};
}
