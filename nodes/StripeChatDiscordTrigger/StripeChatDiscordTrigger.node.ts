import type { INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { description } from './description';
import { receiveInteraction } from './webhook';

/** Manifest (docs/ARCHITECTURE.md, "Node pattern"): what the trigger is, in description.ts; what it does, in webhook.ts. */
export class StripeChatDiscordTrigger implements INodeType {
	description = description;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveInteraction.call(this);
	}
}
