import fc from 'fast-check';

import { computeDigest, digestMessage } from '../../src/core/digest';
import type { DigestCharge, DigestInput } from '../../src/core/digest';
import { reminderThreshold } from '../../src/core/disputeReminders';
import { renderSlack } from '../../src/platforms/slack/render';

const currency = fc.constantFrom('jpy', 'bhd', 'eur', 'usd', 'krw', 'kwd');

const charge = fc.record({
	id: fc.stringMatching(/^ch_[a-z0-9]{6}$/),
	status: fc.constantFrom('failed', 'succeeded', 'pending'),
	amount: fc.integer({ min: 0, max: 10_000_000 }),
	currency,
	intent: fc.option(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.constantFrom('succeeded', 'requires_payment_method'))),
});

function emptyInput(charges: DigestCharge[]): DigestInput {
	return {
		from: 1_790_000_000,
		to: 1_790_086_400,
		now: 1_790_086_400,
		charges,
		openInvoices: [],
		disputesOpened: [],
		disputesClosed: [],
		refunds: [],
		failedPayouts: [],
	};
}

describe('computeDigest', () => {
	it('counts each failed payment once per currency, as a plain sum over distinct payments does', () => {
		fc.assert(
			fc.property(fc.array(charge, { maxLength: 40 }), (generated) => {
				// One PaymentIntent has one currency, amount and status: derive them from its number.
				const charges: DigestCharge[] = generated.map((item) => {
					if (!item.intent) return { id: item.id, status: item.status, amount: item.amount, currency: item.currency };
					const [n, status] = item.intent;
					return {
						id: item.id,
						status: item.status,
						amount: 1000 * (n + 1),
						currency: ['jpy', 'bhd', 'eur'][n % 3],
						paymentIntent: { id: `pi_${n}`, status: n % 2 === 0 ? status : 'requires_payment_method' },
					};
				});
				const expected: Record<string, { count: number; amount: number }> = {};
				const seen = new Set<string>();
				for (const item of charges) {
					const key = item.paymentIntent?.id ?? item.id;
					if (item.status !== 'failed' || seen.has(key)) continue;
					seen.add(key);
					expected[item.currency] ??= { count: 0, amount: 0 };
					expected[item.currency].count += 1;
					expected[item.currency].amount += item.amount;
				}
				const summary = computeDigest(emptyInput(charges));
				expect(summary.totals.failedPayments).toEqual(expected);
				for (const [code, tally] of Object.entries(summary.totals.recovered)) {
					expect(tally.count).toBeLessThanOrEqual(summary.totals.failedPayments[code].count);
				}
				// The message renders whatever the numbers, within Slack's limits.
				const rendered = renderSlack(digestMessage(summary, { livemode: false }));
				expect(rendered.blocks.length).toBeLessThanOrEqual(50);
			}),
		);
	});

	it('writes amounts in each currency’s own digits', () => {
		const summary = computeDigest(
			emptyInput([
				{ id: 'ch_1', status: 'failed', amount: 5000, currency: 'jpy' },
				{ id: 'ch_2', status: 'failed', amount: 12340, currency: 'bhd' },
				{ id: 'ch_3', status: 'failed', amount: 5000, currency: 'eur' },
			]),
		);
		const text = JSON.stringify(renderSlack(digestMessage(summary, { livemode: true }))).replace(/\u00a0/g, ' ');
		expect(text).toContain('1 · ¥5,000');
		expect(text).toContain('1 · BHD 12.340');
		expect(text).toContain('1 · €50.00');
		expect(text).toContain('https://dashboard.stripe.com/payments?status[0]=failed&created[gte]=1790000000');
	});
});

describe('reminderThreshold', () => {
	const base = {
		id: 'du_1',
		status: 'needs_response',
		amount: 100,
		currency: 'eur',
		reason: 'fraudulent',
		livemode: false,
		hasEvidence: false,
		submissionCount: 0,
	};
	it.each([
		[100, undefined],
		[72, '72h'],
		[30, '72h'],
		[24, '24h'],
		[1, '24h'],
		[-1, undefined],
	])('a deadline %d hours away is in threshold %s', (hours, expected) => {
		const now = 1_790_000_000;
		expect(reminderThreshold({ ...base, dueBy: now + hours * 3600 }, now)?.id).toBe(expected);
	});

	it('leaves out disputes with evidence, submitted, or not waiting for a response', () => {
		const now = 1_790_000_000;
		const dueBy = now + 3600;
		expect(reminderThreshold({ ...base, dueBy, hasEvidence: true }, now)).toBeUndefined();
		expect(reminderThreshold({ ...base, dueBy, submissionCount: 1 }, now)).toBeUndefined();
		expect(reminderThreshold({ ...base, dueBy, status: 'under_review' }, now)).toBeUndefined();
		expect(reminderThreshold({ ...base, dueBy: null }, now)).toBeUndefined();
	});
});
