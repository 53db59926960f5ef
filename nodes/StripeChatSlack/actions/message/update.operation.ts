import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateMessage } from '../../../../src/platforms/slack';
import {
	callSlack,
	channelLocator,
	getClient,
	getCredentials,
	messageSourceProperties,
	readChannelParameter,
	readContent,
	optionsProperty,
	showFor,
} from '../common';
import type { RunState } from '../common';

export const description: INodeProperties[] = [
	channelLocator(['update'], 'The channel the message is in'),
	{
		displayName: 'Message Timestamp',
		name: 'messageTs',
		type: 'string',
		displayOptions: showFor(['update']),
		default: '',
		required: true,
		placeholder: '1700000000.123456',
		description:
			'The "ts" of the message to edit, as returned when it was posted (e.g. the "ts" output of this node). Only messages this app posted can be edited.',
	},
	...messageSourceProperties(['update']),
	optionsProperty(['update']),
];

/**
 * Replaces the text and blocks of a message this app posted.
 * @see https://docs.slack.dev/reference/methods/chat.update
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	const channel = readChannelParameter(this, itemIndex);
	const ts = String(this.getNodeParameter('messageTs', itemIndex, ''));
	return await callSlack(this, state, itemIndex, channel, async () => {
		const content = readContent(this, itemIndex);
		const client = await getClient(this, state, itemIndex);
		const updated = await updateMessage(client, {
			channel,
			ts,
			content,
			channelCache: state.channelCache,
			buttonSigningSecret: (await getCredentials(this, state)).buttonSigningSecret,
		});
		return { ok: true, updated: true, ...updated };
	});
}
