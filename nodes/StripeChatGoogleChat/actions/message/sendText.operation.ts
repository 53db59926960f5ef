import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionsProperty, sendText } from '../../../shared/webhookChat';
import type { WebhookRunState } from '../../../shared/webhookChat';
import { googleChatTarget } from '../target';

export const description: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		displayOptions: { show: { operation: ['sendText'] } },
		default: '',
		required: true,
		description:
			"Shown as typed (Google Chat's formatting is not applied, so text from an expression cannot format, link or mention)",
	},
	{
		displayName: 'Thread Key',
		name: 'threadKey',
		type: 'string',
		displayOptions: { show: { operation: ['sendText'] } },
		default: '',
		placeholder: 'dispute:du_123',
		description:
			"Optional: messages with the same key share a thread. An alert's key is its Stripe object: message.threadKey on Payment Alert's item, e.g. dispute:du_123.",
	},
	optionsProperty(['sendText']),
];

/** Posts the node's text to the credential's space, in the thread of its key when one is given. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: WebhookRunState,
): Promise<IDataObject> {
	const threadKey = String(this.getNodeParameter('threadKey', itemIndex, '')).trim();
	return await sendText(this, googleChatTarget, itemIndex, state, threadKey);
}
