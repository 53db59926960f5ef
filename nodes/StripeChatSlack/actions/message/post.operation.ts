import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { alertMetadata, postMessage } from '../../../../src/platforms/slack';
import { prepareDelivery } from '../burstSummary';
import {
	callSlack,
	channelLocator,
	channelSourceProperty,
	findAlertPostedBefore,
	getClient,
	getCredentials,
	messageSourceProperties,
	readContent,
	resolveChannel,
	optionsProperty,
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
	optionsProperty(['post']),
];

/**
 * Posts one item as a new message.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	const delivery = await prepareDelivery(this, itemIndex, state);
	if ('output' in delivery) return delivery.output;
	const { channel, mention, message } = delivery;
	return await callSlack(this, state, itemIndex, channel, async () => {
		const alert = { channel, eventId: message?.eventId, threadKey: message?.threadKey };
		if (alert.eventId) {
			// Only an alert can have been posted by an earlier attempt; looking for it needs the channel's ID.
			alert.channel = await resolveChannel(this, state, itemIndex, channel);
			const earlier = await findAlertPostedBefore(this, state, itemIndex, alert);
			if (earlier)
				return {
					ok: true,
					posted: true,
					postedByEarlierAttempt: true,
					...earlier,
					threadKey: alert.threadKey,
					eventId: alert.eventId,
				};
		}
		const content = withRouteMention(readContent(this, itemIndex), mention);
		const client = await getClient(this, state, itemIndex);
		const posted = await postMessage(client, {
			channel: alert.channel,
			content,
			metadata: alert.eventId ? alertMetadata({ ...alert, severity: message?.severity }) : undefined,
			channelCache: state.channelCache,
			buttonSigningSecret: (await getCredentials(this, state)).buttonSigningSecret,
		});
		return { ok: true, posted: true, ...posted, threadKey: message?.threadKey, eventId: message?.eventId };
	});
}
