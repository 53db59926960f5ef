/**
 * Burst summaries on the webhook platforms (src/platforms/webhookBurst.ts) against a real state store: a webhook
 * cannot edit what it posted, so the last summary of a burst may show less than the burst's count; it must say so.
 */
import { randomUUID } from 'node:crypto';

import type { StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import {
	closePreviousBurstWindow,
	syncWebhookBurstSummary,
	webhookBurstFinalText,
	webhookBurstSummaryText,
} from '../../src/platforms/webhookBurst';
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

	const WINDOW_MS = 5 * 60_000;
	const common = (posted: string[]) => ({
		store,
		webhookUrl: 'https://chat.example/hook?key=secret',
		platformId: 'gchat',
		threshold: THRESHOLD,
		label: LABEL,
		windowMinutes: 5,
		post: async (text: string) => {
			posted.push(text);
		},
	});

	it("ends a burst of 63 collapsed alerts on a summary that says its 32 is a lower bound, then the next window's first alert posts 63", async () => {
		const windowStart = 1_700_000_100_000 - (1_700_000_100_000 % WINDOW_MS);
		const burstKey = `burst:test:${randomUUID()}:${windowStart}`;
		const posted: string[] = [];
		for (let index = 0; index < THRESHOLD + 63; index++) {
			await store.ordinal(burstKey, `evt_${index}`, 60_000);
			if (index < THRESHOLD) continue;
			await syncWebhookBurstSummary({ ...common(posted), burstKey, token: `run-${index}` });
		}
		expect(posted).toHaveLength(6);
		expect(posted.at(-1)).toBe(webhookBurstSummaryText(32, LABEL, 5));
		expect(posted.at(-1)).toBe(
			'+32 more payment failures in the last 5 minutes, at least: this summary cannot be updated, so a new one is posted if the count reaches 64',
		);

		const nextKey = burstKey.replace(/\d+$/, String(windowStart + WINDOW_MS));
		const close = (token: string) => closePreviousBurstWindow({ ...common(posted), burstKey: nextKey, token });
		await expect(close('next-1')).resolves.toBe(63);
		expect(posted.at(-1)).toBe(webhookBurstFinalText(63, LABEL, 5));
		expect(posted.at(-1)).toBe('+63 more payment failures in the previous 5 minutes (final count)');
		// Once: later alerts of the new window (other executions) post nothing more.
		await expect(close('next-2')).resolves.toBeUndefined();
		expect(posted).toHaveLength(7);
	});

	it('posts no final count when the last summary already showed it, or when the window had no summary', async () => {
		const windowStart = 1_700_000_400_000 - (1_700_000_400_000 % WINDOW_MS);
		const burstKey = `burst:test:${randomUUID()}:${windowStart}`;
		const posted: string[] = [];
		for (let index = 0; index < THRESHOLD + 4; index++) {
			await store.ordinal(burstKey, `evt_${index}`, 60_000);
			if (index < THRESHOLD) continue;
			await syncWebhookBurstSummary({ ...common(posted), burstKey, token: `run-${index}` });
		}
		expect(posted).toHaveLength(3);
		const nextKey = burstKey.replace(/\d+$/, String(windowStart + WINDOW_MS));
		await expect(
			closePreviousBurstWindow({ ...common(posted), burstKey: nextKey, token: 'next' }),
		).resolves.toBeUndefined();
		const quietKey = burstKey.replace(/\d+$/, String(windowStart + 3 * WINDOW_MS));
		await expect(
			closePreviousBurstWindow({ ...common(posted), burstKey: quietKey, token: 'quiet' }),
		).resolves.toBeUndefined();
		expect(posted).toHaveLength(3);
	});
});
