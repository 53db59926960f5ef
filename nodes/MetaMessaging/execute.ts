import { randomUUID } from 'node:crypto';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';

import {
	buildLinkButtonMessage,
	buildReplyButtonsMessage,
	buildTemplateMessage,
	buildTextMessage,
	MetaPayloadError,
} from '../../src/core/meta/payloads';
import type { OutgoingMessage } from '../../src/core/meta/payloads';
import type { MetaChannel } from '../../src/core/meta/webhook';
import { isWithinCustomerServiceWindow, parseInstant, WINDOW_CLOSED_MESSAGE } from '../../src/core/meta/window';
import { createGraphClient, MetaGraphError } from '../../src/meta/graphClient';
import type { GraphClient } from '../../src/meta/graphClient';
import { openNodeStateStore, stateStoreFailure } from '../shared/stateStore';
import type { Operation } from './description';
import { FREE_FORM_OPERATIONS } from './description';

export const CREDENTIAL_NAME = 'metaMessagingApi';

const PARAMETER_LABELS: Record<string, string> = {
	recipient: 'Recipient',
	text: 'Text',
	bodyText: 'Message Text',
	headerText: 'Header',
	footerText: 'Footer',
	buttonText: 'Button Text',
	url: 'Link',
	buttons: 'Buttons',
	templateName: 'Template Name',
	languageCode: 'Template Language',
	bodyParameters: 'Template Values',
	operation: 'Operation',
	channel: 'Channel',
	lastMessageAt: "Customer's Last Message At",
};

/** Lives for one execution: credentials and client are read once, nothing is kept between executions. */
interface RunState {
	client?: GraphClient;
	senders?: Record<MetaChannel, string>;
}

function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof MetaPayloadError) {
		const label = PARAMETER_LABELS[error.field] ?? error.field;
		return new NodeOperationError(node, error.message, { itemIndex, description: `Change "${label}" of this step.` });
	}
	if (error instanceof MetaGraphError) {
		if (error.details.kind === 'setup') {
			return new NodeOperationError(node, error.message, { itemIndex, description: error.details.hint });
		}
		const response: JsonObject = { message: error.message };
		if (error.details.code !== undefined) response.code = error.details.code;
		if (error.details.fbtraceId) response.fbtrace_id = error.details.fbtraceId;
		return new NodeApiError(node, response, {
			message: error.message,
			description: error.details.hint,
			itemIndex,
			httpCode: error.details.httpStatus ? String(error.details.httpStatus) : undefined,
		});
	}
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}

async function graphClient(
	ctx: IExecuteFunctions,
	state: RunState,
): Promise<{ client: GraphClient; senders: Record<MetaChannel, string> }> {
	if (!state.client || !state.senders) {
		const credentials = await ctx.getCredentials(CREDENTIAL_NAME);
		state.client = createGraphClient({
			accessToken: String(credentials.accessToken ?? ''),
			baseUrl: credentials.graphApiBaseUrl as string | undefined,
		});
		// Through a linked Facebook Page (Messenger Platform) Instagram replies are sent as the Page; with Instagram
		// Login as the Instagram account itself.
		const pageId = String(credentials.facebookPageId ?? '').trim();
		state.senders = {
			whatsapp: String(credentials.phoneNumberId ?? ''),
			instagram: pageId || String(credentials.instagramAccountId ?? ''),
		};
	}
	return { client: state.client, senders: state.senders };
}

function channelOf(ctx: IExecuteFunctions, itemIndex: number): MetaChannel {
	const chosen = ctx.getNodeParameter('channel', itemIndex, 'incoming') as string;
	const channel = chosen === 'incoming' ? ctx.getInputData()[itemIndex].json.channel : chosen;
	if (channel === 'whatsapp' || channel === 'instagram') return channel;
	throw new NodeOperationError(ctx.getNode(), 'This item does not say whether it came from WhatsApp or Instagram.', {
		itemIndex,
		description:
			'"Same as the Incoming Message" reads the channel field of items from the Meta Messaging Trigger. For other items, set Channel to WhatsApp or Instagram.',
	});
}

/** Stops before calling Meta when the item says the 24-hour window is over: the message could not be sent anyway. */
function checkCustomerServiceWindow(ctx: IExecuteFunctions, itemIndex: number, operation: Operation): void {
	if (!FREE_FORM_OPERATIONS.includes(operation)) return;
	const value = ctx.getNodeParameter('lastMessageAt', itemIndex, '') as unknown;
	if (value === undefined || value === null || value === '') return;
	const lastMessageAt = parseInstant(value);
	if (lastMessageAt === undefined) {
		throw new NodeOperationError(ctx.getNode(), `"${String(value)}" is not a date and time.`, {
			itemIndex,
			description: `Set "${PARAMETER_LABELS.lastMessageAt}" to the time of the customer's last message (e.g. {{ $json.timestamp }} after the Meta Messaging Trigger), or leave it empty.`,
		});
	}
	if (!isWithinCustomerServiceWindow(lastMessageAt, Date.now())) {
		throw new NodeOperationError(ctx.getNode(), WINDOW_CLOSED_MESSAGE, {
			itemIndex,
			description: `The customer last wrote at ${new Date(lastMessageAt).toISOString()}. On WhatsApp, use the "Send Template" operation with an approved template instead; on Instagram, wait until the customer writes again.`,
		});
	}
}

function buildMessage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: Operation,
	channel: MetaChannel,
): OutgoingMessage {
	const recipient = String(ctx.getNodeParameter('recipient', itemIndex, '') ?? '');
	if (operation === 'sendTemplate') {
		const values = (ctx.getNodeParameter('bodyParameters', itemIndex, {}) as IDataObject).parameter as
			| IDataObject[]
			| undefined;
		return buildTemplateMessage({
			channel,
			recipient,
			name: ctx.getNodeParameter('templateName', itemIndex) as string,
			languageCode: ctx.getNodeParameter('languageCode', itemIndex) as string,
			bodyParameters: (values ?? []).map((entry) => String(entry.value ?? '')),
			urlButtonParameter: ctx.getNodeParameter('urlButtonParameter', itemIndex, '') as string,
		});
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (operation === 'sendText') {
		return buildTextMessage({
			channel,
			recipient,
			text: ctx.getNodeParameter('text', itemIndex) as string,
			previewUrl: options.previewUrl === true,
		});
	}
	const parts = {
		bodyText: ctx.getNodeParameter('bodyText', itemIndex) as string,
		headerText: options.headerText as string | undefined,
		footerText: options.footerText as string | undefined,
	};
	if (operation === 'sendLinkButton') {
		return buildLinkButtonMessage({
			channel,
			recipient,
			...parts,
			buttonText: ctx.getNodeParameter('buttonText', itemIndex) as string,
			url: ctx.getNodeParameter('url', itemIndex) as string,
		});
	}
	const buttons = ((ctx.getNodeParameter('buttons', itemIndex, {}) as IDataObject).button ?? []) as IDataObject[];
	return buildReplyButtonsMessage({
		channel,
		recipient,
		...parts,
		buttons: buttons.map((button) => ({ title: String(button.title ?? ''), id: String(button.id ?? '') })),
	});
}

async function sendOne(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: Operation,
	state: RunState,
): Promise<IDataObject> {
	const channel = channelOf(ctx, itemIndex);
	const message = buildMessage(ctx, itemIndex, operation, channel);
	checkCustomerServiceWindow(ctx, itemIndex, operation);
	const { client, senders } = await graphClient(ctx, state);
	const sent = await client.sendMessage(senders[channel], message);
	return { ok: true, channel, recipientId: sent.recipientId, messageId: sent.messageId };
}

async function sendMessages(ctx: IExecuteFunctions, operation: Operation): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const state: RunState = {};
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			output.push({ json: await sendOne(ctx, itemIndex, operation, state), pairedItem: { item: itemIndex } });
		} catch (error: unknown) {
			const nodeError = toNodeError(ctx.getNode(), error, itemIndex);
			if (!ctx.continueOnFail()) throw nodeError;
			output.push({
				json: { ok: false, error: nodeError.message, hint: nodeError.description ?? undefined },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [output];
}

/**
 * Lets through only items whose key this step has not let through before: an atomic set-if-absent in the state
 * store (per workflow and node), so of several deliveries of one message arriving at the same moment exactly one
 * passes, on one n8n or across queue-mode workers. Keys repeated within one run count once: the first item passes.
 */
async function skipRepeated(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	const firstIndexByKey = new Map<string, number>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const key = String(ctx.getNodeParameter('dedupKey', itemIndex, '') ?? '').trim();
		if (key === '') {
			const error = new NodeOperationError(ctx.getNode(), 'This item has no message key.', {
				itemIndex,
				description:
					'Put this step right after the Meta Messaging Trigger (its items carry dedupKey), or set Message Key to a field that identifies the message.',
			});
			if (!ctx.continueOnFail()) throw error;
			output.push({
				json: { error: error.message, hint: error.description ?? undefined },
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		if (!firstIndexByKey.has(key)) firstIndexByKey.set(key, itemIndex);
	}
	if (firstIndexByKey.size > 0) {
		const days = Math.min(Math.max(Number(ctx.getNodeParameter('rememberDays', 0, 7)) || 7, 1), 90);
		const store = await openNodeStateStore(ctx);
		const scope = `seen:${ctx.getWorkflow().id ?? 'workflow'}:${ctx.getNode().id}`;
		// Unique to this run, so that only this run's marks are taken back when it fails.
		const seenBy = `${new Date().toISOString()} ${ctx.getExecutionId() ?? 'run'}:${randomUUID()}`;
		const marked: string[] = [];
		for (const [key, itemIndex] of firstIndexByKey) {
			let earlier: string | undefined;
			try {
				earlier = await store.putIfAbsent(`${scope}:${key}`, seenBy, days * 86_400_000);
			} catch (error: unknown) {
				// The run fails and lets nothing through: its marks would make the redelivery skip these messages.
				await Promise.allSettled(marked.map(async (markedKey) => await store.deleteIfEquals(markedKey, seenBy)));
				throw stateStoreFailure(ctx, error, itemIndex);
			}
			if (earlier === undefined) {
				marked.push(`${scope}:${key}`);
				output.push({ ...items[itemIndex], pairedItem: { item: itemIndex } });
			}
		}
	}
	output.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
	return [output];
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as Operation;
	if (operation === 'skipRepeated') return await skipRepeated(this);
	return await sendMessages(this, operation);
}
