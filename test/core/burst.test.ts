import {
	burstLabelFor,
	burstSummaryText,
	BurstSettingsError,
	claimSlot,
	PROBE_BATCH,
	decideBurst,
	validateBurstSettings,
} from '../../src/core/burst';
import type { BurstDecision, BurstKeyStore } from '../../src/core/burst';

/** The contract of n8n's de-duplication store (record-and-report, plus remove), kept in a Set. */
class MemoryKeyStore implements BurstKeyStore {
	readonly keys = new Set<string>();
	calls = 0;

	async checkAndRecord(keys: readonly string[]): Promise<ReadonlySet<string>> {
		this.calls += 1;
		await Promise.resolve();
		const present = new Set(keys.filter((key) => this.keys.has(key)));
		for (const key of keys) this.keys.add(key);
		return present;
	}

	async forget(keys: readonly string[]): Promise<void> {
		this.calls += 1;
		await Promise.resolve();
		for (const key of keys) this.keys.delete(key);
	}
}

const label = burstLabelFor('paymentFailed', 'invoice.payment_failed');
const START = Date.UTC(2026, 0, 15, 14, 5, 0);

async function run(store: BurstKeyStore, count: number, options: { threshold?: number; windowMinutes?: number; kind?: string; at?: number } = {}) {
	const decisions: BurstDecision[] = [];
	for (let index = 0; index < count; index += 1) {
		decisions.push(
			await decideBurst({
				store,
				kind: options.kind ?? '#payments|invoice.payment_failed',
				label,
				settings: { threshold: options.threshold ?? 5, windowMinutes: options.windowMinutes ?? 5 },
				now: () => (options.at ?? START) + index * 10,
			}),
		);
	}
	return decisions;
}

describe('claimSlot', () => {
	it('hands out 1..n in order and leaves exactly the claimed slots recorded', async () => {
		const store = new MemoryKeyStore();
		const ordinals: number[] = [];
		for (let index = 0; index < 700; index += 1) ordinals.push((await claimSlot(store, 'w:')).slot);
		expect(ordinals).toEqual(Array.from({ length: 700 }, (_, index) => index + 1));
		expect([...store.keys].sort()).toEqual(ordinals.map((slot) => `w:${slot}`).sort());
	});

	it.each([
		{ existing: 0, maxCalls: 2 },
		{ existing: 6, maxCalls: 2 },
		{ existing: 7, maxCalls: 1 },
		{ existing: 8, maxCalls: 8 },
		{ existing: 99, maxCalls: 11 },
		{ existing: 499, maxCalls: 13 },
		{ existing: 5_000, maxCalls: 17 },
		{ existing: 100_000, maxCalls: 21 },
	])('needs at most $maxCalls store calls after $existing claims', async ({ existing, maxCalls }) => {
		const store = new MemoryKeyStore();
		for (let slot = 1; slot <= existing; slot += 1) store.keys.add(`w:${slot}`);
		expect(await claimSlot(store, 'w:', 1_000_000)).toEqual({ slot: existing + 1, claimed: true });
		expect(store.calls).toBeLessThanOrEqual(maxCalls);
		expect(store.keys.size).toBe(existing + 1);
	});

	it('fills a gap left below the probe batch first', async () => {
		const store = new MemoryKeyStore();
		for (const slot of [1, 2, 4, 5]) store.keys.add(`w:${slot}`);
		expect(await claimSlot(store, 'w:')).toEqual({ slot: 3, claimed: true });
	});
});

describe('decideBurst', () => {
	it('turns 500 alerts of one kind within a minute into 5 posts and one summary that counts the other 495', async () => {
		const store = new MemoryKeyStore();
		const decisions = await run(store, 500);
		const posts = decisions.filter((decision) => decision.mode === 'post');
		const collapsed = decisions.filter((decision) => decision.mode === 'collapse');
		expect(posts.map((decision) => decision.ordinal)).toEqual([1, 2, 3, 4, 5]);
		expect(collapsed).toHaveLength(495);
		expect(collapsed.filter((decision) => decision.startsSummary)).toHaveLength(1);
		expect(collapsed[0]).toMatchObject({ ordinal: 6, collapsedCount: 1, startsSummary: true, summaryText: '+1 more payment failure in the last 5 minutes' });
		expect(collapsed[collapsed.length - 1]).toMatchObject({
			ordinal: 500,
			collapsedCount: 495,
			startsSummary: false,
			summaryText: '+495 more payment failures in the last 5 minutes',
		});
		expect(new Set(decisions.map((decision) => decision.burstKey)).size).toBe(1);
		expect(decisions[0]).toMatchObject({ windowStart: '2026-01-15T14:05:00.000Z', windowEnd: '2026-01-15T14:10:00.000Z', threshold: 5 });
		expect(posts.every((decision) => decision.summaryText === undefined)).toBe(true);
	});

	it('counts kinds separately', async () => {
		const store = new MemoryKeyStore();
		await run(store, 10, { kind: '#payments|invoice.payment_failed' });
		const other = await run(store, 1, { kind: '#risk|charge.dispute.created' });
		expect(other[0]).toMatchObject({ mode: 'post', ordinal: 1 });
	});

	it('starts counting again in the next window', async () => {
		const store = new MemoryKeyStore();
		await run(store, 10, { windowMinutes: 1 });
		const next = await run(store, 1, { windowMinutes: 1, at: START + 60_000 });
		expect(next[0]).toMatchObject({ mode: 'post', ordinal: 1, windowStart: '2026-01-15T14:06:00.000Z' });
	});

	it('aligns windows to the clock, so alerts minutes apart in one window share it', async () => {
		const store = new MemoryKeyStore();
		const first = await run(store, 1, { windowMinutes: 15, at: Date.UTC(2026, 0, 15, 14, 1) });
		const second = await run(store, 1, { windowMinutes: 15, at: Date.UTC(2026, 0, 15, 14, 14, 59) });
		expect(second[0].burstKey).toBe(first[0].burstKey);
		expect(second[0]).toMatchObject({ ordinal: 2, windowStart: '2026-01-15T14:00:00.000Z' });
	});

	it('collapses every alert with threshold 0', async () => {
		const decisions = await run(new MemoryKeyStore(), 3, { threshold: 0, windowMinutes: 1 });
		expect(decisions.map((decision) => [decision.mode, decision.summaryText])).toEqual([
			['collapse', '+1 more payment failure in the last minute'],
			['collapse', '+2 more payment failures in the last minute'],
			['collapse', '+3 more payment failures in the last minute'],
		]);
	});

	it.each([10, 200])('keeps posts bounded, claims unique and overcounts linear when %i executions overlap in lock-step', async (concurrency) => {
		const store = new MemoryKeyStore();
		const decisions = await Promise.all(
			Array.from({ length: concurrency }, () =>
				decideBurst({ store, kind: 'k', label, settings: { threshold: 5, windowMinutes: 1 }, now: () => START }),
			),
		);
		const claimed = decisions.filter((decision) => !decision.approximate).map((decision) => decision.ordinal);
		expect(new Set(claimed).size).toBe(claimed.length);
		expect(decisions.filter((decision) => decision.mode === 'post')).toHaveLength(5);
		expect(Math.max(...decisions.map((decision) => decision.ordinal))).toBeLessThanOrEqual(PROBE_BATCH * concurrency + 1);
		expect(store.keys.size).toBe(claimed.length);
		for (const decision of decisions.filter((item) => item.approximate)) {
			expect(decision.summaryText).toContain('(about: many alerts arrived at once)');
		}
	});

	it('returns an unclaimed estimate once a window holds maxSlots', async () => {
		const store = new MemoryKeyStore();
		for (let slot = 1; slot <= 20; slot += 1) store.keys.add(`burst:k:${START - (START % 60_000)}:${slot}`);
		const decision = await decideBurst({ store, kind: 'k', label, settings: { threshold: 5, windowMinutes: 1 }, now: () => START, maxSlots: 20 });
		expect(decision).toMatchObject({ mode: 'collapse', ordinal: 21, approximate: true, startsSummary: false });
		expect(store.keys.size).toBe(20);
	});

	it.each([
		{ settings: { threshold: -1, windowMinutes: 5 }, error: 'Burst threshold must be a whole number' },
		{ settings: { threshold: 2.5, windowMinutes: 5 }, error: 'Burst threshold must be a whole number' },
		{ settings: { threshold: 5, windowMinutes: 0 }, error: 'Burst window must be a whole number of minutes from 1 to 1440' },
		{ settings: { threshold: 5, windowMinutes: 1441 }, error: 'Burst window must be a whole number of minutes from 1 to 1440' },
	])('refuses $settings', async ({ settings, error }) => {
		expect(validateBurstSettings(settings)).toEqual([expect.stringContaining(error)]);
		await expect(decideBurst({ store: new MemoryKeyStore(), kind: 'k', label, settings, now: () => START })).rejects.toThrow(
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
