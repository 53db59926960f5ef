/**
 * The Google Chat client against a local space webhook (test/support/fakeGoogleChat.ts), through the code path the
 * Stripe Chat Google Chat node uses: rendering → postGoogleChatMessage → fetch.
 */
import { buildMessage } from '../../../src/core/buildMessage';
import { googleChatRequestId, postGoogleChatMessage, threadedWebhookUrl } from '../../../src/platforms/gchat/client';
import { renderGoogleChat } from '../../../src/platforms/gchat/render';
import { WebhookPostError } from '../../../src/platforms/webhookClient';
import { chatMessage, envelope, fixedNow } from '../../fixtures/core/builders';
import { FakeGoogleChat, GOOGLE_CHAT_KEY, GOOGLE_CHAT_TOKEN } from '../../support/fakeGoogleChat';

const FAST = { minDelayMs: 1 };

describe('posting to a Google Chat webhook', () => {
	let chat: FakeGoogleChat;
	beforeEach(async () => {
		chat = await new FakeGoogleChat().start();
	});
	afterEach(async () => {
		await chat.stop();
	});

	it('keeps the key and token and adds the reply option', () => {
		const url = new URL(threadedWebhookUrl(chat.webhookUrl));
		expect(url.searchParams.get('key')).toBe(GOOGLE_CHAT_KEY);
		expect(url.searchParams.get('token')).toBe(decodeURIComponent(GOOGLE_CHAT_TOKEN));
		expect(url.searchParams.get('messageReplyOption')).toBe('REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
	});

	it('posts a thread of three updates about one dispute into one thread, by the key derived from the dispute', async () => {
		const dispute = { id: 'du_1Thread', object: 'dispute', amount: 5000, currency: 'eur', charge: 'ch_1Thread' };
		const types = ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed'];
		const posted = [];
		for (const [index, type] of types.entries()) {
			const message = buildMessage(envelope(type, dispute, { id: `evt_thread_${index}` }), { now: fixedNow });
			posted.push(
				await postGoogleChatMessage(chat.webhookUrl, renderGoogleChat(message), {
					...FAST,
					threadKey: message.threadKey,
				}),
			);
		}
		expect(new Set(chat.messages.map((message) => message.thread)).size).toBe(1);
		expect(chat.messages.map((message) => message.threadKey)).toEqual(Array(3).fill('dispute:du_1Thread'));
		expect(posted.map((result) => result.threadName)).toEqual(Array(3).fill(chat.messages[0].thread));
		expect(
			chat.requests.every((request) => request.query.messageReplyOption === 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD'),
		).toBe(true);
	});

	it('posts without a thread when there is no key', async () => {
		await postGoogleChatMessage(chat.webhookUrl, renderGoogleChat(chatMessage()), FAST);
		expect(chat.requests[0].body).not.toHaveProperty('thread');
		expect(chat.requests[0].query).not.toHaveProperty('messageReplyOption');
	});

	it('loses nothing in a 429 storm (Chat names no wait: back-off)', async () => {
		chat.rateLimitNext(20);
		const alerts = Array.from({ length: 10 }, (_, index) => chatMessage({ eventId: `evt_storm_${index}` }));
		const results = [];
		const waits: number[] = [];
		const sleep = async (ms: number) => {
			waits.push(ms);
		};
		for (const alert of alerts) {
			results.push(
				await postGoogleChatMessage(chat.webhookUrl, renderGoogleChat(alert), { sleep, threadKey: 'invoice:in_1' }),
			);
		}
		// One second, doubling per 429 of the same message, at most 30 s.
		expect(waits.slice(0, 6)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
		expect(chat.messages.map((message) => (message.cardsV2 as Array<{ cardId: string }>)[0].cardId)).toEqual(
			alerts.map((alert) => `stripe-${alert.eventId}`),
		);
		expect(results.reduce((sum, result) => sum + result.rateLimited, 0)).toBe(20);
	});

	it.each([
		[
			'a wrong token (401)',
			(url: string) => url.replace(GOOGLE_CHAT_TOKEN, 'other0token0value0here'),
			/answered 401: UNAUTHENTICATED/,
		],
		['a deleted space (404)', (url: string) => url.replace('AAAAfake123', 'AAAAgone999'), /answered 404: NOT_FOUND/],
		[
			'an unreachable host',
			() => `http://127.0.0.1:1/v1/spaces/x/messages?key=${GOOGLE_CHAT_KEY}&token=${GOOGLE_CHAT_TOKEN}`,
			/could not be reached/,
		],
	])('fails on %s without the key or token in any text', async (_case, urlOf, message) => {
		const url = urlOf(chat.webhookUrl);
		const error = (await postGoogleChatMessage(url, renderGoogleChat(chatMessage()), {
			...FAST,
			maxRetries: 1,
			threadKey: 'invoice:in_1',
		}).catch((caught: unknown) => caught)) as WebhookPostError;
		expect(error).toBeInstanceOf(WebhookPostError);
		expect(error.message).toMatch(message);
		for (const text of [error.message, error.hint, String(error.stack)]) {
			for (const secret of [GOOGLE_CHAT_KEY, GOOGLE_CHAT_TOKEN, decodeURIComponent(GOOGLE_CHAT_TOKEN), url]) {
				expect(text).not.toContain(secret);
			}
		}
	});

	it('tries a 503 again', async () => {
		chat.failNext(2, 503);
		await expect(postGoogleChatMessage(chat.webhookUrl, renderGoogleChat(chatMessage()), FAST)).resolves.toMatchObject({
			tries: 3,
		});
	});
});

describe('posting to Google Chat exactly once', () => {
	let chat: FakeGoogleChat;
	beforeEach(async () => {
		chat = await new FakeGoogleChat().start();
	});
	afterEach(async () => {
		await chat.stop();
	});

	it('answers a repeated request id with the first message instead of posting again', async () => {
		const rendering = renderGoogleChat(chatMessage());
		const requestId = googleChatRequestId('evt_1Once');
		const first = await postGoogleChatMessage(chat.webhookUrl, rendering, { threadKey: 'invoice:in_1', requestId });
		const again = await postGoogleChatMessage(chat.webhookUrl, rendering, { threadKey: 'invoice:in_1', requestId });
		expect(again.name).toBe(first.name);
		expect(chat.messages).toHaveLength(1);
		expect(chat.requests.map((request) => request.query.requestId)).toEqual([
			'stripe-chat-evt_1Once',
			'stripe-chat-evt_1Once',
		]);
	});
});
