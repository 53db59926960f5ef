import { markInvoiceUncollectible } from '../../../../src/stripe/actions';
import { invoiceChange } from './invoice';

export const { option, meta, description, execute } = invoiceChange(
	{
		name: 'Mark Uncollectible',
		value: 'markUncollectible',
		action: 'Mark an invoice uncollectible',
		description: 'Stop collecting: the invoice stays on record as bad debt',
	},
	'invoice.mark_uncollectible',
	markInvoiceUncollectible,
);
