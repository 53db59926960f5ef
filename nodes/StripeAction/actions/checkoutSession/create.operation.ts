import type { IExecuteFunctions } from 'n8n-workflow';

import type { CheckoutInput } from '../../../../src/stripe/actions';
import {
	addChatIdsOption,
	idempotencyKeyOption,
	metadataOptionProperty,
	optionsOf,
	requireId,
	stringParameter,
} from '../common';
import { lineProperties, readLine } from '../lineItem';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { createSession, expiryOption, redirectProperties, referenceFor, requireUrl } from './session';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create a checkout session',
	description: 'Create a Stripe-hosted payment page and get its link',
};

export const meta: OperationMeta = {
	action: 'checkout_session.create',
	// A one-time payment page is another way to ask for the failed payment again.
	alsoServes: ['payment_link.create'],
	report: 'message',
	mutating: true,
};

export const description = forOperation('checkoutSession', option.value, [
	...lineProperties(),
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
	},
	...redirectProperties,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
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
]);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
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
}
