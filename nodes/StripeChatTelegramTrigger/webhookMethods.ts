import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeTelegramError, readTelegramCredentials, telegramClientFor } from '../../src/platforms/telegram';
import type { TelegramCredentials } from '../../src/platforms/telegram';

/**
 * The bot's webhook, when "Register Webhook Automatically" is on: publishing sets it to this trigger's URL with the
 * credential's secret token (`setWebhook`), unpublishing removes it when it is still ours. A bot has one webhook,
 * so this is off by default: another tool or workflow may own it.
 * @see https://core.telegram.org/bots/api#setwebhook
 */

function registersItself(context: IHookFunctions): boolean {
	return context.getNodeParameter('registerWebhook', false) === true;
}

async function call<T>(
	context: IHookFunctions,
	credentials: TelegramCredentials,
	method: string,
	params: Record<string, unknown> = {},
): Promise<T> {
	try {
		return await telegramClientFor(credentials, { maxRetries: 2 }).call<T>(method, params);
	} catch (error: unknown) {
		const described = describeTelegramError(error, { secrets: [credentials.botToken] });
		throw new NodeOperationError(context.getNode(), described.message, { description: described.hint });
	}
}

/** Whether the bot's webhook is this trigger's URL (always "yes" when the trigger does not register itself). */
export async function checkWebhookExists(this: IHookFunctions): Promise<boolean> {
	if (!registersItself(this)) return true;
	const credentials = await readTelegramCredentials(this);
	const info = await call<{ url?: string }>(this, credentials, 'getWebhookInfo');
	return info.url === this.getNodeWebhookUrl('default');
}

export async function createWebhook(this: IHookFunctions): Promise<boolean> {
	const credentials = await readTelegramCredentials(this);
	if (!credentials.webhookSecretToken) {
		throw new NodeOperationError(this.getNode(), 'No Webhook Secret Token is set in the Telegram credential', {
			description:
				'Make up a token of 1–256 letters, digits, _ and - and put it in the credential: the trigger refuses every update without it, so registering the webhook without one would only lose clicks.',
		});
	}
	await call(this, credentials, 'setWebhook', {
		url: this.getNodeWebhookUrl('default'),
		secret_token: credentials.webhookSecretToken,
		allowed_updates: ['callback_query'],
	});
	return true;
}

export async function deleteWebhook(this: IHookFunctions): Promise<boolean> {
	if (!registersItself(this)) return true;
	const credentials = await readTelegramCredentials(this);
	const info = await call<{ url?: string }>(this, credentials, 'getWebhookInfo');
	if (info.url === this.getNodeWebhookUrl('default')) await call(this, credentials, 'deleteWebhook');
	return true;
}
