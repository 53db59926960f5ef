import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BurstLabel } from '../../../src/core/burst';
import type { PaymentAlertItem } from '../../../src/core/items/paymentAlert';
import { isRecord } from '../../../src/core/records';
import { notePostingIntent } from '../../../src/core/state/postingIntent';
import { adoptThreadParent } from '../../../src/core/state/threadMap';
import {
	discordStateChannel,
	findEarlierAlert,
	messagePayload,
	parseDiscordMention,
	postAlert,
	postOrUpdateBurstSummary,
	withMention,
} from '../../../src/platforms/discord';
import type { DiscordMessagePayload, EarlierAlert } from '../../../src/platforms/discord';
import { eventClaimOf, posterOf } from '../../shared/eventClaims';
import {
	alertItem,
	channelProperty,
	channelSourceProperty,
	chooseChannel,
	getClient,
	getCredentials,
	getStore,
	optionsProperty,
} from './common';
import type { RunState } from './common';

export const description: INodeProperties[] = [
	channelSourceProperty(['post']),
	channelProperty(
		['post'],
		'Where to post. With "From the Route Decision", only used when the routing rules name no channel.',
	),
	optionsProperty(['post']),
];

interface CollapsedBurst {
	burstKey: string;
	threshold: number;
	label: BurstLabel;
	windowMinutes: number;
}

/** A collapsed alert (`burst.mode === 'collapse'`, src/core/burst.ts) is counted in its window's summary, not posted. */
function collapsedBurstOf(item: Partial<PaymentAlertItem>): CollapsedBurst | undefined {
	const burst = item.burst;
	if (!burst || burst.mode !== 'collapse' || typeof burst.burstKey !== 'string') return undefined;
	const threshold = Number(burst.threshold);
	const windowMinutes = Number(burst.windowMinutes);
	const label = burst.label;
	if (!Number.isInteger(threshold) || !Number.isInteger(windowMinutes)) return undefined;
	if (!label || typeof label.one !== 'string' || typeof label.other !== 'string') return undefined;
	return { burstKey: burst.burstKey, threshold, windowMinutes, label };
}

/** Payment Alert's Discord rendering of the item (`item.discord`), as the body to send. */
function renderingOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: Partial<PaymentAlertItem>,
): DiscordMessagePayload {
	const rendering = (item as Record<string, unknown>).discord;
	if (!isRecord(rendering) || typeof rendering.content !== 'string' || !Array.isArray(rendering.embeds)) {
		throw new NodeOperationError(ctx.getNode(), 'This item has no Discord message from the Payment Alert node', {
			itemIndex,
			description:
				'Connect this node after a Payment Alert node (its items carry the alert rendered for Discord under "discord"), or use the Send Text operation.',
		});
	}
	return messagePayload({
		content: rendering.content,
		embeds: rendering.embeds,
		components: Array.isArray(rendering.components) ? rendering.components : [],
		allowed_mentions: { parse: [] },
	} as DiscordMessagePayload);
}

/**
 * Exactly-once alerts across a crash (src/core/state/postingIntent.ts): notes that this execution is about to post
 * the alert of the item's claimed event; when an earlier attempt had noted the same and died before marking the
 * event handled, looks for its message in that channel first. A look that fails is logged and the alert is posted:
 * shown twice is better than not at all.
 */
async function findAlertPostedBefore(
	ctx: IExecuteFunctions,
	state: RunState,
	itemIndex: number,
	alert: { channelId: string; eventId?: string; threadKey?: string },
): Promise<(EarlierAlert & { channelId: string }) | undefined> {
	const claim = eventClaimOf(ctx.getInputData()[itemIndex].json);
	if (!claim || !alert.eventId) return undefined;
	const store = await getStore(ctx, state, itemIndex);
	const earlier = await notePostingIntent(store, claim.key, posterOf(ctx), {
		channel: alert.channelId,
		since: Date.now(),
	});
	if (!earlier) return undefined;
	let found: EarlierAlert | undefined;
	try {
		found = await findEarlierAlert(await getClient(ctx, state), {
			channelId: earlier.channel,
			since: earlier.since,
			eventId: alert.eventId,
		});
	} catch (error: unknown) {
		ctx.logger.warn(
			`${ctx.getNode().name}: an earlier attempt was posting the alert of ${alert.eventId} when it stopped, and looking ` +
				`for its message in Discord failed (${(error as Error).message}); posting it now, so it may show twice`,
		);
		return undefined;
	}
	if (!found) return undefined;
	// It was the object's first alert and the dead attempt never recorded it: record it, or the next event starts anew.
	const threadKey = alert.threadKey?.trim();
	if (threadKey && !found.replyTo) {
		await adoptThreadParent(store, discordStateChannel(earlier.channel), threadKey, { ts: found.messageId });
	}
	return { ...found, channelId: earlier.channel };
}

/**
 * Posts Payment Alert's item: the first alert of a Stripe object as a message, later ones as replies to it (the
 * thread map, src/platforms/discord/messages.ts); a collapsed burst brings its one summary message up to date; a
 * suppressed route passes through. Buttons are bound to the channel with the credential's button signing secret; an
 * action button that cannot be bound is left out, and the output (`droppedButtons`) and the log say so.
 * @see https://discord.com/developers/docs/resources/message#create-message
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	const item = alertItem(this, itemIndex);
	if (item.route?.suppressed === true) {
		return { ...item, posted: false, reason: item.route.reason ?? 'suppressed by the routing rules' };
	}
	const channelId = chooseChannel(this, itemIndex, item.route?.channel);
	const burst = collapsedBurstOf(item);
	if (burst) {
		const key = `burst:${channelId}:${burst.burstKey}`;
		const done = state.summaries.get(key);
		if (done) return { ...done, action: 'unchanged', coalesced: true, eventId: item.message?.eventId };
		const result = await postOrUpdateBurstSummary(await getClient(this, state), {
			channelId,
			...burst,
			store: await getStore(this, state, itemIndex),
			token: state.token,
		});
		const output: IDataObject = {
			ok: true,
			posted: false,
			collapsed: true,
			burstKey: burst.burstKey,
			channelId,
			action: result.action,
			count: result.count,
			summaryMessageId: result.ts,
		};
		state.summaries.set(key, output);
		return { ...output, eventId: item.message?.eventId };
	}
	const useRoute = this.getNodeParameter('channelSource', itemIndex, 'route') === 'route';
	const mention = useRoute ? parseDiscordMention(item.route?.mention) : undefined;
	const payload = withMention(renderingOf(this, itemIndex, item), mention);
	const threadKey = item.message?.threadKey;
	const eventId = item.message?.eventId;
	const earlier = await findAlertPostedBefore(this, state, itemIndex, { channelId, eventId, threadKey });
	if (earlier) return { ok: true, posted: true, postedByEarlierAttempt: true, ...earlier, threadKey, eventId };
	const posted = await postAlert(await getClient(this, state), {
		channelId,
		threadKey,
		payload,
		buttonSigningSecret: (await getCredentials(this, state)).buttonSigningSecret,
		store: threadKey ? await getStore(this, state, itemIndex) : undefined,
		token: state.token,
	});
	if (posted.droppedButtons) {
		this.logger.warn(
			`${this.getNode().name}: ${posted.droppedButtons.count} action button(s) left out of the alert of ${eventId ?? 'an event'}: ${posted.droppedButtons.reason}`,
		);
	}
	return { ok: true, posted: true, ...posted, threadKey, eventId };
}
