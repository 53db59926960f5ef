import { createHash, randomUUID } from 'node:crypto';

import type { WebClient } from '@slack/web-api';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeProperties, JsonObject } from 'n8n-workflow';

import {
	applyMention,
	DEFAULT_MAX_RETRIES,
	describeSlackError,
	displayChannel,
	findEarlierPost,
	formatMention,
	isChannelId,
	normalizeChannelName,
	parseBlocks,
	readSlackCredentials,
	resolveChannelId,
	SLACK_CHANNEL_ID_PATTERN,
	slackClientFor,
	SlackOperationError,
	SlackSetupError,
} from '../../../src/platforms/slack';
import { chatPlatform, wrongPlatformProblem } from '../../../src/platforms';
import type { BurstLabel } from '../../../src/core/burst';
import { ItemContractError, readItem } from '../../../src/core/items/contract';
import { PAYMENT_ALERT_ITEM } from '../../../src/core/items/paymentAlert';
import type { PaymentAlertItem } from '../../../src/core/items/paymentAlert';
import { StateStoreError } from '../../../src/core/state/stateStore';
import type { StateStore } from '../../../src/core/state/stateStore';
import { notePostingIntent } from '../../../src/core/state/postingIntent';
import { adoptThreadParent, readThreadParent, ThreadBusyError } from '../../../src/core/state/threadMap';
import type {
	BurstSummaryResult,
	EarlierPost,
	SlackCredentials,
	SlackMessageContent,
} from '../../../src/platforms/slack';
import { eventClaimOf, posterOf } from '../../shared/eventClaims';
import { openNodeStateStore } from '../../shared/stateStore';

export type Operation = 'post' | 'postInThread' | 'update' | 'postEphemeral' | 'respond';

/** A collapsed alert as Payment Alert emits it (`burst.mode === 'collapse'`, see src/core/burst.ts BurstDecision). */
export interface CollapsedBurst {
	burstKey: string;
	threshold: number;
	label: BurstLabel;
	windowMinutes: number;
	windowStart: string;
}

/** Collapsed items of one summary in one execution; the item with the highest count speaks for all. */
export interface BurstGroup {
	itemIndex: number;
	burst: CollapsedBurst;
}

/** Lives for one execution only: nothing is kept in process memory between executions (queue mode). */
export interface RunState {
	credentials?: SlackCredentials;
	clients: Map<number, WebClient>;
	/** Channel IDs by name for this execution; the state store remembers them across executions. */
	channelCache: Map<string, string>;
	/** Opened on first use; only operations that thread, collapse or complete events need it. */
	store?: StateStore;
	/** Marks this execution's claims (thread parents, summary locks) in the state store. */
	token: string;
	/** Collapsed items of this execution grouped by channel and burst key (built on the first collapsed item). */
	burstGroups?: Map<string, BurstGroup>;
	/** Summary calls already made in this execution, by channel and burst key. */
	burstSummaries: Map<string, BurstSummaryResult>;
}

export function createRunState(ctx: IExecuteFunctions): RunState {
	return {
		clients: new Map(),
		channelCache: new Map(),
		token: `${ctx.getExecutionId() ?? 'run'}:${randomUUID()}`,
		burstSummaries: new Map(),
	};
}

export async function getStore(ctx: IExecuteFunctions, state: RunState, itemIndex: number): Promise<StateStore> {
	state.store ??= await openNodeStateStore(ctx, itemIndex);
	return state.store;
}

/**
 * Exactly-once alerts across a crash (src/core/state/postingIntent.ts): notes that this execution is about to post
 * the alert of the item's claimed event, and when an earlier attempt had noted the same and died before marking
 * the event handled, looks for that attempt's message in Slack first. A look that fails is logged and the alert is
 * posted: shown twice is better than not at all.
 * @returns the message an earlier attempt posted (then do not post again), or undefined: post now.
 */
export async function findAlertPostedBefore(
	ctx: IExecuteFunctions,
	state: RunState,
	itemIndex: number,
	alert: { channel: string; eventId?: string; threadKey?: string },
): Promise<(EarlierPost & { channel: string }) | undefined> {
	const claim = eventClaimOf(ctx.getInputData()[itemIndex].json);
	if (!claim || !alert.eventId) return undefined;
	const store = await getStore(ctx, state, itemIndex);
	const earlier = await notePostingIntent(store, claim.key, posterOf(ctx), {
		channel: alert.channel,
		since: Date.now(),
	});
	if (!earlier) return undefined;
	const threadKey = alert.threadKey?.trim();
	const parent = threadKey ? await readThreadParent(store, earlier.channel, threadKey) : undefined;
	let found: EarlierPost | undefined;
	try {
		const client = await getClient(ctx, state, itemIndex);
		found = await findEarlierPost(client, { ...earlier, eventId: alert.eventId, threadTs: parent?.ts });
	} catch (error: unknown) {
		const { botToken } = await getCredentials(ctx, state);
		const cause = describeSlackError(error, { channel: displayChannel(earlier.channel), secrets: [botToken] }).message;
		ctx.logger.warn(
			`${ctx.getNode().name}: an earlier attempt was posting the alert of ${alert.eventId} when it stopped, and looking ` +
				`for its message in Slack failed (${cause}); posting it now, so it may show twice`,
		);
		return undefined;
	}
	if (!found) return undefined;
	// It started the object's thread and died before recording it: record it, or the next event starts another.
	if (threadKey && !found.threadTs) await adoptThreadParent(store, earlier.channel, threadKey, { ts: found.ts });
	return { ...found, channel: earlier.channel };
}

/** How long a channel's ID is remembered for its name (a renamed channel is found again after this). */
const CHANNEL_ID_KEEP_MS = 24 * 3_600_000;

/**
 * The channel ID for an ID or a name. A name is looked up with `conversations.list` once a day per workspace and
 * remembered in the state store, so a new alert costs no look-up.
 */
export async function resolveChannel(
	ctx: IExecuteFunctions,
	state: RunState,
	itemIndex: number,
	channel: string,
): Promise<string> {
	const trimmed = channel.trim();
	if (isChannelId(trimmed)) return trimmed;
	const name = normalizeChannelName(trimmed);
	const known = state.channelCache.get(name);
	if (known) return known;
	const store = await getStore(ctx, state, itemIndex);
	const credentials = await getCredentials(ctx, state);
	// Names are per workspace, and a bot token belongs to one: key by a digest of it, never the token itself.
	const workspace = createHash('sha256').update(credentials.botToken).digest('hex').slice(0, 16);
	const key = `slack-channel:${workspace}:${name}`;
	const remembered = await store.get(key);
	if (remembered) {
		state.channelCache.set(name, remembered);
		return remembered;
	}
	const id = await resolveChannelId(await getClient(ctx, state, itemIndex), trimmed, state.channelCache);
	await store.put(key, id, CHANNEL_ID_KEEP_MS);
	return id;
}

export const showFor = (operations: Operation[]) => ({ show: { operation: operations } });

export const messageSourceProperties = (operations: Operation[]): INodeProperties[] => [
	{
		displayName: 'Message',
		name: 'messageSource',
		type: 'options',
		displayOptions: showFor(operations),
		options: [
			{
				name: 'From Payment Alert',
				value: 'paymentAlert',
				description: "Use the item's rendered message (text and blocks from the Payment Alert node)",
			},
			{
				name: 'Custom Text/Blocks',
				value: 'custom',
				description: 'Write the text, and optionally Block Kit blocks, here',
			},
		],
		default: 'paymentAlert',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		displayOptions: { show: { operation: operations, messageSource: ['custom'] } },
		default: '',
		required: true,
		description: 'Message text in Slack mrkdwn. Also the notification and screen-reader text when blocks are given.',
	},
	{
		displayName: 'Blocks (JSON)',
		name: 'blocksJson',
		type: 'json',
		displayOptions: { show: { operation: operations, messageSource: ['custom'] } },
		default: '',
		description: 'Optional Block Kit blocks: a JSON array, or the {"blocks": [...]} that Block Kit Builder exports',
	},
];

export const channelLocator = (operations: Operation[], description: string): INodeProperties => ({
	displayName: 'Channel',
	name: 'channel',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	displayOptions: showFor(operations),
	description,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a channel…',
			typeOptions: { searchListMethod: 'searchChannels', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'C0123456789',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: SLACK_CHANNEL_ID_PATTERN.source,
						errorMessage: 'A channel ID starts with C, G or D, e.g. C0123456789',
					},
				},
			],
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: '#payments',
		},
	],
});

export const retriesOption: INodeProperties = {
	displayName: 'Retries',
	name: 'retries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: DEFAULT_MAX_RETRIES,
	description:
		'How often to try again when Slack has a server error or cannot be reached. After the last try the item fails, so nothing is lost silently. When Slack asks to slow down (rate limit), the node waits as long as Slack asks, up to 10 minutes per message, without using up these tries.',
};

/** The Options collection of an operation; `extra` options come before Retries. */
export const optionsProperty = (operations: Operation[], extra: INodeProperties[] = []): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	displayOptions: showFor(operations),
	default: {},
	options: [...extra, retriesOption],
});

export async function getCredentials(ctx: IExecuteFunctions, state: RunState): Promise<SlackCredentials> {
	state.credentials ??= await readSlackCredentials(ctx);
	return state.credentials;
}

/** One client per retry setting and execution; during a 429 wait the client holds all its calls back. */
export async function getClient(ctx: IExecuteFunctions, state: RunState, itemIndex: number): Promise<WebClient> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const retries = typeof options.retries === 'number' ? options.retries : DEFAULT_MAX_RETRIES;
	const existing = state.clients.get(retries);
	if (existing) return existing;
	const credentials = await getCredentials(ctx, state);
	const client = slackClientFor(credentials, {
		maxRetries: retries,
		log: {
			debug: (line) => ctx.logger.debug(line),
			info: (line) => ctx.logger.info(line),
			warn: (line) => ctx.logger.warn(line),
			error: (line) => ctx.logger.error(line),
		},
	});
	state.clients.set(retries, client);
	return client;
}

/**
 * The item as Payment Alert emits it. With "From Payment Alert" it is checked against Payment Alert's item contract
 * (src/core/items/paymentAlert.ts); with custom text it may be anything, and its route, alert and burst fields are
 * used only where they are present.
 */
export function itemJson(ctx: IExecuteFunctions, itemIndex: number): Partial<PaymentAlertItem> {
	const json = ctx.getInputData()[itemIndex].json;
	if (ctx.getNodeParameter('messageSource', itemIndex, 'paymentAlert') === 'custom')
		return json as Partial<PaymentAlertItem>;
	const item = readItem(json, PAYMENT_ALERT_ITEM, 'Stripe Chat Slack');
	refuseOtherPlatform(ctx, item, itemIndex);
	return item;
}

/**
 * An alert Payment Alert rendered and routed for another chat platform (its Chat Platform) cannot be posted here:
 * its message is in that platform's format and its route names that platform's channels.
 */
function refuseOtherPlatform(ctx: IExecuteFunctions, item: Record<string, unknown>, itemIndex: number): void {
	const problem = wrongPlatformProblem(item, chatPlatform('slack'));
	if (!problem) return;
	throw new NodeOperationError(ctx.getNode(), problem, {
		itemIndex,
		description:
			'Payment Alert renders each alert for the platform chosen in its Chat Platform parameter, and its routing rules name that platform’s channels and people.',
	});
}

/** Reads the message to send: the Payment Alert rendering of the item, or the node's custom text and blocks. */
export function readContent(ctx: IExecuteFunctions, itemIndex: number): SlackMessageContent {
	const source = ctx.getNodeParameter('messageSource', itemIndex, 'paymentAlert') as string;
	if (source === 'custom') {
		const text = String(ctx.getNodeParameter('text', itemIndex, ''));
		const blocks = parseBlocks(ctx.getNodeParameter('blocksJson', itemIndex, ''));
		return { text, blocks };
	}
	const slack = itemJson(ctx, itemIndex).slack;
	if (!slack || typeof slack.text !== 'string') {
		throw new NodeOperationError(ctx.getNode(), 'This item has no message from the Payment Alert node', {
			itemIndex,
			description:
				'Connect this node after the Payment Alert node (its items carry slack.text and slack.blocks), or set Message to "Custom Text/Blocks".',
		});
	}
	return { text: slack.text, blocks: parseBlocks(slack.blocks) };
}

/**
 * Puts the route's mention in front of the message, unless the message already starts with it: Payment Alert
 * renders the mention into its text and blocks itself, and adding it again would show (and notify) it twice.
 */
export function withRouteMention(content: SlackMessageContent, mention: string | undefined): SlackMessageContent {
	if (!mention) return content;
	const formatted = formatMention(mention);
	return formatted && content.text.startsWith(formatted) ? content : applyMention(content, mention);
}

/** The channel parameter's value (ID or name), whatever mode was chosen; empty when not set. */
export function readChannelParameter(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('channel', itemIndex, '') as unknown;
	if (typeof value === 'string') return value.trim();
	if (value && typeof value === 'object' && 'value' in value) {
		return String((value as { value: unknown }).value ?? '').trim();
	}
	return '';
}

/** The channel for operations that post: the route decision's, else the node's (or only the node's). */
export function chooseChannel(ctx: IExecuteFunctions, itemIndex: number): { channel: string; mention?: string } {
	const source = ctx.getNodeParameter('channelSource', itemIndex, 'route') as string;
	const fallback = readChannelParameter(ctx, itemIndex);
	const item = source === 'route' ? itemJson(ctx, itemIndex) : undefined;
	// With custom text the item may be anything, but a route decided in another platform's terms names its channels.
	if (item) refuseOtherPlatform(ctx, item, itemIndex);
	const route = item?.route;
	const routed = typeof route?.channel === 'string' ? route.channel.trim() : '';
	const channel = routed || fallback;
	if (!channel) {
		throw new NodeOperationError(ctx.getNode(), 'No channel to post to', {
			itemIndex,
			description:
				source === 'route'
					? 'The route decision named no channel for this item and Channel is empty. Pick a channel in this node to use when the routing rules name none.'
					: 'Pick a channel in Channel.',
		});
	}
	return { channel, mention: typeof route?.mention === 'string' ? route.mention : undefined };
}

/** Route decisions that say "don't post" are honoured and passed through, so a flow can still see them. */
export function suppressedOutput(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const json = itemJson(ctx, itemIndex);
	if (json.route?.suppressed !== true) return undefined;
	return { ...json, posted: false, reason: json.route.reason ?? 'suppressed by the routing rules' };
}

/** Mistakes in the node's input or parameters, as opposed to answers from Slack. */
const INPUT_ERROR_CODES = new Set(['invalid_mention', 'invalid_blocks_format', 'no_text', 'response_url_not_allowed']);

/**
 * Maps whatever a Slack call threw to an n8n error with a hint a person can act on, attached to the item.
 * The bot token is scrubbed from every text.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number | undefined,
	context: { channel?: string; secrets?: string[] } = {},
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ThreadBusyError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description:
				'Another run is posting the first message of this thread right now. This run ends with an error so that Stripe delivers the event again shortly; it then replies in that thread.',
		});
	}
	if (error instanceof ItemContractError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	if (error instanceof StateStoreError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	const described = describeSlackError(error, {
		channel: context.channel ? displayChannel(context.channel) : undefined,
		secrets: context.secrets,
	});
	const isInputError =
		error instanceof SlackSetupError || (error instanceof SlackOperationError && INPUT_ERROR_CODES.has(error.code));
	if (isInputError) {
		return new NodeOperationError(node, described.message, { itemIndex, description: described.hint });
	}
	return new NodeApiError(node, { code: described.code, message: described.message } as JsonObject, {
		message: described.message,
		description: described.hint,
		itemIndex,
		httpCode: described.httpStatus ? String(described.httpStatus) : undefined,
	});
}

/** Runs a Slack call for one item and turns its failure into an n8n error that names the channel and hides the token. */
export async function callSlack<T>(
	ctx: IExecuteFunctions,
	state: RunState,
	itemIndex: number,
	channel: string | undefined,
	call: () => Promise<T>,
): Promise<T> {
	try {
		return await call();
	} catch (error: unknown) {
		const secrets = state.credentials?.botToken ? [state.credentials.botToken] : [];
		throw toNodeError(ctx.getNode(), error, itemIndex, { channel, secrets });
	}
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
				'Post where the Payment Alert routing rules sent the item (and mention whom they name); use Channel when they name no channel',
		},
		{
			name: 'This Channel',
			value: 'fixed',
			description: 'Always post to Channel, ignoring the route decision',
		},
	],
	default: 'route',
});
