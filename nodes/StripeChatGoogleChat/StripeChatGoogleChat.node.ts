import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { router } from './actions/router';
import { description } from './description';

/** Posts this package's Stripe alerts to a Google Chat space through its webhook: cards, threads, link buttons. */
export class StripeChatGoogleChat implements INodeType {
	description = description;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
