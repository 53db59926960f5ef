import { createTelegramClient } from './client';
import type { TelegramClient, TelegramClientOptions } from './client';

/** The n8n credential type every node of this package reads Telegram's bot token and secrets from. */
export const TELEGRAM_CREDENTIAL_TYPE = 'stripeChatTelegramApi';

/** What the Telegram credential holds (credentials/StripeChatTelegramApi.credentials.ts), parsed one way for every node. */
export interface TelegramCredentials {
	/** From @BotFather; empty when the credential has none (the client then says so). */
	botToken: string;
	apiBaseUrl?: string;
	/** What `setWebhook`'s `secret_token` was set to: the trigger refuses every update without it. */
	webhookSecretToken?: string;
	/** Signs button values and binds them to the chat a message is posted in (src/core/compactActionValue.ts). */
	buttonSigningSecret?: string;
}

/** Anything that reads an n8n credential: every n8n function context (execute, webhook, load options) does. */
export interface CredentialSource {
	getCredentials(type: string): Promise<object>;
}

/** A secret that is missing, empty or only white space counts as not set; a set one is used exactly as typed. */
function secretOf(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function parseTelegramCredentials(raw: object): TelegramCredentials {
	const fields = raw as Record<string, unknown>;
	return {
		botToken: typeof fields.botToken === 'string' ? fields.botToken.trim() : '',
		apiBaseUrl: typeof fields.apiBaseUrl === 'string' && fields.apiBaseUrl.trim() ? fields.apiBaseUrl : undefined,
		webhookSecretToken: secretOf(fields.webhookSecretToken),
		buttonSigningSecret: secretOf(fields.buttonSigningSecret),
	};
}

/** The node's Telegram credential; fails (with n8n's own message) when none is selected. */
export async function readTelegramCredentials(source: CredentialSource): Promise<TelegramCredentials> {
	return parseTelegramCredentials(await source.getCredentials(TELEGRAM_CREDENTIAL_TYPE));
}

/** The node's Telegram credential, or undefined when none is selected (for nodes where Telegram is optional). */
export async function readOptionalTelegramCredentials(
	source: CredentialSource,
): Promise<TelegramCredentials | undefined> {
	try {
		return await readTelegramCredentials(source);
	} catch {
		return undefined;
	}
}

/** A Bot API client with the credential's token and base URL. */
export function telegramClientFor(
	credentials: TelegramCredentials,
	options: Omit<TelegramClientOptions, 'token' | 'apiBaseUrl'> = {},
): TelegramClient {
	return createTelegramClient({ ...options, token: credentials.botToken, apiBaseUrl: credentials.apiBaseUrl });
}
