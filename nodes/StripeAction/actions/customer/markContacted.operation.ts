import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { markCustomerContacted } from '../../../../src/stripe/customerContact';
import {
	idempotencyKeyFor,
	idempotencyOptionsProperty,
	objectIdProperty,
	requireId,
	stringParameter,
	stripeClient,
	wasReplayed,
} from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';

export const option = {
	name: 'Mark Contacted',
	value: 'markContacted',
	action: 'Mark a customer as contacted',
	description:
		'Notes on the Stripe customer (metadata scc_contacted_*) when, by whom and through which alert; the next alert shows it',
};

/** Writes to Stripe: the click's Idempotency-Key and "already done" mark make a button write once. */
export const meta: OperationMeta = { action: 'customer.contacted', report: 'note', mutating: true };

export const description = forOperation('customer', option.value, [
	objectIdProperty({
		displayName: 'Customer ID',
		name: 'customerId',
		placeholder: 'cus_Pq…',
		description: 'The customer who was contacted',
	}),
	idempotencyOptionsProperty,
]);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const customerId = requireId(operation, 'customer', stringParameter(operation, 'customerId'), 'Customer ID');
	const idempotencyKey = idempotencyKeyFor(operation, meta.action, customerId);
	const { item } = operation;
	const customer = await markCustomerContacted(
		await stripeClient(operation),
		customerId,
		{
			// The click's time, not this run's: a retry with the same Idempotency-Key sends the same request.
			at: new Date(item.receivedAt ?? Date.now()),
			userId: item.user?.id ?? undefined,
			userName: item.user?.name ?? undefined,
			eventId: item.target?.eventId,
			messageLink: item.messageLink ?? undefined,
		},
		{ idempotencyKey },
	);
	return {
		result: { id: customer.id, metadata: customer.metadata as IDataObject },
		replayed: wasReplayed(customer),
	};
}
