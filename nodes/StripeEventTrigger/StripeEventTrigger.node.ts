import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { OUTPUTS_EXPRESSION, triggerProperties } from './description';
import { checkEndpointExists, createEndpoint, deleteEndpoint, receiveDelivery } from './triggerMethods';

/**
 * Starts a workflow for each signed Stripe event. Verifies every request (fails closed), registers its own
 * webhook endpoint in Stripe when asked to, and filters by event type, mode, account and metadata.
 */
export class StripeEventTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stripe Event Trigger',
		name: 'stripeEventTrigger',
		icon: { light: 'file:stripeEventTrigger.svg', dark: 'file:stripeEventTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{($parameter["events"] || []).length === 1 ? $parameter["events"][0] : ($parameter["events"] || []).length + " events"}}',
		description: 'Starts the workflow when Stripe sends a verified event, such as a failed payment or a new dispute',
		defaults: { name: 'Stripe Event Trigger' },
		inputs: [],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [
			{ name: 'stripeChatChannelApi', required: true },
			// n8n's own Redis credential, for the Redis state store of "Rejected Deliveries" (nodes/shared/stateStore.ts).
			{
				name: 'redis',
				required: true,
				displayOptions: { show: { rejectedDeliveries: [true], stateStore: ['redis'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Not a full path: n8n prefixes the node's webhookId, so every trigger gets its own URL and endpoint.
				path: 'stripe',
				responseMode: '={{$parameter["responseMode"]}}',
				// Stripe needs only the status code; an empty body also keeps workflow data out of Stripe's delivery log.
				responseData: 'noData',
			},
		],
		properties: triggerProperties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkEndpointExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createEndpoint.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteEndpoint.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
