import { readFileSync } from 'node:fs';
import path from 'node:path';

import { buildMessage } from '../../../src/core/buildMessage';
import { verifyCompactActionValue } from '../../../src/core/compactActionValue';
import type { StateStore } from '../../../src/core/state/stateStore';
import {
	createTelegramClient,
	describeTelegramError,
	postOrUpdateTelegramBurstSummary,
	postTelegramInThread,
	renderTelegram,
	sendTelegramMessage,
	TelegramApiError,
} from '../../../src/platforms/telegram';
import { FAKE_TELEGRAM_TOKEN, FakeTelegram } from '../../support/fakeTelegram';
import { storeEngines } from '../../support/stateStores';

/**
 * The Bot API client and the posting functions against a local Bot API (test/support/fakeTelegram.ts): the code
 * path the Stripe Chat Telegram node runs, with an injected sleep so rate-limit waits take no time.
 */

const CHAT = -1001234567890;
const BUTTON_SECRET = 'telegram-client-button-secret-0123456789';
const FIXTURE = path.resolve(__dirname, '../../fixtures/events/charge.dispute.created__fraudulent_usd_live.json');
const INVOICE_FIXTURE = path.resolve(__dirname, '../../fixtures/events/invoice.payment_failed__2025-03-31.basil.json');

let telegram: FakeTelegram;
let store: StateStore;
const waits: number[] = [];

beforeAll(async () => {
	telegram = await FakeTelegram.start({ usernames: { payments_alerts: CHAT } });
	store = await storeEngines()[0].open();
});

afterAll(async () => {
	await telegram.close();
});

beforeEach(() => {
	waits.length = 0;
});

function client(options: { maxRetries?: number; rateLimitBudgetMs?: number; token?: string } = {}) {
	return createTelegramClient({
		token: options.token ?? FAKE_TELEGRAM_TOKEN,
		apiBaseUrl: telegram.apiBaseUrl,
		maxRetries: options.maxRetries ?? 3,
		minDelayMs: 1,
		rateLimitBudgetMs: options.rateLimitBudgetMs,
		sleep: async (ms) => {
			waits.push(ms);
		},
	});
}

function disputeAlert(disputeId: string, status = 'needs_response') {
	const event = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { id: string; data: { object: Record<string, unknown> } };
	event.id = `evt_${disputeId}_${status}`;
	event.data.object.id = disputeId;
	event.data.object.status = status;
	const message = buildMessage(event, { actionSecret: BUTTON_SECRET });
	return { message, rendering: renderTelegram(message) };
}

describe('Telegram Bot API client', () => {
	it('posts JSON to /bot<token>/<method> and returns the result', async () => {
		const posted = await sendTelegramMessage(client(), { chat: String(CHAT), content: { text: '<b>hello</b>' } });
		const request = telegram.requestsFor('sendMessage').at(-1);
		expect(request?.body).toMatchObject({ chat_id: String(CHAT), text: '<b>hello</b>', parse_mode: 'HTML' });
		expect(posted).toEqual({ chatId: String(CHAT), messageId: expect.any(Number) });
	});

	it('waits out a 429 storm as Telegram asks and loses no message', async () => {
		telegram.rateLimitNext(12, 3);
		const before = telegram.messagesIn(CHAT).length;
		const texts = Array.from({ length: 8 }, (_, index) => `alert ${index}`);
		const results = await Promise.all(
			texts.map(async (text) => await sendTelegramMessage(client(), { chat: String(CHAT), content: { text } })),
		);
		expect(results).toHaveLength(8);
		const delivered = telegram
			.messagesIn(CHAT)
			.slice(before)
			.map((message) => message.text);
		expect(delivered.sort()).toEqual(texts.sort());
		expect(waits.filter((ms) => ms === 3000)).toHaveLength(12);
		expect(telegram.requests.filter((request) => request.fault === 'ratelimited')).toHaveLength(12);
	});

	it('fails a call whose flood wait would outlast its budget, saying so without the token', async () => {
		telegram.rateLimitNext(1, 60);
		const error = await sendTelegramMessage(client({ rateLimitBudgetMs: 5_000 }), {
			chat: String(CHAT),
			content: { text: 'late' },
		}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(TelegramApiError);
		expect((error as TelegramApiError).errorCode).toBe(429);
		expect(String((error as Error).message)).not.toContain(FAKE_TELEGRAM_TOKEN);
	});

	it('retries 5xx with back-off, then fails with a readable error', async () => {
		telegram.failNext(2);
		await expect(
			sendTelegramMessage(client(), { chat: String(CHAT), content: { text: 'after 500' } }),
		).resolves.toBeDefined();
		expect(waits).toEqual([1, 2]);

		telegram.failNext(10);
		const error = await sendTelegramMessage(client({ maxRetries: 2 }), {
			chat: String(CHAT),
			content: { text: 'x' },
		}).catch((caught: unknown) => caught);
		expect((error as TelegramApiError).errorCode).toBe(500);
		telegram.failNext(0);
	});

	it('never shows the bot token, in an API error or a network error', async () => {
		const wrongToken = '987654321:AAWrongTokenWrongTokenWrongToken_xyz';
		const refused = await client({ token: wrongToken })
			.call('getMe')
			.catch((caught: unknown) => caught);
		const described = describeTelegramError(refused, { secrets: [wrongToken] });
		expect(described.hint).toContain('@BotFather');
		expect(`${described.message} ${described.hint}`).not.toContain(wrongToken);

		const unreachable = createTelegramClient({
			token: FAKE_TELEGRAM_TOKEN,
			apiBaseUrl: 'http://127.0.0.1:9',
			maxRetries: 0,
			sleep: async () => undefined,
		});
		const error = await unreachable.call('getMe').catch((caught: unknown) => caught);
		expect((error as TelegramApiError).errorCode).toBe(0);
		expect(JSON.stringify(describeTelegramError(error))).not.toContain(FAKE_TELEGRAM_TOKEN.split(':')[1]);
		expect(() => createTelegramClient({ token: FAKE_TELEGRAM_TOKEN, apiBaseUrl: 'http://api.example.org' })).toThrow(
			/https/,
		);
	});

	it('resolves an @username and binds the buttons to the numeric chat id', async () => {
		const event = JSON.parse(readFileSync(INVOICE_FIXTURE, 'utf8')) as { data: { object: Record<string, unknown> } };
		event.data.object.id = 'in_1TgBind';
		const rendering = renderTelegram(buildMessage(event, { actionSecret: BUTTON_SECRET }));
		const posted = await sendTelegramMessage(client(), {
			chat: '@payments_alerts',
			content: rendering,
			buttonSigningSecret: BUTTON_SECRET,
		});
		expect(posted.chatId).toBe(String(CHAT));
		const sent = telegram.messagesIn(CHAT).find((message) => message.messageId === posted.messageId);
		const data = sent?.replyMarkup?.inline_keyboard.flat().flatMap((button) => button.callback_data ?? []) as string[];
		expect(data.length).toBeGreaterThan(0);
		for (const value of data) {
			expect(value.startsWith('cb.')).toBe(true);
			expect(Buffer.byteLength(value)).toBeLessThanOrEqual(64);
			expect(verifyCompactActionValue(value, { secret: BUTTON_SECRET, channelId: String(CHAT) }).objectId).toMatch(
				/^(?:in_1TgBind|cus_)/,
			);
			expect(() => verifyCompactActionValue(value, { secret: BUTTON_SECRET, channelId: '-100999' })).toThrow(
				/another chat/,
			);
		}
	});
});

describe('Reply chains and burst summaries', () => {
	it('makes a thread of three updates: the first a message, the next two replies to it', async () => {
		const results = [];
		for (const status of ['needs_response', 'under_review', 'won']) {
			const { message, rendering } = disputeAlert('du_1TgThread', status);
			results.push(
				await postTelegramInThread(client(), {
					chat: String(CHAT),
					content: rendering,
					threadKey: message.threadKey,
					occurredAt: message.occurredAt,
					store,
					token: `run-${status}`,
					buttonSigningSecret: BUTTON_SECRET,
				}),
			);
		}
		const [first, second, third] = results;
		expect(first.startedThread).toBe(true);
		expect(first.replyTo).toBeUndefined();
		expect(second).toMatchObject({ startedThread: false, replyTo: first.messageId });
		expect(third).toMatchObject({ startedThread: false, replyTo: first.messageId });
		const replies = telegram.requestsFor('sendMessage').slice(-2);
		for (const request of replies) {
			expect(request.body.reply_parameters).toEqual({ message_id: first.messageId, allow_sending_without_reply: true });
		}
	});

	it('keeps one summary message per burst, edited up to the count', async () => {
		const label = { one: 'payment failure', other: 'payment failures' };
		const input = { chat: String(CHAT), burstKey: 'burst:tg:1', threshold: 0, label, windowMinutes: 5, store };
		await store.ordinal('burst:tg:1', 'evt_1', 60_000);
		const first = await postOrUpdateTelegramBurstSummary(client(), { ...input, token: 't1' });
		await store.ordinal('burst:tg:1', 'evt_2', 60_000);
		const second = await postOrUpdateTelegramBurstSummary(client(), { ...input, token: 't2' });
		expect(first).toMatchObject({ action: 'posted', count: 1 });
		expect(second).toMatchObject({ action: 'updated', count: 2, ts: first.ts });
		const summary = telegram.messagesIn(CHAT).find((message) => String(message.messageId) === first.ts);
		expect(summary?.text).toBe('+2 more payment failures in the last 5 minutes');
	});
});
