import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { formatMoney } from '../../../../src/core/money';
import type { retryInvoicePayment } from '../../../../src/stripe/actions';
import type { ActionResult, OperationContext } from '../operation';
import {
	idempotencyKeyFor,
	idempotencyKeyOption,
	objectIdProperty,
	requireId,
	stringParameter,
	stripeClient,
	wasReplayed,
} from '../common';

/** What the invoice operations share: the Invoice ID, the Options of the ones that change it, and the outcome line. */

export const invoiceIdProperty: INodeProperties = objectIdProperty({
	displayName: 'Invoice ID',
	name: 'invoiceId',
	placeholder: 'in_1Pq…',
	description: 'The invoice to act on',
});

export const invoiceChangeProperties: INodeProperties[] = [
	invoiceIdProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [idempotencyKeyOption],
	},
];

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

/** Calls Stripe once for the invoice, with the click's Idempotency-Key. */
export async function changeInvoice(
	operation: OperationContext,
	action: string,
	call: typeof retryInvoicePayment,
	detail: (invoice: IDataObject) => string = invoiceDetail,
): Promise<ActionResult> {
	const id = invoiceId(operation);
	const idempotencyKey = idempotencyKeyFor(operation, action, id);
	const invoice = await call(await stripeClient(operation), id, { idempotencyKey });
	const result = invoice as unknown as IDataObject;
	return { result, detail: detail(result), replayed: wasReplayed(invoice) };
}
