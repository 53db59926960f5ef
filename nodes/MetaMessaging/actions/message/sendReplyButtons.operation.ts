import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildReplyButtonsMessage } from '../../../../src/core/meta/payloads';
import type { RunState, SendMeta } from './send';
import {
	addressProperties,
	bodyTextProperty,
	buttonMessageParts,
	forOperation,
	freeFormOptionsProperty,
	sendMessage,
} from './send';

export const option = {
	name: 'Send Reply Buttons',
	value: 'sendReplyButtons',
	action: 'Send a message with reply buttons',
	description: 'A question with up to 3 answer buttons; the tapped one comes back to the trigger as replyId',
};

export const meta: SendMeta = { freeForm: true };

export const description = forOperation(option.value, [
	...addressProperties(meta),
	bodyTextProperty,
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Button',
		default: {},
		description: 'Up to 3 buttons',
		options: [
			{
				name: 'button',
				displayName: 'Button',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'What the customer sees, up to 20 characters',
					},
					{
						displayName: 'Reply ID',
						name: 'id',
						type: 'string',
						default: '',
						description:
							'What the trigger receives as replyId when the button is tapped (e.g. pay_now). Leave empty to use the title.',
					},
				],
			},
		],
	},
	freeFormOptionsProperty,
]);

export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	return await sendMessage(this, itemIndex, state, meta, (channel, recipient) => {
		const parts = buttonMessageParts(this, itemIndex);
		const buttons = ((this.getNodeParameter('buttons', itemIndex, {}) as IDataObject).button ?? []) as IDataObject[];
		return buildReplyButtonsMessage({
			channel,
			recipient,
			...parts,
			buttons: buttons.map((button) => ({ title: String(button.title ?? ''), id: String(button.id ?? '') })),
		});
	});
}
