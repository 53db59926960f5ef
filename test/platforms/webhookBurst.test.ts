/**
 * Burst summaries on the webhook platforms (src/platforms/webhookBurst.ts) against a real state store: a webhook
 * cannot edit what it posted, so the last summary of a burst may show less than the burst's count; it must say so.
 */
import { randomUUID } from 'node:crypto';

import type { StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { syncWebhookBurstSummary, webhookBurstSummaryText } from '../../src/platforms/webhookBurst';
import { storeEngines } from '../support/stateStores';

const LABEL = { one: 'payment failure', other: 'payment failures' };
const THRESHOLD = 3;

afterAll(async () => {
	await closeStateStores();
});

describe.each(storeEngines())('a burst on a webhook platform ($name store)', (engine) => {
	let store: StateStore;
	beforeEach(async () => {
		store = await engine.open();
	});

	it('ends a burst of 63 collapsed alerts on a summary that says its 32 is a lower bound and when the next comes', async () => {
		const burstKey = `burst:test:${randomUUID()}`;
		const posted: string[] = [];
		for (let index = 0; index < THRESHOLD + 63; index++) {
			await store.ordinal(burstKey, `evt_${index}`, 60_000);
			if (index < THRESHOLD) continue;
			await syncWebhookBurstSummary({
				store,
				webhookUrl: 'https://chat.example/hook?key=secret',
				platformId: 'gchat',
				burstKey,
				threshold: THRESHOLD,
				label: LABEL,
				windowMinutes: 5,
				token: `run-${index}`,
				post: async (text) => {
					posted.push(text);
				},
			});
		}
		expect(posted).toHaveLength(6);
		expect(posted.at(-1)).toBe(webhookBurstSummaryText(32, LABEL, 5));
		expect(posted.at(-1)).toBe(
			'+32 more payment failures in the last 5 minutes, at least: this summary cannot be updated, so a new one is posted if the count reaches 64',
		);
	});
});
