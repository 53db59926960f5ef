/**
 * What happens at the edges of leases, on every engine: a claim completed after its lease ran out, a burst
 * summary lock held longer than its lease, a holder that keeps getting new work. Each case once lost or doubled
 * an alert, or left a summary behind its count.
 */
import { randomUUID } from 'node:crypto';

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
});
