import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { postOrUpdateBurstSummary } from '../../../src/platforms/slack';
import type { BurstSummaryResult } from '../../../src/platforms/slack';
import { callSlack, chooseChannel, getClient, getStore, itemJson, resolveChannel, suppressedOutput } from './common';
import type { PaymentAlertItem } from '../../../src/core/items/paymentAlert';
import type { BurstGroup, CollapsedBurst, RunState } from './common';

function collapsedBurstOf(item: Partial<PaymentAlertItem>): CollapsedBurst | undefined {
	const burst = item.burst;
	if (!burst || burst.mode !== 'collapse' || item.route?.suppressed === true) return undefined;
	if (typeof burst.burstKey !== 'string' || typeof burst.windowStart !== 'string') return undefined;
	const threshold = Number(burst.threshold);
	const windowMinutes = Number(burst.windowMinutes);
	const label = burst.label;
	if (!Number.isInteger(threshold) || !Number.isInteger(windowMinutes)) return undefined;
	if (!label || typeof label.one !== 'string' || typeof label.other !== 'string') return undefined;
	return { burstKey: burst.burstKey, threshold, windowMinutes, label, windowStart: burst.windowStart };
}

const groupKey = (channel: string, burstKey: string) => `${channel}\u0000${burstKey}`;

/** Collapsed items of one summary in this execution, found once per execution: one summary call per group. */
function burstGroups(ctx: IExecuteFunctions, state: RunState): Map<string, BurstGroup> {
	if (state.burstGroups) return state.burstGroups;
	const groups = new Map<string, BurstGroup>();
	const items = ctx.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const burst = collapsedBurstOf(items[itemIndex].json as Partial<PaymentAlertItem>);
		if (!burst) continue;
		let channel: string;
		try {
			channel = chooseChannel(ctx, itemIndex).channel;
		} catch {
			// This item's own turn reports the missing channel; it just joins no group.
			continue;
		}
		const key = groupKey(channel, burst.burstKey);
		if (!groups.has(key)) groups.set(key, { itemIndex, burst });
	}
	state.burstGroups = groups;
	return groups;
}

/**
 * For a collapsed item: brings its window's summary message up to the window's count instead of posting the
 * alert; undefined for every other item. The summary carries no mention: the alerts posted before the burst
 * collapsed already notified, and a summary that keeps growing should not ping again.
 * How concurrent executions keep one exact summary: docs/ARCHITECTURE.md, "At-least-once ingestion, exactly-once
 * alerts" (src/core/state/burstSummary.ts).
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
	const output = (result: BurstSummaryResult) => ({
		...common,
		channel: result.channel,
		action: result.action,
		count: result.count,
		summaryTs: result.ts,
	});
	const done = state.burstSummaries.get(key);
	if (done) return { ...output(done), action: 'unchanged', coalesced: true };
	return await callSlack(ctx, state, itemIndex, channel, async () => {
		const channelId = await resolveChannel(ctx, state, itemIndex, channel);
		const result = await postOrUpdateBurstSummary(await getClient(ctx, state, itemIndex), {
			channel: channelId,
			burstKey: group.burst.burstKey,
			threshold: group.burst.threshold,
			label: group.burst.label,
			windowMinutes: group.burst.windowMinutes,
			windowStart: group.burst.windowStart,
			store: await getStore(ctx, state, itemIndex),
			token: state.token,
		});
		state.burstSummaries.set(key, result);
		return output(result);
	});
}

/** Where an alert goes, or what the operation answers without posting it. */
export type AlertDelivery =
	| { output: IDataObject }
	| { channel: string; mention?: string; message?: Partial<PaymentAlertItem>['message'] };

/**
 * What the operations that post alerts do first: a suppressed alert passes through, a collapsed one brings its
 * burst summary up to date; any other gets its channel and mention.
 */
export async function prepareDelivery(
	ctx: IExecuteFunctions,
	itemIndex: number,
	state: RunState,
): Promise<AlertDelivery> {
	const suppressed = suppressedOutput(ctx, itemIndex);
	if (suppressed) return { output: suppressed };
	const collapsed = await executeCollapsed(ctx, itemIndex, state);
	if (collapsed) return { output: collapsed };
	return { ...chooseChannel(ctx, itemIndex), message: itemJson(ctx, itemIndex).message };
}
