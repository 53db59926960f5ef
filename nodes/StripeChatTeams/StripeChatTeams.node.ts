import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { router } from './actions/router';
import { description } from './description';

/** Posts this package's Stripe alerts to Microsoft Teams through an incoming webhook: Adaptive Cards, link buttons. */
export class StripeChatTeams implements INodeType {
	description = description;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
