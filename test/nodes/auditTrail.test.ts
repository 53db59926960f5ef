import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { ChatInteractionTrigger } from '../../nodes/ChatInteractionTrigger/ChatInteractionTrigger.node';
import { StripeAction } from '../../nodes/StripeAction/StripeAction.node';
import { readAuditRecords } from '../../src/core/audit';
import type { AuditRecord } from '../../src/core/audit';
import { buildMessage } from '../../src/core/buildMessage';
import { renderSlack } from '../../src/platforms/slack/render';
import type { ButtonElement, SlackBlock } from '../../src/platforms/slack/render';
import { closeStateStores, openStateStore, REDIS_PREFIX_ENV } from '../../src/state';
import { startActionBackends, stopActionBackends } from '../support/actionBackends';
import type { FakeSlack } from '../support/fakeSlack';
import type { FakeStripe } from '../support/fakeStripe';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { deleteRedisKeys } from '../support/redisCleanup';
import { isolateRedisKeys, REDIS_STATE_STORE } from '../support/redisStateStore';
import { signedSlackRequest } from '../support/slackRequests';
import { hasNodeSqlite } from '../support/stateStores';

/**
 * The audit trail through n8n's real engine: Slack requests signed like Slack signs them reach the real Chat
 * Interaction Trigger, the Stripe Action calls the fake Stripe with the official SDK, and every action, refusal and
 * look-up must leave exactly one record in the state store, also when Slack delivers the request twice; a forged
 * request leaves none. Run on Redis (queue mode) and on the embedded file.
 */

const SIGNING_SECRET = 'slack-signing-secret-for-audit-tests-01';
const BUTTON_SECRET = 'button-signing-secret-for-audit-tests-0123456789';
const SECRET_KEY = 'sk_test_auditTestKey0123456789abcdef';
const CHANNEL = 'C0PAYMENTS';
const WORKSPACE_URL = 'https://fake-workspace.slack.com';
const FIXTURES = path.resolve(__dirname, '../fixtures/events');
const INVOICE_FAILED = path.join(FIXTURES, 'invoice.payment_failed__2025-03-31.basil.json');
const PAYMENT_SUCCEEDED = path.join(FIXTURES, 'payment_intent.succeeded__jpy_legacy_charges.json');

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
	await deleteRedisKeys(process.env[REDIS_PREFIX_ENV] as string);
});

interface StoreUnderTest {
	name: string;
	parameters: INodeParameters;
	nodeCredentials: Record<string, { id: string; name: string }>;
	credentials: Record<string, Record<string, unknown>>;
	kind: 'redis' | 'embedded';
}

const STORES: StoreUnderTest[] = [
	{ name: 'Redis', kind: 'redis', ...REDIS_STATE_STORE },
	// The embedded file is the one test/support/isolatedStateStore.js names for each test.
	...(hasNodeSqlite()
		? [{ name: 'embedded', kind: 'embedded' as const, parameters: { stateStore: 'embedded' }, nodeCredentials: {}, credentials: {} }]
		: []),
];

let nextTs = 1_710_000_000;

describe.each(STORES)('the audit trail on the $name store', (storeUnderTest) => {
	let testStart = 0;
	beforeEach(async () => {
		// Redis keeps this file's records across tests: each test reads from its own start, a millisecond after the
		// last test's records.
		await new Promise((resolve) => setTimeout(resolve, 2));
		testStart = Date.now();
	});

	async function records(): Promise<AuditRecord[]> {
		const store = await openStateStore({ kind: storeUnderTest.kind, redis: REDIS_STATE_STORE.credentials.redis });
		const found: AuditRecord[] = [];
		for await (const record of readAuditRecords(store, { sinceMs: testStart, pageSize: 3 })) found.push(record);
		return found;
	}

	function flow(actionParameters: INodeParameters, options: { commands?: string } = {}): EngineWorkflow {
		return {
			nodes: [
				{
					id: 'trigger',
					name: 'Chat Interaction Trigger',
					type: 'chatInteractionTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId: 'slack-audit',
					parameters: {
						listenFor: ['block_actions', 'view_submission', 'slash_command'],
						access: 'rules',
						rules: {
							rule: [
								{ users: 'U0ALICE, U0BOB', userGroups: '', actions: ['*'], commands: options.commands ?? '/pay', channels: '' },
							],
						},
						...storeUnderTest.parameters,
					},
					credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' }, ...storeUnderTest.nodeCredentials },
				},
				{
					id: 'action',
					name: 'Stripe Action',
					type: 'stripeAction',
					typeVersion: 1,
					position: [220, 0],
					parameters: { ...storeUnderTest.parameters, ...actionParameters },
					credentials: {
						stripeChatChannelApi: { id: 'stripe', name: 'Stripe' },
						stripeChatSlackApi: { id: 'slack', name: 'Slack' },
						...storeUnderTest.nodeCredentials,
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
				...storeUnderTest.credentials,
			},
		};
	}

	/** Posts the alert for an event as the Payment Alert + Slack nodes would; returns its `action` button. */
	function postAlert(fixture: string, objectId: string, action: string) {
		const event = JSON.parse(readFileSync(fixture, 'utf8')) as { id: string; data: { object: Record<string, unknown> } };
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
		return { ts, blocks: rendered.blocks, button, eventId: event.id };
	}

	function clickOn(alert: ReturnType<typeof postAlert>, user = 'U0ALICE') {
		const payload = {
			type: 'block_actions',
			user: { id: user, username: user.slice(2).toLowerCase() },
			team: { id: 'T0FAKE' },
			channel: { id: CHANNEL },
			message: { ts: alert.ts, blocks: alert.blocks },
			response_url: slack.createResponseUrl(),
			trigger_id: `${Date.now()}.${user}`,
			actions: [{ action_id: alert.button.action_id, block_id: 'scc:actions:evt_1', value: alert.button.value }],
		};
		return signedSlackRequest(`payload=${encodeURIComponent(JSON.stringify(payload))}`, SIGNING_SECRET);
	}

	function command(name: string, text: string) {
		const body = new URLSearchParams({
			command: name,
			text,
			user_id: 'U0ALICE',
			user_name: 'alice',
			team_id: 'T0FAKE',
			channel_id: CHANNEL,
			response_url: slack.createResponseUrl(),
			trigger_id: `${Date.now()}.${Math.random()}`,
		}).toString();
		return signedSlackRequest(body, SIGNING_SECRET);
	}

	function linkTo(ts: string): string {
		return `${WORKSPACE_URL}/archives/${CHANNEL}/p${ts.replace('.', '')}`;
	}

	it('records a retry click once, when Slack delivers it twice, with who, what, why and the Idempotency-Key', async () => {
		const invoice = billing.addInvoice({ id: `in_1AuditRetry${storeUnderTest.kind}`, currency: 'jpy', amount_due: 5000 });
		const alert = postAlert(INVOICE_FAILED, invoice.id, 'invoice.retry');
		const click = clickOn(alert);
		const parameters = { resource: 'invoice', operation: 'retryPayment' };

		await deliverWebhook(flow(parameters), 'Chat Interaction Trigger', click);
		await deliverWebhook(flow(parameters), 'Chat Interaction Trigger', click);

		const [payRequest] = stripe.requestsTo('POST', `/v1/invoices/${invoice.id}/pay`);
		const found = await records();
		expect(found).toHaveLength(1);
		expect(found[0]).toEqual({
			recordId: expect.stringMatching(/^\d+-\d+$/),
			at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			outcome: 'done',
			action: 'invoice.retry',
			operation: 'invoice.retryPayment',
			source: 'button',
			workspaceId: 'T0FAKE',
			channelId: CHANNEL,
			userId: 'U0ALICE',
			userName: 'alice',
			objectId: invoice.id,
			objectType: 'invoice',
			amountMinor: 5000,
			currency: 'jpy',
			eventId: alert.eventId,
			detail: 'paid',
			idempotencyKey: payRequest.headers['idempotency-key'],
			livemode: false,
			messageLink: linkTo(alert.ts),
			workflowId: 'wf-test',
		});
	});

	it('records a click the access rules refuse once, when Slack delivers it twice; nothing reaches Stripe', async () => {
		const invoice = billing.addInvoice({ id: `in_1AuditRefused${storeUnderTest.kind}` });
		const alert = postFailureAlertFor(invoice.id);
		const click = clickOn(alert, 'U0MALLORY');
		const stripeRequestsBefore = stripe.requests.length;

		const first = await deliverWebhook(flow({ resource: 'invoice', operation: 'retryPayment' }), 'Chat Interaction Trigger', click);
		await deliverWebhook(flow({ resource: 'invoice', operation: 'retryPayment' }), 'Chat Interaction Trigger', click);

		expect(first.run).toBeUndefined();
		expect(stripe.requests.length).toBe(stripeRequestsBefore);
		const found = await records();
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({
			outcome: 'refused',
			action: 'invoice.retry',
			source: 'button',
			workspaceId: 'T0FAKE',
			channelId: CHANNEL,
			userId: 'U0MALLORY',
			userName: 'mallory',
			objectId: invoice.id,
			eventId: alert.eventId,
			reason: 'user U0MALLORY is not allowed to invoice.retry',
			messageLink: linkTo(alert.ts),
			workflowId: 'wf-test',
		});
		expect(found[0].operation).toBeUndefined();
		expect(found[0].idempotencyKey).toBeUndefined();
	});

	function postFailureAlertFor(invoiceId: string) {
		return postAlert(INVOICE_FAILED, invoiceId, 'invoice.retry');
	}

	it('records a refund once per delivery of the click, and a second person\'s click as refused (already done)', async () => {
		const intent = billing.addPaymentIntent({
			id: `pi_1AuditRefund${storeUnderTest.kind}`,
			amount: 5000,
			currency: 'jpy',
			status: 'succeeded',
		});
		const alert = postAlert(PAYMENT_SUCCEEDED, intent.id, 'refund.create');
		const alicesClick = clickOn(alert, 'U0ALICE');
		const parameters = { resource: 'refund', operation: 'create', amount: 1000 };

		await deliverWebhook(flow(parameters), 'Chat Interaction Trigger', alicesClick);
		await deliverWebhook(flow(parameters), 'Chat Interaction Trigger', alicesClick);
		await deliverWebhook(flow(parameters), 'Chat Interaction Trigger', clickOn(alert, 'U0BOB'));

		const refund = [...billing.refunds.values()].find((candidate) => candidate.payment_intent === intent.id);
		const [refundRequest] = stripe.requestsTo('POST', '/v1/refunds').slice(-1);
		const found = await records();
		expect(found).toHaveLength(2);
		expect(found[0]).toMatchObject({
			outcome: 'done',
			action: 'refund.create',
			operation: 'refund.create',
			userId: 'U0ALICE',
			objectId: intent.id,
			objectType: 'payment_intent',
			resultId: refund?.id,
			amountMinor: 1000,
			currency: 'jpy',
			eventId: alert.eventId,
			detail: '¥1,000 succeeded',
			idempotencyKey: refundRequest.headers['idempotency-key'],
			messageLink: linkTo(alert.ts),
		});
		expect(found[1]).toMatchObject({
			outcome: 'refused',
			action: 'refund.create',
			userId: 'U0BOB',
			objectId: intent.id,
			reason: 'already done by an earlier click',
			idempotencyKey: refundRequest.headers['idempotency-key'],
		});
	});

	it('records /pay once, when Slack delivers it twice, with what was typed, the amount and the session', async () => {
		const request = command('/pay', '50.00 Deluxe room');
		const parameters = {
			resource: 'slashCommand',
			operation: 'pay',
			defaultCurrency: 'usd',
			successUrl: 'https://example.com/thanks',
		};

		const first = await deliverWebhook(flow(parameters), 'Chat Interaction Trigger', request);
		await deliverWebhook(flow(parameters), 'Chat Interaction Trigger', request);

		const sessionId = String((outputOf(first.run!, 'Stripe Action')[0][0].result as { id: string }).id);
		const found = await records();
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({
			outcome: 'done',
			action: 'payment_link.create',
			operation: 'slashCommand.pay',
			source: 'command',
			workspaceId: 'T0FAKE',
			channelId: CHANNEL,
			userId: 'U0ALICE',
			userName: 'alice',
			objectId: sessionId,
			amountMinor: 5000,
			currency: 'usd',
			request: '/pay 50.00 Deluxe room',
			detail: '$50.00 for Deluxe room',
			idempotencyKey: expect.stringMatching(/^scc-/),
		});
		expect(found[0].messageLink).toBeUndefined();
	});

	it('records a /stripe look-up of a customer once, and an e-mail look-up without the e-mail address', async () => {
		// The fake Stripe is shared by both stores' runs: one customer with this address per run.
		const email = `jane.doe.${storeUnderTest.kind}@example.com`;
		const customer = billing.addCustomer({ email });
		const summary = command('/stripe', customer.id);
		const summaryParameters = { resource: 'customer', operation: 'billingSummary', customerId: '={{ $json.text }}' };

		await deliverWebhook(flow(summaryParameters, { commands: '/stripe' }), 'Chat Interaction Trigger', summary);
		await deliverWebhook(flow(summaryParameters, { commands: '/stripe' }), 'Chat Interaction Trigger', summary);
		const byEmail = { resource: 'customer', operation: 'findByEmail', email: '={{ $json.text }}' };
		await deliverWebhook(flow(byEmail, { commands: '/stripe' }), 'Chat Interaction Trigger', command('/stripe', email));

		const found = await records();
		expect(found).toHaveLength(2);
		expect(found[0]).toMatchObject({
			outcome: 'done',
			action: 'customer.summary',
			operation: 'customer.billingSummary',
			source: 'command',
			userId: 'U0ALICE',
			objectId: customer.id,
			request: `/stripe ${customer.id}`,
		});
		expect(found[1]).toMatchObject({ outcome: 'done', action: 'customer.find', detail: '1 customer found' });
		expect(JSON.stringify(found)).not.toContain(email);
		expect(found[1].request).toMatch(/^\/stripe .*@example\.com$/);
	});

	it('records nothing for a forged request', async () => {
		const invoice = billing.addInvoice({ id: `in_1AuditForged${storeUnderTest.kind}` });
		const alert = postFailureAlertFor(invoice.id);
		const genuine = clickOn(alert);
		const forged = { ...genuine, headers: { ...genuine.headers, 'x-slack-signature': `v0=${'0'.repeat(64)}` } };

		const result = await deliverWebhook(flow({ resource: 'invoice', operation: 'retryPayment' }), 'Chat Interaction Trigger', forged);

		expect(result.response.statusCode).toBe(401);
		expect(result.run).toBeUndefined();
		expect(await records()).toEqual([]);
	});

	it('adds the record to the output when asked, exactly as stored', async () => {
		const invoice = billing.addInvoice({ id: `in_1AuditOutput${storeUnderTest.kind}`, currency: 'eur', amount_due: 1250 });
		const alert = postFailureAlertFor(invoice.id);
		const parameters = { resource: 'invoice', operation: 'retryPayment', addAuditRecord: true };

		const result = await deliverWebhook(flow(parameters), 'Chat Interaction Trigger', clickOn(alert));

		const [[item]] = outputOf(result.run!, 'Stripe Action');
		const [stored] = await records();
		const { recordId, ...withoutId } = stored;
		expect(recordId).toBeDefined();
		expect(item.auditRecord).toEqual(withoutId);
		expect(item.auditError).toBeUndefined();
	});
});

describe('when the audit trail cannot be written', () => {
	it('the look-up still answers, and the item says the record is missing', async () => {
		const customer = billing.addCustomer();
		const unreachable = { redis: { host: '127.0.0.1', port: 1, database: 0 } };
		const workflow: EngineWorkflow = {
			nodes: [
				{
					id: 'trigger',
					name: 'Chat Interaction Trigger',
					type: 'chatInteractionTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId: 'slack-audit-down',
					parameters: { listenFor: ['slash_command'], access: 'everyone', ...REDIS_STATE_STORE.parameters },
					credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' }, ...REDIS_STATE_STORE.nodeCredentials },
				},
				{
					id: 'action',
					name: 'Stripe Action',
					type: 'stripeAction',
					typeVersion: 1,
					position: [220, 0],
					parameters: {
						...REDIS_STATE_STORE.parameters,
						resource: 'customer',
						operation: 'billingSummary',
						customerId: '={{ $json.text }}',
						reportOutcome: false,
					},
					credentials: { stripeChatChannelApi: { id: 'stripe', name: 'Stripe' }, ...REDIS_STATE_STORE.nodeCredentials },
				},
			],
			connections: { 'Chat Interaction Trigger': { main: [[{ node: 'Stripe Action', type: 'main', index: 0 }]] } },
			nodeTypes: { chatInteractionTrigger: new ChatInteractionTrigger(), stripeAction: new StripeAction() },
			credentials: {
				stripeChatSlackApi: { botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiBaseUrl: slack.apiUrl },
				stripeChatChannelApi: { secretKey: SECRET_KEY, baseUrl: stripe.baseUrl },
				...unreachable,
			},
		};
		const body = new URLSearchParams({
			command: '/stripe',
			text: customer.id,
			user_id: 'U0ALICE',
			team_id: 'T0FAKE',
			channel_id: CHANNEL,
			response_url: slack.createResponseUrl(),
			trigger_id: `${Date.now()}.down`,
		}).toString();

		const result = await deliverWebhook(workflow, 'Chat Interaction Trigger', signedSlackRequest(body, SIGNING_SECRET));

		const [[item]] = outputOf(result.run!, 'Stripe Action');
		expect(item).toMatchObject({ ok: true, result: { customerId: customer.id } });
		expect(item.auditError).toMatch(/^The audit record could not be written: .*(refused|did not answer)/);
	}, 15_000);
});
