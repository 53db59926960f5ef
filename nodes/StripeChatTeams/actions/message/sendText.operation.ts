import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionsProperty, sendText } from '../../../shared/webhookChat';
import type { WebhookRunState } from '../../../shared/webhookChat';
import { teamsTarget } from '../target';

export const description: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		displayOptions: { show: { operation: ['sendText'] } },
		default: '',
		required: true,
		description: 'Shown as typed in a card (Markdown is not applied, so text from an expression cannot format or link)',
	},
	optionsProperty(['sendText']),
];

/** Posts the node's text as a one-line card to the credential's webhook. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: WebhookRunState,
): Promise<IDataObject> {
	return await sendText(this, teamsTarget, itemIndex, state);
}
