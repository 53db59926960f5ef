import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Microsoft Teams webhook for Stripe Chat Teams. Field name `webhookUrl` is a contract with
 * src/platforms/teams/credentials.ts. A webhook URL has no cheap authenticated request to test it with (a test
 * post would show in the channel), so the credential has no test: the first alert shows whether it works.
 */
export class StripeChatTeamsApi implements ICredentialType {
	name = 'stripeChatTeamsApi';

	displayName = 'Stripe Chat Teams API';

	icon = {
		light: 'file:../nodes/StripeChatTeams/stripeChatTeams.svg',
		dark: 'file:../nodes/StripeChatTeams/stripeChatTeams.dark.svg',
	} as const;

	documentationUrl =
		'https://support.microsoft.com/office/create-incoming-webhooks-with-workflows-for-microsoft-teams-8ae491c7-0394-4861-ba59-055e33f75498';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL',
			name: 'webhookUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'https://prod-00.westeurope.logic.azure.com/workflows/…/invoke?api-version=…&sig=…',
			description:
				'In the Teams channel: ⋯ → Workflows → "Post to a channel when a webhook request is received", then copy the URL it shows. It carries its own key, so keep it secret; it posts to that one channel. There is no test button: a test would post to the channel.',
		},
	];
}
