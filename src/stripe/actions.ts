import type Stripe from 'stripe';

/**
 * The Stripe calls behind the Stripe Action node, as plain functions of the official client. Every mutating call
 * takes request options, so the node can send an `Idempotency-Key` derived from the click.
 * @see https://docs.stripe.com/api
 */

export interface CallOptions {
	idempotencyKey?: string;
}

function requestOptions(options: CallOptions): Stripe.RequestOptions {
	return options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {};
}

/** Retries an open invoice's payment now (`POST /v1/invoices/:id/pay`). */
export async function retryInvoicePayment(stripe: Stripe, invoiceId: string, options: CallOptions = {}) {
	return await stripe.invoices.pay(invoiceId, {}, requestOptions(options));
}

/** Sends the invoice e-mail with its payment link to the customer (the dunning e-mail). */
export async function sendInvoice(stripe: Stripe, invoiceId: string, options: CallOptions = {}) {
	return await stripe.invoices.sendInvoice(invoiceId, {}, requestOptions(options));
}

export async function voidInvoice(stripe: Stripe, invoiceId: string, options: CallOptions = {}) {
	return await stripe.invoices.voidInvoice(invoiceId, {}, requestOptions(options));
}

export async function markInvoiceUncollectible(stripe: Stripe, invoiceId: string, options: CallOptions = {}) {
	return await stripe.invoices.markUncollectible(invoiceId, {}, requestOptions(options));
}

export async function getInvoice(stripe: Stripe, invoiceId: string) {
	return await stripe.invoices.retrieve(invoiceId);
}

export interface RefundInput {
	/** A PaymentIntent (`pi_…`) or a charge (`ch_…`). */
	paymentId: string;
	/** Minor units; undefined refunds everything that is left. */
	amount?: number;
	reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
	metadata?: Record<string, string>;
}

export async function createRefund(stripe: Stripe, input: RefundInput, options: CallOptions = {}) {
	const target = input.paymentId.startsWith('ch_') ? { charge: input.paymentId } : { payment_intent: input.paymentId };
	return await stripe.refunds.create(
		{
			...target,
			...(input.amount !== undefined ? { amount: input.amount } : {}),
			...(input.reason ? { reason: input.reason } : {}),
			...(input.metadata ? { metadata: input.metadata } : {}),
		},
		requestOptions(options),
	);
}

/** The currency of a payment, to turn a refund amount typed in major units into minor units. */
export async function paymentCurrency(stripe: Stripe, paymentId: string): Promise<string> {
	const payment = paymentId.startsWith('ch_')
		? await stripe.charges.retrieve(paymentId)
		: await stripe.paymentIntents.retrieve(paymentId);
	return payment.currency;
}

export async function getDispute(stripe: Stripe, disputeId: string) {
	return await stripe.disputes.retrieve(disputeId);
}

/** Text evidence fields a person can fill in from chat; Stripe accepts up to 150,000 characters in total. */
export const DISPUTE_TEXT_EVIDENCE = [
	'product_description',
	'customer_communication',
	'customer_name',
	'customer_email_address',
	'billing_address',
	'service_date',
	'shipping_tracking_number',
	'shipping_carrier',
	'refund_policy_disclosure',
	'refund_refusal_explanation',
	'cancellation_policy_disclosure',
	'cancellation_rebuttal',
	'duplicate_charge_explanation',
	'access_activity_log',
	'uncategorized_text',
] as const;

export type DisputeTextEvidence = Partial<Record<(typeof DISPUTE_TEXT_EVIDENCE)[number], string>>;

export const MAX_DISPUTE_EVIDENCE_CHARACTERS = 150_000;

export async function updateDisputeEvidence(
	stripe: Stripe,
	disputeId: string,
	evidence: DisputeTextEvidence,
	submit: boolean,
	options: CallOptions = {},
) {
	const total = Object.values(evidence).reduce((sum, value) => sum + (value?.length ?? 0), 0);
	if (total > MAX_DISPUTE_EVIDENCE_CHARACTERS) {
		throw new RangeError(
			`Dispute evidence is ${total} characters; Stripe accepts ${MAX_DISPUTE_EVIDENCE_CHARACTERS} in total`,
		);
	}
	return await stripe.disputes.update(disputeId, { evidence, submit }, requestOptions(options));
}

/** Accepting a dispute closes it in the customer's favour (`POST /v1/disputes/:id/close`). */
export async function acceptDispute(stripe: Stripe, disputeId: string, options: CallOptions = {}) {
	return await stripe.disputes.close(disputeId, {}, requestOptions(options));
}

export type LineInput =
	| { kind: 'amount'; amount: number; currency: string; description: string; quantity?: number }
	| { kind: 'price'; price: string; quantity: number };

function lineItem(line: LineInput): Stripe.Checkout.SessionCreateParams.LineItem {
	if (line.kind === 'price') return { price: line.price, quantity: line.quantity };
	return {
		quantity: line.quantity ?? 1,
		price_data: { currency: line.currency, unit_amount: line.amount, product_data: { name: line.description } },
	};
}

export interface CheckoutInput {
	line: LineInput;
	mode: 'payment' | 'subscription' | 'setup';
	successUrl: string;
	cancelUrl?: string;
	clientReferenceId?: string;
	metadata?: Record<string, string>;
	customer?: string;
	customerEmail?: string;
	/** 30 to 1440 minutes (Stripe's limits); undefined = Stripe's default of 24 h. */
	expiresInMinutes?: number;
	now?: () => number;
}

export async function createCheckoutSession(stripe: Stripe, input: CheckoutInput, options: CallOptions = {}) {
	const now = input.now ?? Date.now;
	const params: Stripe.Checkout.SessionCreateParams = {
		mode: input.mode,
		success_url: input.successUrl,
		...(input.cancelUrl ? { cancel_url: input.cancelUrl } : {}),
		...(input.mode === 'setup' ? {} : { line_items: [lineItem(input.line)] }),
		...(input.clientReferenceId ? { client_reference_id: input.clientReferenceId } : {}),
		...(input.metadata ? { metadata: input.metadata } : {}),
		...(input.customer ? { customer: input.customer } : {}),
		...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
		...(input.expiresInMinutes
			? { expires_at: Math.floor(now() / 1000) + Math.min(1440, Math.max(30, input.expiresInMinutes)) * 60 }
			: {}),
	};
	return await stripe.checkout.sessions.create(params, requestOptions(options));
}

export async function getCheckoutSession(stripe: Stripe, sessionId: string) {
	return await stripe.checkout.sessions.retrieve(sessionId);
}

/** A Payment Link needs a Price; an amount typed in chat becomes a one-off Price first. */
export async function createPaymentLink(
	stripe: Stripe,
	input: { line: LineInput; metadata?: Record<string, string> },
	options: CallOptions = {},
) {
	let price: string;
	let quantity: number;
	if (input.line.kind === 'price') {
		price = input.line.price;
		quantity = input.line.quantity;
	} else {
		const created = await stripe.prices.create(
			{
				currency: input.line.currency,
				unit_amount: input.line.amount,
				product_data: { name: input.line.description },
			},
			options.idempotencyKey ? { idempotencyKey: `${options.idempotencyKey}-price` } : {},
		);
		price = created.id;
		quantity = input.line.quantity ?? 1;
	}
	return await stripe.paymentLinks.create(
		{ line_items: [{ price, quantity }], ...(input.metadata ? { metadata: input.metadata } : {}) },
		requestOptions(options),
	);
}

/** What a "Send payment link" button asks to be paid again, read from the payment it was on. */
export interface PaymentToRepay {
	/** Minor units; null when the object has none (a Checkout Session in setup mode). */
	amount: number | null;
	currency: string | null;
	description: string | null;
	customerId: string | null;
}

function idOf(value: string | { id: string } | null | undefined): string | null {
	if (!value) return null;
	return typeof value === 'string' ? value : value.id;
}

/**
 * Reads amount, currency, description and customer of a PaymentIntent (`pi_`), a charge (`ch_`, `py_`) or a
 * Checkout Session (`cs_`): the objects "Send payment link" buttons refer to. A session has no description of its
 * own, so the descriptions of its line items stand in.
 * @see https://docs.stripe.com/api/payment_intents/retrieve
 * @see https://docs.stripe.com/api/charges/retrieve
 * @see https://docs.stripe.com/api/checkout/sessions/line_items
 */
export async function paymentToRepay(stripe: Stripe, paymentId: string): Promise<PaymentToRepay> {
	if (paymentId.startsWith('cs_')) {
		const [session, lineItems] = await Promise.all([
			stripe.checkout.sessions.retrieve(paymentId),
			stripe.checkout.sessions.listLineItems(paymentId, { limit: 10 }),
		]);
		const described = lineItems.data.map((item) => item.description?.trim()).filter((text): text is string => !!text);
		return {
			amount: session.amount_total,
			currency: session.currency,
			description: described.length > 0 ? described.join(', ') : null,
			customerId: idOf(session.customer),
		};
	}
	const payment =
		paymentId.startsWith('ch_') || paymentId.startsWith('py_')
			? await stripe.charges.retrieve(paymentId)
			: await stripe.paymentIntents.retrieve(paymentId);
	return {
		amount: payment.amount,
		currency: payment.currency,
		description: payment.description,
		customerId: idOf(payment.customer),
	};
}

export async function findCustomersByEmail(stripe: Stripe, email: string) {
	const list = await stripe.customers.list({ email, limit: 10 });
	return list.data;
}

export interface BillingSummary {
	customerId: string;
	openInvoices: Array<{
		id: string;
		number: string | null;
		amountDue: number;
		currency: string;
		dueDate: number | null;
	}>;
	recentPayments: Array<{ id: string; amount: number; currency: string; status: string; created: number }>;
	subscriptions: Array<{ id: string; status: string; cancelAtPeriodEnd: boolean }>;
	defaultCard?: { brand: string; last4: string };
}

/** What a billing summary is read from: the summary, and the customer and open invoices as Stripe sent them. */
export interface BillingSnapshot {
	summary: BillingSummary;
	customer: Stripe.Customer | Stripe.DeletedCustomer;
	openInvoices: Stripe.Invoice[];
}

/** Open invoices, recent payments with their status, subscription status and the default card of a customer. */
export async function customerBillingSummary(stripe: Stripe, customerId: string): Promise<BillingSummary> {
	return (await customerBillingSnapshot(stripe, customerId)).summary;
}

/** The billing summary with the objects it was read from (the `/stripe` look-up needs a few more of their fields). */
export async function customerBillingSnapshot(stripe: Stripe, customerId: string): Promise<BillingSnapshot> {
	const [customer, invoices, payments, subscriptions] = await Promise.all([
		stripe.customers.retrieve(customerId, { expand: ['invoice_settings.default_payment_method'] }),
		stripe.invoices.list({ customer: customerId, status: 'open', limit: 5 }),
		stripe.paymentIntents.list({ customer: customerId, limit: 5 }),
		stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 5 }),
	]);
	const method =
		!('deleted' in customer && customer.deleted) &&
		typeof customer.invoice_settings?.default_payment_method === 'object'
			? customer.invoice_settings.default_payment_method
			: null;
	const summary: BillingSummary = {
		customerId,
		openInvoices: invoices.data.map((invoice) => ({
			id: invoice.id ?? '',
			number: invoice.number,
			amountDue: invoice.amount_due,
			currency: invoice.currency,
			dueDate: invoice.due_date,
		})),
		recentPayments: payments.data.map((payment) => ({
			id: payment.id,
			amount: payment.amount,
			currency: payment.currency,
			status: payment.status,
			created: payment.created,
		})),
		subscriptions: subscriptions.data.map((subscription) => ({
			id: subscription.id,
			status: subscription.status,
			cancelAtPeriodEnd: subscription.cancel_at_period_end,
		})),
		...(method?.card ? { defaultCard: { brand: method.card.brand, last4: method.card.last4 } } : {}),
	};
	return { summary, customer, openInvoices: invoices.data };
}
