import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { router } from './actions/router';
import { description } from './description';

/** Posts this package's Stripe alerts to Discord: replies per Stripe object, waits out rate limits, explains errors. */
export class StripeChatDiscord implements INodeType {
	description = description;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
