import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { formatMoney } from '../../../src/core/money';
import { createCheckoutSession, getCheckoutSession } from '../../../src/stripe/actions';
import type { CheckoutInput } from '../../../src/stripe/actions';
import type { ActionResult, OperationContext, OperationDefinition } from './common';
import {
	addChatIdsOption,
	chatReference,
	idempotencyKeyFor,
	idempotencyKeyOption,
	inputError,
	metadataOption,
	metadataOptionProperty,
	objectIdProperty,
	optionsOf,
	requireId,
	showFor,
	stringParameter,
	stripeClient,
	wasReplayed,
} from './common';
import { lineProperties, readLine } from './lineItem';

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['checkoutSession'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a checkout session',
			description: 'Create a Stripe-hosted payment page and get its link',
		},
		{
			name: 'Create From Catalogue (for AI Agents)',
			value: 'createFromCatalogue',
			action: 'Create a payment link for a catalogue product',
			description:
				'A Checkout Session for a product from your catalogue: an AI agent picks product and quantity, never the price or the customer',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a checkout session',
			description: 'Read a session: paid, open or expired',
		},
	],
	default: 'create',
};

export const expiryOption: INodeProperties = {
	displayName: 'Link Expires After (Minutes)',
	name: 'expiresInMinutes',
	type: 'number',
	typeOptions: { minValue: 30, maxValue: 1440 },
	default: 1440,
	description: "Between 30 minutes and 24 hours (Stripe's limits)",
};

/** Where the customer lands after paying or giving up; shared with the /pay operation. */
export function redirectProperties(show: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName: 'Success URL',
			name: 'successUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.com/thank-you',
			description: 'Where the customer lands after paying',
			displayOptions: show,
		},
		{
			displayName: 'Cancel URL',
			name: 'cancelUrl',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/cart',
			description: 'Where the back link of the payment page goes. Leave empty for no back link.',
			displayOptions: show,
		},
	];
}

export const properties: INodeProperties[] = [
	...lineProperties('checkoutSession', ['create']),
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'payment',
		options: [
			{ name: 'One-Time Payment', value: 'payment' },
			{ name: 'Subscription', value: 'subscription', description: 'Needs a recurring price from Stripe' },
			{ name: 'Save a Card for Later', value: 'setup', description: 'Charges nothing now' },
		],
		displayOptions: showFor('checkoutSession', ['create']),
	},
	...redirectProperties(showFor('checkoutSession', ['create'])),
	objectIdProperty('checkoutSession', ['get'], {
		displayName: 'Checkout Session ID',
		name: 'sessionId',
		placeholder: 'cs_test_a1…',
		description: 'The session to read',
		default: '',
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('checkoutSession', ['create']),
		options: [
			addChatIdsOption,
			{
				displayName: 'Client Reference ID',
				name: 'clientReferenceId',
				type: 'string',
				default: '',
				description:
					'Your own reference (order number, booking ID), up to 200 characters. Empty with "Add Chat IDs" on: the Slack team, channel and person.',
			},
			{
				displayName: 'Customer E-Mail',
				name: 'customerEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Fills in the e-mail field of the payment page',
			},
			{
				displayName: 'Customer ID',
				name: 'customerId',
				type: 'string',
				default: '',
				placeholder: 'cus_…',
				description: 'An existing Stripe customer to charge, so the payment shows up in their history',
			},
			expiryOption,
			idempotencyKeyOption,
			metadataOptionProperty,
		],
	},
];

export function checkoutDetail(session: IDataObject): string {
	return typeof session.amount_total === 'number' && typeof session.currency === 'string'
		? `${formatMoney(session.amount_total, session.currency)}, ${String(session.status ?? 'open')}`
		: String(session.status ?? 'open');
}

/** The chat ids (when wanted) below the user's own metadata, so a key the user sets wins. */
export function referenceFor(operation: OperationContext, options: IDataObject) {
	const chat = options.addChatIds === false ? { metadata: {} } : chatReference(operation.item);
	const metadata = { ...chat.metadata, ...metadataOption(options) };
	const clientReferenceId = String(options.clientReferenceId ?? '').trim() || chat.clientReferenceId;
	return { metadata: Object.keys(metadata).length > 0 ? metadata : undefined, clientReferenceId };
}

export function requireUrl(
	operation: OperationContext,
	value: string,
	parameter: string,
	required: boolean,
): string | undefined {
	if (!value && !required) return undefined;
	if (!/^https?:\/\/\S+$/.test(value)) {
		throw inputError(
			operation,
			`"${value}" is not a web address`,
			`"${parameter}" must start with https:// (for example https://example.com/thank-you).`,
		);
	}
	return value;
}

/** Creates the session and shapes the result; shared with the /pay operation. */
export async function createSession(
	operation: OperationContext,
	input: CheckoutInput,
	idempotencyObject: string,
): Promise<ActionResult> {
	const idempotencyKey = idempotencyKeyFor(operation, 'checkout_session.create', idempotencyObject);
	const session = await createCheckoutSession(await stripeClient(operation), input, { idempotencyKey });
	const result = session as unknown as IDataObject;
	return {
		result,
		url: session.url ?? undefined,
		detail: checkoutDetail(result),
		threadText: session.url ? `Payment page: ${session.url}` : undefined,
		replayed: wasReplayed(session),
	};
}

export const operations: Record<string, OperationDefinition> = {
	create: {
		action: 'checkout_session.create',
		// A one-time payment page is another way to ask for the failed payment again.
		alsoServes: ['payment_link.create'],
		report: 'message',
		mutating: true,
		async execute(operation) {
			const options = optionsOf(operation);
			const mode = stringParameter(operation, 'mode', 'payment') as CheckoutInput['mode'];
			const expires = Number(options.expiresInMinutes ?? 0);
			const input: CheckoutInput = {
				line: readLine(operation),
				mode,
				successUrl: requireUrl(operation, stringParameter(operation, 'successUrl'), 'Success URL', true) as string,
				cancelUrl: requireUrl(operation, stringParameter(operation, 'cancelUrl'), 'Cancel URL', false),
				customer: String(options.customerId ?? '').trim() || undefined,
				customerEmail: String(options.customerEmail ?? '').trim() || undefined,
				expiresInMinutes: expires > 0 ? expires : undefined,
				...referenceFor(operation, options),
			};
			if (input.customer) requireId(operation, 'customer', input.customer, 'Customer ID');
			return await createSession(operation, input, operation.item.target?.objectId ?? '');
		},
	},
	get: {
		action: 'checkout_session.get',
		report: 'none',
		mutating: false,
		async execute(operation) {
			const id = requireId(
				operation,
				'checkoutSession',
				stringParameter(operation, 'sessionId'),
				'Checkout Session ID',
			);
			const session = (await getCheckoutSession(await stripeClient(operation), id)) as unknown as IDataObject;
			return {
				result: session,
				detail: checkoutDetail(session),
				url: typeof session.url === 'string' ? session.url : undefined,
			};
		},
	},
};
