import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { IDataObject, IExecuteFunctions, INodeParameters, IRun } from 'n8n-workflow';

import { declineReasonLookup } from '../../nodes/PaymentAlert/actions/alert/declineReasons';
import { FakeSlack } from '../support/fakeSlack';
import { FakeStripe } from '../support/fakeStripe';
import { FakeStripeBilling } from '../support/fakeStripeBilling';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { paymentAlertWorkflow, signedStripeDelivery } from '../support/paymentAlertWorkflow';
import { stripeLikeId } from '../support/stripeIds';

/**
 * Payment Alert's Look Up Decline Reasons (issue 13) through n8n's real engine: a basil invoice.payment_failed event
 * names no reason, so with a Stripe credential on the node the alert reads it from the fake Stripe API, within its
 * budget, and says so when Stripe did not answer. Without the credential, or with the option off, nothing is asked.
 */

const SIGNING_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
const TOKEN = 'xoxb-decline-reasons-token';
const BASIL_INTENT = 'pi_3TestBasilAaaa';

function basilInvoiceFailed(changes: (object: IDataObject) => void = () => undefined): IDataObject {
	const file = path.join(__dirname, '../fixtures/events/invoice.payment_failed__2025-03-31.basil.json');
	const event = JSON.parse(readFileSync(file, 'utf8')) as IDataObject & { data: { object: IDataObject } };
	// Delivered now, with Stripe's next retry still ahead (the fixture's date is long past).
	event.data.object.next_payment_attempt = Math.floor(Date.now() / 1000) + 3 * 86_400;
	changes(event.data.object);
	return { ...event, id: stripeLikeId('evt'), created: Math.floor(Date.now() / 1000) - 60 };
}

let workflowCounter = 0;

function workflowFor(
	stripe: FakeStripe,
	slack: FakeSlack,
	{
		stripeOnAlert = true,
		options = {},
		rules = [],
	}: { stripeOnAlert?: boolean; options?: Record<string, boolean>; rules?: INodeParameters[] } = {},
): EngineWorkflow {
	workflowCounter += 1;
	return paymentAlertWorkflow({
		id: `wf-decline-reasons-${process.pid}-${workflowCounter}`,
		events: ['invoice.payment_failed'],
		alert: {
			parameters: { defaultChannel: 'C0PAYMENTS', options, rules: { rule: rules } },
			credentials: {
				stripeChatSlackApi: { id: 'slack', name: 'Slack' },
				...(stripeOnAlert ? { stripeChatChannelApi: { id: 'stripe', name: 'Stripe' } } : {}),
			},
		},
		slack: {
			parameters: {
				operation: 'post',
				channelSource: 'route',
				channel: { __rl: true, mode: 'id', value: 'C0PAYMENTS' },
				messageSource: 'paymentAlert',
			},
		},
		credentials: {
			stripeChatChannelApi: {
				secretKey: 'sk_test_declineReasons',
				signingSecrets: SIGNING_SECRET,
				apiVersion: '',
				stripeAccount: '',
				baseUrl: stripe.baseUrl,
			},
			stripeChatSlackApi: { botToken: TOKEN, apiBaseUrl: slack.apiUrl },
		},
	});
}

/** Runs one delivery and returns the alert's summary as Payment Alert built it and the text Slack received. */
async function alertFor(workflow: EngineWorkflow, event: IDataObject) {
	const started = Date.now();
	const { response, run } = await deliverWebhook(
		workflow,
		'Stripe Event Trigger',
		signedStripeDelivery(event, SIGNING_SECRET, 'application/json; charset=utf-8'),
	);
	expect(response.statusCode).toBe(200);
	expect(run?.data.resultData.error).toBeUndefined();
	const [[alert]] = outputOf(run as IRun, 'Payment Alert');
	const message = alert.message as { summary: string; fields: Array<{ label: string; value: string }> };
	return {
		summary: message.summary,
		whatToDo: message.fields.find((field) => field.label === 'What to do')?.value,
		elapsedMs: Date.now() - started,
	};
}

describe('Payment Alert looks up decline reasons (real n8n engine, fake Stripe and Slack)', () => {
	let stripe: FakeStripe;
	let billing: FakeStripeBilling;
	let slack: FakeSlack;

	beforeEach(async () => {
		stripe = new FakeStripe();
		billing = new FakeStripeBilling(stripe);
		await stripe.start();
		slack = await FakeSlack.start({ tokens: [TOKEN], channels: [{ id: 'C0PAYMENTS', name: 'payments' }] });
		const charge = billing.addCharge({
			status: 'failed',
			failure_code: 'card_declined',
			failure_message: 'Your card has insufficient funds.',
			outcome: { type: 'issuer_declined', reason: 'insufficient_funds', network_status: 'declined_by_network' },
		});
		billing.addPaymentIntent({
			id: BASIL_INTENT,
			status: 'requires_payment_method',
			latest_charge: charge.id,
			last_payment_error: {
				type: 'card_error',
				code: 'card_declined',
				decline_code: 'insufficient_funds',
				message: 'Your card has insufficient funds.',
				charge: charge.id,
			},
		});
	});

	afterEach(async () => {
		await slack.close();
		await stripe.stop();
	});

	const stripeReads = () => stripe.requests.map((request) => `${request.method} ${request.path}`);
	const posted = () => slack.requestsFor('chat.postMessage').map((request) => String(request.body.text));

	it('names the reason, its class and what to do, read from Stripe', async () => {
		const alert = await alertFor(workflowFor(stripe, slack), basilInvoiceFailed());
		expect(alert.summary).toMatch(/^Attempt 1 failed · Insufficient funds · next retry /);
		expect(alert.whatToDo).toMatch(/^Soft decline \(insufficient_funds\): Wait for Stripe's next retry/);
		expect(stripeReads()).toEqual([
			`GET /v1/payment_intents/${BASIL_INTENT}`,
			expect.stringMatching(/^GET \/v1\/charges\//),
		]);
		expect(posted()).toEqual([expect.stringContaining('Insufficient funds')]);
	});

	it("lists the invoice's payments when the event does not name one", async () => {
		const invoice = basilInvoiceFailed((object) => delete object.payments);
		billing.addInvoicePayment('in_1TestPfBasilAaaa', BASIL_INTENT);
		const alert = await alertFor(workflowFor(stripe, slack), invoice);
		expect(alert.summary).toContain(' · Insufficient funds · ');
		expect(stripeReads()[0]).toBe('GET /v1/invoice_payments');
	});

	it('still posts the alert when Stripe fails, and says the look-up failed', async () => {
		stripe.failNext(1, 500);
		const alert = await alertFor(workflowFor(stripe, slack), basilInvoiceFailed());
		expect(alert.summary).toContain(
			'Attempt 1 failed · reason not included in the event; looking it up at Stripe failed (Stripe answered 500)',
		);
		expect(stripeReads()).toHaveLength(1);
		expect(posted()).toEqual([expect.stringContaining('looking it up at Stripe failed')]);
	});

	it('gives up on a slow Stripe after 2 seconds and posts the alert', async () => {
		stripe.answerSlowly(1, 10_000);
		const alert = await alertFor(workflowFor(stripe, slack), basilInvoiceFailed());
		expect(alert.summary).toContain('looking it up at Stripe failed (no answer within 2 s)');
		expect(alert.elapsedMs).toBeLessThan(6_000);
		expect(posted()).toHaveLength(1);
	});

	it.each([
		['without a Stripe credential on Payment Alert', { stripeOnAlert: false }],
		['with Look Up Decline Reasons off', { options: { lookUpDeclineReasons: false } }],
	])('asks Stripe nothing %s', async (_case, settings) => {
		const alert = await alertFor(workflowFor(stripe, slack, settings), basilInvoiceFailed());
		expect(alert.summary).toContain('Attempt 1 failed · reason not included in the event · ');
		expect(alert.summary).not.toContain('looking it up');
		expect(stripeReads()).toEqual([]);
	});

	it('asks Stripe nothing for an alert a rule suppresses', async () => {
		const quiet = { name: 'Quiet', events: ['invoice.payment_failed'], action: 'suppress' };
		const { response, run } = await deliverWebhook(
			workflowFor(stripe, slack, { rules: [quiet] }),
			'Stripe Event Trigger',
			signedStripeDelivery(basilInvoiceFailed(), SIGNING_SECRET, 'application/json; charset=utf-8'),
		);
		expect(response.statusCode).toBe(200);
		expect(outputOf(run as IRun, 'Payment Alert')[0][0]).toMatchObject({ route: { suppressed: true } });
		expect(stripeReads()).toEqual([]);
	});

	it('asks Stripe nothing when the event says why', async () => {
		const invoice = basilInvoiceFailed((object) => {
			object.last_finalization_error = { code: 'payment_method_unactivated', message: 'Not activated.' };
		});
		const alert = await alertFor(workflowFor(stripe, slack), invoice);
		expect(alert.summary).toContain('Not activated. (payment_method_unactivated)');
		expect(stripeReads()).toEqual([]);
	});
});

describe('one run of Payment Alert and a slow Stripe', () => {
	function contextWith(credentials: IDataObject | undefined): IExecuteFunctions {
		return {
			getNode: () => ({ credentials: credentials ? { stripeChatChannelApi: { id: 'stripe', name: 'Stripe' } } : {} }),
			getCredentials: async () => credentials,
		} as unknown as IExecuteFunctions;
	}

	it('does not wait again for the next alert once Stripe timed out', async () => {
		const stripe = new FakeStripe();
		await stripe.start();
		try {
			stripe.answerSlowly(5, 10_000);
			const lookup = await declineReasonLookup(
				contextWith({ secretKey: 'sk_test_declineReasons', signingSecrets: '', baseUrl: stripe.baseUrl }),
			);
			const first = await lookup?.({ invoiceId: 'in_first' });
			const started = Date.now();
			const second = await lookup?.({ invoiceId: 'in_second' });
			expect(first).toEqual({ lookedUp: 'timeout', cause: 'no answer within 2 s' });
			expect(second).toEqual({ lookedUp: 'timeout', cause: 'Stripe was too slow for an earlier alert of this run' });
			expect(Date.now() - started).toBeLessThan(100);
		} finally {
			await stripe.stop();
		}
	});

	it('has no look-up without a Stripe credential, and a failed one with an unusable credential', async () => {
		expect(await declineReasonLookup(contextWith(undefined))).toBeUndefined();
		const lookup = await declineReasonLookup(contextWith({ secretKey: 'pk_live_not_a_secret_key' }));
		expect(await lookup?.({ invoiceId: 'in_x' })).toEqual({
			lookedUp: 'failed',
			cause: 'the Stripe credential of Payment Alert needs fixing',
		});
	});
});
