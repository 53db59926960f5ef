/**
 * Stripe Chat Google Chat in n8n's real engine: signed Stripe events → Stripe Event Trigger → Payment Alert → Stripe
 * Chat Google Chat → the local Google Chat webhook (test/support/fakeGoogleChat.ts): one thread per Stripe object
 * by its key, claims completed and released, bursts collapsed into summaries posted when the count doubles.
 */
import { randomBytes } from 'node:crypto';
import type { IDataObject, IRun } from 'n8n-workflow';

import { FakeGoogleChat, GOOGLE_CHAT_KEY, GOOGLE_CHAT_TOKEN } from '../support/fakeGoogleChat';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import { signedStripeDelivery } from '../support/paymentAlertWorkflow';
import { stripeLikeId } from '../support/stripeIds';
import { webhookChatWorkflow } from '../support/webhookChatWorkflow';

const SIGNING_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;

function disputeEvent(type: string, status: string, disputeId: string, created: number): IDataObject {
	return {
		id: stripeLikeId('evt'),
		object: 'event',
		api_version: '2025-03-31.basil',
		created,
		livemode: false,
		pending_webhooks: 1,
		request: { id: null, idempotency_key: null },
		type,
		data: {
			object: {
				id: disputeId,
				object: 'dispute',
				amount: 12_340,
				currency: 'bhd',
				charge: 'ch_3ChatNode',
				reason: 'fraudulent',
				status,
				created,
				evidence_details: { due_by: created + 7 * 86_400 },
			},
		},
	};
}

function invoiceFailed(index: number, created: number): IDataObject {
	return {
		id: `evt_chatburst${index}_${randomBytes(3).toString('hex')}`,
		object: 'event',
		api_version: '2025-03-31.basil',
		created,
		livemode: false,
		pending_webhooks: 1,
		request: { id: null, idempotency_key: null },
		type: 'invoice.payment_failed',
		data: {
			object: {
				id: `in_chatburst${index}`,
				object: 'invoice',
				customer: `cus_chatburst${index}`,
				amount_due: 4_900,
				currency: 'eur',
				attempt_count: 1,
				next_payment_attempt: created + 3 * 86_400,
			},
		},
	};
}

const chatOutput = (run: IRun | undefined) => outputOf(run as IRun, 'Stripe Chat Google Chat')[0] ?? [];

describe('Stripe Chat Google Chat (real n8n engine, local Google Chat webhook)', () => {
	let chat: FakeGoogleChat;
	beforeEach(async () => {
		chat = await new FakeGoogleChat().start();
	});
	afterEach(async () => {
		await chat.stop();
		jest.useRealTimers();
	});

	const workflowFor = (extra: Partial<Parameters<typeof webhookChatWorkflow>[0]> = {}) =>
		webhookChatWorkflow({
			platform: 'gchat',
			webhookUrl: chat.webhookUrl,
			signingSecret: SIGNING_SECRET,
			events: ['charge.dispute.*', 'invoice.payment_failed'],
			...extra,
		});

	it('posts a thread of three updates about one dispute under one thread key, and a redelivery posts nothing', async () => {
		const workflow = workflowFor();
		const disputeId = `du_${randomBytes(5).toString('hex')}`;
		const created = Math.floor(Date.now() / 1000) - 60;
		const events = [
			disputeEvent('charge.dispute.created', 'needs_response', disputeId, created),
			disputeEvent('charge.dispute.updated', 'under_review', disputeId, created + 10),
			disputeEvent('charge.dispute.closed', 'won', disputeId, created + 20),
		];
		for (const event of events) {
			const result = await deliverWebhook(
				workflow,
				'Stripe Event Trigger',
				signedStripeDelivery(event, SIGNING_SECRET),
			);
			expect(result.run?.data.resultData.error).toBeUndefined();
			expect(chatOutput(result.run)[0]).toMatchObject({ ok: true, posted: true, threadKey: `dispute:${disputeId}` });
			expect(JSON.stringify(chatOutput(result.run))).not.toContain(GOOGLE_CHAT_TOKEN);
		}
		expect(chat.messages).toHaveLength(3);
		expect(new Set(chat.messages.map((message) => message.thread)).size).toBe(1);
		// Each alert's request id is its event's, so Chat would answer a repeated post with the first message.
		expect(chat.requests.map((request) => request.query.requestId)).toEqual(
			events.map((event) => `stripe-chat-${String(event.id)}`),
		);
		expect(JSON.stringify(chat.messages[0].cardsV2)).toMatch(/BHD\s12\.340/);

		const again = await deliverWebhook(
			workflow,
			'Stripe Event Trigger',
			signedStripeDelivery(events[0], SIGNING_SECRET),
		);
		expect(chatOutput(again.run)[0]).toMatchObject({ posted: false });
		expect(chat.messages).toHaveLength(3);
	});

	it('releases the claim when Google Chat refuses, and names no key or token in the error', async () => {
		const workflow = workflowFor({ chat: { options: { retries: 1 } } });
		const event = disputeEvent(
			'charge.dispute.created',
			'needs_response',
			'du_release1',
			Math.floor(Date.now() / 1000),
		);
		chat.failNext(2, 500);
		const failed = await deliverWebhook(workflow, 'Stripe Event Trigger', signedStripeDelivery(event, SIGNING_SECRET));
		const text = JSON.stringify(failed.run?.data.resultData.error);
		expect(failed.run?.data.resultData.error?.message).toBe('Google Chat answered 500: Internal error');
		for (const secret of [GOOGLE_CHAT_KEY, GOOGLE_CHAT_TOKEN]) expect(text).not.toContain(secret);
		const redelivered = await deliverWebhook(
			workflow,
			'Stripe Event Trigger',
			signedStripeDelivery(event, SIGNING_SECRET),
		);
		expect(redelivered.run?.data.resultData.error).toBeUndefined();
		expect(chat.messages).toHaveLength(1);
	});

	it('collapses a burst: the first alerts post, then summaries when the count doubles, threaded by the burst', async () => {
		const start = Math.ceil(Date.now() / 60_000) * 60_000;
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
		const workflow = workflowFor({
			// Payment Alert counts bursts per routed channel; until it routes for Google Chat, a channel name stands in.
			alert: { burstCollapse: true, burstThreshold: 2, burstWindowMinutes: 1 },
		});
		const outputs: Array<Record<string, unknown>> = [];
		for (let index = 0; index < 9; index++) {
			jest.setSystemTime(start + index * 100);
			const event = invoiceFailed(index, Math.floor(Date.now() / 1000));
			const result = await deliverWebhook(
				workflow,
				'Stripe Event Trigger',
				signedStripeDelivery(event, SIGNING_SECRET),
			);
			expect(result.run?.data.resultData.error).toBeUndefined();
			outputs.push(...chatOutput(result.run));
		}
		expect(outputs.filter((output) => output.posted === true)).toHaveLength(2);
		expect(outputs.filter((output) => output.collapsed === true).map((output) => output.action)).toEqual([
			'posted',
			'posted',
			'counted',
			'posted',
			'counted',
			'counted',
			'counted',
		]);
		const summaries = chat.messages.filter((message) => !message.cardsV2);
		expect(summaries.map((message) => message.text)).toEqual([
			'+1 more payment failure in the last minute',
			'+2 more payment failures in the last minute',
			'+4 more payment failures in the last minute',
		]);
		expect(new Set(summaries.map((message) => message.thread)).size).toBe(1);
		expect(summaries[0].threadKey).toMatch(/^burst:/);
	});
});
