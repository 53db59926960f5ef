import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeProperties, JsonObject } from 'n8n-workflow';

import type { MetaMessageItem } from '../../../../src/core/items/metaMessage';
import { MetaPayloadError } from '../../../../src/core/meta/payloads';
import type { OutgoingMessage } from '../../../../src/core/meta/payloads';
import type { MetaChannel } from '../../../../src/core/meta/webhook';
import { isWithinCustomerServiceWindow, parseInstant, WINDOW_CLOSED_MESSAGE } from '../../../../src/core/meta/window';
import { createGraphClient, MetaGraphError } from '../../../../src/meta/graphClient';
import type { GraphClient } from '../../../../src/meta/graphClient';

/**
 * What the send operations share: reading the credential, the channel and the 24-hour window, the parameters every
 * message has, and one way to turn a refusal into an error that says which parameter to change.
 */

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
export interface RunState {
	client?: GraphClient;
	senders?: Record<MetaChannel, string>;
}

export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
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
	// "Same as the Incoming Message" reads the channel of the Meta Messaging Trigger's item.
	const incoming = ctx.getInputData()[itemIndex].json as Partial<MetaMessageItem>;
	const channel = chosen === 'incoming' ? incoming.channel : chosen;
	if (channel === 'whatsapp' || channel === 'instagram') return channel;
	throw new NodeOperationError(ctx.getNode(), 'This item does not say whether it came from WhatsApp or Instagram.', {
		itemIndex,
		description:
			'"Same as the Incoming Message" reads the channel field of items from the Meta Messaging Trigger. For other items, set Channel to WhatsApp or Instagram.',
	});
}

/** Stops before calling Meta when the item says the 24-hour window is over: the message could not be sent anyway. */
function checkCustomerServiceWindow(ctx: IExecuteFunctions, itemIndex: number): void {
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

/** What a send operation declares about itself. */
export interface SendMeta {
	/** A free-form message, which Meta allows only within 24 hours of the customer's last message (not a template). */
	freeForm: boolean;
}

/** Builds the operation's message for the item, from its parameters. */
export type BuildMessage = (channel: MetaChannel, recipient: string) => OutgoingMessage;

/** Sends one item's message: channel, message, window, then one call to Meta. */
export async function sendMessage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	state: RunState,
	meta: SendMeta,
	build: BuildMessage,
): Promise<IDataObject> {
	const channel = channelOf(ctx, itemIndex);
	const message = build(channel, String(ctx.getNodeParameter('recipient', itemIndex, '') ?? ''));
	if (meta.freeForm) checkCustomerServiceWindow(ctx, itemIndex);
	const { client, senders } = await graphClient(ctx, state);
	const sent = await client.sendMessage(senders[channel], message);
	return { ok: true, channel, recipientId: sent.recipientId, messageId: sent.messageId };
}

/** Who gets the message, on which channel, and whether it is still allowed: the first parameters of every message. */
export function addressProperties(meta: SendMeta): INodeProperties[] {
	const address: INodeProperties[] = [
		{
			displayName: 'Channel',
			name: 'channel',
			type: 'options',
			default: 'incoming',
			options: [
				{ name: 'Instagram', value: 'instagram' },
				{
					name: 'Same as the Incoming Message',
					value: 'incoming',
					description: "Reply where the customer wrote (the item's channel field from the Meta Messaging Trigger)",
				},
				{ name: 'WhatsApp', value: 'whatsapp' },
			],
		},
		{
			displayName: 'Recipient',
			name: 'recipient',
			type: 'string',
			default: '={{ $json.senderId }}',
			required: true,
			description:
				"WhatsApp: the customer's number with country code. Instagram: the customer's Instagram-scoped ID. After the Meta Messaging Trigger, leave as is to answer the sender.",
		},
	];
	if (!meta.freeForm) return address;
	return [
		...address,
		{
			displayName: "Customer's Last Message At",
			name: 'lastMessageAt',
			type: 'string',
			default: '={{ $json.timestamp }}',
			description:
				'When the customer last wrote. If that was more than 24 hours ago, this step stops with a clear message instead of asking Meta (use Send Template then). Leave empty to let Meta decide.',
		},
	];
}

export const bodyTextProperty: INodeProperties = {
	displayName: 'Message Text',
	name: 'bodyText',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	required: true,
	description: 'The text above the button(s), up to 1024 characters',
};

export const freeFormOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Footer',
			name: 'footerText',
			type: 'string',
			default: '',
			description:
				'Small grey text below the message, up to 60 characters (buttons only; on Instagram it ends the text)',
		},
		{
			displayName: 'Header',
			name: 'headerText',
			type: 'string',
			default: '',
			description: 'A bold line above the message, up to 60 characters (buttons only; on Instagram it starts the text)',
		},
		{
			displayName: 'Show Link Preview',
			name: 'previewUrl',
			type: 'boolean',
			default: false,
			description: 'Whether WhatsApp shows a preview of the first link in a text message',
		},
	],
};

/** Header and footer of a message with buttons, from its Options. */
export function buttonMessageParts(ctx: IExecuteFunctions, itemIndex: number) {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		bodyText: ctx.getNodeParameter('bodyText', itemIndex) as string,
		headerText: options.headerText as string | undefined,
		footerText: options.footerText as string | undefined,
	};
}

/** Shows an operation's parameters only when it is chosen. */
export function forOperation(operation: string, properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { operation: [operation] } }, properties);
}
