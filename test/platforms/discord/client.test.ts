/**
 * The Discord client against the local fake Discord (real HTTP): 429 storms are waited out as Discord asks without
 * losing or doubling a message, 5xx answers are retried, buckets hold calls back, and errors carry no token.
 */
import { createDiscordClient, routeOf } from '../../../src/platforms/discord/client';
import { DiscordApiError, discordApiError } from '../../../src/platforms/discord/errors';
import { postAlert, postOrUpdateBurstSummary } from '../../../src/platforms/discord/messages';
import { readThreadParent } from '../../../src/core/state/threadMap';
import { renderDiscord, messagePayload } from '../../../src/platforms/discord/render';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openEmbeddedStore } from '../../../src/state/embeddedStore';
import { startFakeDiscord } from '../../support/fakeDiscord';
import type { FakeDiscord } from '../../support/fakeDiscord';
import { chatMessage } from '../../fixtures/core/builders';

const CHANNEL = '123456789012345678';
let fake: FakeDiscord;

beforeEach(async () => {
	fake = await startFakeDiscord();
});
afterEach(async () => {
	await fake.close();
});

const clientFor = (overrides: Partial<Parameters<typeof createDiscordClient>[0]> = {}) =>
	createDiscordClient({ botToken: fake.botToken, apiBaseUrl: fake.apiUrl, minRetryDelayMs: 10, ...overrides });

const payload = (index: number) => messagePayload(renderDiscord(chatMessage({ title: `Alert ${index}` })));

describe('DiscordClient', () => {
	it('posts every message of a 429 storm exactly once, waiting as retry_after asks', async () => {
		fake.rateLimitNext(25, 0.03);
		const client = clientFor();
		const posted = await Promise.all(
			Array.from({ length: 20 }, async (_, index) => await client.createMessage(CHANNEL, payload(index))),
		);
		const stored = fake.messages.get(CHANNEL) ?? [];
		expect(stored).toHaveLength(20);
		expect(new Set(stored.map((message) => message.content)).size).toBe(20);
		expect(new Set(posted.map((message) => message.id)).size).toBe(20);
		expect(fake.requests.filter((request) => request.status === 429)).toHaveLength(25);
		// The bot token went with every call.
		expect(fake.requests.every((request) => request.headers.authorization === `Bot ${fake.botToken}`)).toBe(true);
	});

	it('holds every route back during a global rate limit', async () => {
		fake.rateLimitNext(1, 0.2, { global: true });
		const client = clientFor();
		const first = client.createMessage(CHANNEL, payload(1));
		await new Promise((resolve) => setTimeout(resolve, 50));
		const started = Date.now();
		await client.editMessage(CHANNEL, '1', { content: 'x' }).catch(() => undefined);
		await first;
		expect(Date.now() - started).toBeGreaterThanOrEqual(100);
	});

	it('waits for an empty bucket to refill before the next call on its route', async () => {
		const client = clientFor();
		fake.rateLimitNext(1, 0.15);
		await client.createMessage(CHANNEL, payload(1));
		const times = fake.requests.map((request) => request.receivedAt);
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(140);
	});

	it('retries 5xx answers with back-off and then succeeds', async () => {
		fake.failNext(2, 502);
		const posted = await clientFor().createMessage(CHANNEL, payload(1));
		expect(posted.id).toMatch(/^\d+$/);
		expect(fake.requests.map((request) => request.status)).toEqual([502, 502, 200]);
	});

	it('fails after its retries with a hint, and never names the token', async () => {
		fake.failNext(5, 500);
		const error = (await clientFor({ maxRetries: 2 })
			.createMessage(CHANNEL, payload(1))
			.catch((caught: unknown) => caught)) as DiscordApiError;
		expect(error).toBeInstanceOf(DiscordApiError);
		expect(error.status).toBe(500);
		expect(fake.requests).toHaveLength(3);
		expect(error.message).toContain('POST /channels/123456789012345678/messages');
		expect(error.message).not.toContain(fake.botToken);
	});

	it('fails a call that would wait longer than its cap', async () => {
		fake.rateLimitNext(1, 30);
		const error = (await clientFor({ maxRateLimitWaitMs: 1000 })
			.createMessage(CHANNEL, payload(1))
			.catch((caught: unknown) => caught)) as DiscordApiError;
		expect(error.status).toBe(429);
		expect(fake.messages.get(CHANNEL) ?? []).toHaveLength(0);
	});

	it('does not retry a refusal, and explains a missing permission', async () => {
		fake.refuseChannel(CHANNEL, 403, 50013, 'Missing Permissions');
		const error = (await clientFor()
			.createMessage(CHANNEL, payload(1))
			.catch((caught: unknown) => caught)) as DiscordApiError;
		expect(error.code).toBe(50013);
		expect(error.hint).toContain('Send Messages');
		expect(fake.requests).toHaveLength(1);
	});

	it('answers 401 for a wrong token without echoing it', async () => {
		const error = (await clientFor({ botToken: 'wrong-token-abcdefgh' })
			.createMessage(CHANNEL, payload(1))
			.catch((caught: unknown) => caught)) as DiscordApiError;
		expect(error.status).toBe(401);
		expect(error.hint).toContain('bot token');
		expect(`${error.message} ${error.hint}`).not.toContain('wrong-token-abcdefgh');
	});

	it("scrubs a secret from Discord's error details before cutting them short, so no start of it is left", () => {
		const token = 'bot-token-0123456789abcdefghijklmnopqrstuvwxyz';
		// The token starts just before the 500-character cut of the error details.
		const body = { code: 50035, message: 'Invalid Form Body', errors: { content: 'x'.repeat(470) + token } };
		const error = discordApiError('POST /channels/{id}/messages', 400, body, [token]);
		expect(error.message).toContain('[redacted]');
		expect(error.message).not.toContain(token.slice(0, 8));
	});

	it.each([
		['POST', '/channels/123456789012345678/messages', 'POST /channels/123456789012345678/messages'],
		[
			'PATCH',
			'/channels/123456789012345678/messages/223456789012345678',
			'PATCH /channels/123456789012345678/messages/{id}',
		],
		[
			'PATCH',
			'https://discord.com/api/v10/webhooks/123456789012345678/secret-token/messages/@original',
			'PATCH /webhooks/123456789012345678/{token}/messages/@original',
		],
	])('names %s %s as a route without ids of messages or tokens', (method, path, route) => {
		expect(routeOf(method, path)).toBe(route);
	});
});

describe('postAlert', () => {
	it('posts the first alert of an object and replies to it with the later ones', async () => {
		const store = openEmbeddedStore({ path: join(mkdtempSync(join(tmpdir(), 'scc-discord-')), 'state.sqlite') });
		const client = clientFor();
		const results = [];
		for (const index of [1, 2, 3]) {
			results.push(
				await postAlert(client, {
					channelId: CHANNEL,
					threadKey: 'invoice:in_1',
					payload: payload(index),
					store,
					token: `run-${index}`,
				}),
			);
		}
		const stored = fake.messages.get(CHANNEL) ?? [];
		expect(stored).toHaveLength(3);
		expect(stored[0].message_reference).toBeUndefined();
		expect(stored[1].message_reference).toEqual({ message_id: stored[0].id, fail_if_not_exists: false });
		expect(stored[2].message_reference).toEqual({ message_id: stored[0].id, fail_if_not_exists: false });
		expect(results.map((result) => result.startedThread)).toEqual([true, false, false]);
		// Kept under Discord's own namespace: a channel's snowflake never meets another platform's id in the store.
		expect(await readThreadParent(store, `discord:${CHANNEL}`, 'invoice:in_1')).toMatchObject({ ts: stored[0].id });
		expect(await readThreadParent(store, CHANNEL, 'invoice:in_1')).toBeUndefined();
	});
});

describe('postOrUpdateBurstSummary', () => {
	it("keeps the summary of a burst under the channel in Discord's namespace", async () => {
		const store = openEmbeddedStore({ path: join(mkdtempSync(join(tmpdir(), 'scc-discord-')), 'state.sqlite') });
		const burstKey = 'burst:test:invoice.payment_failed:0';
		for (const index of [1, 2, 3]) await store.ordinal(burstKey, `evt_${index}`, 600_000);
		const result = await postOrUpdateBurstSummary(clientFor(), {
			channelId: CHANNEL,
			burstKey,
			threshold: 1,
			label: { one: 'payment failure', other: 'payment failures' },
			windowMinutes: 5,
			store,
			token: 'run-1',
		});
		expect(result).toMatchObject({ action: 'posted', count: 2 });
		expect(await store.get(`burst-summary:discord:${CHANNEL}:${burstKey}`)).toContain(result.ts);
		expect(await store.get(`burst-summary:${CHANNEL}:${burstKey}`)).toBeUndefined();
	});
});
