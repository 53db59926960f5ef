import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_NAME } from './actions/message/send';
import { OPERATIONS } from './actions/message';

/** The node's parameters: the Operation list, then each operation's own parameters. */
const parameters: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'sendLinkButton',
		options: OPERATIONS.map((operation) => operation.option),
	},
	...OPERATIONS.flatMap((operation) => operation.description),
];

export const description: INodeTypeDescription = {
	displayName: 'Meta Messaging',
	name: 'metaMessaging',
	icon: { light: 'file:metaMessaging.svg', dark: 'file:metaMessaging.dark.svg' },
	group: ['output'],
	version: 1,
	subtitle: '={{ $parameter["operation"] }}',
	description: 'Send WhatsApp and Instagram messages, such as a checkout link button, to customers who wrote to you',
	defaults: { name: 'Meta Messaging' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: CREDENTIAL_NAME, required: true, displayOptions: { hide: { operation: ['skipRepeated'] } } },
		// n8n's own Redis credential, for the Redis state store (see nodes/shared/stateStore.ts).
		{
			name: 'redis',
			required: true,
			displayOptions: { show: { operation: ['skipRepeated'], stateStore: ['redis'] } },
		},
	],
	properties: parameters,
};
