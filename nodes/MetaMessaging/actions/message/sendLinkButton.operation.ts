import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildLinkButtonMessage } from '../../../../src/core/meta/payloads';
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
	name: 'Send Link Button',
	value: 'sendLinkButton',
	action: 'Send a message with a link button',
	description: 'A message with one button that opens a link, such as a Stripe checkout page',
};

export const meta: SendMeta = { freeForm: true };

export const description = forOperation(option.value, [
	...addressProperties(meta),
	bodyTextProperty,
	{
		displayName: 'Button Text',
		name: 'buttonText',
		type: 'string',
		default: 'Pay now',
		required: true,
		description: 'Up to 20 characters',
	},
	{
		displayName: 'Link',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://checkout.stripe.com/c/pay/cs_live_…',
		description: 'The https link the button opens, such as the URL of a Stripe Checkout Session or Payment Link',
	},
	freeFormOptionsProperty,
]);

export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	return await sendMessage(this, itemIndex, state, meta, (channel, recipient) =>
		buildLinkButtonMessage({
			channel,
			recipient,
			...buttonMessageParts(this, itemIndex),
			buttonText: this.getNodeParameter('buttonText', itemIndex) as string,
			url: this.getNodeParameter('url', itemIndex) as string,
		}),
	);
}
