import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { StripeChatTelegram } from '../../nodes/StripeChatTelegram/StripeChatTelegram.node';
import { buildMessage } from '../../src/core/buildMessage';
import { verifyCompactActionValue } from '../../src/core/compactActionValue';
import { closeStateStores } from '../../src/state';
import { telegramPlatform } from '../../src/platforms/telegram/platform';
import { FAKE_TELEGRAM_TOKEN, FakeTelegram } from '../support/fakeTelegram';
import { itemsTrigger, itemsTriggerNode } from '../support/itemsTrigger';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { isolateRedisKeys, REDIS_STATE_STORE } from '../support/redisStateStore';

/**
 * Stripe Chat Telegram through n8n's real engine against a local Bot API: items shaped like Payment Alert's output
 * (the neutral message, the route, and the Telegram rendering under `telegram`) are posted, threaded per Stripe
 * object through the state store, and survive a 429 storm without loss.
 */

const CHAT = -1001234567890;
const BUTTON_SECRET = 'telegram-node-button-secret-0123456789abc';
const DISPUTE = path.resolve(__dirname, '../fixtures/events/charge.dispute.updated__under_review_eur.json');
const INVOICE = path.resolve(__dirname, '../fixtures/events/invoice.payment_failed__2025-03-31.basil.json');

let telegram: FakeTelegram;

beforeAll(async () => {
	telegram = await FakeTelegram.start();
	isolateRedisKeys();
});

afterAll(async () => {
	await telegram.close();
	await closeStateStores();
});

function alertItem(fixture: string, patch: (object: Record<string, unknown>) => void, eventId: string) {
	const event = JSON.parse(readFileSync(fixture, 'utf8')) as { id: string; data: { object: Record<string, unknown> } };
	event.id = eventId;
	patch(event.data.object);
	const message = buildMessage(event, { actionSecret: BUTTON_SECRET });
	return {
		message,
		route: { channel: String(CHAT), reason: 'default channel' },
		event: { id: message.eventId, type: message.eventType, livemode: message.livemode, created: 0 },
		buttons: { attached: message.actions.length },
		telegram: telegramPlatform.render(message, {}),
	};
}

function workflow(parameters: INodeParameters = {}): EngineWorkflow {
	return {
		nodes: [
			itemsTriggerNode(),
			{
				id: 'telegram',
				name: 'Stripe Chat Telegram',
				type: 'stripeChatTelegram',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					operation: 'post',
					chatSource: 'route',
					chatId: '',
					...REDIS_STATE_STORE.parameters,
					...parameters,
				},
				credentials: {
					stripeChatTelegramApi: { id: 'telegram', name: 'Telegram' },
					...REDIS_STATE_STORE.nodeCredentials,
				},
			},
		],
		connections: { Items: { main: [[{ node: 'Stripe Chat Telegram', type: 'main', index: 0 }]] } },
		nodeTypes: { itemsTrigger, stripeChatTelegram: new StripeChatTelegram() },
		credentials: {
			stripeChatTelegramApi: {
				botToken: FAKE_TELEGRAM_TOKEN,
				webhookSecretToken: 'unused-here',
				buttonSigningSecret: BUTTON_SECRET,
				apiBaseUrl: telegram.apiBaseUrl,
			},
			...REDIS_STATE_STORE.credentials,
		},
	};
}

async function post(items: unknown[], parameters: INodeParameters = {}) {
	const result = await deliverWebhook(workflow(parameters), 'Items', {
		headers: { 'content-type': 'application/json' },
		rawBody: Buffer.from(JSON.stringify(items)),
	});
	return outputOf(result.run!, 'Stripe Chat Telegram')[0];
}

describe('Stripe Chat Telegram: Post Alert', () => {
	it('threads three updates of one dispute: a message, then two replies to it', async () => {
		const outputs = [];
		for (const [index, status] of ['needs_response', 'under_review', 'won'].entries()) {
			const item = alertItem(
				DISPUTE,
				(object) => {
					object.id = 'du_1TgEngineThread';
					object.status = status;
				},
				`evt_tg_thread_${index}`,
			);
			outputs.push((await post([item]))[0]);
		}
		const [first, second, third] = outputs;
		expect(first).toMatchObject({ ok: true, posted: true, startedThread: true, chatId: String(CHAT) });
		expect(second).toMatchObject({ startedThread: false, replyTo: first.messageId });
		expect(third).toMatchObject({ startedThread: false, replyTo: first.messageId });
		const sent = telegram
			.messagesIn(CHAT)
			.filter((message) => [first.messageId, second.messageId, third.messageId].includes(message.messageId));
		expect(sent.map((message) => message.replyTo)).toEqual([undefined, first.messageId, first.messageId]);
		expect(sent[0].text).toMatch(/^<b>/);
	});

	it('binds the buttons to the chat it posts in', async () => {
		const item = alertItem(INVOICE, (object) => (object.id = 'in_1TgEngineBind'), 'evt_tg_bind');
		const [output] = await post([item]);
		const sent = telegram.messagesIn(CHAT).find((message) => message.messageId === output.messageId);
		const values = (sent?.replyMarkup?.inline_keyboard.flat() ?? []).flatMap((button) =>
			typeof button.callback_data === 'string' ? [button.callback_data] : [],
		);
		expect(values.length).toBeGreaterThan(0);
		for (const value of values) {
			expect(verifyCompactActionValue(value, { secret: BUTTON_SECRET, channelId: String(CHAT) }).channelId).toBe(
				String(CHAT),
			);
		}
	});

	it('posts every alert of a batch through a 429 storm, waiting as asked', async () => {
		telegram.rateLimitNext(6, 0);
		const items = Array.from({ length: 5 }, (_, index) =>
			alertItem(INVOICE, (object) => (object.id = `in_1TgStorm${index}`), `evt_tg_storm_${index}`),
		);
		const outputs = await post(items);
		expect(outputs.map((output) => output.posted)).toEqual([true, true, true, true, true]);
		expect(new Set(outputs.map((output) => output.messageId)).size).toBe(5);
		expect(telegram.requests.filter((request) => request.fault === 'ratelimited')).toHaveLength(6);
	});

	it('passes a suppressed alert through without posting', async () => {
		const item = alertItem(INVOICE, (object) => (object.id = 'in_1TgSuppressed'), 'evt_tg_suppressed');
		const before = telegram.requestsFor('sendMessage').length;
		const [output] = await post([{ ...item, route: { ...item.route, suppressed: true, reason: 'test mode' } }]);
		expect(output).toMatchObject({ posted: false, reason: 'test mode' });
		expect(telegram.requestsFor('sendMessage')).toHaveLength(before);
	});
});

describe('Stripe Chat Telegram: Send Text', () => {
	it('sends plain text escaped, so it shows as typed', async () => {
		const [output] = await post([{}], {
			operation: 'sendText',
			chatId: String(CHAT),
			text: 'Refund <b>now</b> & ping @everyone',
			textFormat: 'plain',
		});
		const sent = telegram.messagesIn(CHAT).find((message) => message.messageId === output.messageId);
		expect(sent?.text).toBe('Refund &lt;b&gt;now&lt;/b&gt; &amp; ping @\u2060everyone');
	});
});
