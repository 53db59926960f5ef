import { retryInvoicePayment } from '../../../../src/stripe/actions';
import { invoiceChange } from './invoice';

export const { option, meta, description, execute } = invoiceChange(
	{
		name: 'Retry Payment',
		value: 'retryPayment',
		action: 'Retry an invoice payment',
		description: "Charge the customer's payment method again now",
	},
	'invoice.retry',
	retryInvoicePayment,
);
