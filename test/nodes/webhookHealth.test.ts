import { randomBytes } from 'node:crypto';

import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IRun,
} from 'n8n-workflow';

import { PaymentAlert } from '../../nodes/PaymentAlert/PaymentAlert.node';
import { StripeChatSlack } from '../../nodes/StripeChatSlack/StripeChatSlack.node';
import { StripeChatTeams } from '../../nodes/StripeChatTeams/StripeChatTeams.node';
import { StripeChatTelegram } from '../../nodes/StripeChatTelegram/StripeChatTelegram.node';
import { StripeEventTrigger } from '../../nodes/StripeEventTrigger/StripeEventTrigger.node';
import { StripeWebhookHealth } from '../../nodes/StripeWebhookHealth/StripeWebhookHealth.node';
import { healthKeys } from '../../src/core/health/poll';
import { ENDPOINT_MANAGER } from '../../src/core/health/endpoints';
import { eventClaimKey } from '../../src/core/state/eventClaims';
import { FakeTeams } from '../support/fakeTeams';
import { openStateStore } from '../../src/state';
import { FakeSlack } from '../support/fakeSlack';
import { FakeStripe } from '../support/fakeStripe';
import { deliverWebhook, outputOf, pollWorkflow } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { signedStripeDelivery } from '../support/paymentAlertWorkflow';
import { stripeLikeId } from '../support/stripeIds';

/**
 * Stripe Webhook Health in n8n's real engine (PollContext, WorkflowExecute), against the local Stripe test server
 * driven by the real `stripe` client, and a fake Slack. The health trigger shares the workflow with a Stripe Event
 * Trigger, both feeding one Payment Alert, as the alert templates ship it.
 */

const SIGNING_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
const TOKEN = 'xoxb-webhook-health-token';
const ALERTS = 'C0PAYMENTS';
const CRITICAL = 'C0CRITICAL';

let stripe: FakeStripe;
let slack: FakeSlack;
let counter = 0;

beforeEach(async () => {
	stripe = new FakeStripe();
	await stripe.start();
	slack = await FakeSlack.start({
		tokens: [TOKEN],
		channels: [
			{ id: ALERTS, name: 'payments' },
			{ id: CRITICAL, name: 'payments-critical' },
		],
	});
});

afterEach(async () => {
	await stripe.stop();
	await slack.close();
});

interface HealthSetup {
	/** The health trigger's version: 1 recovers only undelivered events; 2 (the default) every unhandled one. */
	version?: number;
	recoverScope?: 'unhandled' | 'undelivered';
	checks?: string[];
	recover?: boolean;
	events?: string[];
	secretKey?: string;
	options?: IDataObject;
	triggerParameters?: IDataObject;
	alertParameters?: IDataObject;
}

/**
 * Stripe Event Trigger (manual endpoint) and Stripe Webhook Health → Payment Alert → Slack (#payments); the
 * health trigger's Problems output → Slack (#payments-critical).
 */
function healthWorkflow(setup: HealthSetup = {}): EngineWorkflow {
	counter += 1;
	const health: INode = {
		id: 'health',
		name: 'Stripe Webhook Health',
		type: 'stripeWebhookHealth',
		typeVersion: setup.version ?? 1,
		position: [0, 200],
		parameters: {
			pollTimes: { item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] },
			checks: setup.checks ?? ['endpoints', 'deliveries'],
			recover: setup.recover ?? false,
			...(setup.recoverScope ? { recoverScope: setup.recoverScope } : {}),
			events: setup.events ?? [],
			options: (setup.options ?? {}) as INode['parameters'],
		},
		credentials: { stripeChatChannelApi: { id: 'stripe', name: 'Stripe' } },
	};
	const nodes: INode[] = [
		{
			id: 'trigger',
			name: 'Stripe Event Trigger',
			type: 'stripeEventTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'stripe-hook',
			parameters: {
				endpointMode: 'manual',
				events: ['invoice.payment_failed', 'charge.dispute.created'],
				...(setup.triggerParameters as INode['parameters']),
			},
			credentials: { stripeChatChannelApi: { id: 'stripe', name: 'Stripe' } },
		},
		health,
		{
			id: 'alert',
			name: 'Payment Alert',
			type: 'paymentAlert',
			typeVersion: 1,
			position: [200, 0],
			parameters: { defaultChannel: ALERTS, ...(setup.alertParameters as INode['parameters']) },
		},
		{
			id: 'slack',
			name: 'Post Alert',
			type: 'stripeChatSlack',
			typeVersion: 1,
			position: [400, 0],
			parameters: {
				operation: 'post',
				channelSource: 'route',
				channel: { __rl: true, mode: 'id', value: ALERTS },
				messageSource: 'paymentAlert',
			},
			credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' } },
		},
		{
			id: 'report',
			name: 'Post Report',
			type: 'stripeChatSlack',
			typeVersion: 1,
			position: [400, 200],
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
		id: `wf-health-${counter}`,
		nodes,
		connections: {
			'Stripe Event Trigger': { main: [[{ node: 'Payment Alert', type: 'main', index: 0 }]] },
			'Stripe Webhook Health': {
				main: [[{ node: 'Post Report', type: 'main', index: 0 }], [{ node: 'Payment Alert', type: 'main', index: 0 }]],
			},
			'Payment Alert': { main: [[{ node: 'Post Alert', type: 'main', index: 0 }]] },
		},
		nodeTypes: {
			stripeEventTrigger: new StripeEventTrigger(),
			stripeWebhookHealth: new StripeWebhookHealth(),
			paymentAlert: new PaymentAlert(),
			stripeChatSlack: new StripeChatSlack(),
		},
		credentials: {
			stripeChatChannelApi: {
				secretKey: setup.secretKey ?? 'sk_test_webhookHealth',
				signingSecrets: SIGNING_SECRET,
				baseUrl: stripe.baseUrl,
			},
			stripeChatSlackApi: { botToken: TOKEN, apiBaseUrl: slack.apiUrl },
		},
	};
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** As if the trigger last polled `secondsAgo` ago (the cursor is the upper bound of its last window). */
async function lastPolled(workflow: EngineWorkflow, secondsAgo: number): Promise<void> {
	const store = await openStateStore({ kind: 'embedded' });
	await store.put(healthKeys(`${workflow.id}:health`).cursor, String(nowSeconds() - secondsAgo), 86_400_000);
}

function invoiceFailed(created: number, id = stripeLikeId('evt')) {
	return {
		id,
		object: 'event',
		api_version: '2025-03-31.basil',
		created,
		livemode: false,
		type: 'invoice.payment_failed',
		request: { id: null, idempotency_key: null },
		data: {
			object: {
				id: `in_${randomBytes(6).toString('hex')}`,
				object: 'invoice',
				customer: 'cus_health',
				amount_due: 4_900,
				currency: 'eur',
				attempt_count: 1,
				next_payment_attempt: created + 3 * 86_400,
				metadata: {},
			},
		},
	};
}

function customerUpdated(created: number) {
	return {
		id: stripeLikeId('evt'),
		object: 'event',
		api_version: '2025-03-31.basil',
		created,
		livemode: false,
		type: 'customer.updated',
		data: { object: { id: 'cus_health', object: 'customer', metadata: {} } },
	};
}

const problems = (output: unknown[][] | null) =>
	(output?.[0] ?? []).map((item) => (item as { json: IDataObject }).json);

describe('Stripe Webhook Health: endpoint problems', () => {
	it('reports a disabled endpoint once per incident, not once per poll, and again when it is enabled', async () => {
		const workflow = healthWorkflow({ checks: ['endpoints'] });
		const { endpoint } = stripe.addEndpoint({
			url: 'https://n8n.example.com/webhook/stripe-chat-channel-payment-failed/stripe',
			status: 'disabled',
		});

		const first = await pollWorkflow(workflow, 'Stripe Webhook Health');
		const second = await pollWorkflow(workflow, 'Stripe Webhook Health');
		const third = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(problems(first.output)).toEqual([
			expect.objectContaining({
				kind: 'endpoint_disabled',
				status: 'opened',
				severity: 'critical',
				endpoint: { id: endpoint.id, url: endpoint.url },
				text: expect.stringContaining(
					'Stripe disabled the webhook endpoint …/stripe-chat-channel-payment-failed/stripe: events for it are no longer sent (noticed at',
				),
			}),
		]);
		expect(second.output).toBeNull();
		expect(third.output).toBeNull();
		expect(slack.messages(CRITICAL)).toHaveLength(1);
		expect(slack.messages(CRITICAL)[0].text).toContain('Stripe disabled the webhook endpoint');

		endpoint.status = 'enabled';
		const resolved = await pollWorkflow(workflow, 'Stripe Webhook Health');
		const after = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(problems(resolved.output)).toEqual([
			expect.objectContaining({ kind: 'endpoint_disabled_resolved', status: 'resolved', severity: 'success' }),
		]);
		expect(after.output).toBeNull();
		expect(slack.messages(CRITICAL)).toHaveLength(2);
	});

	it('reports a live endpoint on plain http, with what to change, and escapes what it shows', async () => {
		const workflow = healthWorkflow({ checks: ['endpoints'], secretKey: 'sk_live_webhookHealth' });
		stripe.addEndpoint({ url: 'http://shop.example.com/hooks/<!channel>?key=sk_live_abcdefghijklmnop' });

		const { output } = await pollWorkflow(workflow, 'Stripe Webhook Health');

		const [report] = problems(output);
		expect(report).toMatchObject({ kind: 'insecure_url', severity: 'critical' });
		const posted = JSON.stringify(slack.messages(CRITICAL)[0]);
		expect(posted).toContain('uses plain http://');
		expect(posted).toContain('WEBHOOK_URL');
		expect(posted).not.toContain('<!channel>');
		expect(posted).not.toContain('sk_live_abcdefghijklmnop');
	});

	it('warns once when 14 of the 16 endpoints are used', async () => {
		const workflow = healthWorkflow({ checks: ['endpoints'] });
		for (let index = 0; index < 14; index += 1) stripe.addEndpoint({ url: `https://hooks.example.com/${index}` });

		const first = await pollWorkflow(workflow, 'Stripe Webhook Health');
		const second = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(problems(first.output)).toEqual([
			expect.objectContaining({
				kind: 'endpoint_cap',
				severity: 'warning',
				text: expect.stringContaining('14 of Stripe'),
			}),
		]);
		expect(second.output).toBeNull();
	});

	it('says what to do when Stripe refuses the key, instead of reporting a healthy account', async () => {
		const workflow = healthWorkflow();
		stripe.route('GET', '/v1/webhook_endpoints', () => ({
			status: 401,
			body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } },
		}));

		await expect(pollWorkflow(workflow, 'Stripe Webhook Health')).rejects.toMatchObject({
			message: 'Could not read the webhook health from Stripe',
			description: expect.stringContaining('Copy it again from Developers → API keys'),
		});
	});
});

describe('Stripe Webhook Health: events Stripe could not deliver', () => {
	it('replays every one of 120 undelivered events across two pages once, and reports them in one message', async () => {
		const workflow = healthWorkflow({ recover: true, events: ['invoice.payment_failed', 'charge.dispute.created'] });
		await lastPolled(workflow, 3_600);
		const start = nowSeconds() - 3_000;
		const missed = Array.from({ length: 120 }, (_, index) => invoiceFailed(start + index * 10));
		for (const event of missed) stripe.addEvent(event, { undeliveredTo: ['we_down'] });
		// Delivered events and types the workflow does not handle are not replayed.
		stripe.addEvent(invoiceFailed(start + 5));
		stripe.addEvent(customerUpdated(start + 7), { undeliveredTo: ['we_down'] });

		const first = await pollWorkflow(workflow, 'Stripe Webhook Health');
		const second = await pollWorkflow(workflow, 'Stripe Webhook Health');

		const listed = stripe
			.requestsTo('GET', '/v1/events')
			.filter((request) => request.query.delivery_success === 'false');
		expect(listed.length).toBeGreaterThanOrEqual(2);
		expect(listed[1].query.starting_after).toEqual(expect.stringMatching(/^evt_/));
		expect(first.output?.[1]).toHaveLength(120);
		expect(new Set(first.output?.[1].map((item) => item.json.id))).toEqual(new Set(missed.map((event) => event.id)));
		expect(slack.messages(ALERTS)).toHaveLength(120);
		expect(
			new Set(slack.messages(ALERTS).map((message) => JSON.stringify(message).match(/evt_[0-9A-Za-z]{16}/)?.[0])),
		).toEqual(new Set(missed.map((event) => event.id)));
		const [report] = problems(first.output);
		expect(report).toMatchObject({
			kind: 'deliveries_failing',
			status: 'opened',
			undelivered: expect.objectContaining({ total: 121 }),
			text: expect.stringMatching(
				/121 events not delivered since \d\d:\d\d \(120 invoice\.payment_failed, 1 customer\.updated\)/,
			),
		});
		expect(slack.messages(CRITICAL)).toHaveLength(1);
		expect(second.output).toBeNull();
		expect(slack.messages(ALERTS)).toHaveLength(120);
	}, 30_000);

	it('posts once when an event is replayed first and Stripe delivers it later', async () => {
		const workflow = healthWorkflow({ checks: [], recover: true, events: ['invoice.payment_failed'] });
		await lastPolled(workflow, 600);
		const event = invoiceFailed(nowSeconds() - 300);
		stripe.addEvent(event, { undeliveredTo: ['we_down'] });

		const replay = await pollWorkflow(workflow, 'Stripe Webhook Health');
		const live = await deliverWebhook(workflow, 'Stripe Event Trigger', signedStripeDelivery(event, SIGNING_SECRET));

		expect(replay.output?.[1]).toHaveLength(1);
		expect(live.response.statusCode).toBe(200);
		expect(outputOf(live.run as IRun, 'Payment Alert')[0][0].route).toMatchObject({ suppressed: true });
		expect(slack.messages(ALERTS)).toHaveLength(1);
	});

	it('posts once when Stripe delivered the event first and a poll finds it undelivered to another endpoint', async () => {
		const workflow = healthWorkflow({ checks: [], recover: true, events: ['invoice.payment_failed'] });
		await lastPolled(workflow, 600);
		const event = invoiceFailed(nowSeconds() - 300);

		const live = await deliverWebhook(workflow, 'Stripe Event Trigger', signedStripeDelivery(event, SIGNING_SECRET));
		stripe.addEvent(event, { undeliveredTo: ['we_of_another_app'] });
		const replay = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(live.response.statusCode).toBe(200);
		expect(outputOf(replay.run as IRun, 'Payment Alert')[0][0].route).toMatchObject({ suppressed: true });
		expect(slack.messages(ALERTS)).toHaveLength(1);
	});

	it('reports a lasting failure once, and once more when deliveries work again', async () => {
		const workflow = healthWorkflow({ checks: ['deliveries'] });
		await lastPolled(workflow, 3_600);
		stripe.addEvent(invoiceFailed(nowSeconds() - 3_000), { undeliveredTo: ['we_down'] });

		const opened = await pollWorkflow(workflow, 'Stripe Webhook Health');
		await lastPolled(workflow, 2_000);
		stripe.addEvent(invoiceFailed(nowSeconds() - 1_500), { undeliveredTo: ['we_down'] });
		const more = await pollWorkflow(workflow, 'Stripe Webhook Health');
		await lastPolled(workflow, 1_000);
		stripe.addEvent(invoiceFailed(nowSeconds() - 500));
		const recovered = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(problems(opened.output)).toEqual([
			expect.objectContaining({ status: 'opened', kind: 'deliveries_failing' }),
		]);
		expect(more.output).toBeNull();
		expect(problems(recovered.output)).toEqual([
			expect.objectContaining({
				status: 'resolved',
				kind: 'deliveries_recovered',
				undelivered: expect.objectContaining({ total: 2 }),
			}),
		]);
	});

	it('remembers nothing in a manual test run, so the next real poll still reports and replays', async () => {
		const workflow = healthWorkflow({ recover: true, events: ['invoice.payment_failed'] });
		await lastPolled(workflow, 600);
		stripe.addEvent(invoiceFailed(nowSeconds() - 300), { undeliveredTo: ['we_down'] });

		const manual = await pollWorkflow(workflow, 'Stripe Webhook Health', { mode: 'manual' });
		const real = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(manual.output?.[1]).toHaveLength(1);
		expect(real.output?.[1]).toHaveLength(1);
		expect(problems(real.output)).toEqual([expect.objectContaining({ kind: 'deliveries_failing' })]);
	});
});

/** Stands in for n8n's If between two nodes: passes every item on. */
class PassThrough implements INodeType {
	description = {
		displayName: 'Pass Through',
		name: 'passThrough',
		group: ['transform'],
		version: 1,
		description: 'Passes every item on',
		defaults: { name: 'Pass Through' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} satisfies INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await Promise.resolve([this.getInputData()]);
	}
}

/** Stripe Event Trigger → `name` (an If, say) → Payment Alert, instead of the trigger feeding Payment Alert. */
function putNodeBetweenTriggerAndAlert(workflow: EngineWorkflow, name: string): void {
	workflow.nodes.push({ id: 'between', name, type: 'passThrough', typeVersion: 1, position: [100, 0], parameters: {} });
	workflow.nodeTypes.passThrough = new PassThrough();
	workflow.connections['Stripe Event Trigger'] = { main: [[{ node: name, type: 'main', index: 0 }]] };
	workflow.connections[name] = { main: [[{ node: 'Payment Alert', type: 'main', index: 0 }]] };
}

/** A second Stripe Event Trigger → Payment Alert → Slack branch (#payments-critical), for workflows with two. */
function addDisputeBranch(workflow: EngineWorkflow, alertParameters: IDataObject = {}): void {
	workflow.nodes.push(
		{
			id: 'trigger-disputes',
			name: 'Dispute Trigger',
			type: 'stripeEventTrigger',
			typeVersion: 1,
			position: [0, 600],
			webhookId: 'stripe-hook-disputes',
			parameters: { endpointMode: 'manual', events: ['charge.dispute.created'] },
			credentials: { stripeChatChannelApi: { id: 'stripe', name: 'Stripe' } },
		},
		{
			id: 'alert-disputes',
			name: 'Dispute Alert',
			type: 'paymentAlert',
			typeVersion: 1,
			position: [200, 600],
			parameters: { defaultChannel: CRITICAL, ...(alertParameters as INode['parameters']) },
		},
		{
			id: 'post-disputes',
			name: 'Post Dispute',
			type: 'stripeChatSlack',
			typeVersion: 1,
			position: [400, 600],
			parameters: { operation: 'post', channelSource: 'route', messageSource: 'paymentAlert' },
			credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' } },
		},
	);
	workflow.connections['Dispute Trigger'] = { main: [[{ node: 'Dispute Alert', type: 'main', index: 0 }]] };
	workflow.connections['Dispute Alert'] = { main: [[{ node: 'Post Dispute', type: 'main', index: 0 }]] };
}

describe('Stripe Webhook Health 2: every event not yet handled', () => {
	const unhandledWorkflow = (setup: HealthSetup = {}) =>
		healthWorkflow({ version: 2, checks: [], recover: true, events: ['invoice.payment_failed'], ...setup });
	const eventIdsOf = (output: unknown[][] | null) =>
		(output?.[1] ?? []).map((item) => (item as { json: IDataObject }).json.id);
	const postedEventIds = () =>
		slack
			.messages(ALERTS)
			.map((message) => JSON.stringify(message).match(/evt_[0-9A-Za-z]{16}/)?.[0])
			.sort();
	const claimIn = async (scope: string, eventId: string, value: string) =>
		await (await openStateStore({ kind: 'embedded' })).put(eventClaimKey(scope, eventId), value, 600_000);

	it('posts an event Stripe counts as delivered that never became an alert, and not one the workflow handled', async () => {
		const workflow = unhandledWorkflow();
		await lastPolled(workflow, 600);
		// Acknowledged by n8n's "starting up" page: delivered for Stripe, never seen by a node.
		const acknowledgedOnly = invoiceFailed(nowSeconds() - 400);
		const handled = invoiceFailed(nowSeconds() - 300);
		const live = await deliverWebhook(workflow, 'Stripe Event Trigger', signedStripeDelivery(handled, SIGNING_SECRET));
		const undelivered = invoiceFailed(nowSeconds() - 200);
		stripe.addEvent(acknowledgedOnly);
		stripe.addEvent(handled);
		stripe.addEvent(undelivered, { undeliveredTo: ['we_down'] });
		stripe.addEvent(customerUpdated(nowSeconds() - 100));

		const first = await pollWorkflow(workflow, 'Stripe Webhook Health');
		const second = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(live.response.statusCode).toBe(200);
		expect(eventIdsOf(first.output)).toEqual([acknowledgedOnly.id, undelivered.id]);
		expect(second.output).toBeNull();
		expect(postedEventIds()).toEqual([acknowledgedOnly.id, handled.id, undelivered.id].sort());
		// Stripe filtered the list to the chosen type, for every event whether delivered or not.
		const listedAll = stripe
			.requestsTo('GET', '/v1/events')
			.filter((request) => request.query.delivery_success === undefined);
		expect(listedAll.length).toBeGreaterThan(0);
		expect(JSON.stringify(listedAll[0].query)).toContain('invoice.payment_failed');
		expect(JSON.stringify(listedAll[0].query)).not.toContain('customer.updated');
	});

	it('leaves an event to the run that is handling it', async () => {
		const workflow = unhandledWorkflow();
		await lastPolled(workflow, 600);
		const inFlight = invoiceFailed(nowSeconds() - 300);
		stripe.addEvent(inFlight);
		await claimIn(workflow.id as string, inFlight.id, 'processing:another-run');

		const poll = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(poll.output).toBeNull();
		expect(slack.messages(ALERTS)).toHaveLength(0);
	});

	it('with empty "Missed Events to Output", follows the types of the Stripe Event Trigger, not every event of the account', async () => {
		const workflow = unhandledWorkflow({ events: [] });
		await lastPolled(workflow, 600);
		const failed = invoiceFailed(nowSeconds() - 400);
		stripe.addEvent(failed);
		stripe.addEvent(customerUpdated(nowSeconds() - 300));

		const poll = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(eventIdsOf(poll.output)).toEqual([failed.id]);
		const listed = stripe.requestsTo('GET', '/v1/events').map((request) => JSON.stringify(request.query));
		expect(listed.some((query) => query.includes('charge.dispute.created'))).toBe(true);
	});

	it("leaves out what the Stripe Event Trigger's filters leave out (metadata, mode)", async () => {
		const workflow = unhandledWorkflow({
			triggerParameters: { filters: { livemode: 'test', metadata: { conditions: [{ key: 'tier', value: 'vip' }] } } },
		});
		await lastPolled(workflow, 600);
		const vip = invoiceFailed(nowSeconds() - 400);
		(vip.data.object.metadata as Record<string, string>).tier = 'vip';
		const notVip = invoiceFailed(nowSeconds() - 300);
		(notVip.data.object.metadata as Record<string, string>).tier = 'free';
		const liveVip = { ...invoiceFailed(nowSeconds() - 200), livemode: true };
		(liveVip.data.object.metadata as Record<string, string>).tier = 'vip';
		for (const event of [vip, notVip, liveVip]) stripe.addEvent(event);

		const poll = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(eventIdsOf(poll.output)).toEqual([vip.id]);
		expect(postedEventIds()).toEqual([vip.id]);
	});

	it('posts where a second Payment Alert (Teams) is missing the event that the Slack one posted', async () => {
		const teams = await new FakeTeams().start();
		try {
			const workflow = unhandledWorkflow();
			workflow.nodes.push(
				{
					id: 'alert-teams',
					name: 'Payment Alert Teams',
					type: 'paymentAlert',
					typeVersion: 1,
					position: [200, 400],
					parameters: { chatPlatform: 'teams' },
				},
				{
					id: 'teams',
					name: 'Post Teams',
					type: 'stripeChatTeams',
					typeVersion: 1,
					position: [400, 400],
					parameters: { operation: 'post' },
					credentials: { stripeChatTeamsApi: { id: 'teams', name: 'Teams' } },
				},
			);
			workflow.connections['Stripe Webhook Health'].main[1]?.push({
				node: 'Payment Alert Teams',
				type: 'main',
				index: 0,
			});
			workflow.connections['Stripe Event Trigger'].main[0]?.push({
				node: 'Payment Alert Teams',
				type: 'main',
				index: 0,
			});
			workflow.connections['Payment Alert Teams'] = { main: [[{ node: 'Post Teams', type: 'main', index: 0 }]] };
			workflow.nodeTypes.stripeChatTeams = new StripeChatTeams();
			(workflow.credentials as Record<string, IDataObject>).stripeChatTeamsApi = { webhookUrl: teams.webhookUrl };
			await lastPolled(workflow, 600);
			const event = invoiceFailed(nowSeconds() - 300);
			stripe.addEvent(event);
			await claimIn(workflow.id as string, event.id, 'done:2026-12-03T00:00:00.000Z|slack-run');

			const poll = await pollWorkflow(workflow, 'Stripe Webhook Health');
			const again = await pollWorkflow(workflow, 'Stripe Webhook Health');

			expect(eventIdsOf(poll.output)).toEqual([event.id]);
			expect(teams.accepted).toHaveLength(1);
			expect(slack.messages(ALERTS)).toHaveLength(0);
			expect(again.output).toBeNull();
		} finally {
			await teams.stop();
		}
	});

	it("reads a recovered event from the item itself, wherever Payment Alert's Event Field points", async () => {
		const workflow = unhandledWorkflow({ alertParameters: { eventField: 'body' } });
		await lastPolled(workflow, 600);
		const event = invoiceFailed(nowSeconds() - 300);
		stripe.addEvent(event);

		const poll = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(poll.run?.data.resultData.error).toBeUndefined();
		expect(postedEventIds()).toEqual([event.id]);
	});

	it('recovers nothing from before its first poll, even within the look-back, nor in a manual run', async () => {
		const workflow = unhandledWorkflow();
		stripe.addEvent(invoiceFailed(nowSeconds() - 600));
		stripe.addEvent(invoiceFailed(nowSeconds() - 120), { undeliveredTo: ['we_down'] });

		const manual = await pollWorkflow(workflow, 'Stripe Webhook Health', { mode: 'manual' });
		const first = await pollWorkflow(workflow, 'Stripe Webhook Health');
		const second = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(manual.output?.[1] ?? []).toEqual([]);
		expect(first.output).toBeNull();
		expect(second.output).toBeNull();
		expect(slack.messages(ALERTS)).toHaveLength(0);
	});

	it('recovers nothing from longer than the look-back before its webhook endpoint was registered (switched off meanwhile)', async () => {
		const workflow = unhandledWorkflow();
		await lastPolled(workflow, 20_000);
		const whileOff = invoiceFailed(nowSeconds() - 10_000);
		const sinceOn = invoiceFailed(nowSeconds() - 300);
		stripe.addEvent(whileOff);
		stripe.addEvent(sinceOn);
		stripe.addWebhookEndpoint({
			url: 'https://n8n.example.com/webhook/stripe-hook/stripe',
			enabledEvents: ['invoice.payment_failed'],
			metadata: {
				managed_by: ENDPOINT_MANAGER,
				n8n_workflow_id: workflow.id as string,
				n8n_node: 'Stripe Event Trigger',
			},
			created: nowSeconds() - 600,
		});

		const poll = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(eventIdsOf(poll.output)).toEqual([sinceOn.id]);
	});

	it('after n8n was down, looks at everything since its last poll, beyond the look-back', async () => {
		const workflow = unhandledWorkflow();
		const store = await openStateStore({ kind: 'embedded' });
		const scope = `${workflow.id}:health`;
		await store.put(healthKeys(scope).since, String(nowSeconds() - 30_000), 86_400_000);
		await lastPolled(workflow, 20_000);
		const duringDowntime = invoiceFailed(nowSeconds() - 10_000);
		const beforeLastPoll = invoiceFailed(nowSeconds() - 25_000);
		stripe.addEvent(duringDowntime);
		stripe.addEvent(beforeLastPoll);

		const poll = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(eventIdsOf(poll.output)).toEqual([duringDowntime.id]);
	});

	it.each([
		[
			'no Payment Alert after Missed Events',
			(workflow: EngineWorkflow) => {
				workflow.connections['Stripe Webhook Health'].main[1] = [{ node: 'Post Alert', type: 'main', index: 0 }];
			},
			'Missed Events lead to no Payment Alert',
		],
		[
			'a Payment Alert that does not skip repeated events',
			(workflow: EngineWorkflow) => {
				const alert = workflow.nodes.find((node) => node.name === 'Payment Alert') as INode;
				alert.parameters = { ...alert.parameters, deduplicate: false };
			},
			'Payment Alert "Payment Alert" does not skip repeated events',
		],
		[
			'a Payment Alert whose alerts go out by a node that never marks them posted',
			(workflow: EngineWorkflow) => {
				const post = workflow.nodes.find((node) => node.name === 'Post Alert') as INode;
				Object.assign(post, {
					type: 'stripeChatTelegram',
					parameters: { operation: 'sendText', chatId: '-100', text: 'x' },
				});
				workflow.nodeTypes.stripeChatTelegram = new StripeChatTelegram();
			},
			'Nothing after Payment Alert "Payment Alert" marks its alerts posted',
		],
		[
			'a node between trigger and Payment Alert that Missed Events skip',
			(workflow: EngineWorkflow) => {
				putNodeBetweenTriggerAndAlert(workflow, 'Big Amount?');
			},
			'Missed Events skip "Big Amount?"',
		],
		[
			'Payment Alerts fed by different Stripe Event Triggers',
			(workflow: EngineWorkflow) => {
				addDisputeBranch(workflow);
				workflow.connections['Stripe Webhook Health'].main[1]?.push({ node: 'Dispute Alert', type: 'main', index: 0 });
			},
			'Missed Events go to Payment Alerts of different Stripe Event Triggers',
		],
		[
			'a Payment Alert that skips repeated events only by an expression',
			(workflow: EngineWorkflow) => {
				const alert = workflow.nodes.find((node) => node.name === 'Payment Alert') as INode;
				alert.parameters = { ...alert.parameters, deduplicate: '={{ false }}' };
			},
			'Payment Alert "Payment Alert" does not skip repeated events',
		],
		[
			'a Payment Alert that keeps its state in another store',
			(workflow: EngineWorkflow) => {
				const alert = workflow.nodes.find((node) => node.name === 'Payment Alert') as INode;
				alert.parameters = { ...alert.parameters, stateStore: 'redis' };
			},
			'Payment Alert "Payment Alert" keeps its state in Redis, this node in the built-in database file',
		],
		[
			'a Stripe Event Trigger that filters by an expression',
			(workflow: EngineWorkflow) => {
				const trigger = workflow.nodes.find((node) => node.name === 'Stripe Event Trigger') as INode;
				trigger.parameters = {
					...trigger.parameters,
					filters: { metadata: { conditions: [{ key: 'tier', value: "={{ 'vip' }}" }] } },
				};
			},
			'Stripe Event Trigger "Stripe Event Trigger" chooses its events or filters by an expression',
		],
		[
			'a Stripe Event Trigger of connected accounts',
			(workflow: EngineWorkflow) => {
				const trigger = workflow.nodes.find((node) => node.name === 'Stripe Event Trigger') as INode;
				trigger.parameters = { ...trigger.parameters, endpointMode: 'automatic', connect: true };
			},
			"Missed events of connected accounts can't be recovered",
		],
	])('refuses %s, with what to change, before reading Stripe', async (_case, change, message) => {
		const workflow = unhandledWorkflow();
		change(workflow);
		await lastPolled(workflow, 600);
		stripe.addEvent(invoiceFailed(nowSeconds() - 300));

		await expect(pollWorkflow(workflow, 'Stripe Webhook Health')).rejects.toThrow(message);
		expect(stripe.requestsTo('GET', '/v1/events')).toEqual([]);
		expect(slack.messages(ALERTS)).toHaveLength(0);
	});

	it('recovers nothing while the Stripe Event Trigger is disabled (alerts paused)', async () => {
		const workflow = unhandledWorkflow();
		(workflow.nodes.find((node) => node.name === 'Stripe Event Trigger') as INode).disabled = true;
		await lastPolled(workflow, 600);
		stripe.addEvent(invoiceFailed(nowSeconds() - 300));

		const poll = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(poll.output).toBeNull();
		expect(slack.messages(ALERTS)).toHaveLength(0);
	});

	it('recovers through a node between trigger and Payment Alert when Missed Events go through it too', async () => {
		const workflow = unhandledWorkflow();
		putNodeBetweenTriggerAndAlert(workflow, 'Big Amount?');
		workflow.connections['Stripe Webhook Health'].main[1] = [{ node: 'Big Amount?', type: 'main', index: 0 }];
		await lastPolled(workflow, 600);
		const event = invoiceFailed(nowSeconds() - 300);
		stripe.addEvent(event);

		const poll = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(eventIdsOf(poll.output)).toEqual([event.id]);
		expect(postedEventIds()).toEqual([event.id]);
	});

	it.each([
		['version 1', { version: 1 }],
		['version 2 set to "Only Events Stripe Could Not Deliver"', { version: 2, recoverScope: 'undelivered' as const }],
	])('%s outputs only undelivered events', async (_case, setup) => {
		const workflow = healthWorkflow({ ...setup, checks: [], recover: true, events: ['invoice.payment_failed'] });
		await lastPolled(workflow, 600);
		const acknowledgedOnly = invoiceFailed(nowSeconds() - 400);
		const undelivered = invoiceFailed(nowSeconds() - 300);
		stripe.addEvent(acknowledgedOnly);
		stripe.addEvent(undelivered, { undeliveredTo: ['we_down'] });

		const poll = await pollWorkflow(workflow, 'Stripe Webhook Health');

		expect(eventIdsOf(poll.output)).toEqual([undelivered.id]);
	});
});
