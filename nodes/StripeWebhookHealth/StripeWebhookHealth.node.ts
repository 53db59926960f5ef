import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { healthProperties, OUTPUTS_EXPRESSION } from './description';
import { pollWebhookHealth } from './poll';

/**
 * Watches the Stripe account's webhook endpoints and the events Stripe could not deliver, reports each problem
 * once, and can hand the missed events to Payment Alert. Polling trigger: n8n adds its Poll Times.
 */
export class StripeWebhookHealth implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stripe Webhook Health',
		name: 'stripeWebhookHealth',
		icon: { light: 'file:stripeWebhookHealth.svg', dark: 'file:stripeWebhookHealth.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["recover"] ? "report and recover" : "report problems" }}',
		description:
			'Starts the workflow when a Stripe webhook endpoint is disabled or Stripe cannot deliver events, and recovers the events that were missed',
		defaults: { name: 'Stripe Webhook Health' },
		polling: true,
		inputs: [],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [
			{ name: 'stripeChatChannelApi', required: true },
			// n8n's own Redis credential, for the Redis state store (see nodes/shared/stateStore.ts).
			{ name: 'redis', required: true, displayOptions: { show: { stateStore: ['redis'] } } },
		],
		properties: healthProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollWebhookHealth(this);
	}
}
