import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The Telegram bot this package posts as and receives clicks from. Field names are a contract: the Stripe Chat
 * Telegram node reads `botToken`, `apiBaseUrl` and `buttonSigningSecret`, the trigger `webhookSecretToken`.
 */
export class StripeChatTelegramApi implements ICredentialType {
	name = 'stripeChatTelegramApi';

	displayName = 'Stripe Chat Channel Telegram API';

	icon = {
		light: 'file:../nodes/StripeChatTelegram/stripeChatTelegram.svg',
		dark: 'file:../nodes/StripeChatTelegram/stripeChatTelegram.dark.svg',
	} as const;

	documentationUrl = 'https://core.telegram.org/bots/features#botfather';

	properties: INodeProperties[] = [
		{
			displayName: 'Bot Token',
			name: 'botToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '123456789:AA…',
			description:
				'The token @BotFather gave you (/newbot, or /token for an existing bot). Add the bot to the group, or to the channel as an administrator that may post.',
		},
		{
			displayName: 'Webhook Secret Token',
			name: 'webhookSecretToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'What you passed as secret_token to setWebhook (1–256 letters, digits, _ and -). Telegram sends it with every update, and the Stripe Chat Telegram Trigger refuses updates without it; without it set here, every click is refused.',
		},
		{
			displayName: 'Button Signing Secret',
			name: 'buttonSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Any long random text (at least 32 characters) that you make up and keep private; the same as in the credential Payment Alert signs buttons with. It signs the buttons of alert messages and binds them to the chat they are posted in, so a click cannot be forged or copied elsewhere. Without it, alerts have link buttons only.',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://api.telegram.org',
			description: 'Leave as is for Telegram. Change only for a self-hosted Bot API server or a test server.',
		},
	];

	/**
	 * `getMe` is the Bot API's cheapest authenticated call; the token is part of the path (axios joins the base URL
	 * and the path with one slash, with or without a trailing slash in the setting).
	 * @see https://core.telegram.org/bots/api#getme
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiBaseUrl}}',
			url: '=/bot{{$credentials.botToken}}/getMe',
			method: 'GET',
		},
	};
}
