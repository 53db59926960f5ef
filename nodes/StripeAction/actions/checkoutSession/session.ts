import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { formatMoney } from '../../../../src/core/money';
import { createCheckoutSession } from '../../../../src/stripe/actions';
import type { CheckoutInput } from '../../../../src/stripe/actions';
import { chatReference, idempotencyKeyFor, inputError, metadataOption, stripeClient, wasReplayed } from '../common';
import type { ActionResult, OperationContext } from '../operation';

/** What the operations that create a Checkout Session share (Create, Create From Catalogue and /pay). */

export const expiryOption: INodeProperties = {
	displayName: 'Link Expires After (Minutes)',
	name: 'expiresInMinutes',
	type: 'number',
	typeOptions: { minValue: 30, maxValue: 1440 },
	default: 1440,
	description: "Between 30 minutes and 24 hours (Stripe's limits)",
};

/** Where the customer lands after paying or giving up. */
export const redirectProperties: INodeProperties[] = [
	{
		displayName: 'Success URL',
		name: 'successUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/thank-you',
		description: 'Where the customer lands after paying',
	},
	{
		displayName: 'Cancel URL',
		name: 'cancelUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/cart',
		description: 'Where the back link of the payment page goes. Leave empty for no back link.',
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
