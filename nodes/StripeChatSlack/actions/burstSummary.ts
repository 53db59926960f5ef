import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { postOrUpdateBurstSummary } from '../../../src/slack';
import type { SlackBlock } from '../../../src/slack';
import { callSlack, chooseChannel, getClient, itemJson, readContent } from './common';
import type { BurstGroup, CollapsedBurst, PaymentAlertItem, RunState } from './common';

function collapsedBurstOf(item: PaymentAlertItem): CollapsedBurst | undefined {
	const burst = item.burst;
	if (!burst || burst.mode !== 'collapse' || item.route?.suppressed === true) return undefined;
	if (typeof burst.burstKey !== 'string' || typeof burst.windowStart !== 'string') return undefined;
	const collapsedCount = Number(burst.collapsedCount);
	if (!Number.isFinite(collapsedCount)) return undefined;
	return {
		burstKey: burst.burstKey,
		collapsedCount,
		summaryText: typeof burst.summaryText === 'string' ? burst.summaryText : `+${collapsedCount} more alerts`,
		windowStart: burst.windowStart,
	};
}

const groupKey = (channel: string, burstKey: string) => `${channel}\u0000${burstKey}`;

/**
 * Collapsed items of one summary in this execution, found once per execution: each group costs one summary call
 * however many of its alerts arrived together, and the highest count among them is the one written.
 */
function burstGroups(ctx: IExecuteFunctions, state: RunState): Map<string, BurstGroup> {
	if (state.burstGroups) return state.burstGroups;
	const groups = new Map<string, BurstGroup>();
	const items = ctx.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const burst = collapsedBurstOf(items[itemIndex].json as PaymentAlertItem);
		if (!burst) continue;
		let channel: string;
		try {
			channel = chooseChannel(ctx, itemIndex).channel;
		} catch {
			// This item's own turn reports the missing channel; it just joins no group.
			continue;
		}
		const key = groupKey(channel, burst.burstKey);
		const group = groups.get(key);
		if (!group || burst.collapsedCount > group.burst.collapsedCount) groups.set(key, { itemIndex, burst });
	}
	state.burstGroups = groups;
	return groups;
}

/**
 * For a collapsed item: counts it in its window's summary message (posting or updating it) instead of posting the
 * alert; undefined for every other item. The summary carries no mention: the alerts posted before the burst
 * collapsed already notified, and a summary that keeps growing should not ping again.
 * @see ../../../src/slack/burst.ts for how the summary is found and the limits of racing executions.
 */
export async function executeCollapsed(
	ctx: IExecuteFunctions,
	itemIndex: number,
	state: RunState,
): Promise<IDataObject | undefined> {
	const item = itemJson(ctx, itemIndex);
	const own = collapsedBurstOf(item);
	if (!own) return undefined;
	const { channel } = chooseChannel(ctx, itemIndex);
	const key = groupKey(channel, own.burstKey);
	const group = burstGroups(ctx, state).get(key) ?? { itemIndex, burst: own };
	const common = { ok: true, posted: false, collapsed: true, burstKey: own.burstKey, eventId: item.message?.eventId };
	const done = state.burstSummaries.get(key);
	if (done) return { ...common, ...done, action: 'unchanged', coalesced: true };
	return await callSlack(ctx, state, itemIndex, channel, async () => {
		const usesPaymentAlert = ctx.getNodeParameter('messageSource', itemIndex, 'paymentAlert') === 'paymentAlert';
		const blocks: SlackBlock[] | undefined = usesPaymentAlert ? readContent(ctx, group.itemIndex).blocks : undefined;
		const client = await getClient(ctx, state, itemIndex);
		const result = await postOrUpdateBurstSummary(client, {
			channel,
			burstKey: group.burst.burstKey,
			collapsedCount: group.burst.collapsedCount,
			summaryText: group.burst.summaryText,
			blocks,
			windowStart: group.burst.windowStart,
			channelCache: state.channelCache,
		});
		state.burstSummaries.set(key, result);
		return { ...common, ...result };
	});
}
