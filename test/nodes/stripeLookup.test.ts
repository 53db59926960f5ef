import type { IRun } from 'n8n-workflow';

import { ChatInteractionTrigger } from '../../nodes/ChatInteractionTrigger/ChatInteractionTrigger.node';
import { StripeAction } from '../../nodes/StripeAction/StripeAction.node';
import { verifyActionValue } from '../../src/core/signedValue';
import { closeStateStores } from '../../src/state';
import { startActionBackends, stopActionBackends } from '../support/actionBackends';
import type { FakeSlack } from '../support/fakeSlack';
import type { FakeStripe } from '../support/fakeStripe';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { installReportRoutes } from '../support/fakeStripeReports';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { isolateRedisKeys, REDIS_STATE_STORE } from '../support/redisStateStore';
import { signedSlackRequest } from '../support/slackRequests';

/**
 * `/stripe` through n8n's engine: a slash command signed like Slack signs it reaches the real Chat Interaction
 * Trigger (access rules included), Stripe Action's Slash Command → Look Up reads the fake Stripe with the official
 * SDK and answers privately through the command's response URL on the fake Slack.
 */

const SIGNING_SECRET = 'slack-signing-secret-for-lookup-tests-1';
const BUTTON_SECRET = 'button-signing-secret-for-lookup-tests-0123456789';
const SECRET_KEY = 'sk_test_lookupTestKey0123456789abcdef';
const CHANNEL = 'C0SUPPORT';
const CARD_NUMBER = '4242424242424242';

let stripe: FakeStripe;
let billing: FakeStripeBilling;
let slack: FakeSlack;

beforeAll(async () => {
	({ stripe, billing, slack } = await startActionBackends(CHANNEL));
	installReportRoutes(stripe, billing);
	isolateRedisKeys();
});

afterAll(async () => {
	await stopActionBackends({ stripe, billing, slack });
	await closeStateStores();
});

function flow(commands = '/stripe'): EngineWorkflow {
	return {
		nodes: [
			{
				id: 'trigger',
				name: 'Chat Interaction Trigger',
				type: 'chatInteractionTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'stripe-lookup',
				parameters: {
					listenFor: ['slash_command', 'block_actions'],
					access: 'rules',
					rules: {
						rule: [{ users: 'U0ALICE', userGroups: '', actions: ['customer.summary'], commands, channels: '' }],
					},
				},
				credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' } },
			},
			{
				id: 'action',
				name: 'Stripe Action',
				type: 'stripeAction',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					...REDIS_STATE_STORE.parameters,
					resource: 'slashCommand',
					operation: 'lookUp',
					commandText: '={{ $json.text }}',
				},
				credentials: {
					stripeChatChannelApi: { id: 'stripe', name: 'Stripe' },
					stripeChatSlackApi: { id: 'slack', name: 'Slack' },
					...REDIS_STATE_STORE.nodeCredentials,
				},
			},
		],
		connections: { 'Chat Interaction Trigger': { main: [[{ node: 'Stripe Action', type: 'main', index: 0 }]] } },
		nodeTypes: { chatInteractionTrigger: new ChatInteractionTrigger(), stripeAction: new StripeAction() },
		credentials: {
			stripeChatSlackApi: {
				botToken: 'xoxb-test-token',
				signingSecret: SIGNING_SECRET,
				buttonSigningSecret: BUTTON_SECRET,
				apiBaseUrl: slack.apiUrl,
			},
			stripeChatChannelApi: { secretKey: SECRET_KEY, baseUrl: stripe.baseUrl },
			...REDIS_STATE_STORE.credentials,
		},
	};
}

async function command(text: string, user = 'U0ALICE', commands?: string) {
	const responseUrl = slack.createResponseUrl();
	const body = new URLSearchParams({
		command: '/stripe',
		text,
		user_id: user,
		user_name: user.slice(2).toLowerCase(),
		team_id: 'T0FAKE',
		channel_id: CHANNEL,
		response_url: responseUrl,
		trigger_id: `${Date.now()}.7`,
	}).toString();
	const result = await deliverWebhook(
		flow(commands),
		'Chat Interaction Trigger',
		signedSlackRequest(body, SIGNING_SECRET),
	);
	const answers = slack.responseUrlPosts.filter((post) => responseUrl.endsWith(post.id));
	return { result, answers, item: result.run ? outputOf(result.run as IRun, 'Stripe Action')[0]?.[0] : undefined };
}

type Block = { type: string; elements?: Array<{ value?: string; text?: { text: string }; action_id?: string }> };

function buttonsOf(body: Record<string, unknown>) {
	return ((body.blocks as Block[]) ?? [])
		.filter((block) => block.type === 'actions')
		.flatMap((block) => block.elements ?? []);
}

/** One customer with a failed invoice, a payment, a subscription, an open dispute and a card number in their name. */
function seedCustomer(email: string) {
	const customer = billing.addCustomer(
		{ email, name: `Jane Doe ${CARD_NUMBER}`, livemode: false, delinquent: true },
		{ brand: 'visa', last4: '4242' },
	);
	const invoice = billing.addInvoice({ customer: customer.id, number: 'INV-0042', amount_due: 5000, attempt_count: 2 });
	const payment = billing.addPaymentIntent({ customer: customer.id, amount: 500000, currency: 'jpy' });
	const charge = billing.addCharge({ customer: customer.id, payment_intent: payment.id, disputed: true });
	const dispute = billing.addDispute({ charge: charge.id, amount: 12340, currency: 'bhd' });
	billing.addSubscription({ customer: customer.id });
	return { customer, invoice, payment, charge, dispute };
}

describe('/stripe from Slack', () => {
	it('answers an e-mail of one customer privately: status, invoices, payments, subscriptions, disputes, buttons', async () => {
		const seeded = seedCustomer('jane.lookup@example.com');
		const { answers, item } = await command('jane.lookup@example.com');

		expect(item).toMatchObject({
			ok: true,
			operation: 'slashCommand.lookUp',
			result: { found: 'customer', customerId: seeded.customer.id },
		});
		expect(answers).toHaveLength(1);
		expect(answers[0].body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
		const shown = JSON.stringify(answers[0].body);
		for (const expected of ['INV-0042', '$50.00', '¥500,000', seeded.dispute.id, 'active', 'visa •••• 4242']) {
			expect(shown).toContain(expected);
		}
		expect(shown).toMatch(/BHD\s12\.340/u);
		expect(shown).toContain('j***@example.com');
		expect(shown).not.toContain('jane.lookup@example.com');
		expect(shown).not.toContain(CARD_NUMBER);
		// The buttons of an alert, signed for this channel: retry and send the failed invoice, evidence, refund.
		const refs = buttonsOf(answers[0].body).map((button) =>
			verifyActionValue(String(button.value), { secret: BUTTON_SECRET }),
		);
		expect(refs.map((ref) => [ref.action, ref.objectId])).toEqual([
			['invoice.retry', seeded.invoice.id],
			['invoice.send', seeded.invoice.id],
			['dispute.respond', seeded.dispute.id],
			['refund.create', seeded.payment.id],
		]);
		expect(refs.every((ref) => ref.channelId === CHANNEL && ref.customerId === seeded.customer.id)).toBe(true);
	});

	it('answers an e-mail that three customers share with a short list whose buttons look each one up', async () => {
		const shared = 'shared.lookup@example.com';
		const customers = ['Ann', 'Bob', 'Cy'].map((name) => billing.addCustomer({ email: shared, name }));
		const { answers, item } = await command(shared);

		expect(item).toMatchObject({ ok: true, result: { found: 'choices' } });
		expect((item?.result as { customerIds: string[] }).customerIds.sort()).toEqual(customers.map((c) => c.id).sort());
		const body = answers[0].body;
		// E-mails are masked as in alerts, also the one typed.
		expect(String(body.text)).toContain('3 customers have the e-mail address “s***@example.com”');
		expect(JSON.stringify(body)).not.toContain(shared);
		const refs = buttonsOf(body).map((button) => verifyActionValue(String(button.value), { secret: BUTTON_SECRET }));
		expect(refs.map((ref) => ref.objectId).sort()).toEqual(customers.map((c) => c.id).sort());
		expect(refs.every((ref) => ref.action === 'customer.summary' && ref.channelId === CHANNEL)).toBe(true);

		// Clicking one looks that customer up, privately again.
		const responseUrl = slack.createResponseUrl();
		const [button] = buttonsOf(body);
		const click = {
			type: 'block_actions',
			user: { id: 'U0ALICE', username: 'alice' },
			team: { id: 'T0FAKE' },
			channel: { id: CHANNEL },
			container: { type: 'message', message_ts: '1700000000.000200', is_ephemeral: true },
			response_url: responseUrl,
			trigger_id: '1111.2222.4444',
			actions: [{ action_id: button.action_id, value: button.value, type: 'button' }],
		};
		const clicked = await deliverWebhook(
			flow(),
			'Chat Interaction Trigger',
			signedSlackRequest(new URLSearchParams({ payload: JSON.stringify(click) }).toString(), SIGNING_SECRET),
		);
		const [[clickItem]] = outputOf(clicked.run as IRun, 'Stripe Action');
		expect(clickItem).toMatchObject({ ok: true, result: { found: 'customer', customerId: refs[0].objectId } });
		const clickAnswers = slack.responseUrlPosts.filter((post) => responseUrl.endsWith(post.id));
		expect(clickAnswers).toHaveLength(1);
		expect(clickAnswers[0].body).toMatchObject({ response_type: 'ephemeral' });
	});

	it('answers an e-mail of no customer with "no customer or object matches", the e-mail masked', async () => {
		const { answers, item } = await command('nobody.lookup@example.com');
		expect(item).toMatchObject({ ok: true, result: { found: 'none' } });
		expect(String(answers[0].body.text)).toContain('No customer or object matches “n***@example.com”');
		expect(JSON.stringify(answers[0].body)).not.toContain('nobody.lookup@example.com');
	});

	it.each([
		['an invoice', (seeded: ReturnType<typeof seedCustomer>) => seeded.invoice.id],
		['a PaymentIntent', (seeded: ReturnType<typeof seedCustomer>) => seeded.payment.id],
		['a charge', (seeded: ReturnType<typeof seedCustomer>) => seeded.charge.id],
		['a dispute', (seeded: ReturnType<typeof seedCustomer>) => seeded.dispute.id],
		['a customer', (seeded: ReturnType<typeof seedCustomer>) => seeded.customer.id],
	])('finds the customer of %s id', async (_name, idOf) => {
		const seeded = seedCustomer(`by-id-${Math.random().toString(36).slice(2)}@example.com`);
		const { answers, item } = await command(idOf(seeded));
		expect(item).toMatchObject({ ok: true, result: { found: 'customer', customerId: seeded.customer.id } });
		expect(JSON.stringify(answers[0].body)).toContain('INV-0042');
	});

	it('answers an unknown id with "no customer or object matches"', async () => {
		const { answers, item } = await command('in_doesNotExist123');
		expect(item).toMatchObject({ ok: true, result: { found: 'none' } });
		expect(String(answers[0].body.text)).toContain('No customer or object matches “in_doesNotExist123”');
	});

	it.each([
		['sub_123', 'sub_123'],
		['cus_../../v1/balance', 'cus_../../v1/balance'],
		['<!channel> <https://evil.example|click>', '&lt;!channel&gt; &lt;https://evil.example|click&gt;'],
		[`4000 0566 5566 5556 please`, '[card number removed]'],
	])('answers %j, which is neither an e-mail nor an id, without calling Stripe and escaped', async (typed, shown) => {
		const before = stripe.requests.length;
		const { answers, item } = await command(typed);
		expect(item).toMatchObject({ ok: true, result: { found: 'invalid' } });
		expect(stripe.requests.length).toBe(before);
		const text = String(answers[0].body.text);
		expect(text).toContain('No customer or object matches');
		expect(JSON.stringify(answers[0].body)).not.toMatch(/<!channel>|<https:\/\/evil|4000 0566 5566 5556/);
		expect(text).toContain(shown);
	});

	it('refuses /stripe to a person no access rule names, and looks nothing up', async () => {
		const before = stripe.requests.length;
		const { result } = await command('jane.lookup@example.com', 'U0MALLORY');
		expect(result.run).toBeUndefined();
		expect(stripe.requests.length).toBe(before);
		expect(JSON.stringify(result.response ?? '')).toContain('not allowed');
	});
});
