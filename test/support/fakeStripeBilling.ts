import type { FakeRequest, FakeResponse, FakeStripe, FormObject, FormValue } from './fakeStripe';
import { resourceMissing, stripeError } from './fakeStripe';

/**
 * Billing routes on FakeStripe for the Stripe Action node: invoices (pay, send, void, mark uncollectible,
 * retrieve, list), invoice payments, refunds, payment intents and charges, disputes (update evidence, submit, close), Checkout
 * Sessions (with their line items), prices, Payment Links, customers and subscriptions. Objects follow Stripe's documented shapes,
 * reduced to the fields the node reads.
 *
 * `executed` records every mutating call a handler really ran; FakeStripe answers replayed Idempotency-Keys
 * before any handler, so a replay never shows up there. That is how tests prove "acted once".
 * @see https://docs.stripe.com/api/invoices/pay
 * @see https://docs.stripe.com/api/errors#errors-card_error
 * @see https://docs.stripe.com/api/checkout/sessions/line_items
 */

type StripeObject = Record<string, unknown> & { id: string };

export interface ExecutedCall {
	method: string;
	path: string;
	body: FormObject;
	idempotencyKey?: string;
}

function text(value: FormValue | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function stringMap(value: FormValue | undefined): Record<string, string> {
	if (value === undefined || typeof value === 'string' || Array.isArray(value)) return {};
	return Object.fromEntries(
		Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
	);
}

function list(url: string, data: unknown[]): FakeResponse {
	return { status: 200, body: { object: 'list', url, has_more: false, data } };
}

function ok(body: unknown): FakeResponse {
	return { status: 200, body };
}

function missingParam(param: string): FakeResponse {
	return stripeError(400, 'invalid_request_error', `Missing required param: ${param}.`, { param });
}

export class FakeStripeBilling {
	readonly executed: ExecutedCall[] = [];
	readonly invoices: Map<string, StripeObject>;
	readonly paymentIntents: Map<string, StripeObject>;
	readonly charges: Map<string, StripeObject>;
	readonly refunds: Map<string, StripeObject>;
	readonly disputes: Map<string, StripeObject>;
	readonly checkoutSessions: Map<string, StripeObject>;
	readonly prices: Map<string, StripeObject>;
	readonly paymentLinks: Map<string, StripeObject>;
	readonly customers: Map<string, StripeObject>;
	readonly subscriptions: Map<string, StripeObject>;
	readonly paymentMethods: Map<string, StripeObject>;
	readonly invoicePayments: Map<string, StripeObject>;

	/** `GET /v1/checkout/sessions/:id/line_items` by session id. */
	private readonly checkoutLineItems = new Map<string, StripeObject[]>();
	/** Invoices whose payment the "bank" declines, with the decline code. */
	private readonly declines = new Map<string, string>();
	/** Programmed answers for `POST /v1/invoices/:id/pay`, e.g. a restricted-key permission error. */
	private readonly programmedPayAnswers = new Map<string, FakeResponse>();

	constructor(readonly stripe: FakeStripe) {
		this.invoices = stripe.collection('invoices');
		this.paymentIntents = stripe.collection('payment_intents');
		this.charges = stripe.collection('charges');
		this.refunds = stripe.collection('refunds');
		this.disputes = stripe.collection('disputes');
		this.checkoutSessions = stripe.collection('checkout_sessions');
		this.prices = stripe.collection('prices');
		this.paymentLinks = stripe.collection('payment_links');
		this.customers = stripe.collection('customers');
		this.subscriptions = stripe.collection('subscriptions');
		this.paymentMethods = stripe.collection('payment_methods');
		this.invoicePayments = stripe.collection('invoice_payments');
		this.registerInvoices();
		this.registerPayments();
		this.registerDisputes();
		this.registerCheckout();
		this.registerCustomers();
	}

	/** How many times a mutating call really ran (replays not counted). `path` may contain the object id. */
	executedCount(method: string, path: string): number {
		return this.executed.filter((call) => call.method === method && call.path === path).length;
	}

	/** The next payments of this invoice are declined by the card's bank. */
	declineInvoice(invoiceId: string, declineCode = 'insufficient_funds'): void {
		this.declines.set(invoiceId, declineCode);
	}

	/** `POST /v1/invoices/:id/pay` answers this instead of paying. */
	programPayAnswer(invoiceId: string, answer: FakeResponse): void {
		this.programmedPayAnswers.set(invoiceId, answer);
	}

	addInvoice(fields: Partial<StripeObject> = {}): StripeObject {
		const invoice: StripeObject = {
			id: this.stripe.newId('in'),
			object: 'invoice',
			amount_due: 5000,
			amount_paid: 0,
			amount_remaining: 5000,
			attempt_count: 1,
			currency: 'usd',
			customer: 'cus_default',
			due_date: null,
			hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1Test/test_invoice',
			livemode: false,
			number: 'INV-0001',
			status: 'open',
			created: this.stripe.tick(),
			...fields,
		};
		this.invoices.set(invoice.id, invoice);
		return invoice;
	}

	/**
	 * An invoice payment (API `2025-03-31.basil` and later) linking an invoice to the PaymentIntent of one attempt:
	 * `open` until that attempt succeeds.
	 * @see https://docs.stripe.com/api/invoice-payment/object
	 */
	addInvoicePayment(invoiceId: string, paymentIntentId: string, fields: Partial<StripeObject> = {}): StripeObject {
		const payment: StripeObject = {
			id: this.stripe.newId('inpay'),
			object: 'invoice_payment',
			amount_paid: null,
			amount_requested: 5000,
			created: this.stripe.tick(),
			currency: 'usd',
			invoice: invoiceId,
			is_default: true,
			livemode: false,
			payment: { type: 'payment_intent', payment_intent: paymentIntentId },
			status: 'open',
			status_transitions: { canceled_at: null, paid_at: null },
			...fields,
		};
		this.invoicePayments.set(payment.id, payment);
		return payment;
	}

	addPrice(fields: Partial<StripeObject> = {}): StripeObject {
		const price: StripeObject = {
			id: this.stripe.newId('price'),
			object: 'price',
			currency: 'usd',
			unit_amount: 1000,
			product: this.stripe.newId('prod'),
			type: 'one_time',
			...fields,
		};
		this.prices.set(price.id, price);
		return price;
	}

	addPaymentIntent(fields: Partial<StripeObject> = {}): StripeObject {
		const intent: StripeObject = {
			id: this.stripe.newId('pi'),
			object: 'payment_intent',
			amount: 5000,
			amount_received: 5000,
			currency: 'usd',
			customer: null,
			description: null,
			latest_charge: null,
			status: 'succeeded',
			created: this.stripe.tick(),
			...fields,
		};
		this.paymentIntents.set(intent.id, intent);
		return intent;
	}

	addCharge(fields: Partial<StripeObject> = {}): StripeObject {
		const charge: StripeObject = {
			id: this.stripe.newId('ch'),
			object: 'charge',
			amount: 5000,
			amount_refunded: 0,
			currency: 'usd',
			customer: null,
			description: null,
			payment_intent: null,
			status: 'succeeded',
			created: this.stripe.tick(),
			...fields,
		};
		this.charges.set(charge.id, charge);
		return charge;
	}

	addDispute(fields: Partial<StripeObject> = {}): StripeObject {
		const dispute: StripeObject = {
			id: this.stripe.newId('du'),
			object: 'dispute',
			amount: 5000,
			currency: 'usd',
			charge: 'ch_disputed',
			evidence: {},
			evidence_details: { due_by: this.stripe.tick() + 7 * 86400, has_evidence: false, submission_count: 0 },
			reason: 'product_not_received',
			status: 'needs_response',
			created: this.stripe.tick(),
			...fields,
		};
		this.disputes.set(dispute.id, dispute);
		return dispute;
	}

	/** A Checkout Session in payment mode with one line item per description, each `amount_total / n`. */
	addCheckoutSession(fields: Partial<StripeObject> = {}, descriptions: string[] = ['Deluxe room']): StripeObject {
		const id = `cs_test_${this.stripe.newId('a').slice(2)}`;
		const session: StripeObject = {
			id,
			object: 'checkout.session',
			amount_total: 5000,
			currency: 'usd',
			customer: null,
			mode: 'payment',
			status: 'expired',
			payment_status: 'unpaid',
			url: null,
			metadata: {},
			created: this.stripe.tick(),
			livemode: false,
			...fields,
		};
		this.checkoutSessions.set(id, session);
		const share = Math.floor(Number(session.amount_total ?? 0) / Math.max(1, descriptions.length));
		this.checkoutLineItems.set(
			id,
			descriptions.map((description) => this.lineItem(description, share, String(session.currency), 1)),
		);
		return session;
	}

	private lineItem(description: string | null, amountTotal: number, currency: string, quantity: number): StripeObject {
		return {
			id: this.stripe.newId('li'),
			object: 'item',
			amount_subtotal: amountTotal,
			amount_total: amountTotal,
			currency,
			description,
			quantity,
		};
	}

	/** A customer with a default card, as `invoice_settings.default_payment_method`. */
	addCustomer(fields: Partial<StripeObject> = {}, card?: { brand: string; last4: string }): StripeObject {
		let defaultPaymentMethod: string | null = null;
		if (card) {
			const method: StripeObject = { id: this.stripe.newId('pm'), object: 'payment_method', type: 'card', card };
			this.paymentMethods.set(method.id, method);
			defaultPaymentMethod = method.id;
		}
		const customer: StripeObject = {
			id: this.stripe.newId('cus'),
			object: 'customer',
			email: null,
			name: null,
			invoice_settings: { default_payment_method: defaultPaymentMethod },
			created: this.stripe.tick(),
			...fields,
		};
		this.customers.set(customer.id, customer);
		return customer;
	}

	addSubscription(fields: Partial<StripeObject> = {}): StripeObject {
		const subscription: StripeObject = {
			id: this.stripe.newId('sub'),
			object: 'subscription',
			customer: 'cus_default',
			status: 'active',
			cancel_at_period_end: false,
			created: this.stripe.tick(),
			...fields,
		};
		this.subscriptions.set(subscription.id, subscription);
		return subscription;
	}

	private record(request: FakeRequest): void {
		const key = request.headers['idempotency-key'];
		this.executed.push({
			method: request.method,
			path: request.path,
			body: request.body,
			idempotencyKey: typeof key === 'string' ? key : undefined,
		});
	}

	/** A mutating route: recorded as executed, then handled. */
	private mutate(path: string, handler: (request: FakeRequest) => FakeResponse): void {
		this.stripe.route('POST', path, (request) => {
			this.record(request);
			return handler(request);
		});
	}

	private registerInvoices(): void {
		const withInvoice =
			(handler: (invoice: StripeObject, request: FakeRequest) => FakeResponse) => (request: FakeRequest) => {
				const invoice = this.invoices.get(request.params.id);
				return invoice ? handler(invoice, request) : resourceMissing('invoice', request.params.id);
			};
		const requireOpen = (invoice: StripeObject, action: string): FakeResponse | undefined =>
			invoice.status === 'open'
				? undefined
				: stripeError(
						400,
						'invalid_request_error',
						`You can only ${action} an open invoice; this one is ${String(invoice.status)}.`,
						{
							code: 'invoice_not_open',
						},
					);

		this.mutate(
			'/v1/invoices/:id/pay',
			withInvoice((invoice) => {
				const programmed = this.programmedPayAnswers.get(invoice.id);
				if (programmed) return programmed;
				const notOpen = requireOpen(invoice, 'pay');
				if (notOpen) return notOpen;
				invoice.attempt_count = Number(invoice.attempt_count ?? 0) + 1;
				const declineCode = this.declines.get(invoice.id);
				if (declineCode) {
					return {
						status: 402,
						body: {
							error: {
								type: 'card_error',
								code: 'card_declined',
								decline_code: declineCode,
								message: 'Your card has insufficient funds.',
								charge: this.stripe.newId('ch'),
								doc_url: 'https://stripe.com/docs/error-codes/card-declined',
							},
						},
					};
				}
				Object.assign(invoice, { status: 'paid', amount_paid: invoice.amount_due, amount_remaining: 0 });
				return ok(invoice);
			}),
		);
		this.mutate(
			'/v1/invoices/:id/send',
			withInvoice((invoice) => requireOpen(invoice, 'send') ?? ok(invoice)),
		);
		this.mutate(
			'/v1/invoices/:id/void',
			withInvoice((invoice) => requireOpen(invoice, 'void') ?? ok(Object.assign(invoice, { status: 'void' }))),
		);
		this.mutate(
			'/v1/invoices/:id/mark_uncollectible',
			withInvoice(
				(invoice) =>
					requireOpen(invoice, 'mark uncollectible') ?? ok(Object.assign(invoice, { status: 'uncollectible' })),
			),
		);
		this.stripe.route(
			'GET',
			'/v1/invoices/:id',
			withInvoice((invoice) => ok(invoice)),
		);
		this.stripe.route('GET', '/v1/invoices', (request) => {
			const matches = [...this.invoices.values()].filter(
				(invoice) =>
					(request.query.customer === undefined || invoice.customer === request.query.customer) &&
					(request.query.status === undefined || invoice.status === request.query.status),
			);
			return list('/v1/invoices', matches);
		});
	}

	private registerPayments(): void {
		// Newest first, like every Stripe list.
		this.stripe.route('GET', '/v1/invoice_payments', (request) =>
			list(
				'/v1/invoice_payments',
				[...this.invoicePayments.values()]
					.filter((payment) => request.query.invoice === undefined || payment.invoice === request.query.invoice)
					.sort((a, b) => Number(b.created) - Number(a.created)),
			),
		);
		this.stripe.route('GET', '/v1/payment_intents/:id', (request) => {
			const intent = this.paymentIntents.get(request.params.id);
			return intent ? ok(intent) : resourceMissing('payment_intent', request.params.id);
		});
		this.stripe.route('GET', '/v1/payment_intents', (request) =>
			list(
				'/v1/payment_intents',
				[...this.paymentIntents.values()].filter((intent) => intent.customer === request.query.customer),
			),
		);
		this.stripe.route('GET', '/v1/charges/:id', (request) => {
			const charge = this.charges.get(request.params.id);
			return charge ? ok(charge) : resourceMissing('charge', request.params.id);
		});
		this.mutate('/v1/refunds', (request) => {
			const chargeId = text(request.body.charge);
			const intentId = text(request.body.payment_intent);
			if (!chargeId && !intentId) return missingParam('charge');
			const payment = chargeId ? this.charges.get(chargeId) : this.paymentIntents.get(intentId ?? '');
			if (!payment) return resourceMissing(chargeId ? 'charge' : 'payment_intent', chargeId ?? intentId ?? '');
			const captured = Number(payment.amount);
			const alreadyRefunded = Number(payment.amount_refunded ?? 0);
			const amount = request.body.amount === undefined ? captured - alreadyRefunded : Number(request.body.amount);
			if (!Number.isInteger(amount) || amount <= 0) {
				return stripeError(400, 'invalid_request_error', 'Invalid positive integer', { param: 'amount' });
			}
			if (amount > captured - alreadyRefunded) {
				return stripeError(
					400,
					'invalid_request_error',
					`Refund amount (${amount}) is greater than unrefunded amount on charge (${captured - alreadyRefunded})`,
					{ code: 'amount_too_large', param: 'amount' },
				);
			}
			payment.amount_refunded = alreadyRefunded + amount;
			const refund: StripeObject = {
				id: this.stripe.newId('re'),
				object: 'refund',
				amount,
				currency: payment.currency,
				charge: chargeId ?? null,
				payment_intent: intentId ?? null,
				reason: text(request.body.reason) ?? null,
				metadata: stringMap(request.body.metadata),
				status: 'succeeded',
				created: this.stripe.tick(),
			};
			this.refunds.set(refund.id, refund);
			return ok(refund);
		});
	}

	private registerDisputes(): void {
		const find = (request: FakeRequest) => this.disputes.get(request.params.id);
		this.stripe.route('GET', '/v1/disputes/:id', (request) => {
			const dispute = find(request);
			return dispute ? ok(dispute) : resourceMissing('dispute', request.params.id);
		});
		this.mutate('/v1/disputes/:id', (request) => {
			const dispute = find(request);
			if (!dispute) return resourceMissing('dispute', request.params.id);
			if (dispute.status !== 'needs_response' && dispute.status !== 'warning_needs_response') {
				return stripeError(400, 'invalid_request_error', `This dispute is already ${String(dispute.status)}.`);
			}
			dispute.evidence = { ...(dispute.evidence as Record<string, string>), ...stringMap(request.body.evidence) };
			if (request.body.submit === 'true') {
				dispute.status = 'under_review';
				const details = dispute.evidence_details as Record<string, unknown>;
				dispute.evidence_details = {
					...details,
					has_evidence: true,
					submission_count: Number(details.submission_count) + 1,
				};
			}
			return ok(dispute);
		});
		this.mutate('/v1/disputes/:id/close', (request) => {
			const dispute = find(request);
			if (!dispute) return resourceMissing('dispute', request.params.id);
			dispute.status = 'lost';
			return ok(dispute);
		});
	}

	private registerCheckout(): void {
		this.mutate('/v1/checkout/sessions', (request) => {
			const mode = text(request.body.mode);
			if (!mode) return missingParam('mode');
			const lineItems = Array.isArray(request.body.line_items) ? (request.body.line_items as FormObject[]) : [];
			if (mode !== 'setup' && lineItems.length === 0) return missingParam('line_items');
			let amountTotal = 0;
			let currency: string | undefined;
			const items: StripeObject[] = [];
			for (const line of lineItems) {
				const quantity = Number(line.quantity ?? 1);
				const priceData = line.price_data as FormObject | undefined;
				const price = priceData ?? this.prices.get(text(line.price) ?? '');
				if (!price) return resourceMissing('price', text(line.price) ?? '');
				const unitAmount = Number(price.unit_amount);
				if (!Number.isInteger(unitAmount) || unitAmount <= 0) {
					return stripeError(400, 'invalid_request_error', 'Invalid integer', {
						param: 'line_items[0][price_data][unit_amount]',
					});
				}
				amountTotal += unitAmount * quantity;
				currency = String(price.currency);
				const productName = text((priceData?.product_data as FormObject | undefined)?.name);
				items.push(this.lineItem(productName ?? null, unitAmount * quantity, currency, quantity));
			}
			const id = `cs_test_${this.stripe.newId('a').slice(2)}`;
			const created = this.stripe.tick();
			const session: StripeObject = {
				id,
				object: 'checkout.session',
				amount_total: amountTotal,
				currency: currency ?? null,
				mode,
				status: 'open',
				payment_status: 'unpaid',
				url: `https://checkout.stripe.com/c/pay/${id}`,
				success_url: text(request.body.success_url) ?? null,
				cancel_url: text(request.body.cancel_url) ?? null,
				client_reference_id: text(request.body.client_reference_id) ?? null,
				customer: text(request.body.customer) ?? null,
				customer_email: text(request.body.customer_email) ?? null,
				metadata: stringMap(request.body.metadata),
				expires_at: request.body.expires_at === undefined ? created + 86400 : Number(request.body.expires_at),
				created,
				livemode: false,
			};
			this.checkoutSessions.set(id, session);
			this.checkoutLineItems.set(id, items);
			return ok(session);
		});
		this.stripe.route('GET', '/v1/checkout/sessions/:id', (request) => {
			const session = this.checkoutSessions.get(request.params.id);
			return session ? ok(session) : resourceMissing('checkout.session', request.params.id);
		});
		this.stripe.route('GET', '/v1/checkout/sessions/:id/line_items', (request) => {
			const items = this.checkoutLineItems.get(request.params.id);
			if (!items) return resourceMissing('checkout.session', request.params.id);
			const limit = Number(request.query.limit ?? 10);
			return list(`/v1/checkout/sessions/${request.params.id}/line_items`, items.slice(0, limit));
		});
		// Lookup keys select admin-managed prices by name; `expand[]=data.product` inlines the product.
		this.stripe.route('GET', '/v1/prices', (request) => {
			const wanted = Array.isArray(request.query.lookup_keys) ? request.query.lookup_keys.map(String) : [];
			const active = request.query.active === undefined ? undefined : request.query.active === 'true';
			const expand = Array.isArray(request.query.expand) ? request.query.expand.map(String) : [];
			const found = [...this.prices.values()]
				.filter((price) => wanted.length === 0 || wanted.includes(String(price.lookup_key)))
				.filter((price) => active === undefined || (price.active ?? true) === active)
				.map((price) =>
					expand.includes('data.product') && typeof price.product === 'string'
						? { ...price, product: { id: price.product, object: 'product', name: price.product_name ?? null } }
						: price,
				);
			return list('/v1/prices', found.slice(0, Number(request.query.limit ?? 10)));
		});
		this.mutate('/v1/prices', (request) => {
			const currency = text(request.body.currency);
			if (!currency) return missingParam('currency');
			const price: StripeObject = {
				id: this.stripe.newId('price'),
				object: 'price',
				currency,
				unit_amount: Number(request.body.unit_amount),
				product: this.stripe.newId('prod'),
				type: 'one_time',
			};
			this.prices.set(price.id, price);
			return ok(price);
		});
		this.mutate('/v1/payment_links', (request) => {
			const lineItems = Array.isArray(request.body.line_items) ? (request.body.line_items as FormObject[]) : [];
			if (lineItems.length === 0) return missingParam('line_items');
			const priceId = text(lineItems[0].price) ?? '';
			if (!this.prices.has(priceId)) return resourceMissing('price', priceId);
			const id = this.stripe.newId('plink');
			const link: StripeObject = {
				id,
				object: 'payment_link',
				active: true,
				url: `https://buy.stripe.com/test_${id.slice(6)}`,
				metadata: stringMap(request.body.metadata),
				line_items: lineItems,
				livemode: false,
			};
			this.paymentLinks.set(id, link);
			return ok(link);
		});
	}

	private registerCustomers(): void {
		this.stripe.route('GET', '/v1/customers/:id', (request) => {
			const customer = this.customers.get(request.params.id);
			if (!customer) return resourceMissing('customer', request.params.id);
			const expand = JSON.stringify(request.query.expand ?? []);
			const settings = customer.invoice_settings as { default_payment_method: string | null };
			if (!expand.includes('invoice_settings.default_payment_method') || !settings.default_payment_method)
				return ok(customer);
			const method = this.paymentMethods.get(settings.default_payment_method) ?? null;
			return ok({ ...customer, invoice_settings: { ...settings, default_payment_method: method } });
		});
		// Metadata is merged key by key; an empty value removes the key, as Stripe does.
		this.mutate('/v1/customers/:id', (request) => {
			const customer = this.customers.get(request.params.id);
			if (!customer) return resourceMissing('customer', request.params.id);
			const metadata: Record<string, unknown> = { ...((customer.metadata as Record<string, unknown>) ?? {}) };
			for (const [key, value] of Object.entries((request.body.metadata as Record<string, unknown>) ?? {})) {
				if (value === '') delete metadata[key];
				else metadata[key] = value;
			}
			customer.metadata = metadata;
			return ok(customer);
		});
		this.stripe.route('GET', '/v1/customers', (request) =>
			list(
				'/v1/customers',
				[...this.customers.values()].filter((customer) => customer.email === request.query.email),
			),
		);
		this.stripe.route('GET', '/v1/subscriptions', (request) =>
			list(
				'/v1/subscriptions',
				[...this.subscriptions.values()].filter((subscription) => subscription.customer === request.query.customer),
			),
		);
	}
}

/** Adds the billing routes to a FakeStripe. */
export function installBillingRoutes(stripe: FakeStripe): FakeStripeBilling {
	return new FakeStripeBilling(stripe);
}
