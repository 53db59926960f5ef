import { randomUUID } from 'node:crypto';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeProperties, JsonObject } from 'n8n-workflow';

import { ItemContractError, readItem } from '../../../src/core/items/contract';
import { PAYMENT_ALERT_ITEM } from '../../../src/core/items/paymentAlert';
import type { PaymentAlertItem } from '../../../src/core/items/paymentAlert';
import { StateStoreError } from '../../../src/core/state/stateStore';
import type { StateStore } from '../../../src/core/state/stateStore';
import { ThreadBusyError } from '../../../src/core/state/threadMap';
import {
	DEFAULT_TELEGRAM_MAX_RETRIES,
	describeTelegramError,
	readTelegramCredentials,
	telegramAddressing,
	telegramClientFor,
} from '../../../src/platforms/telegram';
import type { TelegramClient, TelegramCredentials, TelegramMessageContent } from '../../../src/platforms/telegram';
import { openNodeStateStore } from '../../shared/stateStore';

export type Operation = 'post' | 'sendText';

/** Lives for one execution only: nothing is kept in process memory between executions (queue mode). */
export interface RunState {
	credentials?: TelegramCredentials;
	clients: Map<number, TelegramClient>;
	store?: StateStore;
	/** Marks this execution's claims (thread parents, summary locks) in the state store. */
	token: string;
	/** Summary calls already made in this execution, by chat and burst key. */
	burstSummaries: Map<string, IDataObject>;
}

export function createRunState(ctx: IExecuteFunctions): RunState {
	return { clients: new Map(), token: `${ctx.getExecutionId() ?? 'run'}:${randomUUID()}`, burstSummaries: new Map() };
}

export async function getStore(ctx: IExecuteFunctions, state: RunState, itemIndex: number): Promise<StateStore> {
	state.store ??= await openNodeStateStore(ctx, itemIndex);
	return state.store;
}

export async function getCredentials(ctx: IExecuteFunctions, state: RunState): Promise<TelegramCredentials> {
	state.credentials ??= await readTelegramCredentials(ctx);
	return state.credentials;
}

/** One client per retry setting and execution. */
export async function getClient(ctx: IExecuteFunctions, state: RunState, itemIndex: number): Promise<TelegramClient> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const retries = typeof options.retries === 'number' ? options.retries : DEFAULT_TELEGRAM_MAX_RETRIES;
	const existing = state.clients.get(retries);
	if (existing) return existing;
	const client = telegramClientFor(await getCredentials(ctx, state), {
		maxRetries: retries,
		onWait: (line) => ctx.logger.info(line),
	});
	state.clients.set(retries, client);
	return client;
}

/** The item as Payment Alert emits it, checked against its contract (src/core/items/paymentAlert.ts). */
export function alertItem(ctx: IExecuteFunctions, itemIndex: number): Partial<PaymentAlertItem> {
	return readItem(ctx.getInputData()[itemIndex].json, PAYMENT_ALERT_ITEM, 'Stripe Chat Telegram');
}

/** The Payment Alert rendering for Telegram (`telegram` on the item: text, parse mode, keyboard). */
export function alertContent(ctx: IExecuteFunctions, itemIndex: number): TelegramMessageContent {
	const rendering = alertItem(ctx, itemIndex).telegram as Partial<TelegramMessageContent> | undefined;
	if (!rendering || typeof rendering.text !== 'string' || rendering.text === '') {
		throw new NodeOperationError(ctx.getNode(), 'This item has no Telegram message from the Payment Alert node', {
			itemIndex,
			description:
				'Connect this node after the Payment Alert node (its items carry telegram.text and telegram.reply_markup), or use the "Send Text" operation.',
		});
	}
	return rendering as TelegramMessageContent;
}

/** The node's chat parameter, checked: a chat id or `@channelusername`. */
export function readChatParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = String(ctx.getNodeParameter('chatId', itemIndex, '') ?? '').trim();
	if (value && telegramAddressing.describeChannelProblem(value)) {
		throw new NodeOperationError(ctx.getNode(), `"${value}" ${telegramAddressing.describeChannelProblem(value)}`, {
			itemIndex,
		});
	}
	return telegramAddressing.normalizeChannel(value) ?? '';
}

/** The chat for an alert: the route decision's (when it names a Telegram chat), else the node's. */
export function chooseChat(ctx: IExecuteFunctions, itemIndex: number): string {
	const source = ctx.getNodeParameter('chatSource', itemIndex, 'route') as string;
	const routed = source === 'route' ? alertItem(ctx, itemIndex).route?.channel : undefined;
	const chat = telegramAddressing.normalizeChannel(typeof routed === 'string' ? routed : undefined);
	const fallback = readChatParameter(ctx, itemIndex);
	if (chat || fallback) return (chat ?? fallback) as string;
	throw new NodeOperationError(ctx.getNode(), 'No Telegram chat to post to', {
		itemIndex,
		description:
			'The route decision named no Telegram chat for this item and Chat ID is empty. Set Chat ID (e.g. -1001234567890 or @payments_alerts).',
	});
}

export const showFor = (operations: Operation[]) => ({ show: { operation: operations } });

export const chatIdProperty = (operations: Operation[], description: string): INodeProperties => ({
	displayName: 'Chat ID',
	name: 'chatId',
	type: 'string',
	default: '',
	placeholder: '-1001234567890 or @payments_alerts',
	displayOptions: showFor(operations),
	description,
});

export const topicOption: INodeProperties = {
	displayName: 'Topic ID',
	name: 'topicId',
	type: 'number',
	default: 0,
	description:
		'In a forum supergroup: the topic (message_thread_id) to post in; 0 posts in the general topic. Replies follow the message they answer.',
};

export const retriesOption: INodeProperties = {
	displayName: 'Retries',
	name: 'retries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: DEFAULT_TELEGRAM_MAX_RETRIES,
	description:
		'How often to try again when Telegram has a server error or cannot be reached. After the last try the item fails, so nothing is lost silently. When Telegram asks to slow down (flood control), the node waits as long as asked, up to 10 minutes per message, without using up these tries.',
};

export const optionsProperty = (operations: Operation[], extra: INodeProperties[] = []): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	displayOptions: showFor(operations),
	default: {},
	options: [...extra, topicOption, retriesOption],
});

/** The topic from the options, or undefined for none. */
export function topicOf(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return typeof options.topicId === 'number' && options.topicId > 0 ? options.topicId : undefined;
}

/**
 * Maps whatever a Telegram call threw to an n8n error with a hint a person can act on, attached to the item.
 * The bot token is scrubbed from every text.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number | undefined,
	context: { chat?: string; secrets?: string[] } = {},
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ThreadBusyError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description:
				'Another run is posting the first message about this object right now. This run ends with an error so that Stripe delivers the event again shortly; it then replies to that message.',
		});
	}
	if (error instanceof ItemContractError || error instanceof StateStoreError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	const described = describeTelegramError(error, context);
	if (described.isSetupError) {
		return new NodeOperationError(node, described.message, { itemIndex, description: described.hint });
	}
	return new NodeApiError(node, { message: described.message } as JsonObject, {
		message: described.message,
		description: described.hint,
		itemIndex,
		httpCode: described.errorCode ? String(described.errorCode) : undefined,
	});
}

/** Runs a Telegram call for one item and turns its failure into an n8n error that names the chat and hides the token. */
export async function callTelegram<T>(
	ctx: IExecuteFunctions,
	state: RunState,
	itemIndex: number,
	chat: string | undefined,
	call: () => Promise<T>,
): Promise<T> {
	try {
		return await call();
	} catch (error: unknown) {
		const secrets = state.credentials?.botToken ? [state.credentials.botToken] : [];
		throw toNodeError(ctx.getNode(), error, itemIndex, { chat, secrets });
	}
}
