import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INode, INodeParameters, IRun } from 'n8n-workflow';
import Stripe from 'stripe';

import { ChatInteractionTrigger } from '../../nodes/ChatInteractionTrigger/ChatInteractionTrigger.node';
import { StripeAction } from '../../nodes/StripeAction/StripeAction.node';
import { buildMessage } from '../../src/core/buildMessage';
import { renderSlack } from '../../src/platforms/slack/render';
import type { ButtonElement, SlackBlock } from '../../src/platforms/slack/render';
import { signActionValue, verifyActionValue } from '../../src/core/signedValue';
import { closeStateStores, openStateStore } from '../../src/state';
import { startActionBackends, stopActionBackends } from '../support/actionBackends';
import type { FakeSlack } from '../support/fakeSlack';
import type { FakeStripe } from '../support/fakeStripe';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import { isolateRedisKeys, REDIS_STATE_STORE } from '../support/redisStateStore';
import { signedSlackRequest } from '../support/slackRequests';
import type { EngineWorkflow } from '../support/n8nEngine';

/**
 * The whole "act from the chat" loop through n8n's real engine: a Slack request signed like Slack signs it reaches
 * the real Chat Interaction Trigger, its item runs the Stripe Action node, which calls the fake Stripe with the
 * official SDK and writes the outcome back to the fake Slack with the official WebClient.
 */

const SIGNING_SECRET = 'slack-signing-secret-for-flow-tests-01';
const BUTTON_SECRET = 'button-signing-secret-for-flow-tests-0123456789';
const SECRET_KEY = 'sk_test_flowTestKey0123456789abcdef';
const CHANNEL = 'C0PAYMENTS';
const FIXTURE = path.resolve(__dirname, '../fixtures/events/invoice.payment_failed__2025-03-31.basil.json');
const PAYMENT_SUCCEEDED_FIXTURE = path.resolve(
	__dirname,
	'../fixtures/events/payment_intent.succeeded__jpy_legacy_charges.json',
);
const PAYMENT_FAILED_FIXTURE = path.resolve(
	__dirname,
	'../fixtures/events/payment_intent.payment_failed__card_declined_eur.json',
);

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

function signed(body: string) {
	return signedSlackRequest(body, SIGNING_SECRET);
}

function flow(actionParameters: INodeParameters, actionNode: Partial<INode> = {}): EngineWorkflow {
	return {
		nodes: [
			{
				id: 'trigger',
				name: 'Chat Interaction Trigger',
				type: 'chatInteractionTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'slack-actions',
				parameters: {
					listenFor: ['block_actions', 'view_submission', 'slash_command'],
					access: 'rules',
					rules: {
						rule: [{ users: 'U0ALICE, U0BOB', userGroups: '', actions: ['*'], commands: '/pay', channels: '' }],
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
				parameters: { ...REDIS_STATE_STORE.parameters, ...actionParameters },
				credentials: {
					stripeChatChannelApi: { id: 'stripe', name: 'Stripe' },
					stripeChatSlackApi: { id: 'slack', name: 'Slack' },
					...REDIS_STATE_STORE.nodeCredentials,
				},
				...actionNode,
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

let nextTs = 1_700_000_000;

/** Posts the alert for an event, as the Payment Alert + Slack nodes would, and returns its button for `action`. */
function postAlert(fixture: string, objectId: string, action: string) {
	const event = JSON.parse(readFileSync(fixture, 'utf8')) as { data: { object: Record<string, unknown> } };
	event.data.object.id = objectId;
	const rendered = renderSlack(buildMessage(event, { actionSecret: BUTTON_SECRET }));
	nextTs += 1;
	const ts = `${nextTs}.000100`;
	slack.addMessage({ channel: CHANNEL, ts, text: rendered.text, blocks: rendered.blocks });
	const actions = rendered.blocks.find(
		(block): block is Extract<SlackBlock, { type: 'actions' }> => block.type === 'actions',
	);
	const button = actions?.elements.find((element: ButtonElement) => element.action_id.startsWith(`scc:${action}`));
	if (!button?.value) throw new Error(`The alert has no signed ${action} button`);
	return { ts, blocks: rendered.blocks, button };
}

function postFailureAlert(invoiceId: string) {
	return postAlert(FIXTURE, invoiceId, 'invoice.retry');
}

function clickOn(alert: ReturnType<typeof postAlert>, user = 'U0ALICE', responseUrl = slack.createResponseUrl()) {
	const payload = {
		type: 'block_actions',
		user: { id: user, username: user.slice(2).toLowerCase() },
		team: { id: 'T0FAKE' },
		channel: { id: CHANNEL },
		message: { ts: alert.ts, blocks: alert.blocks },
		response_url: responseUrl,
		trigger_id: '1111.2222.3333',
		actions: [{ action_id: alert.button.action_id, block_id: 'scc:actions:evt_1', value: alert.button.value }],
	};
	return signed(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
}

const retryParameters = { resource: 'invoice', operation: 'retryPayment' };

function messageAt(ts: string) {
	const message = slack.messages(CHANNEL).find((candidate) => candidate.ts === ts);
	if (!message) throw new Error(`no message ${ts}`);
	return message;
}

function threadReplies(ts: string) {
	return slack.messages(CHANNEL).filter((message) => message.thread_ts === ts);
}

function contextTexts(blocks: unknown[] | undefined): string[] {
	return (blocks ?? [])
		.filter((block) => (block as { type: string }).type === 'context')
		.flatMap((block) => (block as { elements: Array<{ text: string }> }).elements.map((element) => element.text));
}

function stripeActionError(run: IRun): Error & { description?: string | null } {
	const task = run.data.resultData.runData['Stripe Action']?.[0];
	if (!task?.error) throw new Error('Stripe Action did not fail');
	return task.error as Error & { description?: string | null };
}

describe('Acting on Stripe from a Slack button', () => {
	it('retries the invoice once, even when the same click arrives twice, and writes the outcome back', async () => {
		const invoice = billing.addInvoice({ id: 'in_1FlowRetryOnce', currency: 'jpy', amount_due: 5000 });
		const alert = postFailureAlert(invoice.id);
		const click = clickOn(alert);

		const first = await deliverWebhook(flow(retryParameters), 'Chat Interaction Trigger', click);
		const second = await deliverWebhook(flow(retryParameters), 'Chat Interaction Trigger', click);

		expect(first.response.statusCode).toBe(200);
		expect(billing.executedCount('POST', `/v1/invoices/${invoice.id}/pay`)).toBe(1);
		// The repeat is answered from the "already done" mark: it does not even reach Stripe.
		const payRequests = stripe.requestsTo('POST', `/v1/invoices/${invoice.id}/pay`);
		expect(payRequests).toHaveLength(1);
		expect(payRequests[0].headers['idempotency-key']).toMatch(/^scc-[0-9a-f]{64}$/);

		const [[firstItem]] = outputOf(first.run!, 'Stripe Action');
		expect(firstItem).toMatchObject({
			ok: true,
			operation: 'invoice.retryPayment',
			outcome: { succeeded: true, detail: 'paid' },
			idempotencyKey: payRequests[0].headers['idempotency-key'],
			result: { id: invoice.id, status: 'paid' },
		});
		expect(firstItem.slackReportError).toBeUndefined();
		expect(outputOf(second.run!, 'Stripe Action')[0][0]).toMatchObject({
			ok: false,
			operation: 'invoice.retryPayment',
			reason: 'already done by an earlier click',
			earlier: { state: 'done', userId: 'U0ALICE' },
		});

		const updated = messageAt(alert.ts);
		expect(updated.edited).toBeDefined();
		expect(updated.blocks?.some((block) => (block as { type: string }).type === 'actions')).toBe(false);
		expect(contextTexts(updated.blocks).join('\n')).toMatch(
			/Payment retried by <@U0ALICE> at <!date\^\d+\^\{time\}\|\d\d:\d\d [^>]+> — succeeded \(paid\)/,
		);
		// Paid on retry: the header and the status line follow the outcome instead of announcing a failure.
		const header = alert.blocks[0] as { type: string; text: { text: string } };
		const amount = header.text.text.slice(header.text.text.indexOf(': '));
		expect(updated.blocks?.[0]).toEqual({ ...header, text: { ...header.text, text: `✅ Recovered${amount}` } });
		expect(updated.blocks?.[1]).toEqual({
			type: 'section',
			text: {
				type: 'mrkdwn',
				text: expect.stringMatching(
					/^:white_check_mark: Recovered — paid on retry by <@U0ALICE> at <!date\^\d+\^\{time\}\|\d\d:\d\d [^>]+>$/,
				),
			},
		});
		expect(JSON.stringify(updated.blocks)).not.toMatch(/payment failed/i);

		const replies = threadReplies(alert.ts);
		expect(replies).toHaveLength(1);
		expect(replies[0].text).toMatch(/Payment retried by <@U0ALICE> at .* — succeeded/);
	});

	it("writes back a declined retry with the bank's reason before failing the execution", async () => {
		const invoice = billing.addInvoice({ id: 'in_1FlowDeclined' });
		billing.declineInvoice(invoice.id, 'insufficient_funds');
		const alert = postFailureAlert(invoice.id);

		const result = await deliverWebhook(flow(retryParameters), 'Chat Interaction Trigger', clickOn(alert));

		const error = stripeActionError(result.run!);
		expect(error.message).toContain('card_declined: insufficient_funds');
		expect(error.description).toMatch(/bank declined/);
		const updated = messageAt(alert.ts);
		expect(updated.blocks?.some((block) => (block as { type: string }).type === 'actions')).toBe(false);
		expect(contextTexts(updated.blocks).join('\n')).toMatch(
			/:x: Payment retry by <@U0ALICE> at .* — failed \(card_declined: insufficient_funds\)/,
		);
		const replies = threadReplies(alert.ts);
		expect(replies).toHaveLength(1);
		expect(replies[0].text).toContain('card_declined: insufficient_funds');
		expect(billing.executedCount('POST', `/v1/invoices/${invoice.id}/pay`)).toBe(1);
	});

	it('with Continue On Fail, hands the declined retry on as an item with the reason and a hint', async () => {
		const invoice = billing.addInvoice({ id: 'in_1FlowDeclinedContinue' });
		billing.declineInvoice(invoice.id, 'insufficient_funds');
		const alert = postFailureAlert(invoice.id);

		const result = await deliverWebhook(
			flow(retryParameters, { onError: 'continueRegularOutput' }),
			'Chat Interaction Trigger',
			clickOn(alert),
		);

		expect(outputOf(result.run!, 'Stripe Action')[0][0]).toMatchObject({
			ok: false,
			operation: 'invoice.retryPayment',
			outcome: { succeeded: false, detail: 'card_declined: insufficient_funds' },
			error: expect.stringContaining('card_declined: insufficient_funds'),
			hint: expect.stringContaining('payment link'),
		});
	});

	it('runs nothing at Stripe for a click by someone the access rules do not name', async () => {
		const invoice = billing.addInvoice({ id: 'in_1FlowUnauthorised' });
		const alert = postFailureAlert(invoice.id);
		const stripeRequestsBefore = stripe.requests.length;
		const noticesBefore = slack.responseUrlPosts.length;

		const result = await deliverWebhook(flow(retryParameters), 'Chat Interaction Trigger', clickOn(alert, 'U0MALLORY'));

		expect(result.run).toBeUndefined();
		expect(stripe.requests.length).toBe(stripeRequestsBefore);
		expect(billing.invoices.get(invoice.id)?.status).toBe('open');
		expect(messageAt(alert.ts).edited).toBeUndefined();
		expect(slack.responseUrlPosts.slice(noticesBefore)[0]?.body).toMatchObject({ response_type: 'ephemeral' });
	});
});

describe('Two people clicking the same Refund button', () => {
	// A partial refund: without the button's own key and mark, a second refund would go through at Stripe.
	const refundParameters = { resource: 'refund', operation: 'create', amount: 1000 };

	function refundAlert(paymentId: string) {
		const intent = billing.addPaymentIntent({ id: paymentId, amount: 5000, currency: 'jpy', status: 'succeeded' });
		return { intent, alert: postAlert(PAYMENT_SUCCEEDED_FIXTURE, intent.id, 'refund.create') };
	}

	function noticesTo(responseUrl: string) {
		return slack.responseUrlPosts.filter((post) => responseUrl.endsWith(post.id));
	}

	it('refunds once; the second person acts zero times and is told privately who refunded and when', async () => {
		const { intent, alert } = refundAlert('pi_1FlowTwoClickers');
		const bobsResponseUrl = slack.createResponseUrl();

		const alice = await deliverWebhook(flow(refundParameters), 'Chat Interaction Trigger', clickOn(alert, 'U0ALICE'));
		const refundRequestsAfterAlice = stripe.requestsTo('POST', '/v1/refunds').length;
		const bob = await deliverWebhook(
			flow(refundParameters),
			'Chat Interaction Trigger',
			clickOn(alert, 'U0BOB', bobsResponseUrl),
		);

		expect(outputOf(alice.run!, 'Stripe Action')[0][0]).toMatchObject({
			ok: true,
			outcome: { detail: '¥1,000 succeeded' },
		});
		expect(outputOf(bob.run!, 'Stripe Action')[0][0]).toMatchObject({
			ok: false,
			operation: 'refund.create',
			earlier: { state: 'done', userId: 'U0ALICE' },
		});
		expect(stripe.requestsTo('POST', '/v1/refunds')).toHaveLength(refundRequestsAfterAlice);
		expect([...billing.refunds.values()].filter((refund) => refund.payment_intent === intent.id)).toHaveLength(1);
		expect(billing.paymentIntents.get(intent.id)?.amount_refunded).toBe(1000);

		const [notice] = noticesTo(bobsResponseUrl);
		expect(notice.body).toMatchObject({ response_type: 'ephemeral' });
		expect(String(notice.body.text)).toMatch(
			/^:information_source: Already done: Refund created by <@U0ALICE> at <!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^>]*\d\d:\d\d [^>]+>\. Nothing was done again\.$/,
		);
		expect(threadReplies(alert.ts)).toHaveLength(1);
		expect(contextTexts(messageAt(alert.ts).blocks).join('\n')).toMatch(/Refund created by <@U0ALICE>/);
	});

	it('refunds once when both click at the same moment', async () => {
		const { intent, alert } = refundAlert('pi_1FlowSameMoment');
		const runs = await Promise.all(
			['U0ALICE', 'U0BOB'].map((user) =>
				deliverWebhook(flow(refundParameters), 'Chat Interaction Trigger', clickOn(alert, user)),
			),
		);
		const items = runs.map((run) => outputOf(run.run!, 'Stripe Action')[0][0]);
		expect(items.filter((item) => item.ok === true)).toHaveLength(1);
		expect(items.filter((item) => item.ok === false)).toHaveLength(1);
		expect([...billing.refunds.values()].filter((refund) => refund.payment_intent === intent.id)).toHaveLength(1);
		expect(billing.paymentIntents.get(intent.id)?.amount_refunded).toBe(1000);
	});

	it('still refunds once when the mark was lost after Stripe acted: both clicks send the same Idempotency-Key', async () => {
		const { intent, alert } = refundAlert('pi_1FlowMarkLost');
		await deliverWebhook(flow(refundParameters), 'Chat Interaction Trigger', clickOn(alert, 'U0ALICE'));
		const [aliceRequest] = stripe.requestsTo('POST', '/v1/refunds').slice(-1);
		// As if the execution had died between Stripe's answer and the mark: the store no longer knows the click.
		const store = await openStateStore({ kind: 'redis', redis: REDIS_STATE_STORE.credentials.redis });
		await store.put(`action:${String(aliceRequest.headers['idempotency-key'])}`, 'expired', 1);
		await new Promise((resolve) => setTimeout(resolve, 20));

		const bob = await deliverWebhook(flow(refundParameters), 'Chat Interaction Trigger', clickOn(alert, 'U0BOB'));

		const [bobRequest] = stripe.requestsTo('POST', '/v1/refunds').slice(-1);
		expect(bobRequest).not.toBe(aliceRequest);
		expect(bobRequest.headers['idempotency-key']).toBe(aliceRequest.headers['idempotency-key']);
		expect(outputOf(bob.run!, 'Stripe Action')[0][0]).toMatchObject({ ok: true, replayed: true });
		expect([...billing.refunds.values()].filter((refund) => refund.payment_intent === intent.id)).toHaveLength(1);
	});
});

describe('Send payment link from a failed payment', () => {
	it('creates one link for the amount of the failed payment, also on a double click, and posts it in the thread', async () => {
		const intent = billing.addPaymentIntent({
			id: 'pi_1FlowPaymentLink',
			amount: 5000,
			currency: 'eur',
			customer: 'cus_TestEu0001',
			description: 'Deluxe room, 2 nights',
			status: 'requires_payment_method',
		});
		const alert = postAlert(PAYMENT_FAILED_FIXTURE, intent.id, 'payment_link.create');
		const click = clickOn(alert);
		const parameters = { resource: 'paymentLink', operation: 'create', lineSource: 'clickedPayment' };
		const linksBefore = billing.paymentLinks.size;
		const pricesBefore = billing.prices.size;
		const linkRequestsBefore = stripe.requestsTo('POST', '/v1/payment_links').length;

		const first = await deliverWebhook(flow(parameters), 'Chat Interaction Trigger', click);
		const second = await deliverWebhook(flow(parameters), 'Chat Interaction Trigger', click);

		expect(billing.paymentLinks.size).toBe(linksBefore + 1);
		expect(billing.prices.size).toBe(pricesBefore + 1);
		expect([...billing.prices.values()].at(-1)).toMatchObject({ currency: 'eur', unit_amount: 5000 });
		const linkRequests = stripe.requestsTo('POST', '/v1/payment_links').slice(linkRequestsBefore);
		expect(linkRequests).toHaveLength(1);
		expect(linkRequests[0].headers['idempotency-key']).toMatch(/^scc-[0-9a-f]{64}$/);

		const [[firstItem]] = outputOf(first.run!, 'Stripe Action');
		const url = String(firstItem.url);
		expect(firstItem).toMatchObject({
			ok: true,
			operation: 'paymentLink.create',
			outcome: { succeeded: true, detail: '€50.00' },
			url: expect.stringMatching(/^https:\/\/buy\.stripe\.com\//),
			result: {
				metadata: {
					original_payment_id: intent.id,
					customer_id: 'cus_TestEu0001',
					slack_team_id: 'T0FAKE',
					slack_channel_id: CHANNEL,
					slack_user_id: 'U0ALICE',
				},
			},
		});
		expect(firstItem.slackReportError).toBeUndefined();
		expect(outputOf(second.run!, 'Stripe Action')[0][0]).toMatchObject({ ok: false, earlier: { state: 'done' } });

		const replies = threadReplies(alert.ts);
		expect(replies).toHaveLength(1);
		expect(replies[0].text).toMatch(/Payment link created by <@U0ALICE> at .* — succeeded \(€50\.00\)/);
		expect(replies[0].text).toContain(`Payment link: ${url}`);
		const updated = messageAt(alert.ts);
		expect(updated.blocks?.some((block) => (block as { type: string }).type === 'actions')).toBe(false);
		expect(contextTexts(updated.blocks).join('\n')).toMatch(/Payment link created by <@U0ALICE>/);
	});
});

describe('/pay from Slack', () => {
	const payParameters = {
		resource: 'slashCommand',
		operation: 'pay',
		defaultCurrency: 'usd',
		successUrl: 'https://example.com/thanks',
		options: { replyVisibility: 'inChannel' },
	};

	function command(text: string, responseUrl: string) {
		return signed(
			new URLSearchParams({
				command: '/pay',
				text,
				user_id: 'U0ALICE',
				user_name: 'alice',
				team_id: 'T0FAKE',
				channel_id: CHANNEL,
				response_url: responseUrl,
				trigger_id: `${Date.now()}.42`,
			}).toString(),
		);
	}

	it('answers "/pay 50.00 Deluxe room" with a working Checkout link that carries the chat ids', async () => {
		const responseUrl = slack.createResponseUrl();
		const result = await deliverWebhook(
			flow(payParameters),
			'Chat Interaction Trigger',
			command('50.00 Deluxe room', responseUrl),
		);

		const [[item]] = outputOf(result.run!, 'Stripe Action');
		expect(item).toMatchObject({
			ok: true,
			operation: 'slashCommand.pay',
			outcome: { detail: '$50.00 for Deluxe room' },
		});
		const url = String(item.url);
		expect(url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);

		const sessionId = String((item.result as { id: string }).id);
		const client = new Stripe(SECRET_KEY, { host: '127.0.0.1', port: stripe.port, protocol: 'http' });
		const session = await client.checkout.sessions.retrieve(sessionId);
		expect(session).toMatchObject({
			url,
			status: 'open',
			mode: 'payment',
			amount_total: 5000,
			currency: 'usd',
			client_reference_id: 'slack-T0FAKE-C0PAYMENTS-U0ALICE',
			metadata: { slack_team_id: 'T0FAKE', slack_channel_id: CHANNEL, slack_user_id: 'U0ALICE', slack_command: '/pay' },
		});
		const [created] = stripe.requestsTo('POST', '/v1/checkout/sessions').slice(-1);
		expect(created.body.line_items).toEqual([
			{ quantity: '1', price_data: { currency: 'usd', unit_amount: '5000', product_data: { name: 'Deluxe room' } } },
		]);

		const answers = slack.responseUrlPosts.filter((post) => responseUrl.endsWith(post.id));
		expect(answers).toHaveLength(1);
		expect(answers[0].body).toMatchObject({ response_type: 'in_channel' });
		expect(String(answers[0].body.text)).toContain(url);
	});

	it('answers an amount it cannot read privately with the usage, creates nothing and lets the workflow go on', async () => {
		const responseUrl = slack.createResponseUrl();
		const sessionsBefore = billing.executedCount('POST', '/v1/checkout/sessions');

		const result = await deliverWebhook(
			flow(payParameters),
			'Chat Interaction Trigger',
			command('fifty Deluxe room', responseUrl),
		);

		expect(outputOf(result.run!, 'Stripe Action')[0][0]).toEqual({
			ok: false,
			operation: 'slashCommand.pay',
			reason: expect.stringContaining('"fifty" is not an amount'),
		});
		expect(billing.executedCount('POST', '/v1/checkout/sessions')).toBe(sessionsBefore);
		const answers = slack.responseUrlPosts.filter((post) => responseUrl.endsWith(post.id));
		expect(answers).toHaveLength(1);
		expect(answers[0].body).toMatchObject({ response_type: 'ephemeral' });
		// Escaped for Slack mrkdwn, where it shows as "/pay <amount> [description]".
		expect(String(answers[0].body.text)).toContain('Use: /pay &lt;amount&gt; [description]');
	});
});

describe('Dispute evidence from a Slack form', () => {
	it('opens the form for the click, and its submission saves, submits and reports under the alert', async () => {
		const dispute = billing.addDispute({ id: 'du_1FlowEvidence' });
		nextTs += 1;
		const alertTs = `${nextTs}.000100`;
		const buttonValue = signActionValue(
			{ action: 'dispute.respond', objectId: dispute.id, objectType: 'dispute', livemode: false },
			BUTTON_SECRET,
		);
		const alertBlocks = [
			{ type: 'header', text: { type: 'plain_text', text: 'Dispute opened: $50.00' } },
			{
				type: 'actions',
				elements: [
					{
						type: 'button',
						action_id: 'scc:dispute.respond:0',
						text: { type: 'plain_text', text: 'Submit evidence' },
						value: buttonValue,
					},
				],
			},
		];
		slack.addMessage({ channel: CHANNEL, ts: alertTs, text: 'Dispute opened: $50.00', blocks: alertBlocks });
		const openParameters = { resource: 'dispute', operation: 'openEvidenceForm' };
		const button = {
			type: 'block_actions',
			user: { id: 'U0ALICE', username: 'alice' },
			team: { id: 'T0FAKE' },
			channel: { id: CHANNEL },
			message: { ts: alertTs, blocks: alertBlocks },
			trigger_id: '9999.8888.7777',
			actions: [{ action_id: 'scc:dispute.respond:0', value: buttonValue }],
		};
		const opened = await deliverWebhook(
			flow(openParameters),
			'Chat Interaction Trigger',
			signed(`payload=${encodeURIComponent(JSON.stringify(button))}`),
		);
		expect(outputOf(opened.run!, 'Stripe Action')[0][0]).toMatchObject({ ok: true, result: { disputeId: dispute.id } });
		expect(messageAt(alertTs).edited).toBeUndefined();
		const view = slack.openedViews.at(-1) as { trigger_id: string; view: Record<string, unknown> };
		expect(view.trigger_id).toBe('9999.8888.7777');
		expect(view.view).toMatchObject({ type: 'modal', callback_id: 'scc_dispute_evidence' });
		const privateMetadata = String(view.view.private_metadata);
		expect(verifyActionValue(privateMetadata, { secret: BUTTON_SECRET })).toMatchObject({
			action: 'dispute.respond',
			objectId: dispute.id,
			channelId: CHANNEL,
			messageTs: alertTs,
		});

		const submission = {
			type: 'view_submission',
			user: { id: 'U0ALICE', username: 'alice' },
			team: { id: 'T0FAKE' },
			view: {
				id: 'V0EVIDENCE1',
				callback_id: 'scc_dispute_evidence',
				private_metadata: privateMetadata,
				state: {
					values: {
						evidence_product_description: {
							product_description: { type: 'plain_text_input', value: 'Two nights, Deluxe room' },
						},
						evidence_shipping_tracking_number: { shipping_tracking_number: { type: 'plain_text_input', value: null } },
						evidence_submit_now: { submit_now: { type: 'radio_buttons', selected_option: { value: 'submit' } } },
					},
				},
			},
		};
		const saved = await deliverWebhook(
			flow({ resource: 'dispute', operation: 'addEvidence' }),
			'Chat Interaction Trigger',
			signed(`payload=${encodeURIComponent(JSON.stringify(submission))}`),
		);

		const [[savedItem]] = outputOf(saved.run!, 'Stripe Action');
		expect(savedItem).toMatchObject({
			ok: true,
			operation: 'dispute.addEvidence',
			outcome: { detail: 'submitted to the bank' },
			result: { id: dispute.id, status: 'under_review' },
		});
		expect(savedItem.slackReportError).toBeUndefined();
		expect(billing.disputes.get(dispute.id)?.evidence).toEqual({ product_description: 'Two nights, Deluxe room' });
		const [update] = billing.executed.filter((call) => call.path === `/v1/disputes/${dispute.id}`);
		expect(update.body).toEqual({ evidence: { product_description: 'Two nights, Deluxe room' }, submit: 'true' });

		// The submission carries no message: the alert's blocks are read back from the channel, then updated.
		const [history] = slack.requests.filter((request) => request.method === 'conversations.history').slice(-1);
		expect(history.body).toMatchObject({ channel: CHANNEL, latest: alertTs, inclusive: 'true', limit: '1' });
		const updated = messageAt(alertTs);
		expect(updated.edited).toBeDefined();
		expect(updated.blocks?.some((block) => (block as { type: string }).type === 'actions')).toBe(false);
		expect(updated.blocks?.[0]).toEqual(alertBlocks[0]);
		expect(contextTexts(updated.blocks).join('\n')).toMatch(
			/Dispute evidence saved by <@U0ALICE> at .* — succeeded \(submitted to the bank\)/,
		);
		const replies = threadReplies(alertTs);
		expect(replies).toHaveLength(1);
		expect(replies[0].text).toMatch(/Dispute evidence saved by <@U0ALICE> at .* — succeeded/);
	});
});
