import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { router } from './actions/router';
import { description } from './description';

/**
 * Replies on WhatsApp and Instagram (text, a checkout link button, reply buttons, templates) and drops repeated
 * deliveries. Its operations live one per file in `actions/message/`.
 */
export class MetaMessaging implements INodeType {
	description = description;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
