import { randomBytes } from 'node:crypto';

import type { IDataObject, IHookFunctions, INode, IRun } from 'n8n-workflow';
import Stripe from 'stripe';

import { StripeChatSlack } from '../../../nodes/StripeChatSlack/StripeChatSlack.node';
import { StripeEventTrigger } from '../../../nodes/StripeEventTrigger/StripeEventTrigger.node';
import { FakeSlack } from '../../support/fakeSlack';
import { FakeStripe } from '../../support/fakeStripe';
import { deliverWebhook, outputOf } from '../../support/n8nEngine';
import type { EngineWorkflow } from '../../support/n8nEngine';
import { signedStripeDelivery } from '../../support/paymentAlertWorkflow';

/**
 * The Stripe Event Trigger's opt-in "Rejected Deliveries" output, in n8n's real engine: deliveries are signed for
 * real (with the wrong secret, or too long ago) and the report is posted to a fake Slack. And what the trigger
 * says at activation instead of a silent success.
 */

const CREDENTIAL_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
const ROTATED_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
const TOKEN = 'xoxb-rejected-deliveries';
const CRITICAL = 'C0CRITICAL';

let slack: FakeSlack;
let counter = 0;

beforeEach(async () => {
	slack = await FakeSlack.start({ tokens: [TOKEN], channels: [{ id: CRITICAL, name: 'payments-critical' }] });
});
afterEach(async () => await slack.close());

function triggerWorkflow(rejectedDeliveries: boolean): EngineWorkflow {
	counter += 1;
	const nodes: INode[] = [
		{
			id: 'trigger',
			name: 'Stripe Event Trigger',
			type: 'stripeEventTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'stripe-hook',
			parameters: { endpointMode: 'manual', events: ['invoice.payment_failed'], rejectedDeliveries },
			credentials: { stripeChatChannelApi: { id: 'stripe', name: 'Stripe' } },
		},
		{
			id: 'report',
			name: 'Post Report',
			type: 'stripeChatSlack',
			typeVersion: 1,
			position: [200, 100],
			parameters: {
				operation: 'post',
				channelSource: 'fixed',
				channel: { __rl: true, mode: 'id', value: CRITICAL },
				messageSource: 'paymentAlert',
			},
			credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' } },
		},
	];
	return {
		id: `wf-rejected-${counter}`,
		nodes,
		connections: rejectedDeliveries
			? { 'Stripe Event Trigger': { main: [[], [{ node: 'Post Report', type: 'main', index: 0 }]] } }
			: {},
		nodeTypes: { stripeEventTrigger: new StripeEventTrigger(), stripeChatSlack: new StripeChatSlack() },
		credentials: {
			stripeChatChannelApi: { secretKey: 'sk_test_rejectedDeliveries', signingSecrets: CREDENTIAL_SECRET },
			stripeChatSlackApi: { botToken: TOKEN, apiBaseUrl: slack.apiUrl },
		},
	};
}

function event(): IDataObject {
	return {
		id: `evt_${randomBytes(8).toString('hex')}`,
		object: 'event',
		created: Math.floor(Date.now() / 1000),
		livemode: false,
		type: 'invoice.payment_failed',
		data: { object: { id: 'in_rejected', object: 'invoice', customer_email: 'jane@example.com', metadata: {} } },
	};
}

describe('Stripe Event Trigger: Rejected Deliveries output', () => {
	it('reports a secret mismatch with the reason and no body, once a minute, and answers Stripe 401', async () => {
		const workflow = triggerWorkflow(true);
		const mismatched = signedStripeDelivery(event(), ROTATED_SECRET);

		const first = await deliverWebhook(workflow, 'Stripe Event Trigger', mismatched);
		const again = await deliverWebhook(workflow, 'Stripe Event Trigger', signedStripeDelivery(event(), ROTATED_SECRET));

		expect(first.response.statusCode).toBe(401);
		const [events, rejected] = outputOf(first.run as IRun, 'Stripe Event Trigger');
		expect(events).toEqual([]);
		expect(rejected).toEqual([
			expect.objectContaining({
				category: 'bad_signature',
				reason: 'no_match',
				status: 401,
				receivedAt: expect.any(String),
				text: expect.stringContaining(
					"Deliveries arrive but fail verification: the signing secret in the credential does not match the endpoint's",
				),
			}),
		]);
		const reported = JSON.stringify(rejected);
		expect(reported).not.toContain('in_rejected');
		expect(reported).not.toContain('jane');
		expect(reported).not.toContain(mismatched.headers['stripe-signature'].split('v1=')[1]);
		expect(slack.messages(CRITICAL)).toHaveLength(1);
		expect(slack.messages(CRITICAL)[0].text).toContain('signing secret in the credential does not match');

		expect(again.response.statusCode).toBe(401);
		expect(again.run).toBeUndefined();
		expect(slack.messages(CRITICAL)).toHaveLength(1);
	});

	it.each([
		{
			why: 'a stale signature',
			request: () => {
				const body = event();
				const delivery = signedStripeDelivery(body, CREDENTIAL_SECRET);
				const payload = delivery.rawBody.toString('utf8');
				const old = Math.floor(Date.now() / 1000) - 3_600;
				const header = new Stripe('sk_test_signs_only').webhooks.generateTestHeaderString({
					payload,
					secret: CREDENTIAL_SECRET,
					timestamp: old,
				});
				return { ...delivery, headers: { ...delivery.headers, 'stripe-signature': header } };
			},
			category: 'stale',
			status: 401,
		},
		{
			why: 'a form body',
			request: () => signedStripeDelivery(event(), CREDENTIAL_SECRET, 'application/x-www-form-urlencoded'),
			category: 'wrong_content_type',
			status: 415,
		},
	])('reports $why as $category', async ({ request, category, status }) => {
		const workflow = triggerWorkflow(true);

		const result = await deliverWebhook(workflow, 'Stripe Event Trigger', request());

		expect(result.response.statusCode).toBe(status);
		expect(outputOf(result.run as IRun, 'Stripe Event Trigger')[1]).toEqual([expect.objectContaining({ category })]);
	});

	it('keeps one output and starts nothing for a refusal when the option is off (existing workflows)', async () => {
		const workflow = triggerWorkflow(false);

		const refused = await deliverWebhook(
			workflow,
			'Stripe Event Trigger',
			signedStripeDelivery(event(), ROTATED_SECRET),
		);
		const accepted = await deliverWebhook(
			workflow,
			'Stripe Event Trigger',
			signedStripeDelivery(event(), CREDENTIAL_SECRET),
		);

		expect(refused.response.statusCode).toBe(401);
		expect(refused.run).toBeUndefined();
		expect(accepted.webhook.workflowData).toHaveLength(1);
		expect(new StripeEventTrigger().description.outputs).toContain('$parameter.rejectedDeliveries');
	});
});

describe('Stripe Event Trigger: diagnostics at activation', () => {
	const fake = new FakeStripe();
	beforeAll(async () => await fake.start());
	afterAll(async () => await fake.stop());

	function hookContext(url: string, secretKey: string, endpointMode: string, logs: string[]): IHookFunctions {
		const parameters: IDataObject = { endpointMode, events: ['invoice.payment_failed'], connect: false };
		return {
			getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
			getCredentials: async () => ({ secretKey, signingSecrets: '', baseUrl: fake.baseUrl }),
			getWorkflowStaticData: () => ({}),
			getNodeWebhookUrl: () => url,
			getNode: () => ({ id: 'trigger', name: 'Stripe Event Trigger' }),
			getWorkflow: () => ({ id: 'wf_diag', name: 'Diagnostics', active: true }),
			logger: {
				debug: () => undefined,
				info: () => undefined,
				warn: (message: string) => logs.push(message),
				error: (message: string) => logs.push(message),
			},
		} as unknown as IHookFunctions;
	}

	it.each([
		['plain http', 'http://n8n.example.com/webhook/abc/stripe', 'automatic'],
		['localhost', 'https://localhost:5678/webhook/abc/stripe', 'automatic'],
		['plain http, endpoint added by hand', 'http://n8n.example.com/webhook/abc/stripe', 'manual'],
	])('refuses a live key with a %s webhook URL and says what to change', async (_case, url, mode) => {
		const trigger = new StripeEventTrigger();
		const context = hookContext(url, 'sk_live_diagnostics', mode, []);
		fake.requests.length = 0;

		await expect(trigger.webhookMethods.default.checkExists.call(context)).rejects.toMatchObject({
			message: expect.stringContaining('Stripe does not send live events to'),
			description: expect.stringContaining('WEBHOOK_URL'),
		});
		expect(fake.requests).toHaveLength(0);
	});

	it('accepts the same URL with a test key (Stripe delivers test events to any address)', async () => {
		const trigger = new StripeEventTrigger();
		const context = hookContext('http://localhost:5678/webhook/abc/stripe', 'sk_test_diagnostics', 'manual', []);

		await expect(trigger.webhookMethods.default.checkExists.call(context)).resolves.toBe(true);
	});

	it('warns when it re-enables an endpoint Stripe had disabled, naming how missed events come back', async () => {
		const trigger = new StripeEventTrigger();
		const url = 'https://n8n.example.com/webhook/disabled/stripe';
		const logs: string[] = [];
		const { endpoint } = fake.addEndpoint({
			url,
			status: 'disabled',
			enabled_events: ['invoice.payment_failed'],
			metadata: { managed_by: 'n8n-nodes-stripe-chat-channel', connect: 'false' },
		});
		const context = hookContext(url, 'sk_test_diagnostics', 'automatic', logs);

		await trigger.webhookMethods.default.create.call(context);

		expect(logs.join('\n')).toContain(`Stripe had disabled webhook endpoint ${endpoint.id}`);
		expect(logs.join('\n')).toContain('Output Missed Events');
	});
});
