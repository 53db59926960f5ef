/**
 * What happens at the edges of leases, on every engine: a claim completed after its lease ran out, a burst
 * summary lock held longer than its lease, a holder that keeps getting new work. Each case once lost or doubled
 * an alert, or left a summary behind its count.
 */
import { randomUUID } from 'node:crypto';

import { syncBurstSummary } from '../../src/core/state/burstSummary';
import type { BurstSummarySyncResult } from '../../src/core/state/burstSummary';
import { claimEvent, completeEvent } from '../../src/core/state/eventClaims';
import type { StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { storeEngines } from '../support/stateStores';

const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

afterAll(async () => {
	await closeStateStores();
});

describe.each(storeEngines())('$name store: leases', (engine) => {
	let store: StateStore;
	beforeEach(async () => {
		store = await engine.open();
	});

	describe('event claims', () => {
		it('remembers an event as handled when its run finished after the lease ran out and no one took it over', async () => {
			// A run that waited out Slack's rate limit past the Processing Timeout: Stripe timed out on it and will
			// redeliver the event, which must be a duplicate, not a second alert.
			const scope = randomUUID();
			const slow = await claimEvent({ store, scope, eventId: 'evt_slow', token: 'slow', timing: { leaseMs: 40 } });
			if (slow.status !== 'claimed') throw new Error('expected the claim');
			await sleep(80);
			expect(await completeEvent(store, slow)).toBe(true);
			const redelivery = await claimEvent({ store, scope, eventId: 'evt_slow', token: 'redelivery' });
			expect(redelivery.status).toBe('duplicate');
		});

		it('does not mark an event handled over the claim of the run that took it over', async () => {
			const scope = randomUUID();
			const slow = await claimEvent({ store, scope, eventId: 'evt_taken', token: 'slow', timing: { leaseMs: 40 } });
			if (slow.status !== 'claimed') throw new Error('expected the claim');
			await sleep(80);
			const next = await claimEvent({ store, scope, eventId: 'evt_taken', token: 'next' });
			expect(next.status).toBe('claimed');
			expect(await completeEvent(store, slow)).toBe(false);
			expect(await store.get(slow.key)).toBe('processing:next');
		});
	});

	describe('burst summary lock', () => {
		/** Records each write to the summary message, and whether another write was in progress at the time. */
		function summaryMessage(writeMs: (count: number) => number) {
			const writes: Array<{ count: number; posted: boolean; overlapped: boolean }> = [];
			let inProgress = 0;
			const write = async (count: number, existing: { ts: string } | undefined) => {
				writes.push({ count, posted: existing === undefined, overlapped: inProgress > 0 });
				inProgress += 1;
				await sleep(writeMs(count));
				inProgress -= 1;
				return existing?.ts ?? `ts-${writes.length}`;
			};
			return { writes, write };
		}

		it('keeps its lock while a write outlasts the lock lease, so a second alert does not post a second summary', async () => {
			// A summary post that waits out Slack's rate limit (up to 10 min) takes longer than the 60 s lock lease.
			const burstKey = `burst:${randomUUID()}`;
			const message = summaryMessage((count) => (count === 1 ? 800 : 10));
			const sync = (token: string) =>
				syncBurstSummary({ store, burstKey, channel: 'C0PAY', threshold: 0, token, lockMs: 300, write: message.write });
			await store.ordinal(burstKey, 'evt_a', 60_000);
			const first = sync('a');
			await sleep(500);
			await store.ordinal(burstKey, 'evt_b', 60_000);
			await Promise.all([first, sync('b')]);
			expect(message.writes.filter((write) => write.posted)).toHaveLength(1);
			expect(message.writes.some((write) => write.overlapped)).toBe(false);
			expect(message.writes[message.writes.length - 1].count).toBe(2);
		});

		it('brings the summary up to the final count however often alerts arrive just as the holder lets go', async () => {
			// Each of these alerts finds the lock still taken and waits for the holder to show its count (deferred).
			const burstKey = `burst:${randomUUID()}`;
			const message = summaryMessage(() => 1);
			const deferred: Array<Promise<BurstSummarySyncResult>> = [];
			let arrivals = 0;
			const arriveJustBeforeUnlock: StateStore = Object.assign(Object.create(store) as StateStore, {
				deleteIfEquals: async (key: string, expected: string) => {
					if (key.startsWith('burst-lock:') && arrivals < 8) {
						arrivals += 1;
						await store.ordinal(burstKey, `evt_late_${arrivals}`, 60_000);
						// Asks for the lock before the holder lets go of it.
						deferred.push(
							syncBurstSummary({ store, burstKey, channel: 'C0PAY', threshold: 0, token: `late${arrivals}`, pollMs: 5, write: message.write }),
						);
					}
					return await store.deleteIfEquals(key, expected);
				},
			});
			await store.ordinal(burstKey, 'evt_first', 60_000);
			await syncBurstSummary({ store: arriveJustBeforeUnlock, burstKey, channel: 'C0PAY', threshold: 0, token: 'holder', write: message.write });
			const results = await Promise.all(deferred);
			expect(results.every((result) => result.action === 'deferred')).toBe(true);
			expect(message.writes[message.writes.length - 1].count).toBe(await store.size(burstKey));
		});
	});
});
