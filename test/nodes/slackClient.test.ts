import { WebAPIHTTPError } from '@slack/web-api';
import type { RetryOptions } from '@slack/web-api';

import {
	createSlackClient,
	describeSlackError,
	postEphemeral,
	postInThread,
	postMessage,
	resolveChannelId,
	SlackRateLimitError,
	SlackSetupError,
	THREAD_METADATA_EVENT_TYPE,
	updateMessage,
} from '../../src/platforms/slack';
import type { SlackClientOptions, SlackLogSink } from '../../src/platforms/slack';
import type { StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { FakeSlack } from '../support/fakeSlack';
import { storeEngines } from '../support/stateStores';

afterAll(async () => {
	await closeStateStores();
});

const TOKEN = 'xoxb-test-token';
/** Fast back-off so retry tests take milliseconds; `Retry-After` waits are still taken as the fake announces. */
const FAST_RETRIES = { retries: 4, minTimeout: 1, maxTimeout: 5, factor: 1 };

async function failure(run: () => Promise<unknown>): Promise<unknown> {
	try {
		await run();
	} catch (error: unknown) {
		return error;
	}
	throw new Error('expected the call to fail');
}

const content = (text: string) => ({
	text,
	blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } }],
});

describe('Slack operations against a fake Slack Web API', () => {
	let fake: FakeSlack;

	beforeEach(async () => {
		fake = await FakeSlack.start({
			tokens: [TOKEN],
			channels: [
				{ id: 'C0PAYMENTS', name: 'payments' },
				{ id: 'C0DISPUTES', name: 'disputes' },
				{ id: 'C0OUTSIDE', name: 'finance', isMember: false },
				{ id: 'C0ARCHIVED', name: 'old-alerts', isArchived: true },
			],
		});
	});

	afterEach(async () => {
		await fake.close();
	});

	const client = (
		overrides: { token?: string; log?: SlackLogSink; retries?: RetryOptions } & Partial<
			Pick<SlackClientOptions, 'rateLimitBudgetMs' | 'now' | 'sleep'>
		> = {},
	) =>
		createSlackClient({
			token: overrides.token ?? TOKEN,
			apiUrl: fake.apiUrl,
			retryConfig: overrides.retries ?? FAST_RETRIES,
			log: overrides.log,
			rateLimitBudgetMs: overrides.rateLimitBudgetMs,
			now: overrides.now,
			sleep: overrides.sleep,
		});

	describe('postMessage', () => {
		it('posts text and blocks with the bearer token and link previews off', async () => {
			const posted = await postMessage(client(), { channel: 'C0PAYMENTS', content: content('Payment failed') });

			const [request] = fake.requestsFor('chat.postMessage');
			expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
			expect(request.body).toMatchObject({
				channel: 'C0PAYMENTS',
				text: 'Payment failed',
				blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Payment failed*' } }],
				unfurl_links: 'false',
				unfurl_media: 'false',
			});
			expect(posted).toEqual({ channel: 'C0PAYMENTS', ts: fake.messages('C0PAYMENTS')[0].ts });
		});

		it.each(['#payments', 'payments', ' #Payments '])('resolves the channel name %p to its ID', async (name) => {
			const posted = await postMessage(client(), { channel: name, content: content('hi') });

			expect(posted.channel).toBe('C0PAYMENTS');
			expect(fake.requestsFor('conversations.list')).toHaveLength(1);
		});

		it('looks a channel name up once per cache', async () => {
			const cache = new Map<string, string>();
			await postMessage(client(), { channel: '#disputes', content: content('one'), channelCache: cache });
			await postMessage(client(), { channel: '#disputes', content: content('two'), channelCache: cache });

			expect(fake.requestsFor('conversations.list')).toHaveLength(1);
			expect(fake.messages('C0DISPUTES')).toHaveLength(2);
		});

		it('refuses a message with neither text nor blocks before calling Slack', async () => {
			await expect(postMessage(client(), { channel: 'C0PAYMENTS', content: { text: ' ' } })).rejects.toMatchObject({
				code: 'no_text',
			});
			expect(fake.requests).toHaveLength(0);
		});
	});

	describe('postInThread', () => {
		let store: StateStore;
		let execution = 0;
		beforeEach(async () => {
			store = await storeEngines()[0].open();
		});
		// Each call stands for its own execution (its own token), possibly on another queue-mode worker.
		const dispute = (text: string, occurredAt: string, eventId: string) => ({
			channel: 'C0DISPUTES',
			threadKey: 'dispute:du_123',
			content: content(text),
			occurredAt,
			eventId,
			severity: 'critical',
			store,
			token: `execution-${++execution}`,
		});

		it('starts a thread with a parent that carries the thread key as message metadata', async () => {
			const result = await postInThread(client(), dispute('Dispute opened', '2026-03-01T10:00:00Z', 'evt_1'));

			expect(result).toMatchObject({ channel: 'C0DISPUTES', startedThread: true, parentUpdated: false });
			expect(result.threadTs).toBeUndefined();
			const [parent] = fake.messages('C0DISPUTES');
			expect(parent.ts).toBe(result.ts);
			expect(parent.metadata).toEqual({
				event_type: THREAD_METADATA_EVENT_TYPE,
				event_payload: {
					thread_key: 'dispute:du_123',
					event_id: 'evt_1',
					severity: 'critical',
					occurred_at: Date.parse('2026-03-01T10:00:00Z') / 1000,
				},
			});
		});

		it('replies in the thread and updates the parent when a second event on the same object arrives', async () => {
			const first = await postInThread(client(), dispute('Dispute opened', '2026-03-01T10:00:00Z', 'evt_1'));
			// A new client and no cache: as in a later execution, possibly on another queue-mode worker.
			const second = await postInThread(client(), dispute('Dispute under review', '2026-03-02T10:00:00Z', 'evt_2'));

			expect(second).toMatchObject({ threadTs: first.ts, startedThread: false, parentUpdated: true });
			expect(fake.requestsFor('conversations.history')).toHaveLength(0);
			expect(fake.requestsFor('chat.postMessage')).toHaveLength(2);
			expect(fake.requestsFor('chat.update')).toHaveLength(1);
			const messages = fake.messages('C0DISPUTES');
			expect(messages).toHaveLength(2);
			expect(messages[1]).toMatchObject({ ts: second.ts, thread_ts: first.ts, text: 'Dispute under review' });
			expect(messages[0]).toMatchObject({ ts: first.ts, text: 'Dispute under review', edited: expect.any(Object) });
			expect(messages[0].metadata?.event_payload).toMatchObject({ thread_key: 'dispute:du_123', event_id: 'evt_2' });
		});

		it('threads an older, late-delivered event without replacing the newer status on the parent', async () => {
			await postInThread(client(), dispute('Dispute won', '2026-03-05T10:00:00Z', 'evt_3'));
			const late = await postInThread(client(), dispute('Dispute opened', '2026-03-01T10:00:00Z', 'evt_1'));

			expect(late).toMatchObject({
				parentUpdated: false,
				parentNotUpdatedReason: 'the thread already shows a newer event',
			});
			expect(fake.messages('C0DISPUTES')[0].text).toBe('Dispute won');
			expect(fake.requestsFor('chat.update')).toHaveLength(0);
		});

		it('keeps different objects in different threads', async () => {
			await postInThread(client(), dispute('Dispute opened', '2026-03-01T10:00:00Z', 'evt_1'));
			const other = await postInThread(client(), {
				...dispute('Other dispute', '2026-03-01T11:00:00Z', 'evt_9'),
				threadKey: 'dispute:du_999',
			});

			expect(other.startedThread).toBe(true);
			expect(fake.messages('C0DISPUTES').filter((message) => !message.thread_ts)).toHaveLength(2);
		});

		it('costs one chat.postMessage for a new object, and never searches the channel', async () => {
			await postInThread(client(), dispute('a', '2026-03-01T10:00:00Z', 'evt_1'));

			expect(fake.requests.map((request) => request.method)).toEqual(['chat.postMessage']);
		});

		it('makes one thread when eight executions post about a new object at once', async () => {
			const results = await Promise.all(
				Array.from({ length: 8 }, (_, index) => postInThread(client(), dispute(`e${index}`, '2026-03-01T10:00:00Z', `evt_${index}`))),
			);

			expect(results.filter((result) => result.startedThread)).toHaveLength(1);
			const parent = results.find((result) => result.startedThread);
			expect(fake.messages('C0DISPUTES').filter((message) => !message.thread_ts)).toHaveLength(1);
			expect(fake.messages('C0DISPUTES').filter((message) => message.thread_ts === parent?.ts)).toHaveLength(7);
		});

		it('lets the next event start the thread when posting the parent failed', async () => {
			fake.failMethod('chat.postMessage', 'channel_not_found', { times: 1 });
			await expect(postInThread(client(), dispute('a', '2026-03-01T10:00:00Z', 'evt_1'))).rejects.toBeDefined();
			const retried = await postInThread(client(), dispute('a', '2026-03-01T10:00:00Z', 'evt_1'));

			expect(retried.startedThread).toBe(true);
		});

		it('reports, without failing, a parent it may not edit', async () => {
			const ts = `${Math.floor(Date.now() / 1000) - 60}.000100`;
			fake.addMessage({ channel: 'C0DISPUTES', ts, text: 'Posted by someone else', bot_id: 'B0OTHER' });
			await store.put('thread:C0DISPUTES:dispute:du_123', JSON.stringify({ ts }), 60_000);

			const result = await postInThread(client(), dispute('Update', new Date().toISOString(), 'evt_2'));

			expect(result.parentUpdated).toBe(false);
			expect(result.parentNotUpdatedReason).toContain('may not edit');
			expect(fake.messages('C0DISPUTES').filter((message) => message.thread_ts)).toHaveLength(1);
		});
	});

	describe('updateMessage and postEphemeral', () => {
		it('edits a message by channel and ts', async () => {
			const posted = await postMessage(client(), { channel: 'C0PAYMENTS', content: content('Retry payment?') });
			await updateMessage(client(), { channel: '#payments', ts: posted.ts, content: { text: 'Retried by Ana' } });

			expect(fake.messages('C0PAYMENTS')[0]).toMatchObject({ text: 'Retried by Ana', blocks: undefined });
		});

		it('shows a message to one user only', async () => {
			const result = await postEphemeral(client(), {
				channel: 'C0PAYMENTS',
				user: 'U0ANA',
				content: content('Only you'),
			});

			expect(fake.ephemeralMessages).toEqual([
				expect.objectContaining({ channel: 'C0PAYMENTS', user: 'U0ANA', text: 'Only you' }),
			]);
			expect(result.messageTs).toBe(fake.ephemeralMessages[0].message_ts);
			expect(fake.messages()).toHaveLength(0);
		});
	});

	describe('rate limits and retries', () => {
		it('waits the announced Retry-After before trying again', async () => {
			fake.rateLimitNext(1, { retryAfter: 1, method: 'chat.postMessage' });

			await postMessage(client(), { channel: 'C0PAYMENTS', content: content('after a pause') });

			const [limited, retried] = fake.requestsFor('chat.postMessage');
			expect(limited.status).toBe(429);
			expect(retried.status).toBe(200);
			expect(retried.receivedAt - limited.receivedAt).toBeGreaterThanOrEqual(1000);
			expect(fake.messages('C0PAYMENTS')).toHaveLength(1);
		});

		it('loses nothing in a storm where half the calls get 429, with one retry for other errors', async () => {
			fake.rateLimitRandomly({ probability: 0.5, seed: 42, retryAfter: 0 });
			const slack = client({ retries: { retries: 1, minTimeout: 1, maxTimeout: 5, factor: 1 } });
			const texts = Array.from({ length: 40 }, (_, i) => `alert ${i}`);

			await Promise.all(texts.map((text) => postMessage(slack, { channel: 'C0PAYMENTS', content: content(text) })));

			const stored = fake.messages('C0PAYMENTS').map((message) => message.text);
			expect(stored.sort()).toEqual([...texts].sort());
			const limited = fake.requestsFor('chat.postMessage').filter((request) => request.status === 429);
			expect(limited.length).toBeGreaterThan(5);
		});

		it('posts after 20 rate limits in a row without spending its single retry', async () => {
			fake.rateLimitNext(20, { retryAfter: 0, method: 'chat.postMessage' });

			const posted = await postMessage(client({ retries: { retries: 1, minTimeout: 1, maxTimeout: 5 } }), {
				channel: 'C0PAYMENTS',
				content: content('after the storm'),
			});

			const statuses = fake.requestsFor('chat.postMessage').map((request) => request.status);
			expect(statuses).toEqual([...Array<number>(20).fill(429), 200]);
			expect(fake.messages('C0PAYMENTS')).toEqual([
				expect.objectContaining({ ts: posted.ts, text: 'after the storm' }),
			]);
		});

		it('handles 429s the same way for method shortcuts such as client.chat.postMessage', async () => {
			fake.rateLimitNext(3, { retryAfter: 0, method: 'chat.postMessage' });

			await client({ retries: { retries: 0 } }).chat.postMessage({ channel: 'C0PAYMENTS', text: 'via the shortcut' });

			expect(fake.requestsFor('chat.postMessage').map((request) => request.status)).toEqual([429, 429, 429, 200]);
		});

		it('waits exactly Retry-After each time and gives up with a readable error when the budget runs out', async () => {
			fake.rateLimitRandomly({ probability: 1, seed: 7, retryAfter: 1, method: 'chat.postMessage' });
			let clock = 1_700_000_000_000;
			const waits: number[] = [];
			const slack = client({
				rateLimitBudgetMs: 10_000,
				now: () => clock,
				sleep: async (ms) => {
					waits.push(ms);
					clock += ms;
				},
			});

			const error = await failure(() => postMessage(slack, { channel: 'C0PAYMENTS', content: content('never') }));

			expect(error).toBeInstanceOf(SlackRateLimitError);
			expect((error as Error).message).toBe(
				'Slack kept answering "rate limited" to chat.postMessage for 10 s and then asked for another 1 s, ' +
					'more than the 10 s one call may wait.',
			);
			expect(waits).toEqual(Array<number>(10).fill(1000));
			expect(fake.requestsFor('chat.postMessage')).toHaveLength(11);
			expect(fake.messages()).toHaveLength(0);
		});

		it('holds its other calls back while Slack asked it to pause', async () => {
			fake.rateLimitNext(1, { retryAfter: 1, method: 'chat.postMessage' });
			let announcePause = () => undefined as void;
			const pauseAnnounced = new Promise<void>((resolve) => {
				announcePause = resolve;
			});
			const ignore = () => undefined;
			const slack = client({ log: { debug: ignore, info: () => announcePause(), warn: ignore, error: ignore } });

			const first = postMessage(slack, { channel: 'C0PAYMENTS', content: content('limited') });
			// The client logs the 429 once it has set the pause: a call started now must wait for it too.
			await pauseAnnounced;
			await postMessage(slack, { channel: 'C0PAYMENTS', content: content('started during the pause') });
			await first;

			const [limited, ...later] = fake.requestsFor('chat.postMessage');
			expect(limited.status).toBe(429);
			expect(later).toHaveLength(2);
			for (const request of later) expect(request.receivedAt - limited.receivedAt).toBeGreaterThanOrEqual(1000);
		});

		it.each([
			{ name: 'server errors alone', rateLimits: 0 },
			{ name: 'server errors after rate limits', rateLimits: 3 },
		])('still fails after the last retry on $name', async ({ rateLimits }) => {
			fake.rateLimitNext(rateLimits, { retryAfter: 0 });
			fake.failNext(10, { status: 500 });

			const attempt = postMessage(client(), { channel: 'C0PAYMENTS', content: content('lost?') });

			await expect(attempt).rejects.toBeInstanceOf(WebAPIHTTPError);
			const statuses = fake.requestsFor('chat.postMessage').map((request) => request.status);
			expect(statuses).toEqual([
				...Array<number>(rateLimits).fill(429),
				...Array<number>(FAST_RETRIES.retries + 1).fill(500),
			]);
		});

		it('retries HTTP 500 and dropped connections, then posts once', async () => {
			fake.failNext(2, { status: 500 });
			fake.dropNext(1);

			await postMessage(client(), { channel: 'C0PAYMENTS', content: content('eventually') });

			expect(fake.requestsFor('chat.postMessage').map((request) => request.fault ?? request.status)).toEqual([
				'dropped',
				'server_error',
				'server_error',
				200,
			]);
			expect(fake.messages('C0PAYMENTS')).toHaveLength(1);
		});

		it('does not retry a platform error such as not_in_channel', async () => {
			await expect(postMessage(client(), { channel: 'C0OUTSIDE', content: content('x') })).rejects.toThrow();
			expect(fake.requestsFor('chat.postMessage')).toHaveLength(1);
		});
	});

	describe('describeSlackError', () => {
		it.each([
			{
				name: 'not_in_channel',
				setup: () => undefined,
				channel: 'C0OUTSIDE',
				hint: ['/invite', 'C0OUTSIDE'],
			},
			{
				name: 'missing_scope',
				setup: () =>
					fake.failMethod('chat.postMessage', 'missing_scope', {
						extra: { needed: 'chat:write', provided: 'channels:read' },
					}),
				channel: 'C0PAYMENTS',
				hint: ['chat:write', 'Reinstall', 'channels:read'],
			},
			{
				name: 'channel_not_found',
				setup: () => undefined,
				channel: '#nowhere',
				hint: ['/invite', 'channel name or ID'],
			},
			{ name: 'is_archived', setup: () => undefined, channel: 'C0ARCHIVED', hint: ['Unarchive'] },
			{
				name: 'msg_blocks_too_long',
				setup: () => fake.failMethod('chat.postMessage', 'msg_blocks_too_long'),
				channel: 'C0PAYMENTS',
				hint: ['From Payment Alert'],
			},
			{
				name: 'invalid_blocks',
				setup: () => fake.failMethod('chat.postMessage', 'invalid_blocks'),
				channel: 'C0PAYMENTS',
				hint: ['Block Kit Builder'],
			},
			{
				name: 'account_inactive',
				setup: () => fake.failMethod('chat.postMessage', 'account_inactive'),
				channel: 'C0PAYMENTS',
				hint: ['Reinstall'],
			},
			{
				name: 'token_revoked',
				setup: () => fake.failMethod('chat.postMessage', 'token_revoked'),
				channel: 'C0PAYMENTS',
				hint: ['Reinstall'],
			},
		])('explains $name', async ({ name, setup, channel, hint }) => {
			setup();
			const error = await failure(() => postMessage(client(), { channel, content: content('x') }));

			const described = describeSlackError(error, { channel });

			expect(described.code).toBe(name);
			for (const part of hint) expect(`${described.message} ${described.hint}`).toContain(part);
		});

		it('explains msg_too_long', async () => {
			const error = await failure(() =>
				postMessage(client(), { channel: 'C0PAYMENTS', content: { text: 'x'.repeat(40_001) } }),
			);

			expect(describeSlackError(error)).toMatchObject({ code: 'msg_too_long', hint: expect.stringContaining('4,000') });
		});

		it('explains a wrong token without repeating it', async () => {
			const wrongValue = 'xoxb-wrong-0123456789-secret';
			const lines: string[] = [];
			const sink = {
				debug: () => undefined,
				info: (l: string) => lines.push(l),
				warn: (l: string) => lines.push(l),
				error: (l: string) => lines.push(l),
			};
			const error = await failure(() =>
				postMessage(client({ token: wrongValue, log: sink }), { channel: 'C0PAYMENTS', content: content('x') }),
			);

			const described = describeSlackError(error);

			expect(described).toMatchObject({ code: 'invalid_auth', hint: expect.stringContaining('xoxb-') });
			expect(JSON.stringify(described)).not.toContain(wrongValue);
			expect(lines.join('\n')).not.toContain(wrongValue);
		});

		it('explains rate limiting that outlasts the budget', async () => {
			fake.rateLimitNext(10, { retryAfter: 1 });
			const error = await failure(() =>
				postMessage(client({ rateLimitBudgetMs: 0 }), { channel: 'C0PAYMENTS', content: content('x') }),
			);

			expect(describeSlackError(error)).toMatchObject({
				code: 'ratelimited',
				httpStatus: 429,
				message: expect.stringContaining('"rate limited" to chat.postMessage'),
				hint: expect.stringContaining('not posted'),
			});
			expect(describeSlackError(error).hint).toContain('Collapse Bursts');
			expect(fake.requestsFor('chat.postMessage')).toHaveLength(1);
		});

		it('explains HTTP 5xx and network failures', async () => {
			fake.failNext(10, { status: 502 });
			const serverError = await failure(() => postMessage(client(), { channel: 'C0PAYMENTS', content: content('x') }));
			fake.clearFaults();
			const closedPort = createSlackClient({
				token: TOKEN,
				apiUrl: 'http://127.0.0.1:9/api/',
				retryConfig: { retries: 0 },
			});
			const networkError = await failure(() =>
				postMessage(closedPort, { channel: 'C0PAYMENTS', content: content('x') }),
			);

			expect(describeSlackError(serverError)).toMatchObject({
				code: 'http_502',
				hint: expect.stringContaining('slack-status.com'),
			});
			expect(describeSlackError(networkError)).toMatchObject({
				code: 'network',
				hint: expect.stringContaining('proxy'),
			});
		});
	});

	describe('client setup', () => {
		it.each([
			{ token: '', apiUrl: undefined, reason: 'No Slack bot token' },
			{ token: TOKEN, apiUrl: 'http://slack.example.com/api/', reason: 'https://' },
			{ token: TOKEN, apiUrl: 'not a url', reason: 'is not a URL' },
			{ token: TOKEN, apiUrl: 'https://user:pw@slack.com/api/', reason: 'user name' },
		])('refuses $reason', ({ token, apiUrl, reason }) => {
			expect(() => createSlackClient({ token, apiUrl })).toThrow(SlackSetupError);
			expect(() => createSlackClient({ token, apiUrl })).toThrow(reason);
		});

		it('resolves IDs without a call and fails with channel_not_found for unknown names', async () => {
			await expect(resolveChannelId(client(), 'C0PAYMENTS')).resolves.toBe('C0PAYMENTS');
			expect(fake.requests).toHaveLength(0);
			await expect(resolveChannelId(client(), '#nope')).rejects.toMatchObject({ code: 'channel_not_found' });
		});

		it('logs rate limiting through the sink with tokens scrubbed', async () => {
			const lines: string[] = [];
			const sink = {
				debug: (l: string) => lines.push(l),
				info: (l: string) => lines.push(l),
				warn: (l: string) => lines.push(l),
				error: (l: string) => lines.push(l),
			};
			fake.rateLimitNext(1, { retryAfter: 0 });

			await postMessage(client({ log: sink }), { channel: 'C0PAYMENTS', content: content('x') });

			expect(lines.some((line) => line.includes('rate limit'))).toBe(true);
			expect(lines.join('\n')).not.toContain(TOKEN);
			expect(lines.join('\n')).not.toContain('http request body');
		});
	});
});
