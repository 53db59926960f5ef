import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The Discord application this package posts as and receives clicks from. Field names are a contract
 * (src/platforms/discord/credentials.ts parses them): `botToken`, `applicationId`, `publicKey`,
 * `buttonSigningSecret`, `guildId`, `apiBaseUrl`.
 */
export class StripeChatDiscordApi implements ICredentialType {
	name = 'stripeChatDiscordApi';

	displayName = 'Stripe Chat Channel Discord API';

	icon = {
		light: 'file:../nodes/StripeChatDiscord/stripeChatDiscord.svg',
		dark: 'file:../nodes/StripeChatDiscord/stripeChatDiscord.dark.svg',
	} as const;

	documentationUrl = 'https://discord.com/developers/docs/quick-start/getting-started';

	properties: INodeProperties[] = [
		{
			displayName: 'Bot Token',
			name: 'botToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Developer Portal → your application → Bot → Reset Token. Invite the bot to your server with the permissions View Channel, Send Messages, Embed Links and Read Message History.',
		},
		{
			displayName: 'Application ID',
			name: 'applicationId',
			type: 'string',
			default: '',
			placeholder: '1100000000000000001',
			description: 'Developer Portal → your application → General Information → Application ID',
		},
		{
			displayName: 'Application Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			placeholder: '64 hex characters',
			description:
				'Developer Portal → General Information → Public Key. The Stripe Chat Discord Trigger checks with it that button clicks really come from Discord; without it every click is refused.',
		},
		{
			displayName: 'Button Signing Secret',
			name: 'buttonSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Any long random text (at least 32 characters) that you make up and keep private. It signs the buttons of alert messages and binds them to their channel, so a click cannot be forged or edited to act on another payment. Use the same text as in the credential Payment Alert signs buttons with.',
		},
		{
			displayName: 'Guild ID',
			name: 'guildId',
			type: 'string',
			default: '',
			placeholder: '1000000000000000001',
			description:
				'Optional. The ID of your Discord server (with Developer Mode on, right-click the server → Copy Server ID). When set, the Stripe Chat Discord Trigger refuses clicks from any other server and from direct messages, so a copy of the bot in another server cannot act on your Stripe account.',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://discord.com/api/v10',
			description:
				'Leave as is for Discord. Change only for a test server. Must start with https:// (plain http:// only for localhost), because the bot token goes with every request.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bot {{$credentials.botToken}}',
			},
		},
	};

	/**
	 * The bot's own user: the cheapest call that needs a valid bot token (401 otherwise).
	 * @see https://discord.com/developers/docs/resources/user#get-current-user
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiBaseUrl}}',
			url: '/users/@me',
			method: 'GET',
		},
	};
}
