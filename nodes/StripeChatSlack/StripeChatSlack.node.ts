import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { router } from './actions/router';
import { description } from './description';
import { searchChannels } from './listSearch';

/** Posts this package's Stripe alerts to Slack: threads per Stripe object, waits out rate limits, explains errors. */
export class StripeChatSlack implements INodeType {
	description = description;

	methods = {
		listSearch: { searchChannels },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
