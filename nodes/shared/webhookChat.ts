import { randomUUID } from 'node:crypto';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';

import { ItemContractError } from '../../src/core/items/contract';
import type { PaymentAlertItem } from '../../src/core/items/paymentAlert';
import { StateStoreError } from '../../src/core/state/stateStore';
import type { StateStore } from '../../src/core/state/stateStore';
import type { ChatMessage } from '../../src/core/types';
import { chatPlatform } from '../../src/platforms';
import type { PlatformRendering } from '../../src/platforms';
import { closePreviousBurstWindow, previousBurstKey, syncWebhookBurstSummary } from '../../src/platforms/webhookBurst';
import type { WebhookBurstResult } from '../../src/platforms/webhookBurst';
import { DEFAULT_WEBHOOK_RETRIES, WebhookPostError } from '../../src/platforms/webhookClient';
import { readAlertItem } from './alertItem';
import { runPostingItems } from './postingRun';
import { openNodeStateStore } from './stateStore';

/**
 * What the posting nodes of the webhook platforms (Stripe Chat Teams, Stripe Chat Google Chat) share: reading
 * Payment Alert's item, suppressed and collapsed alerts, the event claims, the run loop, and errors without the
 * webhook URL. Each node names its platform in a `WebhookChatTarget`; its operation files call these functions.
 *
 * There is no channel to choose: a webhook posts to the one channel or space it was made for, so the routing rules
 * name none for these platforms (src/platforms/teams/addressing.ts) and the credential is the destination.
 */
export interface WebhookChatTarget {
	/** The node's display name, for errors ("Stripe Chat Teams"). */
	nodeName: string;
	/** The platform id: the item field that carries its rendering (`teams`, `gchat`). */
	platformId: string;
	readWebhookUrl(ctx: IExecuteFunctions): Promise<string>;
	/**
	 * Posts a rendering (in the thread of `threadKey`, where the platform threads); resolves with output fields.
	 * `onceKey` names the post (an alert's event id), for platforms that can tell a repeated request from a new one.
	 */
	post(
		webhookUrl: string,
		rendering: PlatformRendering,
		options: { threadKey?: string; maxRetries: number; onceKey?: string },
	): Promise<IDataObject>;
	/** A text-only rendering, shown as typed: Send Text and burst summaries. */
	renderText(text: string): PlatformRendering;
	/** The thread key of a burst's summaries, where the platform threads; undefined posts them on their own. */
	burstThreadKey?(burstKey: string): string | undefined;
}

/** Lives for one execution only: nothing is kept in process memory between executions (queue mode). */
export interface WebhookRunState {
	webhookUrl?: string;
	store?: StateStore;
	token: string;
	/** Burst summaries already brought up to date in this execution, by burst key. */
	bursts: Map<string, WebhookBurstResult>;
	/** Windows whose previous window was already closed in this execution, by burst key. */
	closedWindows: Set<string>;
}

export type WebhookOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
	state: WebhookRunState,
) => Promise<IDataObject>;

export const retriesOption: INodeProperties = {
	displayName: 'Retries',
	name: 'retries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: DEFAULT_WEBHOOK_RETRIES,
	description:
		'How often to try again when the platform has a server error or cannot be reached. After the last try the item fails, so nothing is lost silently. When the platform asks to slow down (429), the node waits as asked, up to 10 minutes per message, without using up these tries.',
};

export const optionsProperty = (operations: string[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	displayOptions: { show: { operation: operations } },
	default: {},
	options: [retriesOption],
});

export function retriesOf(ctx: IExecuteFunctions, itemIndex: number): number {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return typeof options.retries === 'number' ? options.retries : DEFAULT_WEBHOOK_RETRIES;
}

export async function webhookUrlOf(
	ctx: IExecuteFunctions,
	target: WebhookChatTarget,
	state: WebhookRunState,
): Promise<string> {
	state.webhookUrl ??= await target.readWebhookUrl(ctx);
	return state.webhookUrl;
}

async function storeOf(ctx: IExecuteFunctions, state: WebhookRunState, itemIndex: number): Promise<StateStore> {
	state.store ??= await openNodeStateStore(ctx, itemIndex);
	return state.store;
}

/**
 * The alert's rendering for this platform: the one Payment Alert put on the item (with the mention its routing
 * rules chose, in the platform's syntax), else rendered here from the item's neutral message without a mention.
 */
function renderingOf(
	ctx: IExecuteFunctions,
	target: WebhookChatTarget,
	item: Partial<PaymentAlertItem>,
	itemIndex: number,
) {
	const given = item[target.platformId] as PlatformRendering | undefined;
	if (given && typeof given === 'object' && typeof given.text === 'string') return given;
	const message = item.message as ChatMessage | undefined;
	if (message && typeof message.title === 'string' && Array.isArray(message.fields)) {
		return chatPlatform(target.platformId).render(message, {});
	}
	throw new NodeOperationError(ctx.getNode(), 'This item has no alert from the Payment Alert node', {
		itemIndex,
		description: `Connect ${target.nodeName} after Payment Alert (its items carry the alert rendered for every chat platform), or use Send Text.`,
	});
}

/** The item's burst window when Payment Alert collapses bursts (its alert posted on its own or collapsed). */
function burstOf(item: Partial<PaymentAlertItem>) {
	const burst = item.burst;
	if (!burst) return undefined;
	const threshold = Number(burst.threshold);
	const windowMinutes = Number(burst.windowMinutes);
	if (typeof burst.burstKey !== 'string' || !Number.isInteger(threshold) || !Number.isInteger(windowMinutes))
		return undefined;
	if (!burst.label || typeof burst.label.one !== 'string' || typeof burst.label.other !== 'string') return undefined;
	return { burstKey: burst.burstKey, threshold, windowMinutes, label: burst.label };
}

function collapsedBurstOf(item: Partial<PaymentAlertItem>) {
	return item.burst?.mode === 'collapse' ? burstOf(item) : undefined;
}

/**
 * The first alert of a kind in a new window posts the previous window's final count when its last summary showed
 * less (src/platforms/webhookBurst.ts): a webhook cannot update that summary. Once per window and execution.
 */
async function closePreviousWindow(
	ctx: IExecuteFunctions,
	target: WebhookChatTarget,
	item: Partial<PaymentAlertItem>,
	context: { itemIndex: number; state: WebhookRunState; webhookUrl: string; maxRetries: number },
): Promise<IDataObject> {
	const burst = burstOf(item);
	if (!burst || context.state.closedWindows.has(burst.burstKey)) return {};
	context.state.closedWindows.add(burst.burstKey);
	const previous = previousBurstKey(burst.burstKey, burst.windowMinutes);
	const finalCount = await closePreviousBurstWindow({
		...burst,
		store: await storeOf(ctx, context.state, context.itemIndex),
		webhookUrl: context.webhookUrl,
		platformId: target.platformId,
		token: context.state.token,
		post: async (text) => {
			await target.post(context.webhookUrl, target.renderText(text), {
				threadKey: previous ? target.burstThreadKey?.(previous) : undefined,
				maxRetries: context.maxRetries,
				onceKey: `${previous}:${text}`,
			});
		},
	});
	return finalCount === undefined ? {} : { previousBurstFinalCount: finalCount };
}

/**
 * Post Alert for one item: a suppressed alert passes through; a collapsed one brings its burst's summaries up to
 * date (src/platforms/webhookBurst.ts); any other alert is posted, in its object's thread where the platform has
 * threads (the key is the message's `threadKey`, so no state is needed for it).
 */
export async function postAlert(
	ctx: IExecuteFunctions,
	target: WebhookChatTarget,
	itemIndex: number,
	state: WebhookRunState,
): Promise<IDataObject> {
	const item = readAlertItem(ctx, itemIndex, target.platformId, target.nodeName);
	const eventId = item.message?.eventId;
	if (item.route?.suppressed === true) {
		return { ...item, posted: false, reason: item.route.reason ?? 'suppressed by the routing rules' };
	}
	const webhookUrl = await webhookUrlOf(ctx, target, state);
	const maxRetries = retriesOf(ctx, itemIndex);
	const closed = await closePreviousWindow(ctx, target, item, { itemIndex, state, webhookUrl, maxRetries });
	const collapsed = collapsedBurstOf(item);
	if (collapsed) {
		const done = state.bursts.get(collapsed.burstKey);
		const common = { ok: true, posted: false, collapsed: true, burstKey: collapsed.burstKey, eventId, ...closed };
		if (done) return { ...common, ...done, action: 'unchanged', coalesced: true };
		const result = await syncWebhookBurstSummary({
			...collapsed,
			store: await storeOf(ctx, state, itemIndex),
			webhookUrl,
			platformId: target.platformId,
			token: state.token,
			post: async (text) => {
				await target.post(webhookUrl, target.renderText(text), {
					threadKey: target.burstThreadKey?.(collapsed.burstKey),
					maxRetries,
					onceKey: `${collapsed.burstKey}:${text}`,
				});
			},
		});
		state.bursts.set(collapsed.burstKey, result);
		return { ...common, ...result };
	}
	const threadKey = item.message?.threadKey;
	const posted = await target.post(webhookUrl, renderingOf(ctx, target, item, itemIndex), {
		threadKey,
		maxRetries,
		onceKey: eventId,
	});
	return { ok: true, posted: true, platform: target.platformId, eventId, threadKey, ...closed, ...posted };
}

/** Send Text for one item: the node's text, shown as typed. */
export async function sendText(
	ctx: IExecuteFunctions,
	target: WebhookChatTarget,
	itemIndex: number,
	state: WebhookRunState,
	threadKey?: string,
): Promise<IDataObject> {
	const text = String(ctx.getNodeParameter('text', itemIndex, '')).trim();
	if (!text) {
		throw new NodeOperationError(ctx.getNode(), 'Text is empty', { itemIndex, description: 'Write the text to send.' });
	}
	const webhookUrl = await webhookUrlOf(ctx, target, state);
	const posted = await target.post(webhookUrl, target.renderText(text), {
		threadKey: threadKey || undefined,
		maxRetries: retriesOf(ctx, itemIndex),
	});
	return { ok: true, posted: true, platform: target.platformId, ...posted };
}

/** An error of this node as n8n's, with a hint; the webhook URL was already scrubbed by the client. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ItemContractError || error instanceof StateStoreError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	if (error instanceof WebhookPostError) {
		if (error.status === undefined || (error.status >= 400 && error.status < 500 && error.status !== 429)) {
			return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
		}
		return new NodeApiError(node, { message: error.message } as JsonObject, {
			message: error.message,
			description: error.hint,
			itemIndex,
			httpCode: String(error.status),
		});
	}
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}

/** Runs the chosen operation for every item (nodes/shared/postingRun.ts: claims completed when posted, released when not). */
export async function runWebhookOperations(
	ctx: IExecuteFunctions,
	operations: Record<string, WebhookOperation>,
): Promise<INodeExecutionData[][]> {
	const execute = operations[ctx.getNodeParameter('operation', 0) as string];
	const state: WebhookRunState = {
		token: `${ctx.getExecutionId() ?? 'run'}:${randomUUID()}`,
		bursts: new Map(),
		closedWindows: new Set(),
	};
	return await runPostingItems(ctx, {
		execute: async (itemIndex) => await execute.call(ctx, itemIndex, state),
		store: async () => await storeOf(ctx, state, 0),
		toError: (error, itemIndex) => toNodeError(ctx.getNode(), error, itemIndex),
	});
}
