import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { GOOGLE_CHAT_CREDENTIAL_TYPE } from '../../src/platforms/gchat/credentials';
import { REDIS_CREDENTIAL, stateStoreProperty } from '../shared/stateStore';
import * as post from './actions/message/post.operation';
import * as sendText from './actions/message/sendText.operation';

export const description: INodeTypeDescription = {
	displayName: 'Stripe Chat Google Chat',
	name: 'stripeChatGoogleChat',
	icon: { light: 'file:stripeChatGoogleChat.svg', dark: 'file:stripeChatGoogleChat.dark.svg' },
	group: ['output'],
	version: 1,
	subtitle: '={{ $parameter["operation"] }}',
	description: 'Post Stripe payment alerts to a Google Chat space as cards, one thread per payment, invoice or dispute',
	defaults: { name: 'Stripe Chat Google Chat' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: GOOGLE_CHAT_CREDENTIAL_TYPE, required: true },
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
						"Post Payment Alert's item as a card in its Stripe object's thread; collapsed bursts become summaries",
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
				"Posts to the one space the credential's webhook was made for. Buttons open the Stripe Dashboard; buttons that act on Stripe need a Google Chat app, see the README.",
			name: 'notice',
			type: 'notice',
			default: '',
		},
		...post.description,
		...sendText.description,
		{ ...stateStoreProperty, displayOptions: { show: { operation: ['post'] } } },
	],
};
