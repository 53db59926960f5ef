import {
	idOf,
	invoiceChargeId,
	invoicePaymentIntentId,
	invoiceSubscriptionId,
	optionalString,
	pathValue,
	recordOf,
} from '../normalize';
import { declineAdvice, explainDecline } from '../declines';
import type { FailureCodes } from '../declines';
import type { NormalizedEvent } from '../normalize';
import type { MessageAmount, MessageField, MessageLink, PaymentFailureLookup, StripeObject } from '../types';
import type { ActionDraft, MessageBuilder, MessageContext, MessageDraft } from './context';
import { field, humanize } from './context';
import { clip, customerDisplay, expandedCustomerDisplay } from './customer';
import { CARD_BRAND_NAMES } from './payment';
import { teamActions } from './team';

/** How many line descriptions a message names; an invoice can have hundreds of lines. */
const MAX_LINE_DESCRIPTIONS = 3;
const MAX_LINE_DESCRIPTION_LENGTH = 40;

/**
 * The expanded objects behind an invoice's payment, if whoever fetched the invoice expanded them: the old
 * top-level `charge`/`payment_intent`, or `payments.data[].payment.{charge,payment_intent}` since `2025-03-31.basil`.
 * Webhook payloads carry ids only; the Payment Alert node may expand them before building the message.
 * @see https://docs.stripe.com/changelog/basil/2025-03-31/add-support-for-multiple-partial-payments-on-invoices
 */
function expandedPayment(invoice: StripeObject): { charge?: StripeObject; paymentIntent?: StripeObject } {
	const payments = pathValue(invoice, ['payments', 'data']);
	const entries = Array.isArray(payments) ? payments : [];
	const fromPayments = (key: string) =>
		entries.map((entry) => recordOf(pathValue(entry, ['payment', key]))).find((value) => value !== undefined);
	const paymentIntent = recordOf(invoice.payment_intent) ?? fromPayments('payment_intent');
	const charge = recordOf(invoice.charge) ?? fromPayments('charge') ?? recordOf(paymentIntent?.latest_charge);
	return { charge, paymentIntent };
}

function joinCodes(codes: Array<unknown>): string | undefined {
	const unique = [...new Set(codes.filter((code): code is string => typeof code === 'string' && code.length > 0))];
	return unique.length ? unique.join(', ') : undefined;
}

/** A payment failure as the event or a look-up at Stripe reports it: the codes, and a message from a bank or Stripe. */
interface ReportedFailure extends FailureCodes {
	message: unknown;
	/** Where the message was read, for the redaction notes. */
	messageField: string;
}

/**
 * Why the payment failed, as far as the event says: the charge's `failure_message` / `failure_code` /
 * `outcome.reason` when the charge is expanded, else the PaymentIntent's `last_payment_error`, else the invoice's
 * `last_finalization_error`. Webhook payloads of `2025-03-31.basil` and later carry none of them.
 */
function failureInEvent(invoice: StripeObject): ReportedFailure | undefined {
	const { charge, paymentIntent } = expandedPayment(invoice);
	if (charge && (charge.failure_code || charge.failure_message)) {
		return {
			message: charge.failure_message,
			messageField: 'charge.failure_message',
			code: charge.failure_code,
			declineCode: pathValue(charge, ['outcome', 'reason']),
			outcomeType: pathValue(charge, ['outcome', 'type']),
		};
	}
	const paymentError = recordOf(paymentIntent?.last_payment_error);
	if (paymentError) {
		return {
			message: paymentError.message,
			messageField: 'payment_intent.last_payment_error.message',
			code: paymentError.code,
			declineCode: paymentError.decline_code,
		};
	}
	const finalizationError = recordOf(invoice.last_finalization_error);
	if (finalizationError) {
		return {
			message: finalizationError.message,
			messageField: 'last_finalization_error.message',
			code: finalizationError.code,
		};
	}
	return undefined;
}

function failureLookedUp(lookup: PaymentFailureLookup | undefined): ReportedFailure | undefined {
	if (lookup?.lookedUp !== 'found' || !(lookup.code || lookup.declineCode || lookup.message)) return undefined;
	return {
		message: lookup.message,
		messageField: 'last_payment_error.message',
		code: lookup.code,
		declineCode: lookup.declineCode,
		outcomeType: lookup.outcomeType,
	};
}

/**
 * The reason in words, and what to do when the codes are in the decline table. A reason the table does not know
 * shows the message (scrubbed like any free text: it comes from banks) with its codes.
 */
function explainFailure(
	context: MessageContext,
	failure: ReportedFailure,
	retryScheduled: boolean,
): { reason: string; advice?: string } {
	const decline = explainDecline(failure, { retryScheduled });
	if (decline) return { reason: decline.reason, advice: declineAdvice(decline) };
	const message = clip(context.redactor.text(optionalString(failure.message), failure.messageField), 100);
	const code = joinCodes([failure.code, failure.declineCode]);
	return { reason: message && code ? `${message} (${code})` : (message ?? humanize(code) ?? 'unknown') };
}

/** What the summary says when neither the event nor a look-up at Stripe said why. */
function missingReason(lookup: PaymentFailureLookup | undefined): string {
	const missing = 'reason not included in the event';
	return lookup && lookup.lookedUp !== 'found'
		? `${missing}; looking it up at Stripe failed (${clip(lookup.cause, 60)})`
		: missing;
}

/** The invoice payment the latest attempt used: the newest one in the event's `payments` list that is not paid. */
function latestUnpaidPayment(invoice: StripeObject): StripeObject | undefined {
	const payments = pathValue(invoice, ['payments', 'data']);
	const unpaid = (Array.isArray(payments) ? payments : [])
		.map(recordOf)
		.filter((entry): entry is StripeObject => entry !== undefined && entry.status !== 'paid');
	const created = (entry: StripeObject) => (typeof entry.created === 'number' ? entry.created : 0);
	return unpaid.sort((a, b) => created(b) - created(a))[0];
}

/** A failed invoice payment to look up at Stripe, with the payment ids the event already names. */
export interface PaymentFailureTarget {
	invoiceId: string;
	paymentIntentId?: string;
	chargeId?: string;
}

/**
 * What the Payment Alert node should look up at Stripe: an `invoice.payment_failed` event that does not say why the
 * payment failed. Undefined for any other event, and for one that says why.
 */
export function paymentFailureLookupTarget(event: NormalizedEvent): PaymentFailureTarget | undefined {
	if (event.thin || event.type !== 'invoice.payment_failed' || !event.objectId) return undefined;
	const invoice = event.object;
	if (failureInEvent(invoice)) return undefined;
	const payment = latestUnpaidPayment(invoice);
	const paymentIntentId = payment
		? idOf(pathValue(payment, ['payment', 'payment_intent']))
		: idOf(invoice.payment_intent);
	const chargeId = payment ? idOf(pathValue(payment, ['payment', 'charge'])) : idOf(invoice.charge);
	return {
		invoiceId: event.objectId,
		...(paymentIntentId ? { paymentIntentId } : {}),
		...(chargeId ? { chargeId } : {}),
	};
}

/** `Visa •••• 4242` from the charge's `payment_method_details.card` (or a 2016-era `source`), or the PI's error. */
function cardOf(invoice: StripeObject): string | undefined {
	const { charge, paymentIntent } = expandedPayment(invoice);
	const card =
		recordOf(pathValue(charge, ['payment_method_details', 'card'])) ??
		recordOf(pathValue(paymentIntent, ['last_payment_error', 'payment_method', 'card'])) ??
		(pathValue(charge, ['source', 'object']) === 'card' ? recordOf(charge?.source) : undefined);
	const last4 = optionalString(card?.last4);
	if (!card || !last4) return undefined;
	const brand = optionalString(card.brand);
	const brandName = brand ? (CARD_BRAND_NAMES[brand.toLowerCase().replace(/\s+/g, '_')] ?? humanize(brand)) : 'Card';
	return `${brandName} •••• ${last4}`;
}

/** Who the invoice is for: `customer_name`/`customer_email` (2018+) or an expanded customer. */
function invoiceCustomer(context: MessageContext, invoice: StripeObject): string | undefined {
	return (
		customerDisplay(
			context,
			{ name: invoice.customer_name, email: invoice.customer_email },
			{ name: 'customer_name', email: 'customer_email' },
		) ??
		expandedCustomerDisplay(context, invoice.customer) ??
		idOf(invoice.customer)
	);
}

/**
 * `300 lines: Seat licence; Support plan; Setup fee; +297 more`: a count and the first few descriptions,
 * never a field per line.
 */
function linesSummary(context: MessageContext, invoice: StripeObject): string | undefined {
	const data = pathValue(invoice, ['lines', 'data']);
	const lines = Array.isArray(data) ? data : [];
	const totalCount = pathValue(invoice, ['lines', 'total_count']);
	const count = typeof totalCount === 'number' && totalCount >= lines.length ? totalCount : lines.length;
	if (count === 0) return undefined;
	const descriptions = lines
		.slice(0, MAX_LINE_DESCRIPTIONS)
		.map((line, index) =>
			clip(
				context.redactor.text(optionalString(pathValue(line, ['description'])), `lines.data[${index}].description`),
				MAX_LINE_DESCRIPTION_LENGTH,
			),
		)
		.filter((description): description is string => Boolean(description));
	const more = count - descriptions.length;
	const head = `${count} ${count === 1 ? 'line' : 'lines'}`;
	if (descriptions.length === 0) return head;
	return `${head}: ${descriptions.join('; ')}${more > 0 ? `; +${more} more` : ''}`;
}

function isSubscriptionInvoice(invoice: StripeObject): boolean {
	const reason = optionalString(invoice.billing_reason);
	return Boolean(invoiceSubscriptionId(invoice)) || Boolean(reason?.startsWith('subscription'));
}

function dateWithRelative(context: MessageContext, unixSeconds: unknown): string | undefined {
	const date = context.date(unixSeconds);
	if (!date) return undefined;
	const relative = context.relative(unixSeconds);
	return relative ? `${date} (${relative})` : date;
}

/** Only a real https URL becomes a link; anything else in the payload is not trusted as one. */
function httpsLink(label: string, url: unknown): MessageLink | undefined {
	if (typeof url !== 'string') return undefined;
	try {
		return new URL(url).protocol === 'https:' ? { label, url } : undefined;
	} catch {
		return undefined;
	}
}

interface InvoiceFacts {
	id?: string;
	label: string;
	customer?: string;
	customerId?: string;
	subscriptionId?: string;
	paymentRef?: { objectType: 'payment_intent' | 'charge'; objectId: string };
	billingReason?: string;
	lines?: string;
}

function factsOf(context: MessageContext): InvoiceFacts {
	const invoice = context.object;
	const paymentIntentId = invoicePaymentIntentId(invoice);
	const chargeId = invoiceChargeId(invoice);
	return {
		id: context.event.objectId,
		// Redacted before titles are clipped around it: a clipped half of an e-mail is no longer found.
		label:
			context.redactor.text(optionalString(invoice.number) ?? context.event.objectId, 'number') ?? 'upcoming invoice',
		customer: invoiceCustomer(context, invoice),
		customerId: idOf(invoice.customer),
		subscriptionId: invoiceSubscriptionId(invoice),
		paymentRef: paymentIntentId
			? { objectType: 'payment_intent', objectId: paymentIntentId }
			: chargeId
				? { objectType: 'charge', objectId: chargeId }
				: undefined,
		billingReason: humanize(invoice.billing_reason),
		lines: linesSummary(context, invoice),
	};
}

function invoiceLinks(context: MessageContext, facts: InvoiceFacts): Array<MessageLink | undefined> {
	return [
		context.link('Open invoice', 'invoice', facts.id),
		httpsLink('Hosted invoice page', context.object.hosted_invoice_url),
		facts.paymentRef ? context.link('Open payment', facts.paymentRef.objectType, facts.paymentRef.objectId) : undefined,
		context.link('Open customer', 'customer', facts.customerId),
		context.link('Open subscription', 'subscription', facts.subscriptionId),
	];
}

/** An upcoming invoice has no id yet: it threads with its subscription (or customer) instead. */
function invoiceThreadKey(context: MessageContext, facts: InvoiceFacts): string {
	if (facts.id) return `invoice:${facts.id}`;
	if (facts.subscriptionId) return `subscription:${facts.subscriptionId}`;
	if (facts.customerId) return `customer:${facts.customerId}`;
	return `event:${context.event.id}`;
}

/** An invoice can be retried or re-sent only while it is open (2016-era invoices have no `status`). */
function isOpen(invoice: StripeObject): boolean {
	return invoice.status === undefined || invoice.status === null || invoice.status === 'open';
}

function finish(
	context: MessageContext,
	facts: InvoiceFacts,
	draft: Omit<MessageDraft, 'links' | 'threadKey'> & { fields: Array<MessageField | undefined> },
): MessageDraft {
	return {
		...draft,
		title: clip(draft.title, 80),
		summary: clip(draft.summary, 200),
		links: invoiceLinks(context, facts),
		threadKey: invoiceThreadKey(context, facts),
	};
}

function joinParts(parts: Array<string | undefined>): string {
	return parts.filter(Boolean).join(' · ');
}

/** A retry due within the last hour may still be under way (and clocks differ): only an older one is history. */
const RETRY_DUE_GRACE_MS = 60 * 60 * 1000;

/**
 * `invoice.payment_failed`: why it failed (once, in the summary: from the event, else from a look-up at Stripe, else
 * that neither said) and what to do about it, how many attempts, when Stripe retries (or that it will not: then
 * the alert is critical), the card, the customer and subscription, and buttons to retry or send a dunning e-mail.
 * @see https://docs.stripe.com/billing/subscriptions/webhooks#payment-failures
 * @see https://docs.stripe.com/api/invoices/object#invoice_object-next_payment_attempt
 */
const invoicePaymentFailed: MessageBuilder = (context) => {
	const invoice = context.object;
	const facts = factsOf(context);
	const amount = context.amount(invoice.amount_due, invoice.currency);
	const failure = failureInEvent(invoice) ?? failureLookedUp(context.paymentFailure);
	const attempts = typeof invoice.attempt_count === 'number' ? invoice.attempt_count : undefined;
	// `null` is Stripe's way of saying it will not retry; a missing field (partial payload) says nothing.
	const noMoreRetries = invoice.next_payment_attempt === null;
	const retryAt = typeof invoice.next_payment_attempt === 'number' ? invoice.next_payment_attempt : undefined;
	// An alert read after its retry was due (a late delivery, a replay): the retry is history, not a plan.
	const retryPassed = retryAt !== undefined && retryAt * 1000 < context.now() - RETRY_DUE_GRACE_MS;
	const retryPending = retryAt !== undefined && !retryPassed;
	const explained = failure ? explainFailure(context, failure, retryPending) : undefined;
	const retryWhen = context.relative(retryAt);
	let nextRetry = dateWithRelative(context, retryAt);
	let retrySummary = retryWhen ? `next retry ${retryWhen}` : undefined;
	if (noMoreRetries) {
		nextRetry = 'no more automatic retries';
		retrySummary = nextRetry;
	} else if (retryPassed) {
		nextRetry = `was due ${nextRetry}: Stripe has retried since this event; the invoice shows how it went`;
		retrySummary = retryWhen ? `retry was due ${retryWhen}` : undefined;
	}
	const actions: Array<ActionDraft | undefined> =
		facts.id && isOpen(invoice)
			? [
					{ id: 'invoice.retry', label: 'Retry payment', style: 'primary', objectId: facts.id, objectType: 'invoice' },
					{ id: 'invoice.send', label: 'Send dunning e-mail', objectId: facts.id, objectType: 'invoice' },
				]
			: [];
	if (facts.customerId) {
		actions.push({
			id: 'customer.summary',
			label: 'Customer summary',
			objectId: facts.customerId,
			objectType: 'customer',
		});
	}
	if (isOpen(invoice)) actions.push(...teamActions({ id: facts.id, type: 'invoice' }, facts.customerId));
	return finish(context, facts, {
		category: 'paymentFailed',
		severity: noMoreRetries ? 'critical' : 'warning',
		title: `Invoice payment failed: ${amount?.text ?? facts.label}`,
		summary: joinParts([
			attempts ? `Attempt ${attempts} failed` : 'Payment failed',
			explained ? clip(explained.reason, 80) : missingReason(context.paymentFailure),
			retrySummary,
			facts.customer,
		]),
		fields: [
			field('Customer', facts.customer),
			field('Amount due', amount?.text),
			field('Invoice', facts.label),
			field('What to do', explained?.advice),
			field('Attempts', attempts),
			field('Next retry', nextRetry),
			field('Card', cardOf(invoice)),
			field('Subscription', facts.subscriptionId),
			field('Billing reason', facts.billingReason),
			field('Lines', facts.lines),
		],
		actions,
		amount,
	});
};

/** The payment to refund from a paid invoice: its PaymentIntent, or its charge on older API versions. */
function refundAction(facts: InvoiceFacts, amount: MessageAmount | undefined): ActionDraft | undefined {
	if (!facts.paymentRef || !amount || amount.minor <= 0) return undefined;
	return {
		id: 'refund.create',
		label: 'Refund payment',
		style: 'danger',
		objectId: facts.paymentRef.objectId,
		objectType: facts.paymentRef.objectType,
		confirm: {
			title: 'Refund this payment?',
			text: `Refunds ${amount.text} of invoice ${facts.label} to the customer. This cannot be undone.`,
			confirm: 'Refund',
			deny: 'Cancel',
		},
	};
}

/**
 * `invoice.paid` and `invoice.payment_succeeded`: who paid how much for which invoice, tagged "Subscription"
 * or "One-time" (a subscription on the invoice, or a `billing_reason` starting with `subscription`).
 * @see https://docs.stripe.com/api/events/types#event_types-invoice.paid
 */
const invoicePaid: MessageBuilder = (context) => {
	const invoice = context.object;
	const facts = factsOf(context);
	const paid = typeof invoice.amount_paid === 'number' ? invoice.amount_paid : invoice.total;
	const amount = context.amount(paid, invoice.currency);
	const kind = isSubscriptionInvoice(invoice) ? 'Subscription' : 'One-time';
	return finish(context, facts, {
		category: 'invoicePaid',
		severity: 'success',
		title: `Invoice paid: ${amount?.text ?? facts.label}`,
		summary: joinParts([`Invoice ${facts.label}`, kind, facts.customer]),
		fields: [
			field('Customer', facts.customer),
			field('Amount paid', amount?.text),
			field('Invoice', facts.label),
			field('Type', kind),
			field('Paid at', context.date(pathValue(invoice, ['status_transitions', 'paid_at']))),
			field('Subscription', facts.subscriptionId),
			field('Billing reason', facts.billingReason),
			field('Lines', facts.lines),
		],
		actions: [refundAction(facts, amount)],
		amount,
	});
};

/**
 * `invoice.payment_action_required`: the bank asked the customer to authenticate (3D Secure); the payment
 * waits until they do it on the hosted invoice page.
 * @see https://docs.stripe.com/billing/subscriptions/overview#requires-action
 */
const invoicePaymentActionRequired: MessageBuilder = (context) => {
	const invoice = context.object;
	const facts = factsOf(context);
	const amount = context.amount(invoice.amount_due, invoice.currency);
	return finish(context, facts, {
		category: 'paymentFailed',
		severity: 'warning',
		title: `Customer must confirm payment: ${amount?.text ?? facts.label}`,
		summary: joinParts([
			'The bank asked the customer to authenticate (3D Secure)',
			optionalString(invoice.hosted_invoice_url) ? 'they can do it on the hosted invoice page' : undefined,
			facts.customer,
		]),
		fields: [
			field('Customer', facts.customer),
			field('Amount due', amount?.text),
			field('Invoice', facts.label),
			field('Card', cardOf(invoice)),
			field('Subscription', facts.subscriptionId),
			field('Billing reason', facts.billingReason),
			field('Lines', facts.lines),
		],
		actions: [
			facts.id && isOpen(invoice)
				? { id: 'invoice.send', label: 'E-mail the payment page', objectId: facts.id, objectType: 'invoice' }
				: undefined,
		],
		amount,
	});
};

/**
 * `invoice.finalization_failed`: Stripe could not finalize the invoice (often automatic tax without a valid
 * customer address); `last_finalization_error` says why.
 * @see https://docs.stripe.com/api/invoices/object#invoice_object-last_finalization_error
 */
const invoiceFinalizationFailed: MessageBuilder = (context) => {
	const invoice = context.object;
	const facts = factsOf(context);
	const amount = context.amount(invoice.amount_due, invoice.currency);
	const error = recordOf(invoice.last_finalization_error);
	const message = clip(context.redactor.text(optionalString(error?.message), 'last_finalization_error.message'));
	const code = optionalString(error?.code) ?? optionalString(error?.type);
	return finish(context, facts, {
		category: 'other',
		severity: 'warning',
		title: `Invoice could not be finalized: ${facts.label}`,
		summary: joinParts([message ?? humanize(code) ?? 'Reason not included in the event', facts.customer]),
		fields: [
			field('Customer', facts.customer),
			field('Amount due', amount?.text),
			field('Invoice', facts.label),
			field('Error', message),
			field('Error code', code),
			field('Parameter', optionalString(error?.param)),
			field('Subscription', facts.subscriptionId),
			field('Billing reason', facts.billingReason),
			field('Lines', facts.lines),
		],
		amount,
	});
};

/**
 * `invoice.upcoming`: sent days before a subscription renews (the invoice has no id yet): how much, when, for
 * which subscription.
 * @see https://docs.stripe.com/api/events/types#event_types-invoice.upcoming
 */
const invoiceUpcoming: MessageBuilder = (context) => {
	const invoice = context.object;
	const facts = factsOf(context);
	const amount = context.amount(invoice.amount_due, invoice.currency);
	const when = invoice.next_payment_attempt ?? invoice.period_end;
	const relative = context.relative(when);
	return finish(context, facts, {
		category: 'other',
		severity: 'info',
		title: `Upcoming invoice: ${amount?.text ?? 'amount unknown'}${relative ? ` ${relative}` : ''}`,
		summary: joinParts([
			context.date(when) ? `Due ${context.date(when)}` : undefined,
			facts.subscriptionId ? `subscription ${facts.subscriptionId}` : undefined,
			facts.customer,
		]),
		fields: [
			field('Customer', facts.customer),
			field('Amount due', amount?.text),
			field(invoice.next_payment_attempt ? 'Charge date' : 'Period ends', dateWithRelative(context, when)),
			field('Subscription', facts.subscriptionId),
			field('Collection', humanize(invoice.collection_method)),
			field('Billing reason', facts.billingReason),
			field('Lines', facts.lines),
		],
		amount,
	});
};

export const INVOICE_BUILDERS: Readonly<Record<string, MessageBuilder>> = {
	'invoice.payment_failed': invoicePaymentFailed,
	'invoice.paid': invoicePaid,
	'invoice.payment_succeeded': invoicePaid,
	'invoice.payment_action_required': invoicePaymentActionRequired,
	'invoice.finalization_failed': invoiceFinalizationFailed,
	'invoice.upcoming': invoiceUpcoming,
};
