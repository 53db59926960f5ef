import { randomBytes } from 'node:crypto';
import type { IDataObject, INode, IRun } from 'n8n-workflow';

import { PaymentAlert } from '../../nodes/PaymentAlert/PaymentAlert.node';
import { StripeChatSlack } from '../../nodes/StripeChatSlack/StripeChatSlack.node';
import { StripeEventTrigger } from '../../nodes/StripeEventTrigger/StripeEventTrigger.node';
import { FakeSlack } from '../support/fakeSlack';
import { itemsTrigger, itemsTriggerNode } from '../support/itemsTrigger';
import { eventClaimKey } from '../../src/core/state/eventClaims';
import { postedAlertKey } from '../../src/core/state/postedAlerts';
import { threadMapKey } from '../../src/core/state/threadMap';
import { openStateStore } from '../../src/state';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { signedStripeDelivery } from '../support/paymentAlertWorkflow';
import { stripeLikeId } from '../support/stripeIds';

/**
 * Stripe redelivers an event when the workflow answered with an error ("Answer Stripe: When the Workflow
 * Finishes"). Payment Alert counts the event as handled before Slack is called, so an alert that failed to post
 * must be taken back out of that history, or the redelivery would be suppressed as a repeat and the alert lost.
 * Runs through n8n's real engine with its (in-memory) de-duplication store and a fake Slack.
 */

const SIGNING_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
const TOKEN = 'xoxb-redelivery-workflow-token';
const CHANNEL = 'C0PAYMENTS';
const RISK_CHANNEL = 'C0RISKOPS';

function invoiceFailed(eventId = stripeLikeId('evt')): IDataObject {
	const created = Math.floor(Date.now() / 1000);
	return {
		id: eventId,
		object: 'event',
		api_version: '2025-03-31.basil',
		created,
		livemode: false,
		pending_webhooks: 1,
		request: { id: null, idempotency_key: null },
		type: 'invoice.payment_failed',
		data: {
			object: {
				id: `in_${randomBytes(6).toString('hex')}`,
				object: 'invoice',
				customer: 'cus_redelivery',
				amount_due: 4_900,
				currency: 'eur',
				attempt_count: 1,
				next_payment_attempt: created + 3 * 86_400,
				metadata: {},
			},
		},
	};
}

function disputeCreated(): IDataObject {
	const created = Math.floor(Date.now() / 1000);
	return {
		id: stripeLikeId('evt'),
		object: 'event',
		api_version: '2025-03-31.basil',
		created,
		livemode: false,
		type: 'charge.dispute.created',
		data: {
			object: {
				id: `du_${randomBytes(6).toString('hex')}`,
				object: 'dispute',
				amount: 12_500,
				currency: 'eur',
				charge: 'ch_redelivery',
				reason: 'fraudulent',
				status: 'needs_response',
				evidence_details: { due_by: created + 7 * 86_400 },
				metadata: {},
			},
		},
	};
}

let workflowCounter = 0;

interface WorkflowOptions {
	/** "Continue On Fail" on the Slack node: a failed post becomes an error item instead of failing the execution. */
	continueOnFail?: boolean;
	/** Start with a trigger that emits several events as items instead of the Stripe Event Trigger. */
	batch?: boolean;
	/** The Slack node's operation (default: post). */
	operation?: 'post' | 'postInThread';
	/** A second Stripe Chat Slack node beside the first, posting the same alert into this channel. */
	alsoPostTo?: string;
}

function redeliveryWorkflow(slack: FakeSlack, options: WorkflowOptions = {}): EngineWorkflow {
	workflowCounter += 1;
	const trigger: INode = options.batch
		? itemsTriggerNode('Trigger', 'trigger')
		: {
				id: 'trigger',
				name: 'Trigger',
				type: 'stripeEventTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'stripe-hook',
				parameters: {
					endpointMode: 'manual',
					events: ['invoice.payment_failed', 'charge.dispute.*'],
					responseMode: 'lastNode',
				},
				credentials: { stripeChatChannelApi: { id: 'stripe', name: 'Stripe' } },
			};
	const nodes: INode[] = [
		trigger,
		{
			id: 'alert',
			name: 'Payment Alert',
			type: 'paymentAlert',
			typeVersion: 1,
			position: [200, 0],
			parameters: {
				defaultChannel: CHANNEL,
				rules: { rule: [{ name: 'Disputes', events: ['charge.dispute.*'], action: 'route', channel: RISK_CHANNEL }] },
			},
		},
		{
			id: 'slack',
			name: 'Stripe Chat Slack',
			type: 'stripeChatSlack',
			typeVersion: 1,
			position: [400, 0],
			parameters: {
				operation: options.operation ?? 'post',
				channelSource: 'route',
				channel: { __rl: true, mode: 'id', value: CHANNEL },
				messageSource: 'paymentAlert',
				options: { retries: 1 },
			},
			credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' } },
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	if (options.alsoPostTo) {
		nodes.push({
			...nodes[2],
			id: 'slack-second',
			name: 'Also Post',
			position: [400, 200],
			parameters: {
				...nodes[2].parameters,
				channelSource: 'fixed',
				channel: { __rl: true, mode: 'id', value: options.alsoPostTo },
			},
		});
	}
	const posters = nodes.slice(2).map((node) => ({ node: node.name, type: 'main' as const, index: 0 }));
	return {
		id: `wf-redelivery-${workflowCounter}`,
		nodes,
		connections: {
			Trigger: { main: [[{ node: 'Payment Alert', type: 'main', index: 0 }]] },
			'Payment Alert': { main: [posters] },
		},
		nodeTypes: {
			stripeEventTrigger: new StripeEventTrigger(),
			itemsTrigger,
			paymentAlert: new PaymentAlert(),
			stripeChatSlack: new StripeChatSlack(),
		},
		credentials: {
			stripeChatChannelApi: { secretKey: 'sk_test_redeliveryWorkflow', signingSecrets: SIGNING_SECRET },
			stripeChatSlackApi: { botToken: TOKEN, apiBaseUrl: slack.apiUrl },
		},
	};
}

/** Whether the state store counts the event as handled in this workflow (its alert went out). */
async function isHandled(workflow: EngineWorkflow, event: IDataObject): Promise<boolean> {
	const store = await openStateStore({ kind: 'embedded' });
	return (await store.get(eventClaimKey(String(workflow.id), String(event.id))))?.startsWith('done:') === true;
}

async function deliver(workflow: EngineWorkflow, event: IDataObject): Promise<IRun> {
	const result = await deliverWebhook(workflow, 'Trigger', signedStripeDelivery(event, SIGNING_SECRET));
	expect(result.response.statusCode).toBe(200);
	expect(result.run).toBeDefined();
	return result.run as IRun;
}

describe('a Stripe redelivery after Slack failed (real n8n engine, fake Slack)', () => {
	let slack: FakeSlack;

	beforeEach(async () => {
		slack = await FakeSlack.start({
			tokens: [TOKEN],
			channels: [
				{ id: CHANNEL, name: 'payments' },
				{ id: RISK_CHANNEL, name: 'risk' },
			],
		});
	});

	afterEach(async () => {
		await slack.close();
	});

	const faults = [
		{
			fault: 'channel_not_found',
			inject: (fake: FakeSlack) => fake.failMethod('chat.postMessage', 'channel_not_found'),
		},
		{ fault: 'HTTP 500 past the retries', inject: (fake: FakeSlack) => fake.failNext(10, { status: 500 }) },
	];

	it.each(faults)('fails the execution on $fault, then posts the redelivered event once', async ({ inject }) => {
		const workflow = redeliveryWorkflow(slack);
		const event = invoiceFailed();
		inject(slack);

		const failed = await deliver(workflow, event);

		// The execution fails, so a trigger answering "when the workflow finishes" gives Stripe an error.
		expect(failed.data.resultData.error).toBeDefined();
		expect(failed.data.resultData.lastNodeExecuted).toBe('Stripe Chat Slack');
		expect(slack.messages()).toHaveLength(0);
		expect(await isHandled(workflow, event)).toBe(false);

		slack.clearFaults();
		const redelivered = await deliver(workflow, event);

		expect(redelivered.data.resultData.error).toBeUndefined();
		const [[alert]] = outputOf(redelivered, 'Payment Alert');
		expect(alert.route).toMatchObject({ suppressed: false });
		const [[posted]] = outputOf(redelivered, 'Stripe Chat Slack');
		expect(posted).toMatchObject({ ok: true, posted: true, eventId: event.id });
		expect(slack.messages(CHANNEL)).toHaveLength(1);
		expect(await isHandled(workflow, event)).toBe(true);
	});

	it.each(faults)(
		'with Continue On Fail, outputs the error on $fault and posts the redelivered event once',
		async ({ inject }) => {
			const workflow = redeliveryWorkflow(slack, { continueOnFail: true });
			const event = invoiceFailed();
			inject(slack);

			const failed = await deliver(workflow, event);

			expect(failed.data.resultData.error).toBeUndefined();
			const [[errorItem]] = outputOf(failed, 'Stripe Chat Slack');
			expect(errorItem).toMatchObject({ ok: false, posted: false, error: expect.any(String) });
			expect(await isHandled(workflow, event)).toBe(false);

			slack.clearFaults();
			const redelivered = await deliver(workflow, event);

			const [[posted]] = outputOf(redelivered, 'Stripe Chat Slack');
			expect(posted).toMatchObject({ ok: true, posted: true, eventId: event.id });
			expect(slack.messages(CHANNEL)).toHaveLength(1);
		},
	);

	it('suppresses the redelivery of an event whose alert was posted', async () => {
		const workflow = redeliveryWorkflow(slack);
		const event = invoiceFailed();

		const first = await deliver(workflow, event);
		expect(first.data.resultData.error).toBeUndefined();
		const again = await deliver(workflow, event);

		expect(again.data.resultData.error).toBeUndefined();
		const [[alert]] = outputOf(again, 'Payment Alert');
		expect(alert.route).toMatchObject({ suppressed: true, reason: expect.stringContaining('duplicate') });
		expect(outputOf(again, 'Stripe Chat Slack')[0][0]).toMatchObject({ posted: false });
		expect(slack.requestsFor('chat.postMessage')).toHaveLength(1);
		expect(slack.messages(CHANNEL)).toHaveLength(1);
	});

	it('releases the failed alert and the ones never reached, and keeps the one posted before', async () => {
		const workflow = redeliveryWorkflow(slack, { batch: true });
		const posted = invoiceFailed();
		const failing = disputeCreated();
		const unreached = invoiceFailed();
		slack.failMethod('chat.postMessage', 'not_in_channel', { channel: RISK_CHANNEL });
		const batch = { headers: {}, rawBody: Buffer.from(JSON.stringify([posted, failing, unreached])) };

		const failed = (await deliverWebhook(workflow, 'Trigger', batch)).run as IRun;

		expect(failed.data.resultData.error).toBeDefined();
		expect(slack.messages(CHANNEL)).toHaveLength(1);
		expect([
			await isHandled(workflow, posted),
			await isHandled(workflow, failing),
			await isHandled(workflow, unreached),
		]).toEqual([true, false, false]);

		slack.clearFaults();
		const redelivered = (await deliverWebhook(workflow, 'Trigger', batch)).run as IRun;

		expect(redelivered.data.resultData.error).toBeUndefined();
		const outputs = outputOf(redelivered, 'Stripe Chat Slack')[0];
		expect(outputs.map((output) => [output.eventId, output.posted])).toEqual([
			[undefined, false],
			[failing.id, true],
			[unreached.id, true],
		]);
		expect(slack.messages(CHANNEL)).toHaveLength(2);
		expect(slack.messages(RISK_CHANNEL)).toHaveLength(1);
	});

	const alertsIn = (channel: string, event: IDataObject) =>
		slack.messages(channel).filter((message) => JSON.stringify(message.metadata ?? {}).includes(String(event.id)));

	it('one alert sent to two Stripe Chat Slack nodes: posts it in both channels, and counts the event handled', async () => {
		const workflow = redeliveryWorkflow(slack, { alsoPostTo: RISK_CHANNEL });
		const event = invoiceFailed();

		const run = await deliver(workflow, event);

		expect(run.data.resultData.error).toBeUndefined();
		expect(alertsIn(CHANNEL, event)).toHaveLength(1);
		expect(alertsIn(RISK_CHANNEL, event)).toHaveLength(1);
		expect(await isHandled(workflow, event)).toBe(true);
	});

	it('two Slack nodes, the second failing after the first posted: the redelivery posts it there, and not again in the first', async () => {
		const workflow = redeliveryWorkflow(slack, { alsoPostTo: RISK_CHANNEL });
		const event = invoiceFailed();
		slack.failMethod('chat.postMessage', 'channel_not_found', { channel: RISK_CHANNEL, times: 1 });

		const failed = await deliver(workflow, event);

		expect(failed.data.resultData.error).toBeDefined();
		expect(alertsIn(CHANNEL, event)).toHaveLength(1);
		expect(alertsIn(RISK_CHANNEL, event)).toHaveLength(0);
		// Given back, so that Stripe's redelivery is handled rather than suppressed as a repeat.
		expect(await isHandled(workflow, event)).toBe(false);

		const redelivered = await deliver(workflow, event);

		expect(redelivered.data.resultData.error).toBeUndefined();
		expect(alertsIn(CHANNEL, event)).toHaveLength(1);
		expect(alertsIn(RISK_CHANNEL, event)).toHaveLength(1);
		expect(await isHandled(workflow, event)).toBe(true);
	});

	// A search of the first channel would reach only its newest 5 × 200 top-level messages
	// (src/platforms/slack/recovery.ts); the first node's record of its post needs no search.
	it('two Slack nodes, the redelivery after a busy day: posts once in the first channel although 1,000 messages came after it', async () => {
		const workflow = redeliveryWorkflow(slack, { alsoPostTo: RISK_CHANNEL });
		const event = invoiceFailed();
		slack.failMethod('chat.postMessage', 'not_in_channel', { channel: RISK_CHANNEL, times: 1 });

		const failed = await deliver(workflow, event);
		expect(failed.data.resultData.error).toBeDefined();
		expect(alertsIn(CHANNEL, event)).toHaveLength(1);

		// The channel is busy until Stripe's next retry (other alerts, people talking).
		const start = Date.now() / 1000 + 1;
		for (let index = 0; index < 1_000; index++) {
			slack.addMessage({
				channel: CHANNEL,
				ts: (start + index / 100).toFixed(6),
				text: `chatter ${index}`,
				bot_id: 'B0OTHER',
			});
		}

		const redelivered = await deliver(workflow, event);
		expect(redelivered.data.resultData.error).toBeUndefined();
		expect(alertsIn(RISK_CHANNEL, event)).toHaveLength(1);
		expect(alertsIn(CHANNEL, event)).toHaveLength(1);
	});
});

/**
 * n8n killed (or a worker lost) between Slack's answer to chat.postMessage and marking the event handled: the claim
 * runs out, and Stripe delivers the event again. The state a crash leaves is made exactly: the alert in Slack, the
 * posting note in the store, the claim gone (its lease ran out).
 */
describe('a Stripe redelivery after n8n died mid-alert (real n8n engine, fake Slack)', () => {
	let slack: FakeSlack;

	beforeEach(async () => {
		slack = await FakeSlack.start({ tokens: [TOKEN], channels: [{ id: CHANNEL, name: 'payments' }] });
	});

	afterEach(async () => {
		await slack.close();
	});

	/** Dies right after Slack posted: before recording the post (src/core/state/postedAlerts.ts) and the claim. */
	async function crashAfterPosting(workflow: EngineWorkflow, event: IDataObject): Promise<void> {
		const first = await deliver(workflow, event);
		expect(first.data.resultData.error).toBeUndefined();
		const store = await openStateStore({ kind: 'embedded' });
		const claimKey = eventClaimKey(String(workflow.id), String(event.id));
		for (const key of [claimKey, postedAlertKey(claimKey, 'slack')]) {
			await store.deleteIfEquals(key, (await store.get(key)) ?? '');
			expect(await store.get(key)).toBeUndefined();
		}
	}

	it('answers from its record, without asking Slack, when it died after recording the post', async () => {
		const workflow = redeliveryWorkflow(slack);
		const event = invoiceFailed();
		const first = await deliver(workflow, event);
		const [[posted]] = outputOf(first, 'Stripe Chat Slack');
		const store = await openStateStore({ kind: 'embedded' });
		const claimKey = eventClaimKey(String(workflow.id), String(event.id));
		await store.deleteIfEquals(claimKey, (await store.get(claimKey)) ?? '');
		const callsBefore = slack.requests.length;

		const redelivered = await deliver(workflow, event);

		expect(redelivered.data.resultData.error).toBeUndefined();
		expect(outputOf(redelivered, 'Stripe Chat Slack')[0][0]).toEqual({ ...posted, postedByEarlierAttempt: true });
		expect(slack.requests.length).toBe(callsBefore);
		expect(slack.messages(CHANNEL)).toHaveLength(1);
		expect(await isHandled(workflow, event)).toBe(true);
	});

	it.each(['post', 'postInThread'] as const)(
		'%s: finds the alert the dead run posted and does not post it again',
		async (operation) => {
			const workflow = redeliveryWorkflow(slack, { operation });
			const event = invoiceFailed();
			await crashAfterPosting(workflow, event);
			const [posted] = slack.messages(CHANNEL);

			const redelivered = await deliver(workflow, event);

			expect(redelivered.data.resultData.error).toBeUndefined();
			const [[output]] = outputOf(redelivered, 'Stripe Chat Slack');
			expect(output).toMatchObject({
				ok: true,
				posted: true,
				postedByEarlierAttempt: true,
				ts: posted.ts,
				eventId: event.id,
			});
			expect(slack.messages(CHANNEL)).toHaveLength(1);
			expect(slack.requestsFor('chat.postMessage')).toHaveLength(1);
			expect(await isHandled(workflow, event)).toBe(true);
		},
	);

	it('finds the alert the dead run posted although 1,500 alerts of others came right after it (a crash mid-burst)', async () => {
		const workflow = redeliveryWorkflow(slack);
		const event = invoiceFailed();
		await crashAfterPosting(workflow, event);
		// The burst went on: 1,500 messages within seconds, and more an hour later (past the window looked at).
		const start = Date.now() / 1000 + 1;
		for (let index = 0; index < 1_500; index++) {
			slack.addMessage({
				channel: CHANNEL,
				ts: (start + index / 500).toFixed(6),
				text: `alert ${index}`,
				bot_id: 'B0OTHER',
			});
		}
		slack.addMessage({ channel: CHANNEL, ts: (start + 3_600).toFixed(6), text: 'an hour later', bot_id: 'B0OTHER' });

		const redelivered = await deliver(workflow, event);

		expect(redelivered.data.resultData.error).toBeUndefined();
		expect(outputOf(redelivered, 'Stripe Chat Slack')[0][0]).toMatchObject({ postedByEarlierAttempt: true });
		expect(slack.requestsFor('chat.postMessage')).toHaveLength(1);
	});

	it('records the thread the dead run started, so the next event of the object replies in it', async () => {
		const workflow = redeliveryWorkflow(slack, { operation: 'postInThread' });
		const event = invoiceFailed();
		await crashAfterPosting(workflow, event);
		// It died before recording the thread's first message: the thread map still holds its claim to post it.
		const store = await openStateStore({ kind: 'embedded' });
		const invoiceId = String((event.data as { object: { id: string } }).object.id);
		const threadKey = threadMapKey(CHANNEL, `invoice:${invoiceId}`);
		await store.put(threadKey, 'pending:the-dead-run', 60_000);

		await deliver(workflow, event);
		const next = invoiceFailed();
		(next.data as { object: IDataObject }).object = {
			...(event.data as { object: IDataObject }).object,
			attempt_count: 2,
		};
		await deliver(workflow, next);

		const [parent, ...others] = slack.messages(CHANNEL);
		expect(others).toEqual([expect.objectContaining({ thread_ts: parent.ts })]);
	});

	it("takes no other app's message for the alert, even one with the alert's metadata", async () => {
		const workflow = redeliveryWorkflow(slack);
		const event = invoiceFailed();
		await crashAfterPosting(workflow, event);
		const [posted] = slack.messages(CHANNEL);
		// The dead run's alert is gone (deleted by someone); another app left a message with the same metadata.
		slack.deleteMessage(CHANNEL, posted.ts);
		slack.addMessage({ ...posted, ts: `${Number(posted.ts) + 1}`, bot_id: 'B0OTHERAPP', text: 'not ours' });

		const redelivered = await deliver(workflow, event);

		expect(outputOf(redelivered, 'Stripe Chat Slack')[0][0]).toMatchObject({ ok: true, posted: true });
		expect(outputOf(redelivered, 'Stripe Chat Slack')[0][0].postedByEarlierAttempt).toBeUndefined();
		expect(slack.requestsFor('chat.postMessage')).toHaveLength(2);
	});

	it('posts the alert when looking for the earlier one fails: shown twice rather than not at all', async () => {
		const workflow = redeliveryWorkflow(slack);
		const event = invoiceFailed();
		await crashAfterPosting(workflow, event);
		slack.failMethod('conversations.history', 'missing_scope');

		const redelivered = await deliver(workflow, event);

		expect(redelivered.data.resultData.error).toBeUndefined();
		expect(outputOf(redelivered, 'Stripe Chat Slack')[0][0]).toMatchObject({ ok: true, posted: true });
		expect(slack.messages(CHANNEL)).toHaveLength(2);
		expect(await isHandled(workflow, event)).toBe(true);
	});

	it('looks only after a run that stopped: a first delivery costs one chat.postMessage and nothing else', async () => {
		const workflow = redeliveryWorkflow(slack);
		await deliver(workflow, invoiceFailed());
		expect(slack.requests.map((request) => request.method)).toEqual(['chat.postMessage']);
	});
});
