import type { IHookFunctions, INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { description } from './description';
import { receiveDelivery } from './webhook';
import { checkEndpointExists, createEndpoint, deleteEndpoint } from './webhookMethods';

/** Manifest (docs/ARCHITECTURE.md, "Node pattern"): what the trigger is, in description.ts; what it does, in webhook*.ts. */
export class StripeEventTrigger implements INodeType {
	description = description;

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
