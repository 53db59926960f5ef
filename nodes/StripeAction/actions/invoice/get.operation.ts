import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getInvoice } from '../../../../src/stripe/actions';
import { stripeClient } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { invoiceDetail, invoiceId, invoiceIdProperty } from './invoice';

export const option = {
	name: 'Get',
	value: 'get',
	action: 'Get an invoice',
	description: 'Read an invoice with its status and amounts',
};

export const meta: OperationMeta = { action: 'invoice.get', report: 'none', mutating: false };

export const description = forOperation('invoice', option.value, [invoiceIdProperty]);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const invoice = (await getInvoice(await stripeClient(operation), invoiceId(operation))) as unknown as IDataObject;
	return { result: invoice, detail: invoiceDetail(invoice) };
}
