import type { INodeProperties } from 'n8n-workflow';

import type { LineInput } from '../../../src/stripe/actions';
import { requireCurrency, requireId, stringParameter, toMinorUnits } from './common';
import type { OperationContext } from './operation';

/** The "Charge" choice that takes amount and currency from the payment a "Send payment link" button was on. */
export const FROM_CLICKED_PAYMENT = 'clickedPayment';

const TYPED_SOURCES = [
	{ name: 'An Amount', value: 'amount', description: 'Type an amount, currency and description' },
	{ name: 'A Price From Stripe', value: 'price', description: 'A product price set up in Stripe (price_…)' },
];

/**
 * What is being paid for: an amount typed here (becomes a one-off price) or an existing Stripe Price; with
 * `clickedPayment`, also the amount of the clicked payment.
 */
export function lineProperties(options: { clickedPayment?: boolean } = {}): INodeProperties[] {
	const when = (...sources: string[]) => ({ show: { lineSource: sources } });
	const typedSource: INodeProperties = {
		displayName: 'Charge',
		name: 'lineSource',
		type: 'options',
		default: 'amount',
		options: TYPED_SOURCES,
	};
	// Typing an amount stays the default: it is what someone adding the node by hand expects; the Slack templates
	// choose "From the Clicked Payment" explicitly.
	const clickedSource: INodeProperties = {
		...typedSource,
		options: [
			{
				name: 'From the Clicked Payment',
				value: FROM_CLICKED_PAYMENT,
				description:
					'The amount and currency of the payment whose "Send payment link" button was clicked (a PaymentIntent, charge or Checkout Session)',
			},
			...TYPED_SOURCES,
		],
	};
	return [
		options.clickedPayment ? clickedSource : typedSource,
		{
			displayName: 'Amount',
			name: 'amount',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 3 },
			default: 0,
			required: true,
			description: "In the currency's usual units, e.g. 50 or 49.90 (not cents)",
			displayOptions: when('amount'),
		},
		{
			displayName: 'Currency',
			name: 'currency',
			type: 'string',
			default: 'usd',
			required: true,
			placeholder: 'usd',
			description: 'Three-letter code such as usd, eur, gbp or jpy',
			displayOptions: when('amount'),
		},
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Deluxe room, 2 nights',
			description: 'What the customer pays for; shown on the payment page and receipt',
			displayOptions: when('amount'),
		},
		{
			displayName: 'Price ID',
			name: 'priceId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'price_1Pq…',
			description: "Stripe Dashboard → Product catalog → the product → the price's ID",
			displayOptions: when('price'),
		},
		{
			displayName: 'Quantity',
			name: 'quantity',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			displayOptions: when('amount', 'price'),
		},
	];
}

export function readLine(operation: OperationContext): LineInput {
	const quantity = Math.max(1, Math.floor(Number(operation.ctx.getNodeParameter('quantity', operation.itemIndex, 1))));
	if (stringParameter(operation, 'lineSource', 'amount') === 'price') {
		return {
			kind: 'price',
			price: requireId(operation, 'price', stringParameter(operation, 'priceId'), 'Price ID'),
			quantity,
		};
	}
	const currency = requireCurrency(operation, stringParameter(operation, 'currency'), 'Currency');
	const typed = Number(operation.ctx.getNodeParameter('amount', operation.itemIndex, 0));
	const description = stringParameter(operation, 'description') || 'Payment';
	return {
		kind: 'amount',
		amount: toMinorUnits(operation, typed, currency, 'Amount'),
		currency,
		description,
		quantity,
	};
}
