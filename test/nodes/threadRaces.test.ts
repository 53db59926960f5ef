/**
 * Threads when Slack is slow: a parent post or a parent edit that waits out a rate limit must not let another
 * execution start a second thread, nor leave the parent showing an older event than the newest one posted.
 * Real state store (embedded, or Redis on a Node without node:sqlite), fake Slack Web API.
 */
import { postInThread, createSlackClient } from '../../src/platforms/slack';
import type { PostInThreadInput } from '../../src/platforms/slack';
import type { StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { FakeSlack } from '../support/fakeSlack';
import { storeEngines } from '../support/stateStores';

const TOKEN = 'xoxb-test-token';
const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

afterAll(async () => {
	await closeStateStores();
});

describe.each(storeEngines())('threads on the $name store while Slack is slow', (engine) => {
	let fake: FakeSlack;
	let store: StateStore;
	let execution = 0;

	beforeEach(async () => {
		fake = await FakeSlack.start({ tokens: [TOKEN], channels: [{ id: 'C0DISPUTES', name: 'disputes' }] });
		store = await engine.open();
	});

	afterEach(async () => {
		await fake.close();
	});

	// Every call is its own execution with its own client (as on separate queue-mode workers).
	const client = () => createSlackClient({ token: TOKEN, apiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
	const dispute = (text: string, occurredAt: string, extra: Partial<PostInThreadInput> = {}): PostInThreadInput => ({
		channel: 'C0DISPUTES',
		threadKey: 'dispute:du_123',
		content: { text },
		occurredAt,
		eventId: `evt_${++execution}`,
		store,
		token: `execution-${execution}`,
		...extra,
	});
	const parents = () => fake.messages('C0DISPUTES').filter((message) => !message.thread_ts);

	it('keeps one thread when posting the parent waits out a rate limit longer than the claim to post it', async () => {
		// The post waits 2 s, twice the claim's time to live: only its renewals (every third of it) keep the claim.
		// A claim shorter than a second would lose it to a loaded machine's event-loop stalls, not to a bug.
		fake.rateLimitNext(1, { retryAfter: 2, method: 'chat.postMessage' });
		const timing = { pendingMs: 1_000, pollMs: 20 };
		const first = postInThread(client(), dispute('Dispute opened', '2026-03-01T10:00:00Z', { timing }));
		await sleep(1_200);
		const second = await postInThread(client(), dispute('Evidence due', '2026-03-02T10:00:00Z', { timing }));
		const opened = await first;

		expect(parents()).toHaveLength(1);
		expect(second).toMatchObject({ startedThread: false, threadTs: opened.ts });
	});

	it('leaves the parent showing the newest event when an older one edits it at the same time, slowed by a rate limit', async () => {
		await postInThread(client(), dispute('Dispute opened', '2026-03-01T10:00:00Z'));
		fake.rateLimitNext(1, { retryAfter: 1, method: 'chat.update' });
		const older = postInThread(client(), dispute('Under review', '2026-03-02T10:00:00Z'));
		while (fake.requestsFor('chat.update').length === 0) await sleep(10);
		const newer = await postInThread(client(), dispute('Dispute won', '2026-03-05T10:00:00Z'));
		await older;

		expect(newer.parentUpdated).toBe(true);
		expect(parents().map((parent) => parent.text)).toEqual(['Dispute won']);
	});
});
