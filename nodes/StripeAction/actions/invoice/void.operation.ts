import { voidInvoice } from '../../../../src/stripe/actions';
import { invoiceChange } from './invoice';

export const { option, meta, description, execute } = invoiceChange(
	{
		name: 'Void',
		value: 'void',
		action: 'Void an invoice',
		description: 'Cancel an open invoice; it cannot be paid afterwards',
	},
	'invoice.void',
	voidInvoice,
);
