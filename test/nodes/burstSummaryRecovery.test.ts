/**
 * The burst summary message when someone deleted it in Slack: the window must get a new one, not fail every later
 * alert of the window. Real state store (every engine this Node runs), fake Slack Web API.
 */
import { randomUUID } from 'node:crypto';

import { createSlackClient, postOrUpdateBurstSummary } from '../../src/platforms/slack';
import type { StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { FakeSlack } from '../support/fakeSlack';
import { storeEngines } from '../support/stateStores';

const TOKEN = 'xoxb-test-token';

afterAll(async () => {
	await closeStateStores();
});

describe.each(storeEngines())('burst summary on the $name store', (engine) => {
	let fake: FakeSlack;
	let store: StateStore;

	beforeEach(async () => {
		fake = await FakeSlack.start({ tokens: [TOKEN] });
		store = await engine.open();
	});

	afterEach(async () => {
		await fake.close();
	});

	const client = () => createSlackClient({ token: TOKEN, apiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
	const summary = (burstKey: string, token: string) => ({
		channel: 'C0PAYMENTS',
		burstKey,
		threshold: 0,
		label: { one: 'payment failure', other: 'payment failures' },
		windowMinutes: 5,
		windowStart: '2026-01-15T14:05:00.000Z',
		store,
		token,
	});

	it('posts a new summary when the window\'s summary was deleted in Slack, instead of failing every later alert', async () => {
		const burstKey = `burst:${randomUUID()}`;
		await store.ordinal(burstKey, 'evt_1', 60_000);
		const first = await postOrUpdateBurstSummary(client(), summary(burstKey, 'a'));
		fake.failMethod('chat.update', 'message_not_found', { times: 1 });
		await store.ordinal(burstKey, 'evt_2', 60_000);

		const second = await postOrUpdateBurstSummary(client(), summary(burstKey, 'b'));
		await store.ordinal(burstKey, 'evt_3', 60_000);
		const third = await postOrUpdateBurstSummary(client(), summary(burstKey, 'c'));

		expect(second).toMatchObject({ action: 'posted', count: 2 });
		expect(second.ts).not.toBe(first.ts);
		expect(third).toMatchObject({ action: 'updated', count: 3, ts: second.ts });
	});
});
