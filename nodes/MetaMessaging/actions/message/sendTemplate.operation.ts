import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildTemplateMessage } from '../../../../src/core/meta/payloads';
import type { RunState, SendMeta } from './send';
import { addressProperties, forOperation, sendMessage } from './send';

export const option = {
	name: 'Send Template',
	value: 'sendTemplate',
	action: 'Send an approved template',
	description:
		'An approved WhatsApp template: the only message allowed more than 24 hours after the customer last wrote',
};

export const meta: SendMeta = { freeForm: false };

export const description = forOperation(option.value, [
	...addressProperties(meta),
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'payment_reminder',
		description: 'The name of an approved template in WhatsApp Manager → Message templates',
	},
	{
		displayName: 'Template Language',
		name: 'languageCode',
		type: 'string',
		default: 'en_US',
		required: true,
		description: 'The language code the template was approved in, such as en_US, de or pt_BR',
	},
	{
		displayName: 'Template Values',
		name: 'bodyParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Value',
		default: {},
		description: 'One value for each {{1}}, {{2}}, … in the template text, in order',
		options: [
			{
				name: 'parameter',
				displayName: 'Value',
				values: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
			},
		],
	},
	{
		displayName: 'Link Button Value',
		name: 'urlButtonParameter',
		type: 'string',
		default: '',
		description:
			'For a template whose button has a link ending in {{1}}: the part that goes there, such as the checkout session ID. Leave empty otherwise.',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	return await sendMessage(this, itemIndex, state, meta, (channel, recipient) => {
		const values = (this.getNodeParameter('bodyParameters', itemIndex, {}) as IDataObject).parameter as
			| IDataObject[]
			| undefined;
		return buildTemplateMessage({
			channel,
			recipient,
			name: this.getNodeParameter('templateName', itemIndex) as string,
			languageCode: this.getNodeParameter('languageCode', itemIndex) as string,
			bodyParameters: (values ?? []).map((entry) => String(entry.value ?? '')),
			urlButtonParameter: this.getNodeParameter('urlButtonParameter', itemIndex, '') as string,
		});
	});
}
