import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { TEAMS_CREDENTIAL_TYPE } from '../../src/platforms/teams/credentials';
import { REDIS_CREDENTIAL, stateStoreProperty } from '../shared/stateStore';
import * as post from './actions/message/post.operation';
import * as sendText from './actions/message/sendText.operation';

export const description: INodeTypeDescription = {
	displayName: 'Stripe Chat Teams',
	name: 'stripeChatTeams',
	icon: { light: 'file:stripeChatTeams.svg', dark: 'file:stripeChatTeams.dark.svg' },
	group: ['output'],
	version: 1,
	subtitle: '={{ $parameter["operation"] }}',
	description: 'Post Stripe payment alerts to a Microsoft Teams channel as Adaptive Cards, through a Teams webhook',
	defaults: { name: 'Stripe Chat Teams' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: TEAMS_CREDENTIAL_TYPE, required: true },
		// n8n's own Redis credential, for the Redis state store (see nodes/shared/stateStore.ts).
		{ name: REDIS_CREDENTIAL, required: true, displayOptions: { show: { stateStore: ['redis'] } } },
	],
	properties: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Post Alert',
					value: 'post',
					action: 'Post an alert',
					description:
						"Post Payment Alert's item as a card with links to the Stripe Dashboard; collapsed bursts become summaries",
				},
				{
					name: 'Send Text',
					value: 'sendText',
					action: 'Send a text',
					description: 'Post a text of your own',
				},
			],
			default: 'post',
		},
		{
			displayName:
				"Posts to the one channel the credential's Teams webhook was made for. Buttons open the Stripe Dashboard; buttons that act on Stripe need a Teams bot, see the README.",
			name: 'notice',
			type: 'notice',
			default: '',
		},
		...post.description,
		...sendText.description,
		{ ...stateStoreProperty, displayOptions: { show: { operation: ['post'] } } },
	],
};
