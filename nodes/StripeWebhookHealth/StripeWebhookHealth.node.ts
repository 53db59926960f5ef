import type { INodeExecutionData, INodeType, IPollFunctions } from 'n8n-workflow';

import { description } from './description';
import { pollWebhookHealth } from './poll';

/** Manifest (docs/ARCHITECTURE.md, "Node pattern"): what the trigger is, in description.ts; what it does, in poll.ts. */
export class StripeWebhookHealth implements INodeType {
	description = description;

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollWebhookHealth.call(this);
	}
}
