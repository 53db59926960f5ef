import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PaymentAlertItem } from '../../../../src/core/items/paymentAlert';
import { postOrUpdateTelegramBurstSummary, postTelegramInThread } from '../../../../src/platforms/telegram';
import {
	alertContent,
	alertItem,
	callTelegram,
	chatIdProperty,
	chooseChat,
	getClient,
	getCredentials,
	getStore,
	optionsProperty,
	showFor,
	topicOf,
} from '../common';
import type { RunState } from '../common';

export const description: INodeProperties[] = [
	{
		displayName: 'Chat Source',
		name: 'chatSource',
		type: 'options',
		displayOptions: showFor(['post']),
		options: [
			{
				name: 'From the Route Decision, Else This Chat',
				value: 'route',
				description:
					'Post where the Payment Alert routing rules sent the item (a Telegram chat ID or @channel); use Chat ID when they name none',
			},
			{ name: 'This Chat', value: 'fixed', description: 'Always post to Chat ID, ignoring the route decision' },
		],
		default: 'route',
	},
	chatIdProperty(
		['post'],
		'Where to post: a chat ID (groups and channels are negative, e.g. -1001234567890) or a public channel @username. With "From the Route Decision", only used when the routing rules name no chat.',
	),
	optionsProperty(
		['post'],
		[
			{
				displayName: 'Reply in the Object Thread',
				name: 'thread',
				type: 'boolean',
				default: true,
				description:
					"Whether the first alert about a payment, invoice or dispute is a message and later ones reply to it (Telegram's replies), so an object's story stays together",
			},
		],
	),
];

function collapsedBurstOf(item: Partial<PaymentAlertItem>) {
	const burst = item.burst;
	if (!burst || burst.mode !== 'collapse' || item.route?.suppressed === true) return undefined;
	if (typeof burst.burstKey !== 'string' || !burst.label) return undefined;
	return burst;
}

/**
 * A collapsed alert brings its window's one summary message up to the window's count instead of being posted
 * (src/core/state/burstSummary.ts); one summary call per chat and burst key and execution.
 */
async function postCollapsed(
	ctx: IExecuteFunctions,
	itemIndex: number,
	state: RunState,
	chat: string,
	item: Partial<PaymentAlertItem>,
): Promise<IDataObject | undefined> {
	const burst = collapsedBurstOf(item);
	if (!burst) return undefined;
	const key = `${chat}\u0000${burst.burstKey}`;
	const done = state.burstSummaries.get(key);
	const common = { ok: true, posted: false, collapsed: true, burstKey: burst.burstKey, eventId: item.message?.eventId };
	if (done) return { ...common, ...done, action: 'unchanged', coalesced: true };
	const result = await postOrUpdateTelegramBurstSummary(await getClient(ctx, state, itemIndex), {
		chat,
		burstKey: burst.burstKey,
		threshold: Number(burst.threshold),
		label: burst.label,
		windowMinutes: Number(burst.windowMinutes),
		store: await getStore(ctx, state, itemIndex),
		token: state.token,
		topicId: topicOf(ctx, itemIndex),
	});
	const summary = { chatId: result.chatId, action: result.action, count: result.count, summaryMessageId: result.ts };
	state.burstSummaries.set(key, summary);
	return { ...common, ...summary };
}

/**
 * Posts Payment Alert's Telegram rendering: suppressed alerts pass through, collapsed ones update their burst
 * summary, others go into their object's reply chain (or as a plain message), with the buttons bound to the chat.
 * @see https://core.telegram.org/bots/api#sendmessage
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	const item = alertItem(this, itemIndex);
	if (item.route?.suppressed === true) {
		return { ...item, posted: false, reason: item.route.reason ?? 'suppressed by the routing rules' };
	}
	const chat = chooseChat(this, itemIndex);
	return await callTelegram(this, state, itemIndex, chat, async () => {
		const collapsed = await postCollapsed(this, itemIndex, state, chat, item);
		if (collapsed) return collapsed;
		const content = alertContent(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const { buttonSigningSecret } = await getCredentials(this, state);
		const posted = await postTelegramInThread(await getClient(this, state, itemIndex), {
			chat,
			content,
			threadKey: options.thread === false ? '' : (item.message?.threadKey ?? ''),
			occurredAt: item.message?.occurredAt,
			topicId: topicOf(this, itemIndex),
			buttonSigningSecret,
			store: await getStore(this, state, itemIndex),
			token: state.token,
		});
		return { ok: true, posted: true, ...posted, threadKey: item.message?.threadKey, eventId: item.message?.eventId };
	});
}
