import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { postEphemeral } from '../../../../src/platforms/slack';
import {
	callSlack,
	channelLocator,
	getClient,
	messageSourceProperties,
	readChannelParameter,
	readContent,
	optionsProperty,
	showFor,
} from '../common';
import type { RunState } from '../common';

export const description: INodeProperties[] = [
	channelLocator(['postEphemeral'], 'The channel the person is in'),
	{
		displayName: 'User ID',
		name: 'user',
		type: 'string',
		displayOptions: showFor(['postEphemeral']),
		default: '',
		required: true,
		placeholder: 'U0123456789',
		description:
			"Member ID of the only person who will see the message (in Slack: their profile → ⋮ → Copy member ID). After a button click it is in the trigger's output.",
	},
	...messageSourceProperties(['postEphemeral']),
	optionsProperty(
		['postEphemeral'],
		[
			{
				displayName: 'Thread Timestamp',
				name: 'threadTs',
				type: 'string',
				default: '',
				placeholder: '1700000000.123456',
				description: 'Show the message inside this thread instead of the channel',
			},
		],
	),
];

/**
 * Shows a message to one person in a channel; nobody else sees it and it is not kept in the channel.
 * @see https://docs.slack.dev/reference/methods/chat.postEphemeral
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	const channel = readChannelParameter(this, itemIndex);
	const user = String(this.getNodeParameter('user', itemIndex, ''));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const threadTs =
		typeof options.threadTs === 'string' && options.threadTs.trim() ? options.threadTs.trim() : undefined;
	return await callSlack(this, state, itemIndex, channel, async () => {
		const content = readContent(this, itemIndex);
		const client = await getClient(this, state, itemIndex);
		const posted = await postEphemeral(client, { channel, user, content, threadTs, channelCache: state.channelCache });
		return { ok: true, posted: true, user: user.trim(), ...posted };
	});
}
