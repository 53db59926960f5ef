import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DISCORD_CREDENTIAL_TYPE } from '../../src/platforms/discord/credentials';
import { REDIS_CREDENTIAL, stateStoreProperty } from '../shared/stateStore';
import * as post from './actions/post.operation';
import * as sendText from './actions/sendText.operation';

export const description: INodeTypeDescription = {
	displayName: 'Stripe Chat Discord',
	name: 'stripeChatDiscord',
	icon: { light: 'file:stripeChatDiscord.svg', dark: 'file:stripeChatDiscord.dark.svg' },
	group: ['output'],
	version: 1,
	subtitle: '={{ $parameter["operation"] }}',
	description: 'Post Stripe payment alerts to Discord, with buttons, replying to the first alert of each object',
	defaults: { name: 'Stripe Chat Discord' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: DISCORD_CREDENTIAL_TYPE, required: true },
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
						"Post Payment Alert's message; later events about the same payment, invoice or dispute reply to its first alert",
				},
				{
					name: 'Send Text',
					value: 'sendText',
					action: 'Send a text message',
					description: 'Post your own text to a channel',
				},
			],
			default: 'post',
		},
		...post.description,
		...sendText.description,
		{ ...stateStoreProperty, displayOptions: { show: { operation: ['post'] } } },
	],
};
