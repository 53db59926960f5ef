/**
 * Reading Telegram's webhook updates: only a `callback_query` (a click on an inline keyboard button) matters to
 * this package; every other update is recognised as such and ignored.
 * @see https://core.telegram.org/bots/api#update
 * @see https://core.telegram.org/bots/api#callbackquery
 */

export interface TelegramCallbackQuery {
	kind: 'callback_query';
	updateId?: number;
	/** The callback query id, which `answerCallbackQuery` needs. */
	id: string;
	user: { id: string; name?: string; username?: string };
	/** The chat and message the button belongs to; absent for buttons of inline-mode messages. */
	chatId?: string;
	messageId?: number;
	/** The forum topic of the message. */
	topicId?: number;
	/** The button's `callback_data`. */
	data?: string;
	/** The message's inline keyboard as shown, for the outcome's edit. */
	replyMarkup?: unknown;
}

export type TelegramUpdate = TelegramCallbackQuery | { kind: 'other'; updateId?: number; type: string };

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const idText = (value: unknown): string | undefined =>
	typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : undefined;

/**
 * The update in the body, as far as this package reads it.
 * @throws Error when the body is not a JSON object.
 */
export function parseTelegramUpdate(body: Buffer | string): TelegramUpdate {
	const parsed: unknown = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
	if (!isRecord(parsed)) throw new Error('The body is not a JSON object');
	const updateId = typeof parsed.update_id === 'number' ? parsed.update_id : undefined;
	const query = parsed.callback_query;
	if (
		!isRecord(query) ||
		typeof query.id !== 'string' ||
		!isRecord(query.from) ||
		idText(query.from.id) === undefined
	) {
		const type = Object.keys(parsed).find((key) => key !== 'update_id') ?? 'empty';
		return { kind: 'other', updateId, type };
	}
	const from = query.from;
	const message = isRecord(query.message) ? query.message : undefined;
	const chat = message && isRecord(message.chat) ? message.chat : undefined;
	const names = [from.first_name, from.last_name].filter((part): part is string => typeof part === 'string');
	return {
		kind: 'callback_query',
		updateId,
		id: query.id,
		user: {
			id: idText(from.id) as string,
			...(names.length > 0 ? { name: names.join(' ') } : {}),
			...(typeof from.username === 'string' ? { username: from.username } : {}),
		},
		chatId: idText(chat?.id),
		messageId: typeof message?.message_id === 'number' ? message.message_id : undefined,
		topicId: typeof message?.message_thread_id === 'number' ? message.message_thread_id : undefined,
		data: typeof query.data === 'string' ? query.data : undefined,
		replyMarkup: message?.reply_markup,
	};
}
