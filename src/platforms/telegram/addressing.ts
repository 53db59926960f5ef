import type { ChatAddressing, Mention } from '../../core/addressing';

/**
 * Telegram's chat and mention syntax: what Payment Alert's routing rules accept and emit for Telegram, and how the
 * outcome lines name who acted (src/core/addressing.ts says what each part is for).
 */

/**
 * A chat id: an integer, negative for groups and channels (`-100…` for supergroups and channels).
 * @see https://core.telegram.org/bots/api#chat
 */
export const TELEGRAM_CHAT_ID_PATTERN = /^-?[1-9]\d{0,19}$/;
/** A public channel or supergroup's username: 5–32 letters, digits and `_`, starting with a letter. */
export const TELEGRAM_CHAT_USERNAME_PATTERN = /^@[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]$/;
/** A user id: a positive integer (up to 52 significant bits). */
export const TELEGRAM_USER_ID_PATTERN = /^[1-9]\d{0,15}$/;

export function isTelegramChatId(value: string): boolean {
	return TELEGRAM_CHAT_ID_PATTERN.test(value);
}

function describeChannelProblem(channel: string): string | undefined {
	const value = channel.trim();
	if (isTelegramChatId(value) || TELEGRAM_CHAT_USERNAME_PATTERN.test(value.startsWith('@') ? value : `@${value}`)) {
		return undefined;
	}
	return 'is not a Telegram chat: use a chat id such as -1001234567890 (groups and channels are negative) or a public channel username such as @payments_alerts';
}

/**
 * A text mention of a user by id, `<a href="tg://user?id=123">user 123</a>`: Telegram has no @here and no user
 * groups, and @username text is left to people. Built only from a configured numeric id, never from event data.
 * @see https://core.telegram.org/bots/api#formatting-options
 */
export function telegramUserLink(userId: string): string {
	return `<a href="tg://user?id=${userId}">user ${userId}</a>`;
}

function formatMention(mention: Mention | undefined): string | undefined {
	if (mention?.type !== 'user') return undefined;
	const id = (mention.id ?? '').trim();
	return TELEGRAM_USER_ID_PATTERN.test(id) ? telegramUserLink(id) : undefined;
}

function describeMentionProblem(mention: Mention): string | undefined {
	if (formatMention(mention)) return undefined;
	if (mention.type === 'user') {
		return 'is not a Telegram user id. It is a number such as 123456789 (the user can ask @userinfobot for theirs)';
	}
	return 'cannot be mentioned in Telegram: it has no @here, @channel or user groups; mention a user by id instead';
}

export const telegramAddressing: ChatAddressing = {
	describeChannelProblem,
	normalizeChannel(channel) {
		const trimmed = (channel ?? '').trim();
		if (!trimmed || describeChannelProblem(trimmed)) return undefined;
		return isTelegramChatId(trimmed) || trimmed.startsWith('@') ? trimmed : `@${trimmed}`;
	},
	formatMention,
	describeMentionProblem,
	nameActor: (userId) => (userId && TELEGRAM_USER_ID_PATTERN.test(userId) ? telegramUserLink(userId) : undefined),
};
