import { readFileSync } from 'node:fs';
import path from 'node:path';

import { StripeAction } from '../../nodes/StripeAction/StripeAction.node';
import { StripeChatTelegramTrigger } from '../../nodes/StripeChatTelegramTrigger/StripeChatTelegramTrigger.node';
import { buildMessage } from '../../src/core/buildMessage';
import { closeStateStores } from '../../src/state';
import { createTelegramClient, renderTelegram, sendTelegramMessage } from '../../src/platforms/telegram';
import { FAKE_TELEGRAM_TOKEN, FakeTelegram } from '../support/fakeTelegram';
import { FakeStripe } from '../support/fakeStripe';
import { installBillingRoutes } from '../support/fakeStripeBilling';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { isolateRedisKeys, REDIS_STATE_STORE } from '../support/redisStateStore';

/**
 * Acting on Stripe from a Telegram button, through n8n's real engine: an alert posted by the package's own code to
 * a local Bot API, a click on it delivered as Telegram delivers it (with the webhook's secret token) to the real
 * Stripe Chat Telegram Trigger, the Stripe Action calling a local Stripe with the official SDK, and the outcome
 * written back to the chat.
 */

const CHAT = -1001234567890;
const SECRET_TOKEN = 'telegram-flow-webhook-secret-token';
const BUTTON_SECRET = 'telegram-flow-button-secret-0123456789abcd';
const SECRET_KEY = 'sk_test_telegramFlowKey0123456789abcdef';
const FIXTURE = path.resolve(__dirname, '../fixtures/events/invoice.payment_failed__2025-03-31.basil.json');

let telegram: FakeTelegram;
let stripe: FakeStripe;
let billing: FakeStripeBilling;

beforeAll(async () => {
	telegram = await FakeTelegram.start();
	stripe = new FakeStripe();
	await stripe.start();
	billing = installBillingRoutes(stripe);
	isolateRedisKeys();
});

afterAll(async () => {
	await telegram.close();
	await stripe.stop();
	await closeStateStores();
});

function flow(): EngineWorkflow {
	return {
		nodes: [
			{
				id: 'trigger',
				name: 'Stripe Chat Telegram Trigger',
				type: 'stripeChatTelegramTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'telegram-actions',
				parameters: {
					access: 'rules',
					rules: { rule: [{ users: '4242', actions: ['*'], channels: String(CHAT) }] },
				},
				credentials: { stripeChatTelegramApi: { id: 'telegram', name: 'Telegram' } },
			},
			{
				id: 'action',
				name: 'Stripe Action',
				type: 'stripeAction',
				typeVersion: 1,
				position: [220, 0],
				parameters: { ...REDIS_STATE_STORE.parameters, resource: 'invoice', operation: 'retryPayment' },
				credentials: {
					stripeChatChannelApi: { id: 'stripe', name: 'Stripe' },
					stripeChatTelegramApi: { id: 'telegram', name: 'Telegram' },
					...REDIS_STATE_STORE.nodeCredentials,
				},
			},
		],
		connections: {
			'Stripe Chat Telegram Trigger': { main: [[{ node: 'Stripe Action', type: 'main', index: 0 }]] },
		},
		nodeTypes: { stripeChatTelegramTrigger: new StripeChatTelegramTrigger(), stripeAction: new StripeAction() },
		credentials: {
			stripeChatTelegramApi: {
				botToken: FAKE_TELEGRAM_TOKEN,
				webhookSecretToken: SECRET_TOKEN,
				buttonSigningSecret: BUTTON_SECRET,
				apiBaseUrl: telegram.apiBaseUrl,
			},
			stripeChatChannelApi: { secretKey: SECRET_KEY, baseUrl: stripe.baseUrl },
			...REDIS_STATE_STORE.credentials,
		},
	};
}

/** Posts the failed-invoice alert as Stripe Chat Telegram does and returns the message and its retry button. */
async function postAlert(invoiceId: string) {
	const event = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { data: { object: Record<string, unknown> } };
	event.data.object.id = invoiceId;
	const client = createTelegramClient({ token: FAKE_TELEGRAM_TOKEN, apiBaseUrl: telegram.apiBaseUrl });
	const posted = await sendTelegramMessage(client, {
		chat: String(CHAT),
		content: renderTelegram(buildMessage(event, { actionSecret: BUTTON_SECRET })),
		buttonSigningSecret: BUTTON_SECRET,
	});
	const message = telegram.messagesIn(CHAT).find((candidate) => candidate.messageId === posted.messageId);
	const retry = message?.replyMarkup?.inline_keyboard.flat().find((button) => String(button.text).startsWith('Retry'));
	if (!message || typeof retry?.callback_data !== 'string') throw new Error('The alert has no retry button');
	return { message, data: retry.callback_data };
}

let nextQuery = 1;

function click(alert: Awaited<ReturnType<typeof postAlert>>, secretToken = SECRET_TOKEN, user = 4242) {
	const update = {
		update_id: 1000 + nextQuery,
		callback_query: {
			id: `cbq-${nextQuery++}`,
			from: { id: user, is_bot: false, first_name: 'Alice' },
			message: {
				message_id: alert.message.messageId,
				chat: { id: CHAT, type: 'supergroup' },
				text: 'Payment failed',
				reply_markup: alert.message.replyMarkup,
			},
			chat_instance: '-42',
			data: alert.data,
		},
	};
	return {
		headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secretToken },
		rawBody: Buffer.from(JSON.stringify(update)),
	};
}

describe('Acting on Stripe from a Telegram button', () => {
	it('retries the invoice once, even when the click is delivered twice, and writes the outcome back', async () => {
		const invoice = billing.addInvoice({ id: 'in_1TgFlowRetry', currency: 'jpy', amount_due: 5000 });
		const alert = await postAlert(invoice.id);
		const delivery = click(alert);

		const first = await deliverWebhook(flow(), 'Stripe Chat Telegram Trigger', delivery);
		const second = await deliverWebhook(flow(), 'Stripe Chat Telegram Trigger', delivery);

		expect(first.response.statusCode).toBe(200);
		expect(JSON.parse(String(first.response.body))).toMatchObject({
			method: 'answerCallbackQuery',
			callback_query_id: 'cbq-1',
		});
		expect(billing.executedCount('POST', `/v1/invoices/${invoice.id}/pay`)).toBe(1);
		expect(stripe.requestsTo('POST', `/v1/invoices/${invoice.id}/pay`)).toHaveLength(1);

		const [[done]] = outputOf(first.run!, 'Stripe Action');
		expect(done).toMatchObject({ ok: true, operation: 'invoice.retryPayment', outcome: { succeeded: true } });
		expect(done.slackReportError).toBeUndefined();
		expect(outputOf(second.run!, 'Stripe Action')[0][0]).toMatchObject({
			ok: false,
			reason: 'already done by an earlier click',
		});

		const edited = telegram.messagesIn(CHAT).find((message) => message.messageId === alert.message.messageId);
		const remaining = edited?.replyMarkup?.inline_keyboard.flat() ?? [];
		expect(remaining.every((button) => typeof button.url === 'string')).toBe(true);
		const replies = telegram.messagesIn(CHAT).filter((message) => message.replyTo === alert.message.messageId);
		expect(replies).toHaveLength(1);
		expect(replies[0].text).toMatch(
			/^✅ Payment retried by <a href="tg:\/\/user\?id=4242">user 4242<\/a> at .* — succeeded/,
		);
	});

	it('refuses a click with a wrong secret token: 401, nothing reaches Stripe', async () => {
		const invoice = billing.addInvoice({ id: 'in_1TgFlowForged' });
		const alert = await postAlert(invoice.id);
		const result = await deliverWebhook(flow(), 'Stripe Chat Telegram Trigger', click(alert, 'forged-secret-token'));
		expect(result.response.statusCode).toBe(401);
		expect(result.run).toBeUndefined();
		expect(stripe.requestsTo('POST', `/v1/invoices/${invoice.id}/pay`)).toHaveLength(0);
	});

	it('refuses a click by someone the access rules do not name', async () => {
		const invoice = billing.addInvoice({ id: 'in_1TgFlowStranger' });
		const alert = await postAlert(invoice.id);
		const result = await deliverWebhook(flow(), 'Stripe Chat Telegram Trigger', click(alert, SECRET_TOKEN, 777));
		expect(result.run).toBeUndefined();
		expect(JSON.parse(String(result.response.body))).toMatchObject({ show_alert: true });
		expect(stripe.requestsTo('POST', `/v1/invoices/${invoice.id}/pay`)).toHaveLength(0);
	});
});
