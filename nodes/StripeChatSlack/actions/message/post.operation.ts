import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { postMessage } from '../../../../src/platforms/slack';
import { executeCollapsed } from '../burstSummary';
import {
	callSlack,
	channelLocator,
	channelSourceProperty,
	chooseChannel,
	getClient,
	getCredentials,
	itemJson,
	messageSourceProperties,
	readContent,
	retriesOption,
	showFor,
	suppressedOutput,
	withRouteMention,
} from '../common';
import type { RunState } from '../common';

export const description: INodeProperties[] = [
	channelSourceProperty(['post']),
	channelLocator(
		['post'],
		'Where to post. With "From the Route Decision", only used when the routing rules name no channel.',
	),
	...messageSourceProperties(['post']),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: showFor(['post']),
		default: {},
		options: [retriesOption],
	},
];

/**
 * Posts one item as a new message.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	const suppressed = suppressedOutput(this, itemIndex);
	if (suppressed) return suppressed;
	const collapsed = await executeCollapsed(this, itemIndex, state);
	if (collapsed) return collapsed;
	const { channel, mention } = chooseChannel(this, itemIndex);
	const message = itemJson(this, itemIndex).message;
	return await callSlack(this, state, itemIndex, channel, async () => {
		const content = withRouteMention(readContent(this, itemIndex), mention);
		const client = await getClient(this, state, itemIndex);
		const posted = await postMessage(client, {
			channel,
			content,
			channelCache: state.channelCache,
			buttonSigningSecret: (await getCredentials(this, state)).buttonSigningSecret,
		});
		return { ok: true, posted: true, ...posted, threadKey: message?.threadKey, eventId: message?.eventId };
	});
}
