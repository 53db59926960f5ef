import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { formatMoney } from '../../../../src/core/money';
import type { retryInvoicePayment } from '../../../../src/stripe/actions';
import type { ActionResult, OperationContext, StripeOperation } from '../operation';
import { forOperation } from '../operation';
import {
	idempotencyKeyFor,
	idempotencyOptionsProperty,
	objectIdProperty,
	requireId,
	stringParameter,
	stripeClient,
	wasReplayed,
} from '../common';

/** What the invoice operations share: the Invoice ID, the outcome line, and the shape of the ones that change it. */

export const invoiceIdProperty: INodeProperties = objectIdProperty({
	displayName: 'Invoice ID',
	name: 'invoiceId',
	placeholder: 'in_1Pq…',
	description: 'The invoice to act on',
});

export function invoiceId(operation: OperationContext): string {
	return requireId(operation, 'invoice', stringParameter(operation, 'invoiceId'), 'Invoice ID');
}

export function invoiceDetail(invoice: IDataObject): string {
	const status = String(invoice.status ?? '');
	if (typeof invoice.amount_due === 'number' && typeof invoice.currency === 'string' && status !== 'paid') {
		return `${status}, ${formatMoney(invoice.amount_due, invoice.currency)} due`;
	}
	return status;
}

/**
 * An operation that changes the invoice with one Stripe call (retry, send, void, mark uncollectible): the click's
 * Idempotency-Key goes with it, and the clicked message shows the outcome.
 */
export function invoiceChange(
	option: StripeOperation['option'],
	action: string,
	call: typeof retryInvoicePayment,
	detail: (invoice: IDataObject) => string = invoiceDetail,
): StripeOperation {
	return {
		option,
		meta: { action, report: 'message', mutating: true },
		description: forOperation('invoice', option.value, [invoiceIdProperty, idempotencyOptionsProperty]),
		async execute(this: IExecuteFunctions, _itemIndex: number, operation: OperationContext): Promise<ActionResult> {
			const id = invoiceId(operation);
			const idempotencyKey = idempotencyKeyFor(operation, action, id);
			const invoice = await call(await stripeClient(operation), id, { idempotencyKey });
			const result = invoice as unknown as IDataObject;
			return { result, detail: detail(result), replayed: wasReplayed(invoice) };
		},
	};
}
