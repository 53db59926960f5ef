import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Google Chat space's webhook for Stripe Chat Google Chat. Field name `webhookUrl` is a contract with
 * src/platforms/gchat/credentials.ts. A webhook URL has no cheap authenticated request to test it with (a test
 * post would show in the space), so the credential has no test: the first alert shows whether it works.
 */
export class StripeChatGoogleChatApi implements ICredentialType {
	name = 'stripeChatGoogleChatApi';

	displayName = 'Stripe Chat Google Chat API';

	icon = {
		light: 'file:../nodes/StripeChatGoogleChat/stripeChatGoogleChat.svg',
		dark: 'file:../nodes/StripeChatGoogleChat/stripeChatGoogleChat.dark.svg',
	} as const;

	documentationUrl = 'https://developers.google.com/workspace/chat/quickstart/webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL',
			name: 'webhookUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'https://chat.googleapis.com/v1/spaces/AAAA…/messages?key=…&token=…',
			description:
				'In the Google Chat space: name of the space → Apps & integrations → Webhooks → Add webhook, then copy its URL. It carries its own key and token, so keep it secret; it posts to that one space. There is no test button: a test would post to the space.',
		},
	];
}
