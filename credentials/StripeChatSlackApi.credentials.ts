import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The Slack app this package posts as and receives clicks from. Field names are a contract: the Slack node reads
 * `botToken` and `apiBaseUrl`, the interaction trigger `signingSecret`, Payment Alert `buttonSigningSecret`.
 */
export class StripeChatSlackApi implements ICredentialType {
	name = 'stripeChatSlackApi';

	displayName = 'Stripe Chat Channel Slack API';

	icon = {
		light: 'file:../nodes/StripeChatSlack/stripeChatSlack.svg',
		dark: 'file:../nodes/StripeChatSlack/stripeChatSlack.dark.svg',
	} as const;

	documentationUrl = 'https://docs.slack.dev/authentication/tokens#bot';

	properties: INodeProperties[] = [
		{
			displayName: 'Bot Token',
			name: 'botToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'xoxb-…',
			description:
				'Bot User OAuth Token of your Slack app (api.slack.com/apps → your app → OAuth & Permissions). Scopes: chat:write, channels:read, groups:read, and channels:history, groups:history for threads.',
		},
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Signing Secret from api.slack.com/apps → your app → Basic Information. The Chat Interaction Trigger uses it to check that button clicks and slash commands really come from Slack; without it they are refused.',
		},
		{
			displayName: 'Button Signing Secret',
			name: 'buttonSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Any long random text (at least 32 characters) that you make up and keep private. It signs the values of the buttons in alert messages, so a click cannot be forged or edited to act on another payment. Without it, alerts have no buttons.',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://slack.com/api/',
			description: 'Leave as is for Slack. Change only for GovSlack (https://slack-gov.com/api/) or a test server.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.botToken}}',
			},
		},
	};

	/**
	 * Slack answers a bad token with HTTP 200 and `{"ok": false}`, so the rules look at the body: the first
	 * matching rule fails the test with its message.
	 * @see https://docs.slack.dev/reference/methods/auth.test
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiBaseUrl}}',
			url: 'auth.test',
			method: 'POST',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'invalid_auth',
					message:
						'Slack did not accept the bot token. Copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'not_authed',
					message: 'No bot token was sent. Paste the Bot User OAuth Token (xoxb-…) into Bot Token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'account_inactive',
					message: 'The app or bot user was deactivated. Reinstall the app to the workspace and paste the new token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'token_revoked',
					message: 'The bot token was revoked. Reinstall the app to the workspace and paste the new token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'ok',
					value: false,
					message: 'Slack refused the bot token. Check the token and the API Base URL.',
				},
			},
		],
	};
}
