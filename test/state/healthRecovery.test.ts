/**
 * The recovery of missed events in Stripe Webhook Health's poll (src/core/health/poll.ts), on every store engine,
 * with Stripe and the handled events injected: a catch-up with more events than one poll may hand over goes on
 * where it stopped, even when that is older than the look-back by the time of the next poll.
 */
import { randomUUID } from 'node:crypto';

import { runHealthPoll, type HealthPollInput } from '../../src/core/health/poll';
import type { EventView } from '../../src/core/health/undelivered';
import type { StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { storeEngines } from '../support/stateStores';

afterAll(async () => {
	await closeStateStores();
});

describe.each(storeEngines())('$name store: missed events recovered', (engine) => {
	let store: StateStore;
	beforeEach(async () => {
		store = await engine.open();
	});

	it('hands over at most the cap a poll, oldest first, and the rest with the next polls', async () => {
		const scope = randomUUID();
		const start = Date.now();
		const startSeconds = Math.floor(start / 1000);
		const events: EventView[] = Array.from({ length: 5 }, (_, index) => ({
			id: `evt_${index}`,
			type: 'invoice.payment_failed',
			created: startSeconds - 500 + index * 10,
		}));
		const handled = new Set<string>();
		const poll = async (now: number) => {
			const input: HealthPollInput<EventView> = {
				store,
				scope,
				now,
				checkEndpoints: false,
				checkDeliveries: false,
				recover: true,
				recoverPatterns: ['invoice.payment_failed'],
				unhandled: {
					listRecent: async (window) =>
						await Promise.resolve(
							events.filter((event) => event.created > window.after && event.created <= window.upTo),
						),
					needsRecovery: async (event) => await Promise.resolve(!handled.has(event.id)),
					lookbackSeconds: 3_600,
					maxPerPoll: 2,
				},
				persist: true,
				diagnose: {
					liveKey: false,
					webhookBaseUrl: 'https://n8n.example.com/webhook/',
					apiVersion: '2025-03-31.basil',
				},
				message: { livemode: false, timeZone: 'UTC', redaction: 'standard' },
				listEndpoints: async () => await Promise.resolve([]),
				listUndelivered: async () => await Promise.resolve([]),
				anyDelivered: async () => await Promise.resolve(false),
				token: randomUUID(),
			};
			const result = await runHealthPoll(input);
			for (const event of result.events) handled.add(event.id);
			return result.events.map((event) => event.id);
		};
		await store.put(`health-cursor:${scope}`, String(startSeconds - 600), 86_400_000);

		// The later polls come two hours on, when the events are far older than the one-hour look-back.
		expect(await poll(start)).toEqual(['evt_0', 'evt_1']);
		expect(await poll(start + 2 * 3_600_000)).toEqual(['evt_2', 'evt_3']);
		expect(await poll(start + 2 * 3_600_000 + 60_000)).toEqual(['evt_4']);
		expect(await poll(start + 2 * 3_600_000 + 120_000)).toEqual([]);
	});
});
