import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildTextMessage } from '../../../../src/core/meta/payloads';
import type { RunState, SendMeta } from './send';
import { addressProperties, forOperation, freeFormOptionsProperty, sendMessage } from './send';

export const option = {
	name: 'Send Text',
	value: 'sendText',
	action: 'Send a text message',
	description: 'A plain text reply',
};

export const meta: SendMeta = { freeForm: true };

export const description = forOperation(option.value, [
	...addressProperties(meta),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'Up to 4096 characters on WhatsApp, 1000 bytes on Instagram',
	},
	freeFormOptionsProperty,
]);

export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	return await sendMessage(this, itemIndex, state, meta, (channel, recipient) =>
		buildTextMessage({
			channel,
			recipient,
			text: this.getNodeParameter('text', itemIndex) as string,
			previewUrl: (this.getNodeParameter('options', itemIndex, {}) as IDataObject).previewUrl === true,
		}),
	);
}
