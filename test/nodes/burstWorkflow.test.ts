import { randomBytes } from 'node:crypto';
import type { IDataObject, IRun } from 'n8n-workflow';

import { StripeChatSlack } from '../../nodes/StripeChatSlack/StripeChatSlack.node';
import { BURST_METADATA_EVENT_TYPE } from '../../src/platforms/slack';
import { openStateStore } from '../../src/state';
import { FakeSlack } from '../support/fakeSlack';
import { itemsTrigger, itemsTriggerNode } from '../support/itemsTrigger';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { paymentAlertWorkflow, signedStripeDelivery } from '../support/paymentAlertWorkflow';

/**
 * The burst must-show, end to end through n8n's real engine: 500 signed `invoice.payment_failed` events
 * inside one minute go Stripe Event Trigger → Payment Alert (burst collapse) → Stripe Chat Slack, and Slack gets a
 * bounded number of posts that together account for all 500, also when it answers 429 half of the time.
 */

const SIGNING_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
const TOKEN = 'xoxb-burst-workflow-token';
const CHANNEL = 'C0PAYMENTS';
const EVENTS = 500;
const THRESHOLD = 5;
/** Events arrive 100 ms apart (by the clock the nodes read): 500 of them in 50 s, inside one one-minute window. */
const SPACING_MS = 100;

function invoiceFailed(index: number, createdSeconds: number): IDataObject {
	const suffix = `${index.toString().padStart(4, '0')}${randomBytes(4).toString('hex')}`;
	return {
		id: `evt_burst${suffix}`,
		object: 'event',
		api_version: '2025-03-31.basil',
		created: createdSeconds,
		livemode: false,
		pending_webhooks: 1,
		request: { id: null, idempotency_key: null },
		type: 'invoice.payment_failed',
		data: {
			object: {
				id: `in_burst${suffix}`,
				object: 'invoice',
				customer: `cus_burst${suffix}`,
				amount_due: 4_900,
				currency: 'eur',
				attempt_count: 1,
				next_payment_attempt: createdSeconds + 3 * 86_400,
				metadata: {},
			},
		},
	};
}

let workflowCounter = 0;

function burstWorkflow(slack: FakeSlack, retries: number): EngineWorkflow {
	workflowCounter += 1;
	return paymentAlertWorkflow({
		id: `wf-burst-${workflowCounter}`,
		events: ['invoice.payment_failed'],
		alert: {
			parameters: {
				defaultChannel: CHANNEL,
				burstCollapse: true,
				burstThreshold: THRESHOLD,
				burstWindowMinutes: 1,
			},
		},
		slack: {
			parameters: {
				operation: 'postInThread',
				channelSource: 'route',
				channel: { __rl: true, mode: 'id', value: CHANNEL },
				messageSource: 'paymentAlert',
				options: { retries },
			},
		},
		credentials: {
			stripeChatChannelApi: { secretKey: 'sk_test_burstWorkflow', signingSecrets: SIGNING_SECRET },
			stripeChatSlackApi: { botToken: TOKEN, apiBaseUrl: slack.apiUrl },
		},
	});
}

interface BurstRun {
	eventIds: string[];
	slackOutputs: Array<Record<string, unknown>>;
}

/** Delivers the burst one event after the other, each at its own time inside the minute that starts at `start`. */
async function deliverBurst(workflow: EngineWorkflow, start: number): Promise<BurstRun> {
	const eventIds: string[] = [];
	const slackOutputs: BurstRun['slackOutputs'] = [];
	for (let index = 0; index < EVENTS; index++) {
		jest.setSystemTime(start + index * SPACING_MS);
		const event = invoiceFailed(index, Math.floor(Date.now() / 1000));
		eventIds.push(String(event.id));
		const result = await deliverWebhook(workflow, 'Stripe Event Trigger', signedStripeDelivery(event, SIGNING_SECRET));
		expect(result.response.statusCode).toBe(200);
		const run = result.run as IRun;
		// Every execution finishes without error: no alert is dropped, none is left in a failed execution.
		expect(run.data.resultData.error).toBeUndefined();
		slackOutputs.push(...outputOf(run, 'Stripe Chat Slack')[0]);
	}
	return { eventIds, slackOutputs };
}

function expectAllAccountedFor(slack: FakeSlack, { eventIds, slackOutputs }: BurstRun): void {
	expect(slackOutputs).toHaveLength(EVENTS);
	expect(new Set(slackOutputs.map((output) => output.eventId))).toEqual(new Set(eventIds));
	const posted = slackOutputs.filter((output) => output.posted === true);
	const collapsed = slackOutputs.filter((output) => output.collapsed === true);
	expect(posted).toHaveLength(THRESHOLD);
	expect(collapsed).toHaveLength(EVENTS - THRESHOLD);

	// Slack got the first THRESHOLD alerts one by one and one summary: bounded, whatever the burst size.
	const accepted = slack.requestsFor('chat.postMessage').filter((request) => request.status === 200 && !request.error);
	expect(accepted).toHaveLength(THRESHOLD + 1);
	const topLevel = slack.messages(CHANNEL).filter((message) => !message.thread_ts);
	const summaries = topLevel.filter((message) => message.metadata?.event_type === BURST_METADATA_EVENT_TYPE);
	expect(summaries).toHaveLength(1);
	const [summary] = summaries;
	const alerts = topLevel.filter((message) => message !== summary);
	expect(alerts).toHaveLength(THRESHOLD);
	// The summary's final count and the single alerts together are every event.
	expect(alerts.length + Number(summary.metadata?.event_payload.count)).toBe(EVENTS);
	const summaryText = `+${EVENTS - THRESHOLD} more payment failures in the last minute`;
	expect(summary.text).toBe(summaryText);
	expect(summary.blocks).toEqual([{ type: 'section', text: { type: 'plain_text', text: summaryText, emoji: true } }]);
	expect(new Set(collapsed.map((output) => output.summaryTs))).toEqual(new Set([summary.ts]));
	expect(collapsed.filter((output) => output.action === 'posted')).toHaveLength(1);
	expect(collapsed.filter((output) => output.action === 'updated')).toHaveLength(EVENTS - THRESHOLD - 1);
}

describe('a burst of 500 payment failures through the real engine', () => {
	let slack: FakeSlack;
	/** The start of a whole minute, so 500 events 100 ms apart fall into one burst window. */
	const start = Math.ceil(Date.now() / 60_000) * 60_000;

	beforeEach(async () => {
		// Only the clock the nodes read is virtual (set per event by deliverBurst); timers, sockets and the engine
		// run for real. A 429 with `Retry-After: 0` costs no timer: the Slack client tries again at once.
		jest.useFakeTimers({
			now: start,
			doNotFake: [
				'hrtime',
				'nextTick',
				'performance',
				'queueMicrotask',
				'setImmediate',
				'clearImmediate',
				'setInterval',
				'clearInterval',
				'setTimeout',
				'clearTimeout',
			],
		});
		slack = await FakeSlack.start({ tokens: [TOKEN], channels: [{ id: CHANNEL, name: 'payments' }] });
	});

	afterEach(async () => {
		await slack.close();
		jest.useRealTimers();
	});

	it('posts the first alerts and one summary that counts the rest', async () => {
		const burst = await deliverBurst(burstWorkflow(slack, 2), start);

		expectAllAccountedFor(slack, burst);
		expect(slack.requests.filter((request) => request.status === 429)).toHaveLength(0);
	}, 60_000);

	/**
	 * Each storm (its seed fixed, its calls made one after another, so it is the same on every run) has runs of
	 * several 429s in a row. The node may retry only once, and still loses nothing: a 429 is waited out as Slack asks
	 * and never spends a retry, which are for server and network errors.
	 */
	it.each([1, 2, 3])(
		'loses none when Slack answers 429 half of the time (storm seed %i)',
		async (seed) => {
			slack.rateLimitRandomly({ probability: 0.5, seed, retryAfter: 0 });

			const burst = await deliverBurst(burstWorkflow(slack, 1), start);

			expectAllAccountedFor(slack, burst);
			const limited = slack.requests.filter((request) => request.status === 429);
			// Half of all calls were refused, none of them was lost.
			expect(limited.length / slack.requests.length).toBeGreaterThan(0.4);
			let longestRun = 0;
			let run = 0;
			for (const request of slack.requests) {
				run = request.status === 429 ? run + 1 : 0;
				longestRun = Math.max(longestRun, run);
			}
			expect(longestRun).toBeGreaterThanOrEqual(5);
		},
		60_000,
	);
});

describe('burst summaries in the Slack node', () => {
	const windowStart = new Date(Math.floor(Date.now() / 300_000) * 300_000).toISOString();
	const burstKey = `burst:wf:${CHANNEL}|invoice.payment_failed:${Date.parse(windowStart)}`;
	const label = { one: 'payment failure', other: 'payment failures' };
	let slack: FakeSlack;

	beforeEach(async () => {
		slack = await FakeSlack.start({ tokens: [TOKEN], channels: [{ id: CHANNEL, name: 'payments' }] });
	});

	afterEach(async () => {
		await slack.close();
	});

	function collapsedItem(eventId: string, collapsedCount: number): IDataObject {
		const summaryText = `+${collapsedCount} more payment failures in the last 5 minutes`;
		return {
			message: { eventId, threadKey: `invoice:in_${eventId}` },
			route: { channel: CHANNEL, suppressed: false },
			burst: { mode: 'collapse', burstKey, collapsedCount, summaryText, windowStart, threshold: THRESHOLD, windowMinutes: 5, label },
			slack: { text: summaryText, blocks: [{ type: 'section', text: { type: 'plain_text', text: summaryText } }] },
		};
	}

	/** The window's count as Payment Alert leaves it in the state store: `collapsed` alerts past the threshold. */
	async function countedInStore(collapsed: number): Promise<void> {
		const store = await openStateStore({ kind: 'embedded' });
		for (let index = 0; index < THRESHOLD + collapsed; index++) await store.ordinal(burstKey, `evt_${index}`, 600_000);
	}

	/** A summary an earlier execution posted, showing `count`. */
	async function existingSummary(count: number): Promise<string> {
		const ts = `${Date.parse(windowStart) / 1000 + 1}.000100`;
		slack.addMessage({ channel: CHANNEL, ts, text: `+${count} more payment failures in the last 5 minutes` });
		const store = await openStateStore({ kind: 'embedded' });
		await store.put(`burst-summary:${CHANNEL}:${burstKey}`, JSON.stringify({ ts, count }), 600_000);
		return ts;
	}

	async function runSlack(
		operation: 'post' | 'postInThread',
		items: IDataObject[],
	): Promise<Array<Record<string, unknown>>> {
		const result = await deliverWebhook(
			{
				nodes: [
					itemsTriggerNode(),
					{
						id: 'slack',
						name: 'Slack',
						type: 'stripeChatSlack',
						typeVersion: 1,
						position: [200, 0],
						parameters: { operation, channelSource: 'route', messageSource: 'paymentAlert', options: { retries: 0 } },
						credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' } },
					},
				],
				connections: { Items: { main: [[{ node: 'Slack', type: 'main', index: 0 }]] } },
				nodeTypes: { itemsTrigger, stripeChatSlack: new StripeChatSlack() },
				credentials: { stripeChatSlackApi: { botToken: TOKEN, apiBaseUrl: slack.apiUrl } },
			},
			'Items',
			{ headers: {}, rawBody: Buffer.from(JSON.stringify(items)) },
		);
		const run = result.run as IRun;
		expect(run.data.resultData.error).toBeUndefined();
		return outputOf(run, 'Slack')[0];
	}

	it.each(['post', 'postInThread'] as const)(
		'%s: several collapsed items of one execution cost one summary call, showing the window\'s count',
		async (operation) => {
			await countedInStore(9);
			const summaryTs = await existingSummary(6);

			const outputs = await runSlack(operation, [
				collapsedItem('evt_a', 3),
				collapsedItem('evt_b', 9),
				collapsedItem('evt_c', 7),
			]);

			expect(slack.requestsFor('conversations.history')).toHaveLength(0);
			const updates = slack.requestsFor('chat.update');
			expect(updates).toHaveLength(1);
			expect(updates[0].body).toMatchObject({
				ts: summaryTs,
				text: '+9 more payment failures in the last 5 minutes',
				metadata: { event_type: BURST_METADATA_EVENT_TYPE, event_payload: { burst_key: burstKey, count: 9 } },
			});
			expect(slack.requestsFor('chat.postMessage')).toHaveLength(0);
			expect(outputs).toEqual([
				expect.objectContaining({ ok: true, posted: false, collapsed: true, action: 'updated', count: 9, summaryTs, eventId: 'evt_a' }),
				expect.objectContaining({ collapsed: true, action: 'unchanged', coalesced: true, count: 9, summaryTs, eventId: 'evt_b' }),
				expect.objectContaining({ collapsed: true, action: 'unchanged', coalesced: true, count: 9, summaryTs, eventId: 'evt_c' }),
			]);
		},
	);

	it('leaves a summary alone that already shows the count (a later execution finished first)', async () => {
		await countedInStore(10);
		await existingSummary(10);

		const [output] = await runSlack('postInThread', [collapsedItem('evt_late', 8)]);

		expect(slack.requestsFor('chat.update')).toHaveLength(0);
		expect(slack.requestsFor('chat.postMessage')).toHaveLength(0);
		expect(output).toMatchObject({ collapsed: true, action: 'unchanged', count: 10 });
	});

	it('posts the summary when the window has none, and the next execution edits that one', async () => {
		await countedInStore(1);
		const [first] = await runSlack('post', [collapsedItem('evt_1', 1)]);
		const store = await openStateStore({ kind: 'embedded' });
		await store.ordinal(burstKey, 'evt_next', 600_000);
		const [second] = await runSlack('post', [collapsedItem('evt_next', 2)]);

		expect(first).toMatchObject({ action: 'posted', count: 1 });
		expect(second).toMatchObject({ action: 'updated', count: 2, summaryTs: first.summaryTs });
		expect(slack.messages(CHANNEL).map((message) => message.text)).toEqual(['+2 more payment failures in the last 5 minutes']);
	});
});
