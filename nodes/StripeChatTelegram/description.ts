import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { TELEGRAM_CREDENTIAL_TYPE } from '../../src/platforms/telegram/credentials';
import { REDIS_CREDENTIAL, stateStoreProperty } from '../shared/stateStore';
import * as post from './actions/message/post.operation';
import * as sendText from './actions/message/sendText.operation';

export const description: INodeTypeDescription = {
	displayName: 'Stripe Chat Telegram',
	name: 'stripeChatTelegram',
	icon: { light: 'file:stripeChatTelegram.svg', dark: 'file:stripeChatTelegram.dark.svg' },
	group: ['output'],
	version: 1,
	subtitle: '={{ $parameter["operation"] }}',
	description: 'Post Stripe payment alerts to a Telegram chat, with one reply chain per payment, invoice or dispute',
	defaults: { name: 'Stripe Chat Telegram' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: TELEGRAM_CREDENTIAL_TYPE, required: true },
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
						"Post Payment Alert's message with its buttons; later alerts about the same object reply to the first",
				},
				{
					name: 'Send Text',
					value: 'sendText',
					action: 'Send a text',
					description: 'Send a text of your own to a chat',
				},
			],
			default: 'post',
		},
		...post.description,
		...sendText.description,
		{ ...stateStoreProperty, displayOptions: { show: { operation: ['post'] } } },
	],
};
