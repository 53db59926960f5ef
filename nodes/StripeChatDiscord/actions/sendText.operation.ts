import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { postAlert, textPayload } from '../../../src/platforms/discord';
import { channelProperty, chooseChannel, getClient, optionsProperty, showFor } from './common';
import type { RunState } from './common';

export const description: INodeProperties[] = [
	channelProperty(['sendText'], 'Where to post'),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		displayOptions: showFor(['sendText']),
		default: '',
		required: true,
		description:
			'Message text in Discord markdown, at most 2,000 characters (longer text is shortened). It pings nobody, even if it contains @everyone or a mention.',
	},
	optionsProperty(['sendText']),
];

/**
 * Posts the node's own text (a daily summary, a note from another workflow) as a plain message.
 * @see https://discord.com/developers/docs/resources/message#create-message
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	const channelId = chooseChannel(this, itemIndex, undefined);
	const text = String(this.getNodeParameter('text', itemIndex, ''));
	const posted = await postAlert(await getClient(this, state), {
		channelId,
		payload: textPayload(text),
		token: state.token,
	});
	return { ok: true, posted: true, ...posted };
}
