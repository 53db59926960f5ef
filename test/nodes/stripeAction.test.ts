import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INode, INodeParameters, IRun } from 'n8n-workflow';

import { StripeAction } from '../../nodes/StripeAction/StripeAction.node';
import { RESOURCES } from '../../nodes/StripeAction/actions/resources';
import { clickIdempotencyKey } from '../../src/core/actionOutcome';
import { closeStateStores } from '../../src/state';
import { startActionBackends, stopActionBackends } from '../support/actionBackends';
import type { FakeSlack } from '../support/fakeSlack';
import type { FakeResponse, FakeStripe } from '../support/fakeStripe';
import { resourceMissing, stripeError } from '../support/fakeStripe';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { isolateRedisKeys, REDIS_STATE_STORE } from '../support/redisStateStore';
import { itemsTrigger, itemsTriggerNode } from '../support/itemsTrigger';
import { deliverWebhook } from '../support/n8nEngine';

const SECRET_KEY = 'rk_test_actionNodeKey0123456789abcdefXYZ';
const CHANNEL = 'C0PAYMENTS';

let stripe: FakeStripe;
let billing: FakeStripeBilling;
let slack: FakeSlack;

beforeAll(async () => {
	({ stripe, billing, slack } = await startActionBackends(CHANNEL));
	isolateRedisKeys();
});

afterAll(async () => {
	await stopActionBackends({ stripe, billing, slack });
	await closeStateStores();
});

interface ActionRun {
	run: IRun;
	output: Array<{ json: IDataObject; pairedItem?: unknown }>;
	error?: Error & { description?: string | null; context?: IDataObject };
}

async function runAction(
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	options: { node?: Partial<INode>; withSlack?: boolean } = {},
): Promise<ActionRun> {
	const withSlack = options.withSlack ?? true;
	const result = await deliverWebhook(
		{
			nodes: [
				itemsTriggerNode(),
				{
					id: 'action',
					name: 'Stripe Action',
					type: 'stripeAction',
					typeVersion: 1,
					position: [200, 0],
					parameters: { ...REDIS_STATE_STORE.parameters, ...parameters },
					credentials: {
						stripeChatChannelApi: { id: 'stripe', name: 'Stripe' },
						...(withSlack ? { stripeChatSlackApi: { id: 'slack', name: 'Slack' } } : {}),
						...REDIS_STATE_STORE.nodeCredentials,
					},
					...options.node,
				},
			],
			connections: { Items: { main: [[{ node: 'Stripe Action', type: 'main', index: 0 }]] } },
			nodeTypes: { itemsTrigger, stripeAction: new StripeAction() },
			credentials: {
				stripeChatChannelApi: { secretKey: SECRET_KEY, baseUrl: stripe.baseUrl },
				stripeChatSlackApi: {
					botToken: 'xoxb-test-token',
					signingSecret: 'unused-here',
					buttonSigningSecret: 'button-secret-for-action-tests-0123456789',
					apiBaseUrl: slack.apiUrl,
				},
				...REDIS_STATE_STORE.credentials,
			},
		},
		'Items',
		{ headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify(items)) },
	);
	const run = result.run!;
	const task = run.data.resultData.runData['Stripe Action']?.[0];
	const output = (task?.data?.main?.[0] ?? []) as ActionRun['output'];
	return { run, output, error: task?.error as ActionRun['error'] };
}

const continueOnFail = { node: { onError: 'continueRegularOutput' as const } };

let nextTs = 1_710_000_000;

/** An item as the Chat Interaction Trigger emits it for a click on an alert that this app posted. */
function clickItem(action: string, objectId: string, extra: IDataObject = {}): IDataObject {
	nextTs += 1;
	const ts = `${nextTs}.000200`;
	const blocks = [
		{ type: 'header', text: { type: 'plain_text', text: 'Invoice payment failed' } },
		{
			type: 'actions',
			elements: [{ type: 'button', action_id: `scc:${action}:0`, text: { type: 'plain_text', text: 'Go' } }],
		},
	];
	slack.addMessage({ channel: CHANNEL, ts, text: 'Invoice payment failed', blocks });
	return {
		kind: 'block_actions',
		action,
		user: { id: 'U0ALICE', name: 'alice' },
		teamId: 'T0FAKE',
		channelId: CHANNEL,
		messageTs: ts,
		threadTs: ts,
		messageBlocks: blocks,
		target: { action, objectId, objectType: 'invoice', livemode: false },
		...extra,
	};
}

describe('Stripe Action node description', () => {
	const description = new StripeAction().description;

	it('can be used as an AI agent tool and matches its codex', () => {
		expect(description.usableAsTool).toBe(true);
		const codex = JSON.parse(
			readFileSync(path.resolve(__dirname, '../../nodes/StripeAction/StripeAction.node.json'), 'utf8'),
		) as {
			node: string;
		};
		expect(codex.node).toBe(`n8n-nodes-stripe-chat-channel.${description.name}`);
	});

	it('offers every operation the router can run, and nothing else', () => {
		const offered = description.properties
			.filter((property) => property.name === 'operation')
			.flatMap((property) =>
				(property.options as Array<{ value: string }>).map(
					(option) => `${(property.displayOptions?.show?.resource as string[])[0]}.${option.value}`,
				),
			)
			.sort();
		const routed = Object.entries(RESOURCES)
			.flatMap(([resource, operations]) => Object.keys(operations).map((operation) => `${resource}.${operation}`))
			.sort();
		expect(offered).toEqual(routed);
	});
});

describe('Invoice operations', () => {
	it.each([
		['send', 'open'],
		['void', 'void'],
		['markUncollectible', 'uncollectible'],
	])('%s acts on the invoice and, without a click, derives no Idempotency-Key', async (operation, status) => {
		const invoice = billing.addInvoice();
		const { output } = await runAction({ resource: 'invoice', operation, invoiceId: invoice.id });
		expect(output).toEqual([
			{
				json: expect.objectContaining({
					ok: true,
					operation: `invoice.${operation}`,
					result: expect.objectContaining({ status }),
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(output[0].json.idempotencyKey).toBeUndefined();
		expect(String((output[0].json.outcome as IDataObject).text)).toMatch(/succeeded/);
		const [call] = billing.executed.filter((candidate) => candidate.path.startsWith(`/v1/invoices/${invoice.id}`));
		// Only the SDK's own key, which makes its automatic network retries safe; a second run acts again.
		expect(call.idempotencyKey).toMatch(/^stripe-node-retry-/);
	});

	it('gets an invoice without changing it', async () => {
		const invoice = billing.addInvoice({ amount_due: 1999, currency: 'eur' });
		const { output } = await runAction({ resource: 'invoice', operation: 'get', invoiceId: invoice.id });
		expect(output[0].json).toMatchObject({
			ok: true,
			outcome: { detail: 'open, €19.99 due' },
			result: { id: invoice.id },
		});
		expect(billing.executed.some((call) => call.path.startsWith(`/v1/invoices/${invoice.id}`))).toBe(false);
	});

	it('derives the Idempotency-Key from the click, or uses the one given', async () => {
		const invoice = billing.addInvoice();
		const item = clickItem('invoice.send', invoice.id);
		const derived = await runAction({ resource: 'invoice', operation: 'send' }, [item]);
		expect(derived.output[0].json.idempotencyKey).toBe(
			clickIdempotencyKey({
				action: 'invoice.send',
				objectId: invoice.id,
				channelId: CHANNEL,
				messageTs: String(item.messageTs),
			}),
		);
		const given = await runAction(
			{ resource: 'invoice', operation: 'send', invoiceId: invoice.id, options: { idempotencyKey: 'order-42-send' } },
			[item],
		);
		expect(given.output[0].json.idempotencyKey).toBe('order-42-send');
		expect(
			billing.executed
				.filter((call) => call.path === `/v1/invoices/${invoice.id}/send`)
				.map((call) => call.idempotencyKey),
		).toEqual([derived.output[0].json.idempotencyKey, 'order-42-send']);
	});

	it('refuses an ID of another kind before calling Stripe, naming the click', async () => {
		const requestsBefore = stripe.requests.length;
		const { output } = await runAction(
			{ resource: 'invoice', operation: 'retryPayment', invoiceId: 'ch_1NotAnInvoice' },
			[clickItem('invoice.retry', 'in_1Clicked')],
			continueOnFail,
		);
		expect(output[0].json).toMatchObject({
			ok: false,
			error: '"ch_1NotAnInvoice" is not an invoice ID (starts with in_)',
			hint: expect.stringContaining('Switch node'),
		});
		expect(stripe.requests.length).toBe(requestsBefore);
	});
});

describe("The Chat Interaction Trigger's item", () => {
	it('stops an item whose chat fields are not what the trigger emits, saying how to connect the node', async () => {
		const requestsBefore = stripe.requests.length;
		const { output } = await runAction(
			{ resource: 'invoice', operation: 'retryPayment', invoiceId: 'in_1Typed' },
			[{ target: 'in_1Typed', user: 'alice' }],
			continueOnFail,
		);
		expect(output[0].json).toMatchObject({
			ok: false,
			operation: 'invoice.retryPayment',
			error: expect.stringMatching(/^Stripe Action expects the output of Chat Interaction Trigger: .*"user".*"target"/),
			hint: expect.stringContaining('Connect this node after Chat Interaction Trigger'),
		});
		expect(stripe.requests.length).toBe(requestsBefore);
	});

	it('is not needed by an operation that works from its parameters (a manual run, an AI agent)', async () => {
		const invoice = billing.addInvoice();
		const { output } = await runAction({ resource: 'invoice', operation: 'get', invoiceId: invoice.id }, [
			{ question: 'what is the status?' },
		]);
		expect(output[0].json).toMatchObject({ ok: true, result: { id: invoice.id } });
	});
});

describe('The signed action of a click', () => {
	it.each([
		['a "Send payment link" click wired into Refund', 'payment_link.create', 'pi_1Signed', { resource: 'refund', operation: 'create' }],
		['a "Retry payment" click wired into Void', 'invoice.retry', 'in_1Signed', { resource: 'invoice', operation: 'void' }],
		['a "Refund" click wired into the billing summary', 'refund.create', 'pi_1Signed', { resource: 'customer', operation: 'billingSummary' }],
		['an "Answer dispute" click wired into Submit', 'dispute.respond', 'du_1Signed', { resource: 'dispute', operation: 'submit' }],
		['a "Void" click wired into Accept dispute', 'invoice.void', 'du_1Signed', { resource: 'dispute', operation: 'accept' }],
	])('refuses %s before calling Stripe, and tells the clicker privately', async (_name, clicked, objectId, parameters) => {
		const requestsBefore = stripe.requests.length;
		const noticesBefore = slack.responseUrlPosts.length;
		const item = clickItem(clicked, objectId, { responseUrl: slack.createResponseUrl() });
		const { output } = await runAction(parameters, [item], continueOnFail);
		expect(output[0].json).toMatchObject({
			ok: false,
			error: expect.stringContaining(`The click was for`),
			hint: expect.stringContaining('Switch node'),
		});
		expect(String(output[0].json.error)).toContain(`(${clicked})`);
		expect(stripe.requests.length).toBe(requestsBefore);
		const notices = slack.responseUrlPosts.slice(noticesBefore);
		expect(notices).toHaveLength(1);
		expect(notices[0].body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Nothing was done') });
		expect(slack.messages(CHANNEL).find((message) => message.ts === item.messageTs)?.edited).toBeUndefined();
	});

	it('lets read-only operations serve any click', async () => {
		const invoice = billing.addInvoice();
		const { output } = await runAction({ resource: 'invoice', operation: 'get' }, [clickItem('invoice.void', invoice.id)]);
		expect(output[0].json).toMatchObject({ ok: true, result: { id: invoice.id } });
	});
});

describe('Refunds', () => {
	it.each([
		['usd', 12.5, 1250],
		['jpy', 1000, 1000],
		['bhd', 1.5, 1500],
	])('turns %s %d typed in major units into %d minor units', async (currency, typed, minor) => {
		const payment = billing.addPaymentIntent({ currency, amount: minor * 4 });
		const { output } = await runAction({
			resource: 'refund',
			operation: 'create',
			paymentId: payment.id,
			amount: typed,
			reason: 'duplicate',
		});
		expect(output[0].json).toMatchObject({
			ok: true,
			result: { amount: minor, currency, reason: 'duplicate', payment_intent: payment.id },
		});
	});

	it('refunds what is left of a charge when no amount is given', async () => {
		const charge = billing.addCharge({ amount: 3000, amount_refunded: 1000, currency: 'eur' });
		const { output } = await runAction({ resource: 'refund', operation: 'create', paymentId: charge.id, amount: 0 });
		expect(output[0].json).toMatchObject({
			ok: true,
			outcome: { detail: '€20.00 succeeded' },
			result: { amount: 2000, charge: charge.id },
		});
	});
});

describe('Disputes', () => {
	it('saves evidence typed in the node without submitting it', async () => {
		const dispute = billing.addDispute();
		const { output } = await runAction({
			resource: 'dispute',
			operation: 'addEvidence',
			disputeId: dispute.id,
			evidenceSource: 'fields',
			evidence: { product_description: 'Deluxe room, 2 nights', shipping_carrier: ' ' },
			submitNow: false,
		});
		expect(output[0].json).toMatchObject({
			ok: true,
			outcome: { detail: '1 field(s) saved, not yet submitted' },
			result: { status: 'needs_response' },
		});
		expect(billing.disputes.get(dispute.id)?.evidence).toEqual({ product_description: 'Deluxe room, 2 nights' });
	});

	it.each([
		['submit', 'under_review'],
		['accept', 'lost'],
		['get', 'needs_response'],
	])('%s', async (operation, status) => {
		const dispute = billing.addDispute();
		const { output } = await runAction({ resource: 'dispute', operation, disputeId: dispute.id });
		expect(output[0].json).toMatchObject({ ok: true, result: { id: dispute.id, status } });
	});

	it('refuses a form item without values', async () => {
		const dispute = billing.addDispute();
		const { error } = await runAction({ resource: 'dispute', operation: 'addEvidence', disputeId: dispute.id });
		expect(error?.message).toBe('This item has no submitted evidence form');
	});
});

describe('Checkout Sessions and Payment Links', () => {
	it('creates a session for a Stripe price with expiry, metadata and the chat ids', async () => {
		const priceId = billing.addPrice({ currency: 'usd', unit_amount: 1000 }).id;
		const item = clickItem('payment_link.create', 'in_1ForCheckout');
		const { output } = await runAction(
			{
				resource: 'checkoutSession',
				operation: 'create',
				lineSource: 'price',
				priceId,
				quantity: 2,
				mode: 'payment',
				successUrl: 'https://example.com/ok',
				cancelUrl: 'https://example.com/cart',
				options: { expiresInMinutes: 60, metadata: { entry: [{ key: 'booking', value: 'B-17' }] } },
			},
			[item],
		);
		expect(output[0].json).toMatchObject({
			ok: true,
			url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/),
			result: {
				amount_total: 2000,
				client_reference_id: 'slack-T0FAKE-C0PAYMENTS-U0ALICE',
				metadata: { booking: 'B-17', slack_channel_id: CHANNEL, slack_team_id: 'T0FAKE', slack_user_id: 'U0ALICE' },
				cancel_url: 'https://example.com/cart',
			},
		});
		const result = output[0].json.result as { expires_at: number; created: number };
		expect(result.expires_at - Math.floor(Date.now() / 1000)).toBeGreaterThan(59 * 60);
		expect(result.expires_at - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(60 * 60);
		const thread = slack.messages(CHANNEL).filter((message) => message.thread_ts === item.messageTs);
		expect(thread[0].text).toContain(String(output[0].json.url));

		const read = await runAction({
			resource: 'checkoutSession',
			operation: 'get',
			sessionId: String((output[0].json.result as IDataObject).id),
		});
		expect(read.output[0].json).toMatchObject({ ok: true, outcome: { detail: '$20.00, open' } });
	});

	it('creates a payment link for a typed amount through a one-off price', async () => {
		const { output } = await runAction({
			resource: 'paymentLink',
			operation: 'create',
			lineSource: 'amount',
			amount: 5000,
			currency: 'jpy',
			description: 'Tour',
		});
		expect(output[0].json).toMatchObject({
			ok: true,
			outcome: { detail: '¥5,000' },
			url: expect.stringMatching(/^https:\/\/buy\.stripe\.com\//),
		});
		const price = [...billing.prices.values()].at(-1);
		expect(price).toMatchObject({ currency: 'jpy', unit_amount: 5000 });
	});

	it.each([
		[0, 'usd', 'must be more than zero'],
		[10.5, 'jpy', 'at most 0 decimals'],
		[10, 'euro', 'is not a currency code'],
	])('refuses amount %d %s before calling Stripe', async (amount, currency, message) => {
		const before = billing.executed.length;
		const { output } = await runAction(
			{ resource: 'paymentLink', operation: 'create', lineSource: 'amount', amount, currency, description: 'x' },
			[{}],
			continueOnFail,
		);
		expect(`${String(output[0].json.error)} ${String(output[0].json.hint)}`).toContain(message);
		expect(billing.executed.length).toBe(before);
	});
});

describe('Payment Links for the clicked payment', () => {
	/** A "Send payment link" click as the trigger emits it for the button on a failed payment or expired session. */
	function sendLinkClick(objectId: string, objectType: string, customerId?: string): IDataObject {
		return clickItem('payment_link.create', objectId, {
			target: { action: 'payment_link.create', objectId, objectType, customerId, livemode: false },
		});
	}

	const clicked: Array<[string, () => { item: IDataObject; id: string }, string, string, string]> = [
		[
			'a failed PaymentIntent',
			() => {
				const customer = billing.addCustomer();
				const intent = billing.addPaymentIntent({
					amount: 12345,
					currency: 'eur',
					description: 'Deluxe room, 2 nights',
					customer: customer.id,
					status: 'requires_payment_method',
				});
				return { item: sendLinkClick(intent.id, 'payment_intent'), id: intent.id };
			},
			'eur',
			'€123.45',
			'Deluxe room, 2 nights',
		],
		[
			'a failed charge without description (customer from the signed click)',
			() => {
				const charge = billing.addCharge({ amount: 5000, currency: 'jpy', status: 'failed' });
				return { item: sendLinkClick(charge.id, 'charge', 'cus_FromTheClick'), id: charge.id };
			},
			'jpy',
			'¥5,000',
			'Payment',
		],
		[
			'an expired Checkout Session, described by its line items',
			() => {
				const customer = billing.addCustomer();
				const session = billing.addCheckoutSession({ amount_total: 1500, currency: 'bhd', customer: customer.id }, [
					'Tour',
					'Guide',
				]);
				return { item: sendLinkClick(session.id, 'checkout.session'), id: session.id };
			},
			'bhd',
			'BHD\u00a01.500',
			'Tour, Guide',
		],
	];

	it.each(clicked)(
		'by default asks again for %s and reports the link in the thread',
		async (_case, setUp, currency, detail, productName) => {
			const { item, id } = setUp();
			const expectedCustomer =
				(item.target as IDataObject).customerId ??
				(billing.paymentIntents.get(id) ?? billing.charges.get(id) ?? billing.checkoutSessions.get(id))?.customer;
			const pricesBefore = stripe.requestsTo('POST', '/v1/prices').length;

			const { output } = await runAction(
				{ resource: 'paymentLink', operation: 'create', lineSource: 'clickedPayment' },
				[item],
			);

			expect(output[0].json).toMatchObject({
				ok: true,
				operation: 'paymentLink.create',
				outcome: { succeeded: true, detail },
				url: expect.stringMatching(/^https:\/\/buy\.stripe\.com\//),
				idempotencyKey: clickIdempotencyKey({
					action: 'payment_link.create',
					objectId: id,
					channelId: CHANNEL,
					messageTs: String(item.messageTs),
				}),
				result: {
					metadata: {
						original_payment_id: id,
						customer_id: expectedCustomer,
						slack_team_id: 'T0FAKE',
						slack_channel_id: CHANNEL,
						slack_user_id: 'U0ALICE',
					},
				},
			});
			const [priceRequest] = stripe.requestsTo('POST', '/v1/prices').slice(pricesBefore);
			expect(priceRequest.body).toMatchObject({ currency, product_data: { name: productName } });
			const amount = { eur: 12345, jpy: 5000, bhd: 1500 }[currency];
			expect(priceRequest.body.unit_amount).toBe(String(amount));
			const link = output[0].json.result as { line_items: Array<{ price: string; quantity: string }> };
			expect(link.line_items).toEqual([{ price: expect.stringMatching(/^price_/), quantity: '1' }]);

			const message = slack.messages(CHANNEL).find((candidate) => candidate.ts === item.messageTs);
			expect(message?.blocks?.some((block) => (block as { type: string }).type === 'actions')).toBe(false);
			const [reply] = slack.messages(CHANNEL).filter((candidate) => candidate.thread_ts === item.messageTs);
			expect(reply.text).toMatch(/Payment link created by <@U0ALICE> at .* — succeeded/);
			expect(reply.text).toContain(`Payment link: ${String(output[0].json.url)}`);
		},
	);

	it.each([
		['an item that is not a click', {}, 'No clicked payment to take the amount from', /"An Amount"/],
		[
			'a click on another button',
			{ target: { action: 'refund.create', objectId: 'ch_1Refunded', objectType: 'charge', livemode: false } },
			'The click was for "Refund payment" (refund.create), but this node does "Create payment link" (payment_link.create); nothing was done',
			/Switch node/,
		],
		[
			'a click on an invoice',
			{
				target: { action: 'payment_link.create', objectId: 'in_1NotAPayment', objectType: 'invoice', livemode: false },
			},
			'"in_1NotAPayment" is not a payment or Checkout Session ID (starts with pi_, ch_ or cs_)',
			/Switch node/,
		],
	])('refuses %s before calling Stripe', async (_case, item, error, hint) => {
		const requestsBefore = stripe.requests.length;
		const { output } = await runAction(
			{ resource: 'paymentLink', operation: 'create', lineSource: 'clickedPayment' },
			[item],
			continueOnFail,
		);
		expect(output[0].json).toMatchObject({ ok: false, error });
		expect(String(output[0].json.hint)).toMatch(hint);
		expect(stripe.requests.length).toBe(requestsBefore);
	});

	it('refuses a Checkout Session without an amount, creating nothing', async () => {
		const session = billing.addCheckoutSession({ mode: 'setup', amount_total: null, currency: null }, []);
		const before = billing.executed.length;
		const { output } = await runAction(
			{ resource: 'paymentLink', operation: 'create', lineSource: 'clickedPayment' },
			[sendLinkClick(session.id, 'checkout.session')],
			continueOnFail,
		);
		expect(output[0].json).toMatchObject({ ok: false, error: `${session.id} has no amount to ask for` });
		expect(billing.executed.length).toBe(before);
	});
});

describe('Customers', () => {
	it('summarises billing and replies in the thread of the click, keeping the buttons', async () => {
		const customer = billing.addCustomer({ email: 'taro@example.com' }, { brand: 'visa', last4: '4242' });
		billing.addInvoice({ customer: customer.id, number: 'INV-9', amount_due: 1200, currency: 'eur' });
		billing.addPaymentIntent({
			customer: customer.id,
			status: 'requires_payment_method',
			amount: 1200,
			currency: 'eur',
		});
		billing.addSubscription({ customer: customer.id, status: 'past_due' });
		const item = clickItem('customer.summary', 'in_1Whatever', {
			target: { action: 'customer.summary', objectId: 'in_1Whatever', customerId: customer.id, livemode: false },
		});

		const { output } = await runAction({ resource: 'customer', operation: 'billingSummary' }, [item]);

		expect(output[0].json).toMatchObject({
			ok: true,
			outcome: { detail: '1 open invoice, subscription past_due, visa •••• 4242' },
			result: { customerId: customer.id, defaultCard: { brand: 'visa', last4: '4242' } },
		});
		const message = slack.messages(CHANNEL).find((candidate) => candidate.ts === item.messageTs);
		expect(message?.edited).toBeUndefined();
		const [reply] = slack.messages(CHANNEL).filter((candidate) => candidate.thread_ts === item.messageTs);
		expect(reply.text).toContain('Open invoices: INV-9 €12.00 due');
		expect(reply.text).toContain('€12.00 requires_payment_method');
	});

	it('finds customers by e-mail', async () => {
		const customer = billing.addCustomer({ email: 'find.me@example.com' });
		const { output } = await runAction({
			resource: 'customer',
			operation: 'findByEmail',
			email: 'find.me@example.com',
		});
		expect(output[0].json).toMatchObject({ ok: true, result: { count: 1, customers: [{ id: customer.id }] } });
	});
});

describe('Stripe errors', () => {
	const permissionMessage = `The provided key '${SECRET_KEY}' does not have the required permissions for this endpoint on account 'acct_1Test'. Having the 'rak_invoice_write' permission would allow this request to continue.`;
	const cases: Array<[string, FakeResponse, string, RegExp]> = [
		[
			'a declined card',
			{
				status: 402,
				body: {
					error: {
						type: 'card_error',
						code: 'card_declined',
						decline_code: 'insufficient_funds',
						message: 'Your card has insufficient funds.',
					},
				},
			},
			'card_declined: insufficient_funds',
			/bank declined/,
		],
		['a missing invoice', resourceMissing('invoice', 'in_gone'), 'resource_missing', /test or live object/],
		[
			'a restricted key without permission',
			stripeError(403, 'invalid_request_error', permissionMessage),
			'permission_denied',
			/lacks the "rak_invoice_write" permission/,
		],
		[
			'a rejected key',
			stripeError(401, 'invalid_request_error', `Invalid API Key provided: ${SECRET_KEY}`),
			'authentication_failed',
			/paste a current key/,
		],
	];

	it.each(cases)('describes %s readably and never shows the key', async (_name, answer, code, hint) => {
		const invoice = billing.addInvoice();
		billing.programPayAnswer(invoice.id, answer);

		const continued = await runAction(
			{ resource: 'invoice', operation: 'retryPayment', invoiceId: invoice.id },
			[{}],
			continueOnFail,
		);
		expect(continued.output[0].json).toMatchObject({
			ok: false,
			outcome: { succeeded: false, detail: code },
			error: expect.stringContaining(code),
		});
		expect(String(continued.output[0].json.hint)).toMatch(hint);
		expect(JSON.stringify(continued.output)).not.toContain(SECRET_KEY);

		const failed = await runAction({ resource: 'invoice', operation: 'retryPayment', invoiceId: invoice.id });
		expect(failed.error?.message).toContain(code);
		expect(failed.error?.description).toMatch(hint);
		expect(
			JSON.stringify({
				message: failed.error?.message,
				description: failed.error?.description,
				context: failed.error?.context,
			}),
		).not.toContain(SECRET_KEY);
	});
});

describe('Writing back to Slack', () => {
	it('keeps the Stripe result when Slack refuses the update, and does not repeat the Stripe call', async () => {
		const invoice = billing.addInvoice();
		slack.failMethod('chat.update', 'cant_update_message', { times: 1 });
		const { output } = await runAction({ resource: 'invoice', operation: 'retryPayment' }, [
			clickItem('invoice.retry', invoice.id),
		]);
		expect(output[0].json).toMatchObject({
			ok: true,
			result: { status: 'paid' },
			slackReportError: expect.stringContaining('may not edit'),
		});
		expect(billing.executedCount('POST', `/v1/invoices/${invoice.id}/pay`)).toBe(1);
	});

	it('says so on the item when no Slack credential is selected', async () => {
		const invoice = billing.addInvoice();
		const { output } = await runAction(
			{ resource: 'invoice', operation: 'retryPayment' },
			[clickItem('invoice.retry', invoice.id)],
			{ withSlack: false },
		);
		expect(output[0].json).toMatchObject({
			ok: true,
			slackReportError: expect.stringContaining('No Slack credential is selected'),
		});
	});

	it('leaves Slack alone when Report Outcome in Slack is off', async () => {
		const invoice = billing.addInvoice();
		const item = clickItem('invoice.retry', invoice.id);
		const { output } = await runAction({ resource: 'invoice', operation: 'retryPayment', reportOutcome: false }, [
			item,
		]);
		expect(output[0].json).toMatchObject({ ok: true });
		expect(slack.messages(CHANNEL).find((message) => message.ts === item.messageTs)?.edited).toBeUndefined();
		expect(slack.messages(CHANNEL).filter((message) => message.thread_ts === item.messageTs)).toHaveLength(0);
	});
});
