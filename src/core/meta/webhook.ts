import { WHATSAPP_WINDOW_CLOSED_CODE, WINDOW_CLOSED_MESSAGE } from './window';

/**
 * Turns a verified Meta webhook body into channel-neutral inbound messages and status updates.
 * WhatsApp Cloud API: `object: 'whatsapp_business_account'`, `entry[].changes[].value.{messages,statuses}` with
 * `metadata.phone_number_id`. Instagram messaging: `object: 'instagram'`, `entry[].messaging[]` (the dashboard's
 * "Test" button sends the same event under `entry[].changes[]` with `field: 'messages'`).
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
 * @see https://developers.facebook.com/docs/instagram-platform/webhooks/examples
 */

export type MetaChannel = 'whatsapp' | 'instagram';

export interface InboundMessage {
	kind: 'message';
	channel: MetaChannel;
	/** `wamid.…` on WhatsApp, `mid` on Instagram. */
	messageId: string;
	/** `meta:<channel>:<message id>`: what the de-duplication step records (Meta retries for days, unsigned by time). */
	dedupKey: string;
	/** The business side that received it: WhatsApp phone number ID or Instagram professional account ID. */
	accountId: string;
	/** WhatsApp: the customer's number (wa_id). Instagram: the Instagram-scoped ID (IGSID). Reply to this. */
	senderId: string;
	/** WhatsApp profile name, when Meta sends one. */
	senderName?: string;
	/** `text`, `button_reply`, `list_reply`, `button` (template quick reply), `quick_reply`, `postback`, or the media type. */
	type: string;
	/** What the customer wrote, the title of the button they tapped, or a media caption. */
	text?: string;
	/** The id (WhatsApp) or payload (Instagram, template buttons) of the tapped reply button or list row. */
	replyId?: string;
	replyTitle?: string;
	/** The message this one answers (a tapped button answers the message that carried it). */
	replyToMessageId?: string;
	/** When the customer sent it, ISO 8601: the start of the 24-hour customer-service window. */
	timestamp: string;
}

export interface StatusUpdate {
	kind: 'status';
	channel: MetaChannel;
	/** The message the status is about (one the business sent, or on Instagram the last one read). */
	messageId: string;
	dedupKey: string;
	accountId: string;
	/** `sent`, `delivered`, `read`, `failed` (WhatsApp) or `read` (Instagram). */
	status: string;
	/** The customer the message went to. */
	recipientId: string;
	timestamp: string;
	/** Meta's error objects for `failed`. */
	errors?: Array<{ code?: number; title?: string; message?: string }>;
	/** For a message refused because the 24-hour window had closed: what happened, in words. */
	hint?: string;
}

export interface ParsedMetaWebhook {
	channel: MetaChannel;
	messages: InboundMessage[];
	statuses: StatusUpdate[];
	/** Events that are neither (echoes of the business's own messages, reactions, edits, other fields). */
	ignoredEvents: number;
}

export class MetaWebhookError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MetaWebhookError';
	}
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

function isoFrom(value: unknown, unit: 'seconds' | 'milliseconds'): string | undefined {
	const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) return undefined;
	return new Date(unit === 'seconds' ? number * 1000 : number).toISOString();
}

export function dedupKeyOf(channel: MetaChannel, messageId: string): string {
	return `meta:${channel}:${messageId}`;
}

function whatsappMessage(message: Json, value: Json, accountId: string): InboundMessage | undefined {
	const messageId = asText(message.id);
	const senderId = asText(message.from);
	const timestamp = isoFrom(message.timestamp, 'seconds');
	if (!messageId || !senderId || !timestamp) return undefined;
	const contact = asArray(value.contacts)
		.map(asObject)
		.find((candidate) => candidate && asText(candidate.wa_id) === senderId);
	const inbound: InboundMessage = {
		kind: 'message',
		channel: 'whatsapp',
		messageId,
		dedupKey: dedupKeyOf('whatsapp', messageId),
		accountId,
		senderId,
		senderName: asText(asObject(contact?.profile)?.name),
		type: asText(message.type) ?? 'unknown',
		timestamp,
		replyToMessageId: asText(asObject(message.context)?.id),
	};
	const interactive = asObject(message.interactive);
	if (inbound.type === 'text') {
		inbound.text = asText(asObject(message.text)?.body);
	} else if (interactive) {
		inbound.type = asText(interactive.type) ?? 'interactive';
		const reply = asObject(interactive.button_reply) ?? asObject(interactive.list_reply);
		inbound.replyId = asText(reply?.id);
		inbound.replyTitle = asText(reply?.title);
		inbound.text = inbound.replyTitle;
	} else if (inbound.type === 'button') {
		const button = asObject(message.button);
		inbound.replyId = asText(button?.payload);
		inbound.replyTitle = asText(button?.text);
		inbound.text = inbound.replyTitle;
	} else {
		inbound.text = asText(asObject(message[inbound.type])?.caption);
	}
	return inbound;
}

function whatsappStatus(status: Json, accountId: string): StatusUpdate | undefined {
	const messageId = asText(status.id);
	const state = asText(status.status);
	const timestamp = isoFrom(status.timestamp, 'seconds');
	if (!messageId || !state || !timestamp) return undefined;
	const errors = asArray(status.errors)
		.map(asObject)
		.filter((error): error is Json => error !== undefined)
		.map((error) => ({
			code: typeof error.code === 'number' ? error.code : undefined,
			title: asText(error.title),
			message: asText(error.message),
		}));
	return {
		kind: 'status',
		channel: 'whatsapp',
		messageId,
		dedupKey: `${dedupKeyOf('whatsapp', messageId)}:${state}`,
		accountId,
		status: state,
		recipientId: asText(status.recipient_id) ?? '',
		timestamp,
		...(errors.length > 0 ? { errors } : {}),
		...(errors.some((error) => error.code === WHATSAPP_WINDOW_CLOSED_CODE)
			? { hint: `${WINDOW_CLOSED_MESSAGE} Send an approved template instead.` }
			: {}),
	};
}

function parseWhatsApp(body: Json, result: ParsedMetaWebhook): void {
	for (const entry of asArray(body.entry).map(asObject)) {
		for (const change of asArray(entry?.changes).map(asObject)) {
			const value = asObject(change?.value);
			const accountId = asText(asObject(value?.metadata)?.phone_number_id);
			if (!value || change?.field !== 'messages' || !accountId) {
				result.ignoredEvents++;
				continue;
			}
			for (const message of asArray(value.messages).map(asObject)) {
				const parsed = message && whatsappMessage(message, value, accountId);
				if (parsed) result.messages.push(parsed);
				else result.ignoredEvents++;
			}
			for (const status of asArray(value.statuses).map(asObject)) {
				const parsed = status && whatsappStatus(status, accountId);
				if (parsed) result.statuses.push(parsed);
				else result.ignoredEvents++;
			}
		}
	}
}

function instagramEvent(event: Json, entryId: string | undefined, result: ParsedMetaWebhook): void {
	const senderId = asText(asObject(event.sender)?.id);
	const recipientId = asText(asObject(event.recipient)?.id);
	const timestamp = isoFrom(event.timestamp, 'milliseconds');
	const accountId = entryId ?? recipientId;
	const message = asObject(event.message);
	const postback = asObject(event.postback);
	const read = asObject(event.read);
	if (!senderId || !timestamp || !accountId) {
		result.ignoredEvents++;
		return;
	}
	// Echoes are the business's own outgoing messages; passing them on would let a reply trigger another reply.
	if (message && message.is_echo !== true && message.is_deleted !== true) {
		const messageId = asText(message.mid);
		if (!messageId) {
			result.ignoredEvents++;
			return;
		}
		const quickReply = asObject(message.quick_reply);
		const attachment = asObject(asArray(message.attachments)[0]);
		result.messages.push({
			kind: 'message',
			channel: 'instagram',
			messageId,
			dedupKey: dedupKeyOf('instagram', messageId),
			accountId,
			senderId,
			type: quickReply ? 'quick_reply' : message.text !== undefined ? 'text' : (asText(attachment?.type) ?? 'unknown'),
			text: asText(message.text),
			replyId: asText(quickReply?.payload),
			replyTitle: quickReply ? asText(message.text) : undefined,
			replyToMessageId: asText(asObject(message.reply_to)?.mid),
			timestamp,
		});
		return;
	}
	if (postback) {
		// Older postbacks carry no mid: the sender, time and payload then identify the tap just as well.
		const payload = asText(postback.payload) ?? '';
		const messageId = asText(postback.mid) ?? `postback:${senderId}:${asText(event.timestamp)}:${payload}`;
		result.messages.push({
			kind: 'message',
			channel: 'instagram',
			messageId,
			dedupKey: dedupKeyOf('instagram', messageId),
			accountId,
			senderId,
			type: 'postback',
			text: asText(postback.title),
			replyId: payload,
			replyTitle: asText(postback.title),
			timestamp,
		});
		return;
	}
	const readMessageId = asText(read?.mid);
	if (readMessageId) {
		result.statuses.push({
			kind: 'status',
			channel: 'instagram',
			messageId: readMessageId,
			dedupKey: `${dedupKeyOf('instagram', readMessageId)}:read`,
			accountId,
			status: 'read',
			recipientId: senderId,
			timestamp,
		});
		return;
	}
	result.ignoredEvents++;
}

function parseInstagram(body: Json, result: ParsedMetaWebhook): void {
	for (const entry of asArray(body.entry).map(asObject)) {
		const entryId = asText(entry?.id);
		for (const event of asArray(entry?.messaging).map(asObject)) {
			if (event) instagramEvent(event, entryId, result);
			else result.ignoredEvents++;
		}
		for (const change of asArray(entry?.changes).map(asObject)) {
			const value = asObject(change?.value);
			if (value && change?.field === 'messages') instagramEvent(value, entryId, result);
			else result.ignoredEvents++;
		}
	}
}

const OBJECT_CHANNELS: Record<string, MetaChannel> = {
	whatsapp_business_account: 'whatsapp',
	instagram: 'instagram',
};

/**
 * Reads a webhook body (parsed JSON). Throws MetaWebhookError when it is not a WhatsApp or Instagram webhook;
 * tolerates missing fields inside (an incomplete event is counted in `ignoredEvents`, never thrown).
 */
export function parseMetaWebhook(body: unknown): ParsedMetaWebhook {
	const object = asObject(body);
	const channel =
		object && Object.hasOwn(OBJECT_CHANNELS, String(object.object))
			? OBJECT_CHANNELS[String(object.object)]
			: undefined;
	if (!object || !channel) {
		throw new MetaWebhookError(
			`Not a WhatsApp or Instagram webhook (object is ${JSON.stringify(object?.object ?? null)}; expected "whatsapp_business_account" or "instagram").`,
		);
	}
	const result: ParsedMetaWebhook = { channel, messages: [], statuses: [], ignoredEvents: 0 };
	if (channel === 'whatsapp') parseWhatsApp(object, result);
	else parseInstagram(object, result);
	return result;
}
