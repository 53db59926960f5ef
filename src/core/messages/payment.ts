import { declineAdvice, explainDecline, failureCodeText } from '../declines';
import { idOf, optionalString, pathValue, recordOf } from '../normalize';
import type { MessageAmount, MessageField, StripeObject } from '../types';
import type { ActionDraft, MessageBuilder, MessageContext } from './context';
import { field, humanize } from './context';
import { teamActions } from './team';

/** Chat fields beyond this many stop being read; builders list the telling ones first. */
const MAX_FIELDS = 10;
/** Free text (descriptions, metadata) is a hint in chat, not the record: the Dashboard has the rest. */
const MAX_TEXT_LENGTH = 140;

/** Stripe sends lower-case brand codes (API versions before 2019: `Visa`, `American Express`). */
/** Card networks as people write them; also used by the invoice messages. */
export const CARD_BRAND_NAMES: Readonly<Record<string, string>> = {
	amex: 'American Express',
	american_express: 'American Express',
	cartes_bancaires: 'Cartes Bancaires',
	diners: 'Diners Club',
	diners_club: 'Diners Club',
	discover: 'Discover',
	eftpos_au: 'eftpos Australia',
	interac: 'Interac',
	jcb: 'JCB',
	mastercard: 'Mastercard',
	unionpay: 'UnionPay',
	visa: 'Visa',
};

/** A failed PaymentIntent or charge event does not say whether Stripe Billing will try again. */
const NO_RETRY_SCHEDULE = { retryScheduled: false };

/** Readable refund reasons and failure reasons, where the code alone reads awkwardly. */
const REFUND_REASONS: Readonly<Record<string, string>> = {
	requested_by_customer: 'Requested by customer',
	expired_uncaptured_charge: 'Uncaptured charge expired',
	charge_for_pending_refund_disputed: 'Charge disputed while refund was pending',
};

/** What the customer must do for `payment_intent.requires_action`, by `next_action.type`. */
const NEXT_ACTIONS: Readonly<Record<string, string>> = {
	use_stripe_sdk: 'Authenticate with the bank (e.g. 3-D Secure)',
	redirect_to_url: "Complete the payment on the bank's page",
	verify_with_microdeposits: 'Verify the bank account with microdeposits',
	display_bank_transfer_instructions: 'Send a bank transfer',
	oxxo_display_details: 'Pay the OXXO voucher',
	boleto_display_details: 'Pay the Boleto',
	konbini_display_details: 'Pay at a konbini',
	multibanco_display_details: 'Pay the Multibanco reference',
	wechat_pay_display_qr_code: 'Scan the WeChat Pay QR code',
	promptpay_display_qr_code: 'Scan the PromptPay QR code',
	pix_display_qr_code: 'Scan the Pix QR code',
	cashapp_handle_redirect_or_display_qr_code: 'Confirm in Cash App',
};

/** Drops absent fields and keeps the first ten, so a rich object still gives a readable message. */
export function topFields(fields: Array<MessageField | undefined>): MessageField[] {
	return fields.filter((entry): entry is MessageField => entry !== undefined).slice(0, MAX_FIELDS);
}

/** Shortens already-redacted display text; ids are never passed here. */
export function shorten(value: string | undefined, max = MAX_TEXT_LENGTH): string | undefined {
	if (value === undefined || value.length <= max) return value;
	return `${value.slice(0, max - 1).trimEnd()}…`;
}

/** `Payment failed: €50.00`, or just the title when the amount is unknown. */
export function titled(title: string, amount: MessageAmount | undefined): string {
	return amount ? `${title}: ${amount.text}` : title;
}

/** Joins the parts of a one-line summary that are present. */
export function sentence(...parts: Array<string | undefined | false>): string {
	return parts.filter((part): part is string => typeof part === 'string' && part.length > 0).join(' · ');
}

/** `Visa •••• 4242`. Only the brand and the last four digits, which Stripe itself shows to merchants. */
export function cardLabel(card: unknown): string | undefined {
	const brandCode = optionalString(pathValue(card, ['brand']));
	const last4 = optionalString(pathValue(card, ['last4']));
	const brand = brandCode
		? (CARD_BRAND_NAMES[brandCode.toLowerCase().replace(/\s+/g, '_')] ?? humanize(brandCode))
		: undefined;
	const digits = last4 && /^\d{4}$/.test(last4) ? `•••• ${last4}` : undefined;
	if (!brand && !digits) return undefined;
	return [brand ?? 'Card', digits].filter(Boolean).join(' ');
}

/**
 * The payment method of a charge: `payment_method_details` (2017 and later), or the `source` card of older
 * API versions. Non-card methods read `SEPA debit •••• 3000` style.
 * @see https://docs.stripe.com/api/charges/object#charge_object-payment_method_details
 */
export function chargeMethodLabel(charge: StripeObject): string | undefined {
	const details = recordOf(charge.payment_method_details);
	if (details) {
		const type = optionalString(details.type);
		if (type === 'card' || (!type && details.card)) return cardLabel(details.card);
		if (type) {
			const last4 = optionalString(pathValue(details, [type, 'last4']));
			const name = humanize(type) ?? type;
			return last4 && /^\d{4}$/.test(last4) ? `${name} •••• ${last4}` : name;
		}
	}
	const source = recordOf(charge.source) ?? recordOf(charge.card);
	return source && (source.object === 'card' || source.object === undefined) ? cardLabel(source) : undefined;
}

/**
 * Charges and refunds thread under their PaymentIntent when known (a PaymentIntent's failed attempts and its
 * success belong together), else under the charge.
 */
export function paymentThreadKey(
	paymentIntentId: string | undefined,
	chargeId: string | undefined,
): string | undefined {
	if (paymentIntentId) return `payment_intent:${paymentIntentId}`;
	if (chargeId) return `charge:${chargeId}`;
	return undefined;
}

function refundConfirm(amountText: string | undefined, method: string | undefined): ActionDraft['confirm'] {
	const what = amountText ?? 'the full amount';
	return {
		title: 'Refund this payment?',
		text: `Refunds ${what}${method ? ` to ${method}` : ''}. The customer gets the money back in 5–10 days; this cannot be undone.`,
		confirm: 'Refund',
		deny: 'Cancel',
	};
}

function customerLink(context: MessageContext, customerId: string | undefined) {
	return context.link('Open customer', 'customer', customerId);
}

/** Charges of API versions before 2022-11-15 are listed on the PaymentIntent; later ones only by id. */
function paymentIntentChargeId(intent: StripeObject): string | undefined {
	const charges = pathValue(intent, ['charges', 'data']);
	const listed = Array.isArray(charges) && charges.length > 0 ? idOf(charges[charges.length - 1]) : undefined;
	return idOf(intent.latest_charge) ?? listed;
}

function paymentIntentMethodLabel(intent: StripeObject): string | undefined {
	const fromError = cardLabel(pathValue(intent, ['last_payment_error', 'payment_method', 'card']));
	if (fromError) return fromError;
	const fromMethod = cardLabel(pathValue(intent, ['payment_method', 'card']));
	if (fromMethod) return fromMethod;
	const charges = pathValue(intent, ['charges', 'data']);
	const lastCharge = Array.isArray(charges) ? recordOf(charges[charges.length - 1]) : undefined;
	return lastCharge ? chargeMethodLabel(lastCharge) : undefined;
}

type PaymentIntentVariant = 'succeeded' | 'payment_failed' | 'requires_action';

function paymentIntentMessage(variant: PaymentIntentVariant): MessageBuilder {
	return (context) => {
		const { object: intent, redactor, event } = context;
		const received =
			variant === 'succeeded' && typeof intent.amount_received === 'number' && intent.amount_received > 0;
		const amount = context.amount(received ? intent.amount_received : intent.amount, intent.currency);
		const customerId = idOf(intent.customer);
		const method = paymentIntentMethodLabel(intent);
		const error = recordOf(intent.last_payment_error);
		const failure = error ? failureCodeText(error.code, error.decline_code) : undefined;
		const decline = error
			? explainDecline({ code: error.code, declineCode: error.decline_code }, NO_RETRY_SCHEDULE)
			: undefined;
		// Decline messages come from banks and processors, and may echo what was typed at checkout.
		const errorMessage = shorten(redactor.text(optionalString(error?.message), 'last_payment_error.message'));
		const nextActionType = optionalString(pathValue(intent, ['next_action', 'type']));
		const nextAction = nextActionType ? (NEXT_ACTIONS[nextActionType] ?? humanize(nextActionType)) : undefined;
		const description = shorten(redactor.text(intent.description, 'description'));
		const receiptEmail = redactor.email(intent.receipt_email, 'receipt_email');
		const invoiceId = idOf(intent.invoice);

		const fields = topFields([
			field('Amount', amount?.text),
			field('Customer', customerId),
			field('Error', variant === 'payment_failed' ? failure : undefined),
			field('Message', variant === 'payment_failed' ? errorMessage : undefined),
			field('What to do', variant === 'payment_failed' && decline ? declineAdvice(decline) : undefined),
			field('Next step', variant === 'requires_action' ? nextAction : undefined),
			field('Payment method', method),
			field('Description', description),
			field('Receipt e-mail', receiptEmail),
			field('Charge', paymentIntentChargeId(intent)),
			field('Invoice', invoiceId),
		]);
		const links = [
			context.link('Open payment', 'payment_intent', event.objectId),
			customerLink(context, customerId),
			context.link('Open invoice', 'invoice', invoiceId),
		];
		const customerSummary: ActionDraft | undefined = customerId
			? { id: 'customer.summary', label: 'Customer summary', objectId: customerId, objectType: 'customer' }
			: undefined;
		const threadKey = paymentThreadKey(event.objectId, undefined);

		if (variant === 'succeeded') {
			return {
				category: 'other',
				severity: 'success',
				title: titled('Payment succeeded', amount),
				summary: sentence(amount && `${amount.text} received`, customerId && `from ${customerId}`, method, description),
				fields,
				links,
				actions: event.objectId
					? [
							{
								id: 'refund.create',
								label: 'Refund',
								style: 'danger',
								objectId: event.objectId,
								objectType: 'payment_intent',
								confirm: refundConfirm(amount?.text, method),
							},
						]
					: [],
				threadKey,
				amount,
			};
		}
		if (variant === 'payment_failed') {
			return {
				category: 'paymentFailed',
				severity: 'warning',
				title: titled('Payment failed', amount),
				summary: sentence(errorMessage ?? failure ?? 'The payment attempt failed', method, customerId),
				fields,
				links,
				actions: [
					event.objectId
						? {
								id: 'payment_link.create',
								label: 'Send payment link',
								style: 'primary',
								objectId: event.objectId,
								objectType: 'payment_intent',
							}
						: undefined,
					customerSummary,
					...teamActions({ id: event.objectId, type: 'payment_intent' }, customerId),
				],
				threadKey,
				amount,
			};
		}
		return {
			category: 'paymentFailed',
			severity: 'warning',
			title: titled('Payment needs customer action', amount),
			summary: sentence(
				`The customer must act before the payment can complete${nextAction ? `: ${nextAction}` : ''}`,
				customerId,
			),
			fields,
			links,
			actions: [customerSummary],
			threadKey,
			amount,
		};
	};
}

function billingFields(context: MessageContext, charge: StripeObject): Array<MessageField | undefined> {
	const { redactor } = context;
	const billing = recordOf(charge.billing_details) ?? {};
	const billingEmail = redactor.email(billing.email, 'billing_details.email');
	const receiptEmail =
		charge.receipt_email && charge.receipt_email !== billing.email
			? redactor.email(charge.receipt_email, 'receipt_email')
			: undefined;
	return [
		field('Billing name', redactor.name(billing.name, 'billing_details.name')),
		field('Billing e-mail', billingEmail),
		field('Receipt e-mail', receiptEmail),
		field('Billing phone', redactor.phone(billing.phone, 'billing_details.phone')),
		field('Billing address', redactor.address(billing.address, 'billing_details.address')),
	];
}

type ChargeVariant = 'succeeded' | 'failed' | 'refunded';

function chargeMessage(variant: ChargeVariant): MessageBuilder {
	return (context) => {
		const { object: charge, redactor, event } = context;
		const chargeId = event.objectId;
		const paymentIntentId = idOf(charge.payment_intent);
		const customerId = idOf(charge.customer);
		const method = chargeMethodLabel(charge);
		const chargeAmount = context.amount(charge.amount, charge.currency);
		const description = shorten(redactor.text(charge.description, 'description'));
		const links = [
			context.link('Open payment', 'charge', chargeId),
			customerLink(context, customerId),
			context.link('Open invoice', 'invoice', idOf(charge.invoice)),
		];
		const threadKey = paymentThreadKey(paymentIntentId, chargeId);

		if (variant === 'failed') {
			// For issuer declines `outcome.reason` carries the decline code (`insufficient_funds`).
			const outcomeReason = pathValue(charge, ['outcome', 'reason']);
			const failure = failureCodeText(charge.failure_code, outcomeReason);
			const decline = explainDecline(
				{
					code: charge.failure_code,
					declineCode: outcomeReason,
					outcomeType: pathValue(charge, ['outcome', 'type']),
				},
				NO_RETRY_SCHEDULE,
			);
			const failureMessage = shorten(redactor.text(optionalString(charge.failure_message), 'failure_message'));
			const sellerMessage = shorten(
				redactor.text(optionalString(pathValue(charge, ['outcome', 'seller_message'])), 'outcome.seller_message'),
			);
			return {
				links,
				threadKey,
				category: 'paymentFailed',
				severity: 'warning',
				title: titled('Charge failed', chargeAmount),
				summary: sentence(failureMessage ?? sellerMessage ?? failure ?? 'The charge failed', method, customerId),
				fields: topFields([
					field('Amount', chargeAmount?.text),
					field('Error', failure),
					field('Message', failureMessage),
					// Stripe's outcome text repeats the decline code; what to do about it says more in the same place.
					decline ? field('What to do', declineAdvice(decline)) : field('Outcome', sellerMessage),
					field('Payment method', method),
					field('Customer', customerId),
					...billingFields(context, charge),
					field('Description', description),
				]),
				actions: [
					chargeId
						? {
								id: 'payment_link.create',
								label: 'Send payment link',
								style: 'primary',
								objectId: chargeId,
								objectType: 'charge',
							}
						: undefined,
					customerId
						? { id: 'customer.summary', label: 'Customer summary', objectId: customerId, objectType: 'customer' }
						: undefined,
					...teamActions({ id: chargeId, type: 'charge' }, customerId),
				],
				amount: chargeAmount,
			};
		}

		if (variant === 'refunded') {
			const refunded = context.amount(charge.amount_refunded, charge.currency);
			const partial = refunded !== undefined && chargeAmount !== undefined && refunded.minor < chargeAmount.minor;
			const remaining = partial ? context.money(chargeAmount.minor - refunded.minor, charge.currency) : undefined;
			const refunds = pathValue(charge, ['refunds', 'data']);
			const latestRefund = Array.isArray(refunds) && refunds.length > 0 ? recordOf(refunds[0]) : undefined;
			const reason = refundReason(latestRefund?.reason);
			const headline = partial
				? `Partial refund: ${refunded.text} of ${chargeAmount.text}`
				: refunded
					? `Full refund: ${refunded.text}`
					: titled('Charge refunded', chargeAmount);
			return {
				links,
				threadKey,
				category: 'other',
				severity: 'info',
				title: headline,
				summary: sentence(headline, method && `to ${method}`, remaining && `${remaining} kept`, reason),
				fields: topFields([
					field('Refunded', refunded?.text),
					field('Charge amount', chargeAmount?.text),
					field('Refund', refunded && (partial ? 'Partial' : 'Full')),
					field('Reason', reason),
					field('Payment method', method),
					field('Customer', customerId),
					field('Latest refund', idOf(latestRefund)),
					...billingFields(context, charge),
				]),
				actions: [],
				amount: refunded ?? chargeAmount,
			};
		}

		return {
			links,
			threadKey,
			category: 'other',
			severity: 'success',
			title: titled('Charge succeeded', chargeAmount),
			summary: sentence(chargeAmount && `${chargeAmount.text} charged`, method, customerId, description),
			fields: topFields([
				field('Amount', chargeAmount?.text),
				field('Payment method', method),
				field('Customer', customerId),
				field('Payment intent', paymentIntentId),
				...billingFields(context, charge),
				field('Description', description),
			]),
			actions: chargeId
				? [
						{
							id: 'refund.create',
							label: 'Refund',
							style: 'danger',
							objectId: chargeId,
							objectType: 'charge',
							confirm: refundConfirm(chargeAmount?.text, method),
						},
					]
				: [],
			amount: chargeAmount,
		};
	};
}

function refundReason(reason: unknown): string | undefined {
	const code = optionalString(reason);
	return code ? (REFUND_REASONS[code] ?? humanize(code)) : undefined;
}

/** refund.created / refund.updated / refund.failed, and the older charge.refund.updated. */
const refundMessage: MessageBuilder = (context) => {
	const { object: refund, event, redactor } = context;
	const amount = context.amount(refund.amount, refund.currency);
	const chargeId = idOf(refund.charge);
	const paymentIntentId = idOf(refund.payment_intent) ?? idOf(pathValue(refund, ['charge', 'payment_intent']));
	const status = optionalString(refund.status);
	const failed = event.type === 'refund.failed' || status === 'failed';
	const failureReason = refundReason(refund.failure_reason);
	const reason = refundReason(refund.reason);
	const verb = event.type === 'refund.created' ? 'Refund created' : failed ? 'Refund failed' : 'Refund updated';
	return {
		category: 'other',
		severity: failed ? 'warning' : 'info',
		title: titled(verb, amount),
		summary: sentence(
			failed
				? `The refund could not reach the customer${failureReason ? `: ${failureReason}` : ''}`
				: amount && `${amount.text} refund`,
			!failed && reason,
			!failed && status && `status ${humanize(status)?.toLowerCase()}`,
			chargeId ?? paymentIntentId,
		),
		fields: topFields([
			field('Amount', amount?.text),
			field('Status', humanize(status)),
			field('Failure reason', failureReason),
			field('Reason', reason),
			field('Charge', chargeId),
			field('Payment intent', paymentIntentId),
			field('Description', shorten(redactor.text(refund.description, 'description'))),
		]),
		links: [
			context.link('Open refund', 'refund', event.objectId),
			chargeId
				? context.link('Open payment', 'charge', chargeId)
				: context.link('Open payment', 'payment_intent', paymentIntentId),
		],
		threadKey: paymentThreadKey(paymentIntentId, chargeId),
		amount,
	};
};

/**
 * Curated messages for PaymentIntents, charges and refunds.
 * @see https://docs.stripe.com/api/payment_intents/object
 * @see https://docs.stripe.com/api/charges/object
 * @see https://docs.stripe.com/api/refunds/object
 */
export const PAYMENT_BUILDERS: Readonly<Record<string, MessageBuilder>> = {
	'payment_intent.succeeded': paymentIntentMessage('succeeded'),
	'payment_intent.payment_failed': paymentIntentMessage('payment_failed'),
	'payment_intent.requires_action': paymentIntentMessage('requires_action'),
	'charge.succeeded': chargeMessage('succeeded'),
	'charge.failed': chargeMessage('failed'),
	'charge.refunded': chargeMessage('refunded'),
	'refund.created': refundMessage,
	'refund.updated': refundMessage,
	'refund.failed': refundMessage,
	'charge.refund.updated': refundMessage,
};
