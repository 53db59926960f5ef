/** Burst decisions over a real state store (every engine): exact positions, windows, kinds, redeliveries. */
import { randomUUID } from 'node:crypto';

import { burstLabelFor, burstSummaryText, BurstSettingsError, decideBurst, validateBurstSettings } from '../../src/core/burst';
import type { BurstDecision } from '../../src/core/burst';
import type { StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { storeEngines } from '../support/stateStores';

const label = burstLabelFor('paymentFailed', 'invoice.payment_failed');
const START = Date.UTC(2026, 0, 15, 14, 5, 0);

afterAll(async () => {
	await closeStateStores();
});

describe.each(storeEngines())('decideBurst on the $name store', (engine) => {
	let store: StateStore;
	let scope: string;
	beforeEach(async () => {
		store = await engine.open();
		scope = randomUUID();
	});

	async function run(
		count: number,
		options: { threshold?: number; windowMinutes?: number; kind?: string; at?: number; firstEvent?: number } = {},
	): Promise<BurstDecision[]> {
		const decisions: BurstDecision[] = [];
		for (let index = 0; index < count; index += 1) {
			decisions.push(
				await decideBurst({
					store,
					scope,
					kind: options.kind ?? '#payments|invoice.payment_failed',
					eventId: `evt_${(options.firstEvent ?? 0) + index}`,
					label,
					settings: { threshold: options.threshold ?? 5, windowMinutes: options.windowMinutes ?? 5 },
					now: () => (options.at ?? START) + index * 10,
				}),
			);
		}
		return decisions;
	}

	it('turns 500 alerts of one kind within a minute into 5 posts and 495 counted in the summary', async () => {
		const decisions = await run(500);
		const posts = decisions.filter((decision) => decision.mode === 'post');
		const collapsed = decisions.filter((decision) => decision.mode === 'collapse');
		expect(posts.map((decision) => decision.ordinal)).toEqual([1, 2, 3, 4, 5]);
		expect(collapsed).toHaveLength(495);
		expect(collapsed[0]).toMatchObject({ ordinal: 6, collapsedCount: 1, summaryText: '+1 more payment failure in the last 5 minutes' });
		expect(collapsed[collapsed.length - 1]).toMatchObject({
			ordinal: 500,
			collapsedCount: 495,
			summaryText: '+495 more payment failures in the last 5 minutes',
		});
		expect(new Set(decisions.map((decision) => decision.burstKey)).size).toBe(1);
		expect(decisions[0]).toMatchObject({
			windowStart: '2026-01-15T14:05:00.000Z',
			windowEnd: '2026-01-15T14:10:00.000Z',
			threshold: 5,
			windowMinutes: 5,
			label,
		});
		expect(posts.every((decision) => decision.summaryText === undefined)).toBe(true);
		expect(await store.size(decisions[0].burstKey)).toBe(500);
	});

	it('gives a redelivered event the position it had, so it is not counted twice', async () => {
		const first = await run(8);
		const again = await run(3, { firstEvent: 5 });
		expect(again.map((decision) => decision.ordinal)).toEqual(first.slice(5).map((decision) => decision.ordinal));
		expect(await store.size(first[0].burstKey)).toBe(8);
	});

	it('counts kinds separately', async () => {
		await run(10, { kind: '#payments|invoice.payment_failed' });
		const other = await run(1, { kind: '#risk|charge.dispute.created' });
		expect(other[0]).toMatchObject({ mode: 'post', ordinal: 1 });
	});

	it('starts counting again in the next window', async () => {
		await run(10, { windowMinutes: 1 });
		const next = await run(1, { windowMinutes: 1, at: START + 60_000, firstEvent: 100 });
		expect(next[0]).toMatchObject({ mode: 'post', ordinal: 1, windowStart: '2026-01-15T14:06:00.000Z' });
	});

	it('aligns windows to the clock, so alerts minutes apart in one window share it', async () => {
		const first = await run(1, { windowMinutes: 15, at: Date.UTC(2026, 0, 15, 14, 1) });
		const second = await run(1, { windowMinutes: 15, at: Date.UTC(2026, 0, 15, 14, 14, 59), firstEvent: 1 });
		expect(second[0].burstKey).toBe(first[0].burstKey);
		expect(second[0]).toMatchObject({ ordinal: 2, windowStart: '2026-01-15T14:00:00.000Z' });
	});

	it('collapses every alert with threshold 0', async () => {
		const decisions = await run(3, { threshold: 0, windowMinutes: 1 });
		expect(decisions.map((decision) => [decision.mode, decision.summaryText])).toEqual([
			['collapse', '+1 more payment failure in the last minute'],
			['collapse', '+2 more payment failures in the last minute'],
			['collapse', '+3 more payment failures in the last minute'],
		]);
	});

	it.each([10, 200])('posts exactly the threshold when %i executions decide at once', async (concurrency) => {
		const decisions = await Promise.all(
			Array.from({ length: concurrency }, (_, index) =>
				decideBurst({ store, scope, kind: 'k', eventId: `evt_${index}`, label, settings: { threshold: 5, windowMinutes: 1 }, now: () => START }),
			),
		);
		expect(decisions.filter((decision) => decision.mode === 'post')).toHaveLength(5);
		expect(decisions.map((decision) => decision.ordinal).sort((a, b) => a - b)).toEqual(
			Array.from({ length: concurrency }, (_, index) => index + 1),
		);
	});

	it.each([
		{ settings: { threshold: -1, windowMinutes: 5 }, error: 'Burst threshold must be a whole number' },
		{ settings: { threshold: 2.5, windowMinutes: 5 }, error: 'Burst threshold must be a whole number' },
		{ settings: { threshold: 5, windowMinutes: 0 }, error: 'Burst window must be a whole number of minutes from 1 to 1440' },
		{ settings: { threshold: 5, windowMinutes: 1441 }, error: 'Burst window must be a whole number of minutes from 1 to 1440' },
	])('refuses $settings', async ({ settings, error }) => {
		expect(validateBurstSettings(settings)).toEqual([expect.stringContaining(error)]);
		await expect(decideBurst({ store, scope, kind: 'k', eventId: 'evt_1', label, settings, now: () => START })).rejects.toThrow(
			BurstSettingsError,
		);
	});
});

describe('burst labels', () => {
	it.each([
		{ category: 'dispute' as const, type: 'charge.dispute.created', count: 2, expected: '+2 more disputes in the last 5 minutes' },
		{ category: 'invoicePaid' as const, type: 'invoice.paid', count: 1, expected: '+1 more paid invoice in the last 5 minutes' },
		{ category: 'other' as const, type: 'payout.paid', count: 3, expected: '+3 more payout.paid events in the last 5 minutes' },
	])('$category: $expected', ({ category, type, count, expected }) => {
		expect(burstSummaryText(count, burstLabelFor(category, type), 5)).toBe(expected);
	});
});
