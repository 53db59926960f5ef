import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_NAME } from './actions/message/send';
import { router } from './actions/router';
import { properties } from './description';

/**
 * Replies on WhatsApp and Instagram (text, a checkout link button, reply buttons, templates) and drops repeated
 * deliveries. Its operations live one per file in `actions/message/`.
 */
export class MetaMessaging implements INodeType {
	description: INodeTypeDescription = {
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
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
