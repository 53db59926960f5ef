import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { formatMoney } from '../../../../src/core/money';
import { createPaymentLink, paymentToRepay } from '../../../../src/stripe/actions';
import type { LineInput } from '../../../../src/stripe/actions';
import {
	addChatIdsOption,
	chatReference,
	FROM_CLICK,
	FROM_CLICK_HINT,
	idempotencyKeyFor,
	idempotencyKeyOption,
	inputError,
	metadataOption,
	metadataOptionProperty,
	optionsOf,
	requireId,
	stringParameter,
	stripeClient,
	wasReplayed,
} from '../common';
import { FROM_CLICKED_PAYMENT, lineProperties, readLine } from '../lineItem';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Create a payment link',
	description: 'A link that does not expire and can be paid more than once',
};

export const meta: OperationMeta = { action: 'payment_link.create', report: 'message', mutating: true };

export const description = forOperation('paymentLink', option.value, [
	...lineProperties({ clickedPayment: true }),
	{
		displayName: 'Payment ID',
		name: 'sourcePaymentId',
		type: 'string',
		required: true,
		default: FROM_CLICK,
		placeholder: 'pi_3Pq…, ch_3Pq… or cs_test_a1…',
		hint: FROM_CLICK_HINT,
		description:
			'The payment to ask for again: a PaymentIntent (pi_…), a charge (ch_…) or a Checkout Session (cs_…). Its amount, currency and description become the link; its customer is noted in the metadata.',
		displayOptions: { show: { lineSource: [FROM_CLICKED_PAYMENT] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [addChatIdsOption, idempotencyKeyOption, metadataOptionProperty],
	},
]);

function lineDetail(line: LineInput): string | undefined {
	return line.kind === 'amount' ? formatMoney(line.amount * (line.quantity ?? 1), line.currency) : undefined;
}

/** Creates the link (and a one-off price for a typed amount); also used by the /pay operation. */
export async function createLink(
	operation: OperationContext,
	line: LineInput,
	metadata: Record<string, string> | undefined,
	idempotencyObject: string,
): Promise<ActionResult> {
	const idempotencyKey = idempotencyKeyFor(operation, meta.action, idempotencyObject);
	const link = await createPaymentLink(await stripeClient(operation), { line, metadata }, { idempotencyKey });
	return {
		result: link as unknown as IDataObject,
		url: link.url,
		detail: lineDetail(line),
		threadText: `Payment link: ${link.url}`,
		replayed: wasReplayed(link),
		money: line.kind === 'amount' ? { minor: line.amount * (line.quantity ?? 1), currency: line.currency } : undefined,
	};
}

/** The payment a "Send payment link" click refers to (the router already checked the click is for this), checked before anything is read from Stripe. */
function clickedPaymentId(operation: OperationContext): string {
	const paymentId = stringParameter(operation, 'sourcePaymentId');
	if (!paymentId) {
		throw inputError(
			operation,
			'No clicked payment to take the amount from',
			'Connect this node after the Chat Interaction Trigger so a "Send payment link" click fills in "Payment ID", fill it in yourself, or set "Charge" to "An Amount" or "A Price From Stripe".',
		);
	}
	return requireId(operation, 'paymentOrSession', paymentId, 'Payment ID');
}

/**
 * The clicked payment's amount as a one-off line, with its customer and the payment itself noted in the metadata
 * (a Payment Link cannot name a customer), so finance can match the new payment to the failed one.
 */
async function lineFromClickedPayment(
	operation: OperationContext,
): Promise<{ line: LineInput; paymentId: string; metadata: Record<string, string> }> {
	const paymentId = clickedPaymentId(operation);
	const payment = await paymentToRepay(await stripeClient(operation), paymentId);
	if (!payment.amount || payment.amount <= 0 || !payment.currency) {
		throw inputError(
			operation,
			`${paymentId} has no amount to ask for`,
			'Only a payment, or a Checkout Session that takes a payment, can be asked for again. Set "Charge" to "An Amount" to type one.',
		);
	}
	const customerId = payment.customerId ?? operation.item.target?.customerId;
	return {
		line: {
			kind: 'amount',
			amount: payment.amount,
			currency: payment.currency,
			description: payment.description?.trim() || 'Payment',
			quantity: 1,
		},
		paymentId,
		metadata: { original_payment_id: paymentId, ...(customerId ? { customer_id: customerId } : {}) },
	};
}

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const options = optionsOf(operation);
	const chat = options.addChatIds === false ? {} : chatReference(operation.item).metadata;
	if (stringParameter(operation, 'lineSource', FROM_CLICKED_PAYMENT) === FROM_CLICKED_PAYMENT) {
		const clicked = await lineFromClickedPayment(operation);
		// The payment's own ids first, so keys the user sets in "Metadata" win.
		const metadata = { ...clicked.metadata, ...chat, ...metadataOption(options) };
		return await createLink(operation, clicked.line, metadata, clicked.paymentId);
	}
	const metadata = { ...chat, ...metadataOption(options) };
	return await createLink(
		operation,
		readLine(operation),
		Object.keys(metadata).length > 0 ? metadata : undefined,
		operation.item.target?.objectId ?? '',
	);
}
