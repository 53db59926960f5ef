import type { IHookFunctions } from 'n8n-workflow';

import { StripeChatTelegramTrigger } from '../../nodes/StripeChatTelegramTrigger/StripeChatTelegramTrigger.node';
import { FAKE_TELEGRAM_TOKEN, FakeTelegram } from '../support/fakeTelegram';

/**
 * The Stripe Chat Telegram Trigger's webhook lifecycle against a local Bot API: with "Register Webhook
 * Automatically" it sets the bot's webhook (with the secret token, button clicks only) and removes it only while it
 * is still its own; without, it never touches the bot's webhook.
 */

const URL_OF_TRIGGER = 'https://n8n.example.org/webhook/stripe-chat-channel-telegram-actions/telegram';
const trigger = new StripeChatTelegramTrigger();
let telegram: FakeTelegram;

beforeAll(async () => {
	telegram = await FakeTelegram.start();
});

afterAll(async () => {
	await telegram.close();
});

function hookContext(registerWebhook: boolean, secretToken = 'webhook-secret-token-1'): IHookFunctions {
	const node = { name: 'Stripe Chat Telegram Trigger', type: 'stripeChatTelegramTrigger', typeVersion: 1 };
	return {
		getNodeParameter: (name: string, fallback?: unknown) => (name === 'registerWebhook' ? registerWebhook : fallback),
		getCredentials: async () => ({
			botToken: FAKE_TELEGRAM_TOKEN,
			webhookSecretToken: secretToken,
			buttonSigningSecret: '',
			apiBaseUrl: telegram.apiBaseUrl,
		}),
		getNodeWebhookUrl: () => URL_OF_TRIGGER,
		getNode: () => node,
	} as unknown as IHookFunctions;
}

async function activate(context: IHookFunctions): Promise<void> {
	if (!(await trigger.webhookMethods.default.checkExists.call(context))) {
		await trigger.webhookMethods.default.create.call(context);
	}
}

describe('Stripe Chat Telegram Trigger webhook lifecycle', () => {
	it('leaves the bot webhook alone unless asked to register it', async () => {
		telegram.webhook = { url: 'https://elsewhere.example/hook' };
		await activate(hookContext(false));
		await trigger.webhookMethods.default.delete.call(hookContext(false));
		expect(telegram.webhook.url).toBe('https://elsewhere.example/hook');
		expect(telegram.requestsFor('setWebhook')).toHaveLength(0);
	});

	it('sets the webhook with the secret token and button clicks only, and removes it while it is its own', async () => {
		await activate(hookContext(true));
		expect(telegram.webhook).toEqual({
			url: URL_OF_TRIGGER,
			secret_token: 'webhook-secret-token-1',
			allowed_updates: ['callback_query'],
		});
		await activate(hookContext(true));
		expect(telegram.requestsFor('setWebhook')).toHaveLength(1);
		await trigger.webhookMethods.default.delete.call(hookContext(true));
		expect(telegram.webhook.url).toBe('');

		telegram.webhook = { url: 'https://elsewhere.example/hook' };
		await trigger.webhookMethods.default.delete.call(hookContext(true));
		expect(telegram.webhook.url).toBe('https://elsewhere.example/hook');
	});

	it('refuses to register without a secret token, since every update would then be refused', async () => {
		await expect(trigger.webhookMethods.default.create.call(hookContext(true, ''))).rejects.toThrow(
			/No Webhook Secret Token/,
		);
	});
});
