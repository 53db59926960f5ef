import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { postInThread } from '../../../../src/platforms/slack';
import { prepareDelivery } from '../burstSummary';
import {
	callSlack,
	channelLocator,
	channelSourceProperty,
	findAlertPostedBefore,
	getClient,
	getCredentials,
	getStore,
	messageSourceProperties,
	readContent,
	resolveChannel,
	optionsProperty,
	showFor,
	withRouteMention,
} from '../common';
import type { RunState } from '../common';

export const description: INodeProperties[] = [
	{
		displayName:
			'The first event about a payment, invoice or dispute starts a thread; later events reply in it and the first message is updated to the latest status. The thread of each object is remembered in the State Store below.',
		name: 'threadNotice',
		type: 'notice',
		displayOptions: showFor(['postInThread']),
		default: '',
	},
	channelSourceProperty(['postInThread']),
	channelLocator(
		['postInThread'],
		'Where to post. With "From the Route Decision", only used when the routing rules name no channel.',
	),
	...messageSourceProperties(['postInThread']),
	{
		displayName: 'Thread Key',
		name: 'threadKey',
		type: 'string',
		displayOptions: { show: { operation: ['postInThread'], messageSource: ['custom'] } },
		default: '',
		placeholder: 'dispute:du_123',
		description:
			'Messages with the same key share a thread, e.g. one per dispute or invoice. Leave empty to post without threading.',
	},
	optionsProperty(['postInThread']),
];

/**
 * Posts into the thread of the item's Stripe object and updates the thread's first message.
 * @see https://docs.slack.dev/messaging/message-metadata
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	const delivery = await prepareDelivery(this, itemIndex, state);
	if ('output' in delivery) return delivery.output;
	const { channel, mention, message } = delivery;
	const isCustom = this.getNodeParameter('messageSource', itemIndex, 'paymentAlert') === 'custom';
	const threadKey = isCustom ? String(this.getNodeParameter('threadKey', itemIndex, '')) : (message?.threadKey ?? '');
	return await callSlack(this, state, itemIndex, channel, async () => {
		const channelId = await resolveChannel(this, state, itemIndex, channel);
		const eventId = isCustom ? undefined : message?.eventId;
		const earlier = await findAlertPostedBefore(this, state, itemIndex, { channel: channelId, eventId, threadKey });
		if (earlier) return { ok: true, posted: true, postedByEarlierAttempt: true, ...earlier, threadKey, eventId };
		const content = withRouteMention(readContent(this, itemIndex), mention);
		const client = await getClient(this, state, itemIndex);
		const result = await postInThread(client, {
			channel: channelId,
			threadKey,
			content,
			occurredAt: isCustom ? undefined : message?.occurredAt,
			eventId,
			severity: isCustom ? undefined : message?.severity,
			store: await getStore(this, state, itemIndex),
			token: state.token,
			buttonSigningSecret: (await getCredentials(this, state)).buttonSigningSecret,
		});
		return { ok: true, posted: true, ...result, threadKey, eventId: message?.eventId };
	});
}
