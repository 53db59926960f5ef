import type { IExecuteFunctions } from 'n8n-workflow';

import { sendInvoice } from '../../../../src/stripe/actions';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { changeInvoice, invoiceChangeProperties } from './invoice';

export const option = {
	name: 'Send Invoice',
	value: 'send',
	action: 'Send an invoice to the customer',
	description: 'E-mail the invoice with its payment link (the dunning e-mail)',
};

export const meta: OperationMeta = { action: 'invoice.send', report: 'message', mutating: true };

export const description = forOperation('invoice', option.value, invoiceChangeProperties);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	return await changeInvoice(operation, meta.action, sendInvoice, (invoice) =>
		typeof invoice.hosted_invoice_url === 'string' ? 'e-mailed with its payment page' : 'e-mailed',
	);
}
