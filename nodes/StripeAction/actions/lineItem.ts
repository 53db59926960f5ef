import type { INodeProperties } from 'n8n-workflow';

import type { LineInput } from '../../../src/stripe/actions';
import type { OperationContext, Resource } from './common';
import { requireCurrency, requireId, showFor, stringParameter, toMinorUnits } from './common';

/** What is being paid for: an amount typed here (becomes a one-off price) or an existing Stripe Price. */
export function lineProperties(resource: Resource, operations: string[]): INodeProperties[] {
	const when = (source: string) => ({
		show: { resource: [resource], operation: operations, lineSource: [source] },
	});
	return [
		{
			displayName: 'Charge',
			name: 'lineSource',
			type: 'options',
			default: 'amount',
			options: [
				{ name: 'An Amount', value: 'amount', description: 'Type an amount, currency and description' },
				{ name: 'A Price From Stripe', value: 'price', description: 'A product price set up in Stripe (price_…)' },
			],
			displayOptions: showFor(resource, operations),
		},
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
			displayOptions: showFor(resource, operations),
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
