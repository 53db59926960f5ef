import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_LOOKBACK_DAYS,
	DEFAULT_LOOKBACK_PAGES,
	MAX_LOOKBACK_DAYS,
	MAX_LOOKBACK_PAGES,
	postInThread,
} from '../../../src/slack';
import { executeCollapsed } from './burstSummary';
import {
	callSlack,
	channelLocator,
	channelSourceProperty,
	chooseChannel,
	getClient,
	itemJson,
	messageSourceProperties,
	readContent,
	retriesOption,
	showFor,
	suppressedOutput,
	withRouteMention,
} from './common';
import type { RunState } from './common';

export const description: INodeProperties[] = [
	{
		displayName:
			'The first event about a payment, invoice or dispute starts a thread; later events reply in it and the first message is updated to the latest status. Needs the channels:history and groups:history scopes.',
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: showFor(['postInThread']),
		default: {},
		options: [
			{
				displayName: 'Look Back (Days)',
				name: 'lookbackDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_LOOKBACK_DAYS },
				default: DEFAULT_LOOKBACK_DAYS,
				description:
					'How far back to look for the thread of the same payment, invoice or dispute. An event after that starts a new thread.',
			},
			{
				displayName: 'Look Back (Pages)',
				name: 'lookbackPages',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_LOOKBACK_PAGES },
				default: DEFAULT_LOOKBACK_PAGES,
				description:
					'At most this many pages of 200 channel messages are searched for the thread. Raise it for very busy channels.',
			},
			retriesOption,
		],
	},
];

/**
 * Posts into the thread of the item's Stripe object and updates the thread's first message.
 * @see https://docs.slack.dev/messaging/message-metadata
 */
export async function execute(ctx: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	const suppressed = suppressedOutput(ctx, itemIndex);
	if (suppressed) return suppressed;
	const collapsed = await executeCollapsed(ctx, itemIndex, state);
	if (collapsed) return collapsed;
	const { channel, mention } = chooseChannel(ctx, itemIndex);
	const message = itemJson(ctx, itemIndex).message;
	const isCustom = ctx.getNodeParameter('messageSource', itemIndex, 'paymentAlert') === 'custom';
	const threadKey = isCustom ? String(ctx.getNodeParameter('threadKey', itemIndex, '')) : (message?.threadKey ?? '');
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await callSlack(ctx, state, itemIndex, channel, async () => {
		const content = withRouteMention(readContent(ctx, itemIndex), mention);
		const client = await getClient(ctx, state, itemIndex);
		const result = await postInThread(client, {
			channel,
			threadKey,
			content,
			occurredAt: isCustom ? undefined : message?.occurredAt,
			eventId: isCustom ? undefined : message?.eventId,
			severity: isCustom ? undefined : message?.severity,
			lookbackDays: typeof options.lookbackDays === 'number' ? options.lookbackDays : undefined,
			lookbackPages: typeof options.lookbackPages === 'number' ? options.lookbackPages : undefined,
			parentCache: state.parentCache,
			channelCache: state.channelCache,
		});
		return { ok: true, posted: true, ...result, threadKey, eventId: message?.eventId };
	});
}
