import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { router } from './actions/router';
import { description } from './description';

/**
 * Acts on Stripe from the chat (or from an AI agent): once per click, with the outcome written back to Slack.
 * Its operations live one per file in `actions/<resource>/` (docs/ARCHITECTURE.md, "Stripe Action operations").
 */
export class StripeAction implements INodeType {
	description = description;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
