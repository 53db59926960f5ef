import type { IHookFunctions, INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { description } from './description';
import { receiveTelegramUpdate } from './webhook';
import { checkWebhookExists, createWebhook, deleteWebhook } from './webhookMethods';

/** Manifest (docs/ARCHITECTURE.md, "Node pattern"): what the trigger is, in description.ts; what it does, in webhook*.ts. */
export class StripeChatTelegramTrigger implements INodeType {
	description = description;

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkWebhookExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createWebhook.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveTelegramUpdate.call(this);
	}
}
