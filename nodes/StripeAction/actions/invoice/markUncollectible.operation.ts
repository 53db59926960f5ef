import type { IExecuteFunctions } from 'n8n-workflow';

import { markInvoiceUncollectible } from '../../../../src/stripe/actions';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { changeInvoice, invoiceChangeProperties } from './invoice';

export const option = {
	name: 'Mark Uncollectible',
	value: 'markUncollectible',
	action: 'Mark an invoice uncollectible',
	description: 'Stop collecting: the invoice stays on record as bad debt',
};

export const meta: OperationMeta = { action: 'invoice.mark_uncollectible', report: 'message', mutating: true };

export const description = forOperation('invoice', option.value, invoiceChangeProperties);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	return await changeInvoice(operation, meta.action, markInvoiceUncollectible);
}
