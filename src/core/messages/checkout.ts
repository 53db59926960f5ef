import { idOf } from '../normalize';
import { isRecord } from '../records';
import type { Redactor } from '../redact';
import type { StripeObject } from '../types';
import type { ActionDraft, MessageBuilder, MessageDraft } from './context';
import { field, humanize } from './context';
import { sentence, shorten, titled, topFields } from './payment';

/** Metadata is free text set by the merchant's code or copied from customer input: a few entries are a hint. */
const MAX_METADATA_ENTRIES = 3;
const MAX_METADATA_VALUE_LENGTH = 60;

const MODES: Readonly<Record<string, string>> = {
	payment: 'One-time payment',
	subscription: 'Subscription',
	setup: 'Save payment method',
};

type CheckoutVariant = 'completed' | 'expired' | 'async_payment_succeeded' | 'async_payment_failed';

/**
 * `order: 1234, note: j***@example.com`: keys and values both pass through the redactor, since either may
 * carry what a customer typed.
 */
function metadataSummary(redactor: Redactor, metadata: unknown): string | undefined {
	if (!isRecord(metadata)) return undefined;
	const entries = Object.entries(metadata).filter(([, value]) => value !== null && value !== undefined && value !== '');
	if (entries.length === 0) return undefined;
	const shown = entries.slice(0, MAX_METADATA_ENTRIES).map(([key, value]) => {
		const safeKey = redactor.text(key, 'metadata') ?? '';
		const safeValue = shorten(redactor.text(value, `metadata.${safeKey}`), MAX_METADATA_VALUE_LENGTH);
		return `${safeKey}: ${safeValue ?? ''}`;
	});
	const more = entries.length - shown.length;
	return more > 0 ? `${shown.join(', ')} (+${more} more)` : shown.join(', ');
}

function headline(variant: CheckoutVariant, mode: string | undefined, paymentStatus: string | undefined): string {
	switch (variant) {
		case 'expired':
			return 'Checkout expired';
		case 'async_payment_succeeded':
			return 'Checkout payment succeeded';
		case 'async_payment_failed':
			return 'Checkout payment failed';
		case 'completed':
			if (mode === 'setup') return 'Checkout completed: payment method saved';
			if (paymentStatus === 'unpaid') return 'Checkout completed, payment pending';
			return mode === 'subscription' ? 'Subscription checkout completed' : 'Checkout completed';
	}
}

function severityOf(variant: CheckoutVariant, paymentStatus: string | undefined): MessageDraft['severity'] {
	switch (variant) {
		case 'async_payment_failed':
			return 'warning';
		case 'async_payment_succeeded':
			return 'success';
		case 'expired':
			return 'info';
		case 'completed':
			return paymentStatus === 'unpaid' ? 'info' : 'success';
	}
}

function checkoutMessage(variant: CheckoutVariant): MessageBuilder {
	return (context) => {
		const { object: session, redactor, event } = context;
		const sessionId = event.objectId;
		const mode = typeof session.mode === 'string' ? session.mode : undefined;
		const paymentStatus = typeof session.payment_status === 'string' ? session.payment_status : undefined;
		// A setup session moves no money; its amount fields are null or 0.
		const amount = mode === 'setup' ? undefined : context.amount(session.amount_total, session.currency);
		const details: StripeObject = isRecord(session.customer_details) ? session.customer_details : {};
		const customerId = idOf(session.customer);
		const paymentIntentId = idOf(session.payment_intent);
		const subscriptionId = idOf(session.subscription);
		const invoiceId = idOf(session.invoice);
		const name = redactor.name(details.name, 'customer_details.name');
		const email =
			redactor.email(details.email, 'customer_details.email') ??
			redactor.email(session.customer_email, 'customer_email');
		const reference = shorten(redactor.text(session.client_reference_id, 'client_reference_id'));
		const metadata = metadataSummary(redactor, session.metadata);
		// Under `strict` the name and e-mail are placeholders, which read badly as the subject of a sentence.
		const who = redactor.policy === 'strict' ? customerId : (name ?? email ?? customerId);

		let summary: string;
		switch (variant) {
			case 'completed':
				summary = sentence(
					mode === 'setup'
						? `${who ?? 'The customer'} saved a payment method`
						: `${who ?? 'The customer'} completed checkout${amount ? ` for ${amount.text}` : ''}`,
					paymentStatus === 'unpaid' && 'the payment is still processing',
				);
				break;
			case 'expired':
				summary = `${who ?? 'The customer'} left checkout without paying${amount ? ` ${amount.text}` : ''}`;
				break;
			case 'async_payment_succeeded':
				summary = `The delayed payment${amount ? ` of ${amount.text}` : ''} from ${who ?? 'the customer'} arrived`;
				break;
			case 'async_payment_failed':
				summary = `The delayed payment${amount ? ` of ${amount.text}` : ''} from ${who ?? 'the customer'} failed`;
				break;
		}

		const followUp: Array<ActionDraft | undefined> =
			(variant === 'expired' || variant === 'async_payment_failed') && sessionId && mode !== 'setup'
				? [
						{
							id: 'payment_link.create',
							label: 'Send payment link',
							style: 'primary',
							objectId: sessionId,
							objectType: 'checkout.session',
						},
						customerId
							? { id: 'customer.summary', label: 'Customer summary', objectId: customerId, objectType: 'customer' }
							: undefined,
					]
				: [];

		return {
			category: variant === 'async_payment_failed' ? 'paymentFailed' : 'other',
			severity: severityOf(variant, paymentStatus),
			title: titled(headline(variant, mode, paymentStatus), amount),
			summary,
			fields: topFields([
				field('Amount', amount?.text),
				field('Mode', mode ? (MODES[mode] ?? humanize(mode)) : undefined),
				field('Payment status', humanize(paymentStatus)),
				field('Customer name', name),
				field('Customer e-mail', email),
				field('Customer', customerId),
				field('Reference', reference),
				field('Metadata', metadata),
				field('Subscription', subscriptionId),
				field('Payment intent', paymentIntentId),
			]),
			// Never the session's `url` or the recovery URL: both are the customer's own payment page.
			links: [
				context.link('Open payment', 'payment_intent', paymentIntentId),
				context.link('Open subscription', 'subscription', subscriptionId),
				context.link('Open customer', 'customer', customerId),
				context.link('Open invoice', 'invoice', invoiceId),
			],
			actions: followUp,
			threadKey: sessionId ? `checkout.session:${sessionId}` : undefined,
			amount,
		};
	};
}

/**
 * Curated messages for Checkout Sessions. A session's own `url` is deliberately never shown or linked.
 * @see https://docs.stripe.com/api/checkout/sessions/object
 * @see https://docs.stripe.com/checkout/fulfillment
 */
export const CHECKOUT_BUILDERS: Readonly<Record<string, MessageBuilder>> = {
	'checkout.session.completed': checkoutMessage('completed'),
	'checkout.session.expired': checkoutMessage('expired'),
	'checkout.session.async_payment_succeeded': checkoutMessage('async_payment_succeeded'),
	'checkout.session.async_payment_failed': checkoutMessage('async_payment_failed'),
};
