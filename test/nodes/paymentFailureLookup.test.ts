import type Stripe from 'stripe';

import { buildMessage } from '../../src/core/buildMessage';
import type { PaymentFailureTarget } from '../../src/core/messages/invoice';
import type { PaymentFailureLookup } from '../../src/core/types';
import { createStripeClient } from '../../src/stripe/client';
import { lookUpPaymentFailure } from '../../src/stripe/paymentFailure';
import { FakeStripe } from '../support/fakeStripe';
import { FakeStripeBilling } from '../support/fakeStripeBilling';

const SECRET_KEY = 'sk_test_paymentFailureLookup';

/** A failed attempt as Stripe keeps it: the PaymentIntent's `last_payment_error` and its charge's `outcome`. */
function failedAttempt(
	billing: FakeStripeBilling,
	error: { code: string; decline_code?: string; message: string },
	outcome: { type: string; reason: string | null; network_status: string } = {
		type: 'issuer_declined',
		reason: error.decline_code ?? null,
		network_status: 'declined_by_network',
	},
) {
	const charge = billing.addCharge({
		status: 'failed',
		failure_code: error.code,
		failure_message: error.message,
		outcome,
	});
	const intent = billing.addPaymentIntent({
		status: 'requires_payment_method',
		amount_received: 0,
		latest_charge: charge.id,
		last_payment_error: { type: 'card_error', charge: charge.id, ...error },
	});
	charge.payment_intent = intent.id;
	return { charge, intent };
}

describe('looking up why an invoice payment failed, through the stripe SDK', () => {
	let fake: FakeStripe;
	let billing: FakeStripeBilling;
	let stripe: Stripe;

	beforeEach(async () => {
		fake = new FakeStripe();
		billing = new FakeStripeBilling(fake);
		await fake.start();
		// The client's own retries stay at their default: the look-up must still make each request once.
		stripe = createStripeClient({ secretKey: SECRET_KEY, signingSecrets: [], baseUrl: fake.baseUrl });
	});

	afterEach(async () => {
		await fake.stop();
	});

	const paths = () => fake.requests.map((request) => `${request.method} ${request.path}`);

	/** The three shapes an event can leave the look-up with: nothing but the invoice (basil), a PaymentIntent, a charge. */
	type Shape = 'basil: invoice payments' | 'PaymentIntent id in the event' | 'charge id in the event (before 2019)';
	function targetFor(shape: Shape, invoiceId: string, attempt: ReturnType<typeof failedAttempt>): PaymentFailureTarget {
		if (shape === 'basil: invoice payments') {
			billing.addInvoicePayment(invoiceId, attempt.intent.id);
			return { invoiceId };
		}
		if (shape === 'PaymentIntent id in the event') return { invoiceId, paymentIntentId: attempt.intent.id };
		return { invoiceId, chargeId: attempt.charge.id };
	}

	const SHAPES: Shape[] = [
		'basil: invoice payments',
		'PaymentIntent id in the event',
		'charge id in the event (before 2019)',
	];
	const DECLINES: Array<[string, string | undefined, string, string]> = [
		['card_declined', 'insufficient_funds', 'Your card has insufficient funds.', 'Insufficient funds'],
		['card_declined', 'do_not_honor', 'Your card was declined.', 'The bank declined without giving a reason'],
		['card_declined', 'stolen_card', 'Your card was declined.', 'Card reported stolen'],
		['card_declined', 'lost_card', 'Your card was declined.', 'Card reported lost'],
		['expired_card', undefined, 'Your card has expired.', 'Card expired'],
		[
			'processing_error',
			undefined,
			'An error occurred while processing your card.',
			'Processing error at the bank or Stripe',
		],
	];

	describe.each(SHAPES)('%s', (shape) => {
		it.each(DECLINES)(
			'%s / %s: reads the failure, and the alert names it',
			async (code, declineCode, message, reason) => {
				const invoice = billing.addInvoice();
				const attempt = failedAttempt(billing, {
					code,
					...(declineCode ? { decline_code: declineCode } : {}),
					message,
				});
				const lookup = await lookUpPaymentFailure(stripe, targetFor(shape, invoice.id, attempt));
				expect(lookup).toEqual({
					lookedUp: 'found',
					code,
					...(declineCode ? { declineCode } : {}),
					message,
					outcomeType: 'issuer_declined',
					networkStatus: 'declined_by_network',
				});
				const alert = buildMessage(
					{
						id: 'evt_1LookupShape',
						object: 'event',
						type: 'invoice.payment_failed',
						api_version: '2025-03-31.basil',
						created: 1_781_000_000,
						livemode: false,
						data: {
							object: { id: invoice.id, object: 'invoice', attempt_count: 1, next_payment_attempt: 1_781_086_400 },
						},
					},
					{ paymentFailure: lookup, now: () => 1_781_000_060_000 },
				);
				expect(alert.summary).toContain(`Attempt 1 failed · ${reason}`);
			},
		);
	});

	it('basil: reads the invoice payments, then the newest unpaid attempt and its charge, one request each', async () => {
		const invoice = billing.addInvoice();
		const older = failedAttempt(billing, { code: 'expired_card', message: 'Your card has expired.' });
		billing.addInvoicePayment(invoice.id, older.intent.id);
		const newest = failedAttempt(billing, {
			code: 'card_declined',
			decline_code: 'insufficient_funds',
			message: 'Your card has insufficient funds.',
		});
		billing.addInvoicePayment(invoice.id, newest.intent.id);

		const lookup = await lookUpPaymentFailure(stripe, { invoiceId: invoice.id });

		expect(lookup).toMatchObject({ lookedUp: 'found', declineCode: 'insufficient_funds' });
		expect(paths()).toEqual([
			'GET /v1/invoice_payments',
			`GET /v1/payment_intents/${newest.intent.id}`,
			`GET /v1/charges/${newest.charge.id}`,
		]);
		expect(fake.requests[0].query).toMatchObject({ invoice: invoice.id });
	});

	it('takes the decline code of the PaymentIntent and the outcome of a charge Radar blocked', async () => {
		const attempt = failedAttempt(
			billing,
			{ code: 'card_declined', decline_code: 'fraudulent', message: 'Your card was declined.' },
			{ type: 'blocked', reason: 'highest_risk_level', network_status: 'not_sent_to_network' },
		);
		const lookup = await lookUpPaymentFailure(stripe, { invoiceId: 'in_radar', paymentIntentId: attempt.intent.id });
		expect(lookup).toEqual({
			lookedUp: 'found',
			code: 'card_declined',
			declineCode: 'fraudulent',
			message: 'Your card was declined.',
			outcomeType: 'blocked',
			networkStatus: 'not_sent_to_network',
		});
	});

	it('keeps the PaymentIntent error when its charge cannot be read', async () => {
		const attempt = failedAttempt(billing, {
			code: 'card_declined',
			decline_code: 'try_again_later',
			message: 'Your card was declined.',
		});
		fake.failNext(1, 500, { only: { method: 'GET', path: `/v1/charges/${attempt.charge.id}` } });
		const lookup = await lookUpPaymentFailure(stripe, { invoiceId: 'in_x', paymentIntentId: attempt.intent.id });
		expect(lookup).toEqual({
			lookedUp: 'found',
			code: 'card_declined',
			declineCode: 'try_again_later',
			message: 'Your card was declined.',
		});
	});

	it("keeps the PaymentIntent's error when its charge answers too slowly", async () => {
		const attempt = failedAttempt(billing, { code: 'expired_card', message: 'Your card has expired.' });
		fake.answerSlowly(1, 3_000, { only: { method: 'GET', path: `/v1/charges/${attempt.charge.id}` } });
		const lookup = await lookUpPaymentFailure(
			stripe,
			{ invoiceId: 'in_x', paymentIntentId: attempt.intent.id },
			{ budgetMs: 400 },
		);
		expect(lookup).toEqual({ lookedUp: 'found', code: 'expired_card', message: 'Your card has expired.' });
	});

	it.each([
		['the invoice payments', (invoiceId: string) => ({ invoiceId }), '/v1/invoice_payments'],
		['the PaymentIntent', (invoiceId: string, intentId: string) => ({ invoiceId, paymentIntentId: intentId }), 'pi'],
	])('gives up on a slow answer from %s within the budget, without retrying', async (_what, target, slowPath) => {
		const invoice = billing.addInvoice();
		const attempt = failedAttempt(billing, { code: 'expired_card', message: 'Your card has expired.' });
		billing.addInvoicePayment(invoice.id, attempt.intent.id);
		const path = slowPath === 'pi' ? `/v1/payment_intents/${attempt.intent.id}` : slowPath;
		fake.answerSlowly(1, 3_000, { only: { method: 'GET', path } });

		const started = Date.now();
		const lookup = await lookUpPaymentFailure(stripe, target(invoice.id, attempt.intent.id), { budgetMs: 400 });

		expect(lookup).toEqual({ lookedUp: 'timeout', cause: 'no answer within 0.4 s' });
		expect(Date.now() - started).toBeLessThan(1_500);
		expect(fake.requests.filter((request) => request.path === path).length).toBeLessThanOrEqual(1);
	});

	it.each([
		[500, 'Stripe answered 500'],
		[503, 'Stripe answered 503'],
		[429, 'Stripe asked to slow down (429)'],
	] as const)('answers %s once, and says so instead of failing the alert', async (status, cause) => {
		const invoice = billing.addInvoice();
		fake.failNext(5, status, { headers: status === 429 ? { 'retry-after': '1' } : {} });
		const lookup = await lookUpPaymentFailure(stripe, { invoiceId: invoice.id });
		expect(lookup).toEqual({ lookedUp: 'failed', cause });
		expect(fake.requests).toHaveLength(1);
	});

	it('says when Stripe does not know the payment', async () => {
		const lookup = await lookUpPaymentFailure(stripe, { invoiceId: 'in_x', paymentIntentId: 'pi_unknown' });
		expect(lookup).toEqual({ lookedUp: 'failed', cause: 'Stripe does not know the payment (404)' });
	});

	it('says when the invoice has no unpaid payment, or the payment no error', async () => {
		const invoice = billing.addInvoice();
		const paid = billing.addPaymentIntent({ status: 'succeeded', last_payment_error: null });
		billing.addInvoicePayment(invoice.id, paid.id, { status: 'paid' });
		expect(await lookUpPaymentFailure(stripe, { invoiceId: invoice.id })).toEqual({
			lookedUp: 'failed',
			cause: 'Stripe lists no unpaid payment for the invoice',
		});
		expect(await lookUpPaymentFailure(stripe, { invoiceId: invoice.id, paymentIntentId: paid.id })).toEqual({
			lookedUp: 'failed',
			cause: 'Stripe shows no error on the payment',
		});
	});

	it('never echoes the key when Stripe refuses it', async () => {
		const refused = createStripeClient({
			secretKey: 'sk_test_not-a-valid-key',
			signingSecrets: [],
			baseUrl: fake.baseUrl,
		});
		const lookup: PaymentFailureLookup = await lookUpPaymentFailure(refused, { invoiceId: 'in_x' });
		expect(lookup).toEqual({ lookedUp: 'failed', cause: 'Stripe did not accept the key (401)' });
		expect(JSON.stringify(lookup)).not.toContain('sk_test');
	});

	it('says it could not reach Stripe when nothing listens', async () => {
		const baseUrl = fake.baseUrl;
		await fake.stop();
		const offline = createStripeClient({ secretKey: SECRET_KEY, signingSecrets: [], baseUrl });
		expect(await lookUpPaymentFailure(offline, { invoiceId: 'in_x' })).toEqual({
			lookedUp: 'failed',
			cause: 'could not reach Stripe',
		});
		await fake.start();
	});
});
