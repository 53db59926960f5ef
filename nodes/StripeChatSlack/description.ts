import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SLACK_CREDENTIAL_TYPE } from '../../src/platforms/slack/credentials';
import { REDIS_CREDENTIAL, stateStoreProperty } from '../shared/stateStore';
import * as post from './actions/message/post.operation';
import * as postEphemeral from './actions/message/postEphemeral.operation';
import * as postInThread from './actions/message/postInThread.operation';
import * as respond from './actions/message/respond.operation';
import * as update from './actions/message/update.operation';

export const description: INodeTypeDescription = {
	displayName: 'Stripe Chat Slack',
	name: 'stripeChatSlack',
	icon: { light: 'file:stripeChatSlack.svg', dark: 'file:stripeChatSlack.dark.svg' },
	group: ['output'],
	version: 1,
	subtitle: '={{ $parameter["operation"] }}',
	description: 'Post Stripe payment alerts to Slack, in one thread per payment, invoice or dispute',
	defaults: { name: 'Stripe Chat Slack' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: SLACK_CREDENTIAL_TYPE, required: true },
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
					name: 'Post Ephemeral Message',
					value: 'postEphemeral',
					action: 'Post an ephemeral message',
					description: 'Show a message to one person in a channel',
				},
				{
					name: 'Post in Object Thread',
					value: 'postInThread',
					action: 'Post in the object thread',
					description:
						'First event about a payment, invoice or dispute starts a thread; later ones reply and update its first message',
				},
				{
					name: 'Post Message',
					value: 'post',
					action: 'Post a message',
					description: 'Post each item as a new message',
				},
				{
					name: 'Respond via Response URL',
					value: 'respond',
					action: 'Respond via response URL',
					description: 'Answer a button click or slash command',
				},
				{
					name: 'Update Message',
					value: 'update',
					action: 'Update a message',
					description: 'Edit a message this app posted, e.g. to show what was done',
				},
			],
			default: 'postInThread',
		},
		...postInThread.description,
		...post.description,
		...update.description,
		...postEphemeral.description,
		...respond.description,
		{ ...stateStoreProperty, displayOptions: { show: { operation: ['post', 'postInThread'] } } },
	],
};
