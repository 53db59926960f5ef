import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { formatMoney } from '../../../src/core/money';
import {
	getInvoice,
	markInvoiceUncollectible,
	retryInvoicePayment,
	sendInvoice,
	voidInvoice,
} from '../../../src/stripe/actions';
import type { ActionResult, OperationContext, OperationDefinition } from './common';
import {
	idempotencyKeyFor,
	idempotencyKeyOption,
	objectIdProperty,
	requireId,
	showFor,
	stringParameter,
	stripeClient,
	wasReplayed,
} from './common';

type InvoiceCall = typeof retryInvoicePayment;

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['invoice'] } },
	options: [
		{ name: 'Get', value: 'get', action: 'Get an invoice', description: 'Read an invoice with its status and amounts' },
		{
			name: 'Mark Uncollectible',
			value: 'markUncollectible',
			action: 'Mark an invoice uncollectible',
			description: 'Stop collecting: the invoice stays on record as bad debt',
		},
		{
			name: 'Retry Payment',
			value: 'retryPayment',
			action: 'Retry an invoice payment',
			description: "Charge the customer's payment method again now",
		},
		{
			name: 'Send Invoice',
			value: 'send',
			action: 'Send an invoice to the customer',
			description: 'E-mail the invoice with its payment link (the dunning e-mail)',
		},
		{
			name: 'Void',
			value: 'void',
			action: 'Void an invoice',
			description: 'Cancel an open invoice; it cannot be paid afterwards',
		},
	],
	default: 'retryPayment',
};

const ALL = ['get', 'markUncollectible', 'retryPayment', 'send', 'void'];
const MUTATING = ['markUncollectible', 'retryPayment', 'send', 'void'];

export const properties: INodeProperties[] = [
	objectIdProperty('invoice', ALL, {
		displayName: 'Invoice ID',
		name: 'invoiceId',
		placeholder: 'in_1Pq…',
		description: 'The invoice to act on',
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('invoice', MUTATING),
		options: [idempotencyKeyOption],
	},
];

function invoiceDetail(invoice: IDataObject): string {
	const status = String(invoice.status ?? '');
	if (typeof invoice.amount_due === 'number' && typeof invoice.currency === 'string' && status !== 'paid') {
		return `${status}, ${formatMoney(invoice.amount_due, invoice.currency)} due`;
	}
	return status;
}

function mutation(action: string, call: InvoiceCall, detail: (invoice: IDataObject) => string): OperationDefinition {
	return {
		action,
		report: 'message',
		mutating: true,
		async execute(operation: OperationContext): Promise<ActionResult> {
			const invoiceId = requireId(operation, 'invoice', stringParameter(operation, 'invoiceId'), 'Invoice ID');
			const idempotencyKey = idempotencyKeyFor(operation, action, invoiceId);
			const invoice = await call(await stripeClient(operation), invoiceId, { idempotencyKey });
			const result = invoice as unknown as IDataObject;
			return { result, detail: detail(result), replayed: wasReplayed(invoice) };
		},
	};
}

export const operations: Record<string, OperationDefinition> = {
	retryPayment: mutation('invoice.retry', retryInvoicePayment, invoiceDetail),
	send: mutation('invoice.send', sendInvoice, (invoice) =>
		typeof invoice.hosted_invoice_url === 'string' ? 'e-mailed with its payment page' : 'e-mailed',
	),
	void: mutation('invoice.void', voidInvoice, invoiceDetail),
	markUncollectible: mutation('invoice.mark_uncollectible', markInvoiceUncollectible, invoiceDetail),
	get: {
		action: 'invoice.get',
		report: 'none',
		mutating: false,
		async execute(operation) {
			const invoiceId = requireId(operation, 'invoice', stringParameter(operation, 'invoiceId'), 'Invoice ID');
			const invoice = (await getInvoice(await stripeClient(operation), invoiceId)) as unknown as IDataObject;
			return { result: invoice, detail: invoiceDetail(invoice) };
		},
	},
};
