import type { IExecuteFunctions } from 'n8n-workflow';

import { voidInvoice } from '../../../../src/stripe/actions';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { changeInvoice, invoiceChangeProperties } from './invoice';

export const option = {
	name: 'Void',
	value: 'void',
	action: 'Void an invoice',
	description: 'Cancel an open invoice; it cannot be paid afterwards',
};

export const meta: OperationMeta = { action: 'invoice.void', report: 'message', mutating: true };

export const description = forOperation('invoice', option.value, invoiceChangeProperties);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	return await changeInvoice(operation, meta.action, voidInvoice);
}
