import type { IExecuteFunctions } from 'n8n-workflow';

import { retryInvoicePayment } from '../../../../src/stripe/actions';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { changeInvoice, invoiceChangeProperties } from './invoice';

export const option = {
	name: 'Retry Payment',
	value: 'retryPayment',
	action: 'Retry an invoice payment',
	description: "Charge the customer's payment method again now",
};

export const meta: OperationMeta = { action: 'invoice.retry', report: 'message', mutating: true };

export const description = forOperation('invoice', option.value, invoiceChangeProperties);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	return await changeInvoice(operation, meta.action, retryInvoicePayment);
}
