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
	createDiscordClient,
	DEFAULT_DISCORD_RETRIES,
	DiscordApiError,
	discordAddressing,
	readDiscordCredentials,
	scrubSecrets,
} from '../../../src/platforms/discord';
import type { DiscordClient, DiscordCredentials } from '../../../src/platforms/discord';
import { openNodeStateStore } from '../../shared/stateStore';

export type Operation = 'post' | 'sendText';

/** Lives for one execution only: nothing is kept in process memory between executions (queue mode). */
export interface RunState {
	credentials?: DiscordCredentials;
	client?: DiscordClient;
	store?: StateStore;
	/** Marks this execution's claims (thread parents, summary locks) in the state store. */
	token: string;
	/** Burst summaries already brought up to date in this execution, by channel and burst key. */
	summaries: Map<string, IDataObject>;
}

export function createRunState(ctx: IExecuteFunctions): RunState {
	return { token: `${ctx.getExecutionId() ?? 'run'}:${randomUUID()}`, summaries: new Map() };
}

export async function getStore(ctx: IExecuteFunctions, state: RunState, itemIndex: number): Promise<StateStore> {
	state.store ??= await openNodeStateStore(ctx, itemIndex);
	return state.store;
}

export async function getCredentials(ctx: IExecuteFunctions, state: RunState): Promise<DiscordCredentials> {
	state.credentials ??= await readDiscordCredentials(ctx);
	return state.credentials;
}

/** One client per execution: its rate-limit buckets then hold every item's calls back together. */
export async function getClient(ctx: IExecuteFunctions, state: RunState): Promise<DiscordClient> {
	if (state.client) return state.client;
	const credentials = await getCredentials(ctx, state);
	const retries = ctx.getNodeParameter('options.retries', 0, DEFAULT_DISCORD_RETRIES) as number;
	state.client = createDiscordClient({
		botToken: credentials.botToken,
		apiBaseUrl: credentials.apiBaseUrl,
		maxRetries: retries,
	});
	return state.client;
}

export const showFor = (operations: Operation[]) => ({ show: { operation: operations } });

export const channelProperty = (operations: Operation[], description: string): INodeProperties => ({
	displayName: 'Channel ID',
	name: 'channelId',
	type: 'string',
	default: '',
	placeholder: '123456789012345678',
	displayOptions: showFor(operations),
	description,
	hint: 'With Developer Mode on (User Settings → Advanced), right-click the channel → Copy Channel ID',
});

export const retriesOption: INodeProperties = {
	displayName: 'Retries',
	name: 'retries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: DEFAULT_DISCORD_RETRIES,
	description:
		'How often to try again when Discord has a server error or cannot be reached. After the last try the item fails, so nothing is lost silently. When Discord asks to slow down (rate limit), the node waits as long as Discord asks, up to 10 minutes per message, without using up these tries.',
};

export const optionsProperty = (operations: Operation[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	displayOptions: showFor(operations),
	default: {},
	options: [retriesOption],
});

/** The item as Payment Alert emits it, checked against Payment Alert's item contract. */
export function alertItem(ctx: IExecuteFunctions, itemIndex: number): Partial<PaymentAlertItem> {
	return readItem(ctx.getInputData()[itemIndex].json, PAYMENT_ALERT_ITEM, 'Stripe Chat Discord');
}

/** The channel id to post to: the route decision's (when it is a Discord channel), else the node's. */
export function chooseChannel(ctx: IExecuteFunctions, itemIndex: number, routed: string | undefined): string {
	const useRoute = ctx.getNodeParameter('channelSource', itemIndex, 'route') === 'route';
	const fallback = String(ctx.getNodeParameter('channelId', itemIndex, '')).trim();
	const channel = (useRoute ? routed?.trim() : undefined) || fallback;
	if (!channel) {
		throw new NodeOperationError(ctx.getNode(), 'No channel to post to', {
			itemIndex,
			description: useRoute
				? 'The route decision named no channel for this item and Channel ID is empty. Set a Channel ID to use when the routing rules name none.'
				: 'Set Channel ID.',
		});
	}
	const problem = discordAddressing.describeChannelProblem(channel);
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `"${channel}" ${problem}`, {
			itemIndex,
			description:
				'Discord takes channels by id only. In Payment Alert choose Discord as the Chat Platform so its rules name Discord channel ids.',
		});
	}
	return channel;
}

export const channelSourceProperty = (operations: Operation[]): INodeProperties => ({
	displayName: 'Channel Source',
	name: 'channelSource',
	type: 'options',
	displayOptions: showFor(operations),
	options: [
		{
			name: 'From the Route Decision, Else This Channel',
			value: 'route',
			description:
				'Post where the Payment Alert routing rules sent the item (and mention whom they name); use Channel ID when they name no channel',
		},
		{ name: 'This Channel', value: 'fixed', description: 'Always post to Channel ID, ignoring the route decision' },
	],
	default: 'route',
});

/** Maps whatever a Discord call threw to an n8n error with a hint, attached to the item; the bot token is scrubbed. */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	secrets: Array<string | undefined> = [],
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ThreadBusyError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description:
				'Another run is posting the first message of this object right now. This run ends with an error so that Stripe delivers the event again shortly; it then replies to that message.',
		});
	}
	if (error instanceof ItemContractError || error instanceof StateStoreError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	if (error instanceof DiscordApiError) {
		const message = scrubSecrets(error.message, secrets);
		return new NodeApiError(node, { message, code: error.code ?? error.status } as JsonObject, {
			message,
			description: error.hint,
			itemIndex,
			httpCode: error.status ? String(error.status) : undefined,
		});
	}
	const message = scrubSecrets(error instanceof Error ? error.message : String(error), secrets);
	return new NodeOperationError(node, message, { itemIndex });
}
