import type { IRun } from 'n8n-workflow';

import { StripeAction } from '../../nodes/StripeAction/StripeAction.node';
import { threadMapKey } from '../../src/core/state/threadMap';
import { closeStateStores, openStateStore } from '../../src/state';
import { startActionBackends, stopActionBackends } from '../support/actionBackends';
import type { FakeSlack } from '../support/fakeSlack';
import type { FakeStripe } from '../support/fakeStripe';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { installReportRoutes } from '../support/fakeStripeReports';
import type { FakeStripeReports } from '../support/fakeStripeReports';
import { itemsTrigger, itemsTriggerNode } from '../support/itemsTrigger';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { isolateRedisKeys, REDIS_STATE_STORE } from '../support/redisStateStore';

/**
 * Report → Daily Digest and Report → Dispute Deadline Reminders through n8n's engine, against the fake Stripe (the
 * list endpoints with `created` ranges and paging) and the fake Slack. The trigger stands in for n8n's Schedule
 * Trigger: it emits one item, as the schedule does.
 */

const SECRET_KEY = 'sk_test_digestTestKey0123456789abcdef';
const CHANNEL = 'C0DISPUTES';
const HOUR = 3600;

let stripe: FakeStripe;
let billing: FakeStripeBilling;
let slack: FakeSlack;
let reports: FakeStripeReports;

beforeAll(async () => {
	({ stripe, billing, slack } = await startActionBackends(CHANNEL));
	reports = installReportRoutes(stripe, billing);
	isolateRedisKeys();
});

afterAll(async () => {
	await stopActionBackends({ stripe, billing, slack });
	await closeStateStores();
});

function flow(parameters: Record<string, unknown>): EngineWorkflow {
	return {
		nodes: [
			itemsTriggerNode('Schedule'),
			{
				id: 'action',
				name: 'Stripe Action',
				type: 'stripeAction',
				typeVersion: 1,
				position: [220, 0],
				parameters: { ...REDIS_STATE_STORE.parameters, ...parameters },
				credentials: {
					stripeChatChannelApi: { id: 'stripe', name: 'Stripe' },
					stripeChatSlackApi: { id: 'slack', name: 'Slack' },
					...REDIS_STATE_STORE.nodeCredentials,
				},
			},
		],
		connections: { Schedule: { main: [[{ node: 'Stripe Action', type: 'main', index: 0 }]] } },
		nodeTypes: { itemsTrigger, stripeAction: new StripeAction() },
		credentials: {
			stripeChatSlackApi: {
				botToken: 'xoxb-test-token',
				signingSecret: 'unused-signing-secret',
				apiBaseUrl: slack.apiUrl,
			},
			stripeChatChannelApi: { secretKey: SECRET_KEY, baseUrl: stripe.baseUrl },
			...REDIS_STATE_STORE.credentials,
		},
	};
}

function schedule() {
	return {
		headers: { 'content-type': 'application/json' },
		rawBody: Buffer.from(JSON.stringify([{ timestamp: new Date().toISOString() }])),
	};
}

async function run(parameters: Record<string, unknown>) {
	const result = await deliverWebhook(flow(parameters), 'Schedule', schedule());
	return outputOf(result.run as IRun, 'Stripe Action')[0][0];
}

type Seeded = { amount: number; currency: string; created: number; counted: boolean };

describe('Report → Daily Digest', () => {
	it('counts a seeded day in JPY, BHD and EUR as an independent sum of what was seeded', async () => {
		const now = Math.floor(Date.now() / 1000);
		const inside = (hoursAgo: number) => now - Math.round(hoursAgo * HOUR);
		const outside = now - 30 * HOUR;
		const failedPayments: Seeded[] = [];
		const recovered: Seeded[] = [];

		// JPY: one payment failed twice (Stripe's retry) and then succeeded: one failed payment, recovered.
		const recoveredIntent = billing.addPaymentIntent({ amount: 5000, currency: 'jpy', status: 'succeeded' });
		for (const hoursAgo of [20, 10]) {
			billing.addCharge({
				status: 'failed',
				amount: 5000,
				currency: 'jpy',
				payment_intent: recoveredIntent.id,
				created: inside(hoursAgo),
			});
		}
		failedPayments.push({ amount: 5000, currency: 'jpy', created: inside(20), counted: true });
		recovered.push({ amount: 5000, currency: 'jpy', created: inside(20), counted: true });
		// BHD: failed, still failing. EUR: 130 failed charges without a PaymentIntent (two pages), one outside the day.
		const stuck = billing.addPaymentIntent({ amount: 12340, currency: 'bhd', status: 'requires_payment_method' });
		billing.addCharge({
			status: 'failed',
			amount: 12340,
			currency: 'bhd',
			payment_intent: stuck.id,
			created: inside(5),
		});
		failedPayments.push({ amount: 12340, currency: 'bhd', created: inside(5), counted: true });
		for (let index = 0; index < 130; index++) {
			const amount = 100 + index * 7;
			billing.addCharge({ status: 'failed', amount, currency: 'eur', created: inside(1 + (index % 20)) });
			failedPayments.push({ amount, currency: 'eur', created: inside(1), counted: true });
		}
		billing.addCharge({ status: 'failed', amount: 777, currency: 'eur', created: outside });
		billing.addCharge({ status: 'succeeded', amount: 9999, currency: 'eur', created: inside(2) });

		// Open invoices: past due (EUR), failed (JPY), not yet due (BHD, not at risk).
		billing.addInvoice({ amount_remaining: 10000, currency: 'eur', due_date: now - 86_400, attempt_count: 0 });
		billing.addInvoice({ amount_remaining: 3000, currency: 'jpy', due_date: null, attempt_count: 1 });
		billing.addInvoice({ amount_remaining: 5000, currency: 'bhd', due_date: now + 86_400, attempt_count: 0 });
		billing.addInvoice({ amount_remaining: 4000, currency: 'eur', status: 'paid', attempt_count: 2 });

		// Disputes opened in the day, and one before it.
		billing.addDispute({ amount: 8000, currency: 'jpy', created: inside(3) });
		billing.addDispute({ amount: 1500, currency: 'bhd', created: inside(4) });
		billing.addDispute({ amount: 2000, currency: 'eur', created: outside });

		// Disputes closed and payouts failed in the day are events; one closed before it.
		const event = (type: string, object: Record<string, unknown>, created: number) =>
			stripe.addEvent({ id: stripe.newId('evt'), object: 'event', type, created, livemode: false, data: { object } });
		event(
			'charge.dispute.closed',
			{ id: 'du_won', object: 'dispute', amount: 2500, currency: 'eur', status: 'won' },
			inside(6),
		);
		event(
			'charge.dispute.closed',
			{ id: 'du_lost', object: 'dispute', amount: 4000, currency: 'jpy', status: 'lost' },
			inside(7),
		);
		event(
			'charge.dispute.closed',
			{ id: 'du_old', object: 'dispute', amount: 1, currency: 'eur', status: 'lost' },
			outside,
		);
		event(
			'payout.failed',
			{ id: 'po_failed', object: 'payout', amount: 90_000, currency: 'eur', status: 'failed' },
			inside(8),
		);

		// Refunds: succeeded and pending count, failed does not, one before the day.
		const refund = (id: string, amount: number, currency: string, status: string, created: number) =>
			billing.refunds.set(id, { id, object: 'refund', amount, currency, status, created });
		refund('re_eur', 1000, 'eur', 'succeeded', inside(2));
		refund('re_jpy', 200, 'jpy', 'pending', inside(3));
		refund('re_bhd', 300, 'bhd', 'failed', inside(3));
		refund('re_old', 50, 'eur', 'succeeded', outside);

		const item = await run({ resource: 'report', operation: 'dailyDigest', periodHours: 24 });

		// The independent sum: what was seeded inside the day, added up here.
		const sum = (entries: Seeded[], currency: string) => {
			const mine = entries.filter((entry) => entry.counted && entry.currency === currency);
			return { count: mine.length, amount: mine.reduce((total, entry) => total + entry.amount, 0) };
		};
		const totals = (item.result as { totals: Record<string, Record<string, { count: number; amount: number }>> })
			.totals;
		expect(totals.failedPayments).toEqual({
			jpy: sum(failedPayments, 'jpy'),
			bhd: sum(failedPayments, 'bhd'),
			eur: sum(failedPayments, 'eur'),
		});
		expect(totals.failedPayments.eur).toEqual({ count: 130, amount: 130 * 100 + 7 * ((129 * 130) / 2) });
		expect(totals.recovered).toEqual({ jpy: sum(recovered, 'jpy') });
		expect(totals.atRisk).toEqual({ eur: { count: 1, amount: 10000 }, jpy: { count: 1, amount: 3000 } });
		expect(totals.disputesOpened).toEqual({ jpy: { count: 1, amount: 8000 }, bhd: { count: 1, amount: 1500 } });
		expect(totals.disputesWon).toEqual({ eur: { count: 1, amount: 2500 } });
		expect(totals.disputesLost).toEqual({ jpy: { count: 1, amount: 4000 } });
		expect(totals.refunds).toEqual({ eur: { count: 1, amount: 1000 }, jpy: { count: 1, amount: 200 } });
		expect(totals.failedPayouts).toEqual({ eur: { count: 1, amount: 90_000 } });
		// Every page was read: 130 + 4 charges in the day need two pages of 100.
		expect(reports.pagesRead('/v1/charges')).toBeGreaterThanOrEqual(2);

		// One Slack message, amounts in each currency's own digits, links to filtered Dashboard views.
		const slackMessage = (item.result as { slack: { text: string; blocks: unknown[] } }).slack;
		const shown = JSON.stringify(slackMessage).replace(/\u00a0/g, ' ');
		expect(slackMessage.text).toContain('132 failed payments (1 recovered)');
		expect(shown).toContain('1 · BHD 12.340');
		expect(shown).toContain('1 · ¥5,000');
		expect(shown).toContain(
			`130 · €${((130 * 100 + 7 * ((129 * 130) / 2)) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
		);
		expect(shown).toContain('1 · BHD 1.500');
		expect(shown).toMatch(
			/https:\/\/dashboard\.stripe\.com\/test\/payments\?status\[0\]=failed&created\[gte\]=\d+&created\[lt\]=\d+/,
		);
	});
});

describe('Report → Dispute Deadline Reminders', () => {
	function dispute(hoursLeft: number, fields: Record<string, unknown> = {}) {
		const now = Math.floor(Date.now() / 1000);
		return billing.addDispute({
			created: now - 5 * 86_400,
			evidence_details: { due_by: now + hoursLeft * HOUR, has_evidence: false, submission_count: 0 },
			livemode: false,
			...fields,
		});
	}

	function remindersFor(disputeId: string) {
		return slack.requests.filter(
			(request) => request.method === 'chat.postMessage' && String(request.body.text).includes(disputeId),
		);
	}

	it('reminds once per threshold, in the dispute thread, even when two runs go at once', async () => {
		const within72 = dispute(70);
		const within24 = dispute(20);
		const withEvidence = dispute(20, {
			evidence_details: { due_by: Math.floor(Date.now() / 1000) + 20 * HOUR, has_evidence: true, submission_count: 0 },
		});
		const later = dispute(100);
		const underReview = dispute(10, { status: 'under_review' });
		// The 72-hour dispute has an alert thread in the channel (as Payment Alert's threads are keyed).
		const store = await openStateStore({ kind: 'redis', redis: REDIS_STATE_STORE.credentials.redis });
		slack.addMessage({ channel: CHANNEL, ts: '1700000000.000500', text: 'Dispute opened' });
		await store.put(
			threadMapKey(CHANNEL, `dispute:${within72.id}`),
			JSON.stringify({ ts: '1700000000.000500' }),
			60_000,
		);

		const parameters = { resource: 'report', operation: 'disputeReminders', channel: CHANNEL };
		const items = await Promise.all([run(parameters), run(parameters)]);

		expect(items.every((item) => item.ok === true)).toBe(true);
		const [reminded72] = remindersFor(within72.id);
		expect(remindersFor(within72.id)).toHaveLength(1);
		expect(reminded72.body).toMatchObject({ channel: CHANNEL, thread_ts: '1700000000.000500' });
		expect(remindersFor(within24.id)).toHaveLength(1);
		expect(remindersFor(within24.id)[0].body.thread_ts).toBeUndefined();
		for (const quiet of [withEvidence, later, underReview]) expect(remindersFor(quiet.id)).toHaveLength(0);

		// The next hour's run reminds of nothing again.
		await run(parameters);
		expect(remindersFor(within72.id)).toHaveLength(1);
		expect(remindersFor(within24.id)).toHaveLength(1);

		// Time passes: the 72-hour dispute is now due within 24 hours, and gets its second reminder, once.
		(within72.evidence_details as { due_by: number }).due_by = Math.floor(Date.now() / 1000) + 23 * HOUR;
		await Promise.all([run(parameters), run(parameters)]);
		expect(remindersFor(within72.id)).toHaveLength(2);
		expect(String(remindersFor(within72.id)[1].body.text)).toMatch(/due in 2[23] h/);
	});
});
