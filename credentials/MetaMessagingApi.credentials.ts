import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * One Meta app's WhatsApp Cloud API / Instagram messaging access. Field names are a contract: the Meta Messaging
 * Trigger reads `appSecret`, `verifyToken`, `phoneNumberId`, `instagramAccountId` and `facebookPageId`; the Meta
 * Messaging node reads `accessToken`, `phoneNumberId`, `instagramAccountId`, `facebookPageId` and `graphApiBaseUrl`.
 */
export class MetaMessagingApi implements ICredentialType {
	name = 'metaMessagingApi';

	displayName = 'Meta Messaging API';

	icon = {
		light: 'file:../nodes/MetaMessaging/metaMessaging.svg',
		dark: 'file:../nodes/MetaMessaging/metaMessaging.dark.svg',
	} as const;

	documentationUrl = 'https://developers.facebook.com/docs/whatsapp/cloud-api/get-started';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A token that may send messages: best a System User token from Meta Business Settings → Users → System users, with whatsapp_business_messaging (WhatsApp) and/or instagram_manage_messages (Instagram). Temporary tokens from API Setup expire after 24 hours.',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Your Meta app → App settings → Basic → App secret. The Meta Messaging Trigger uses it to check that deliveries really come from Meta; without it every delivery is refused.',
		},
		{
			displayName: 'Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Any text you make up. Enter the same text as "Verify token" next to the Callback URL in your Meta app\'s webhook settings; Meta sends it once to confirm the URL.',
		},
		{
			displayName: 'WhatsApp Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			placeholder: '106540352242922',
			description:
				'The ID of your WhatsApp business number (Meta app → WhatsApp → API Setup → Phone number ID), not the phone number itself. Messages are sent from it, and the trigger can listen only to it.',
		},
		{
			displayName: 'Instagram Account ID',
			name: 'instagramAccountId',
			type: 'string',
			default: '',
			placeholder: '17841405822304914',
			description:
				'The ID of your Instagram professional account (Meta app → Instagram → API setup). Messages are sent from it, and the trigger can listen only to it.',
		},
		{
			displayName: 'Facebook Page ID',
			name: 'facebookPageId',
			type: 'string',
			default: '',
			placeholder: '104417581811470',
			description:
				'Only when your Instagram account is reached through its linked Facebook Page (Messenger Platform, Page access token): the ID of that Page, which Instagram replies are sent as. Leave empty with "Instagram API with Instagram Login".',
		},
		{
			displayName: 'Graph API Base URL',
			name: 'graphApiBaseUrl',
			type: 'string',
			default: 'https://graph.facebook.com/v25.0',
			description:
				'Leave as is. Change the version only when Meta retires it; use https://graph.instagram.com/v25.0 for a token from "Instagram API with Instagram Login". Must start with https:// (http:// is accepted only for localhost, for a local test server).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	/**
	 * `GET /me` answers for every kind of token (system user, page, Instagram) and fails with error 190 when the
	 * token is expired or wrong; n8n shows Meta's message.
	 * @see https://developers.facebook.com/docs/graph-api/overview#me
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.graphApiBaseUrl || "https://graph.facebook.com/v25.0"}}',
			url: '/me',
			method: 'GET',
			qs: { fields: 'id,name' },
		},
	};
}
