import { sendInvoice } from '../../../../src/stripe/actions';
import { invoiceChange } from './invoice';

export const { option, meta, description, execute } = invoiceChange(
	{
		name: 'Send Invoice',
		value: 'send',
		action: 'Send an invoice to the customer',
		description: 'E-mail the invoice with its payment link (the dunning e-mail)',
	},
	'invoice.send',
	sendInvoice,
	(invoice) => (typeof invoice.hosted_invoice_url === 'string' ? 'e-mailed with its payment page' : 'e-mailed'),
);
