import { burstSummaryText } from '../../core/burst';
import type { BurstLabel } from '../../core/burst';
import { bindCompactActionValue, isCompactActionValue } from '../../core/compactActionValue';
import { syncBurstSummary } from '../../core/state/burstSummary';
import type { BurstSummarySyncResult } from '../../core/state/burstSummary';
import type { StateStore } from '../../core/state/stateStore';
import { claimThread, holdThreadClaim, recordThreadParent, releaseThreadClaim } from '../../core/state/threadMap';
import type { ThreadMapTiming } from '../../core/state/threadMap';
import { isTelegramChatId } from './addressing';
import { TelegramApiError } from './client';
import type { TelegramClient } from './client';
import { escapeTelegramHtml } from './render';
import type { TelegramInlineButton, TelegramReplyMarkup } from './render';

/**
 * Posting to Telegram: messages with their buttons bound to the chat, one reply chain per Stripe object (the
 * thread map of src/core/state/threadMap.ts, keyed by chat and thread key), the burst summary, and the edits the
 * Stripe Action makes when it reports an outcome.
 */

/** What a message carries: `text` in HTML parse mode and optionally an inline keyboard (a TelegramRendering fits). */
export interface TelegramMessageContent {
	text: string;
	parse_mode?: 'HTML';
	link_preview_options?: { is_disabled: boolean };
	reply_markup?: TelegramReplyMarkup;
}

/** The parts of Telegram's Message object read here. */
interface SentMessage {
	message_id: number;
	chat: { id: number };
	message_thread_id?: number;
}

export interface PostedTelegramMessage {
	/** The numeric chat id, as text (also when the message was sent to an `@username`). */
	chatId: string;
	messageId: number;
	/** The message this one replies to. */
	replyTo?: number;
}

/**
 * The numeric chat id for a chat id or `@username`: buttons are bound to the id a click reports
 * (`callback_query.message.chat.id`), never to a name.
 * @see https://core.telegram.org/bots/api#getchat
 */
export async function resolveChatId(client: TelegramClient, chat: string): Promise<string> {
	const trimmed = chat.trim();
	if (isTelegramChatId(trimmed)) return trimmed;
	const found = await client.call<{ id: number }>('getChat', {
		chat_id: trimmed.startsWith('@') ? trimmed : `@${trimmed}`,
	});
	return String(found.id);
}

/**
 * The keyboard with every signed callback value bound to `chatId` (`cb.…`, src/core/compactActionValue.ts), so a
 * copy of the button in another chat acts on nothing. A value that cannot be bound here is left out.
 */
export function bindKeyboardToChat(
	markup: TelegramReplyMarkup | undefined,
	secret: string | undefined,
	chatId: string,
): TelegramReplyMarkup | undefined {
	if (!markup || !secret) return markup;
	const rows = markup.inline_keyboard
		.map((row) =>
			row.flatMap((button): TelegramInlineButton[] => {
				const data = button.callback_data;
				if (data === undefined || !isCompactActionValue(data)) return [button];
				const bound = bindCompactActionValue(data, secret, chatId);
				return bound ? [{ ...button, callback_data: bound }] : [];
			}),
		)
		.filter((row) => row.length > 0);
	return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

export interface SendTelegramMessageInput {
	/** Chat id or `@username`. */
	chat: string;
	content: TelegramMessageContent;
	/** Reply to this message; sent without reply when it was deleted meanwhile. */
	replyTo?: number;
	/** A forum topic (`message_thread_id`). */
	topicId?: number;
	/** Binds the buttons to the chat (see bindKeyboardToChat). */
	buttonSigningSecret?: string;
}

/**
 * Sends one message.
 * @see https://core.telegram.org/bots/api#sendmessage
 */
export async function sendTelegramMessage(
	client: TelegramClient,
	input: SendTelegramMessageInput,
): Promise<PostedTelegramMessage> {
	const chatId = input.buttonSigningSecret ? await resolveChatId(client, input.chat) : input.chat.trim();
	const replyMarkup = bindKeyboardToChat(input.content.reply_markup, input.buttonSigningSecret, chatId);
	const sent = await client.call<SentMessage>('sendMessage', {
		chat_id: chatId,
		text: input.content.text,
		parse_mode: input.content.parse_mode ?? 'HTML',
		link_preview_options: input.content.link_preview_options ?? { is_disabled: true },
		...(replyMarkup ? { reply_markup: replyMarkup } : {}),
		...(input.topicId !== undefined ? { message_thread_id: input.topicId } : {}),
		...(input.replyTo !== undefined
			? { reply_parameters: { message_id: input.replyTo, allow_sending_without_reply: true } }
			: {}),
	});
	return {
		chatId: String(sent.chat.id),
		messageId: sent.message_id,
		...(input.replyTo !== undefined ? { replyTo: input.replyTo } : {}),
	};
}

/** The thread map's channel for a Telegram chat: its own namespace, so a chat id never meets a Slack channel's. */
export function telegramThreadChannel(chatId: string): string {
	return `telegram:${chatId}`;
}

export interface PostTelegramInThreadInput extends SendTelegramMessageInput {
	/** Groups an object's life (`dispute:du_123`); empty posts without a thread. */
	threadKey: string;
	occurredAt?: string;
	store: StateStore;
	/** Unique per execution: marks this execution's claim to start a thread. */
	token: string;
	timing?: Partial<ThreadMapTiming>;
}

export interface TelegramThreadResult extends PostedTelegramMessage {
	/** True when this message started the object's reply chain. */
	startedThread: boolean;
}

function toUnixSeconds(iso: string | undefined): number | undefined {
	const ms = iso ? Date.parse(iso) : Number.NaN;
	return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Posts into the reply chain of its Stripe object: the first alert of an object is a message, every later one a
 * reply to it (`reply_parameters`, sent without reply when the first was deleted). Which message is first lives in
 * the state store's thread map, keyed by chat and thread key, so racing executions make one chain.
 * @throws ThreadBusyError when another execution is still sending the first message after the wait.
 * @see https://core.telegram.org/bots/api#replyparameters
 */
export async function postTelegramInThread(
	client: TelegramClient,
	input: PostTelegramInThreadInput,
): Promise<TelegramThreadResult> {
	const threadKey = input.threadKey.trim();
	if (!threadKey) return { ...(await sendTelegramMessage(client, input)), startedThread: false };
	const chatId = await resolveChatId(client, input.chat);
	const channel = telegramThreadChannel(chatId);
	const claim = await claimThread({ store: input.store, channel, threadKey, token: input.token, timing: input.timing });
	if (claim.role === 'reply') {
		const replyTo = Number(claim.parent.ts);
		const posted = await sendTelegramMessage(client, { ...input, chat: chatId, replyTo });
		return { ...posted, startedThread: false };
	}
	const held = holdThreadClaim(input.store, claim, input.timing?.pendingMs);
	let posted: PostedTelegramMessage;
	try {
		posted = await sendTelegramMessage(client, { ...input, chat: chatId });
	} catch (error: unknown) {
		await held.stop();
		await releaseThreadClaim(input.store, claim);
		throw error;
	}
	await held.stop();
	await recordThreadParent(input.store, claim, {
		ts: String(posted.messageId),
		occurredAt: toUnixSeconds(input.occurredAt),
	});
	return { ...posted, startedThread: true };
}

/** Whether Telegram refused an edit because nothing would change: the edit's goal is reached. */
function isNotModified(error: unknown): boolean {
	return error instanceof TelegramApiError && /message is not modified/i.test(error.description);
}

/** Whether the message to edit is gone. */
function isMessageGone(error: unknown): boolean {
	return (
		error instanceof TelegramApiError && /message to edit not found|message can't be edited/i.test(error.description)
	);
}

/**
 * Replaces a message's text (and keyboard: without `reply_markup` the keyboard is removed).
 * @see https://core.telegram.org/bots/api#editmessagetext
 */
export async function editTelegramMessageText(
	client: TelegramClient,
	input: { chat: string; messageId: number; content: TelegramMessageContent },
): Promise<void> {
	try {
		await client.call('editMessageText', {
			chat_id: input.chat,
			message_id: input.messageId,
			text: input.content.text,
			parse_mode: input.content.parse_mode ?? 'HTML',
			link_preview_options: input.content.link_preview_options ?? { is_disabled: true },
			...(input.content.reply_markup ? { reply_markup: input.content.reply_markup } : {}),
		});
	} catch (error: unknown) {
		if (!isNotModified(error)) throw error;
	}
}

/**
 * Replaces (or without `replyMarkup` removes) a message's inline keyboard, leaving its text.
 * @see https://core.telegram.org/bots/api#editmessagereplymarkup
 */
export async function editTelegramReplyMarkup(
	client: TelegramClient,
	input: { chat: string; messageId: number; replyMarkup?: TelegramReplyMarkup },
): Promise<void> {
	try {
		await client.call('editMessageReplyMarkup', {
			chat_id: input.chat,
			message_id: input.messageId,
			reply_markup: input.replyMarkup ?? { inline_keyboard: [] },
		});
	} catch (error: unknown) {
		if (!isNotModified(error)) throw error;
	}
}

export interface TelegramBurstSummaryInput {
	chat: string;
	burstKey: string;
	threshold: number;
	label: BurstLabel;
	windowMinutes: number;
	store: StateStore;
	token: string;
	topicId?: number;
}

export type TelegramBurstSummaryResult = BurstSummarySyncResult & { chatId: string };

/**
 * Brings a collapsed burst's one summary message ("+37 more payment failures in the last 5 minutes") up to the
 * window's exact count, as Slack's does (src/core/state/burstSummary.ts): posted once, then edited, only upward;
 * a summary deleted in the chat is posted anew.
 */
export async function postOrUpdateTelegramBurstSummary(
	client: TelegramClient,
	input: TelegramBurstSummaryInput,
): Promise<TelegramBurstSummaryResult> {
	const chatId = await resolveChatId(client, input.chat);
	const result = await syncBurstSummary({
		store: input.store,
		burstKey: input.burstKey,
		channel: telegramThreadChannel(chatId),
		threshold: input.threshold,
		token: input.token,
		write: async (count, existing) => {
			const content = { text: escapeTelegramHtml(burstSummaryText(count, input.label, input.windowMinutes)) };
			if (existing) {
				try {
					await editTelegramMessageText(client, { chat: chatId, messageId: Number(existing.ts), content });
					return existing.ts;
				} catch (error: unknown) {
					if (!isMessageGone(error)) throw error;
				}
			}
			const posted = await sendTelegramMessage(client, { chat: chatId, content, topicId: input.topicId });
			return String(posted.messageId);
		},
	});
	return { ...result, chatId };
}
