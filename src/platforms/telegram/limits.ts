import type { PlatformRendering } from '../platform';

/**
 * Telegram Bot API limits, as data next to the renderer. Display text is shortened to fit; ids, URLs and button
 * data are never cut (a button that cannot fit whole is left out instead).
 * @see https://core.telegram.org/bots/api#sendmessage
 * @see https://core.telegram.org/bots/api#inlinekeyboardbutton
 */
export const TELEGRAM_LIMITS = {
	/** `text` of sendMessage / editMessageText: 1–4096 characters after entities parsing (UTF-16 code units). */
	messageText: 4096,
	/** `callback_data`: 1–64 bytes. */
	callbackData: 64,
	/** `answerCallbackQuery` `text`: 0–200 characters. */
	callbackAnswerText: 200,
	/** Our own caps: a button label Telegram would cut on a phone anyway, and buttons per row and in all. */
	buttonText: 64,
	buttonsPerRow: 2,
	buttons: 20,
	/** Our own cap for the title line and each footer part, so neither crowds out the content. */
	titleText: 256,
	footerPartText: 300,
	/** Summary share of the text budget; fields get what is left, whole or not at all. */
	summaryText: 2000,
	/** A URL button's `url`: Telegram documents no limit; links longer than this are not ours. */
	buttonUrl: 2048,
} as const;

const ENTITY = /&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi;
const TAG = /<\/?[a-z-]+(?:\s[^>]*)?>/gi;

function decodeEntity(entity: string, name: string): string {
	switch (name.toLowerCase()) {
		case 'lt':
			return '<';
		case 'gt':
			return '>';
		case 'amp':
			return '&';
		case 'quot':
			return '"';
		default: {
			const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
			return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
		}
	}
}

/**
 * The text Telegram shows for an HTML-mode message: tags removed, entities decoded. Its `.length` (UTF-16 code
 * units, as JavaScript counts) is what Telegram holds to 4,096.
 * @see https://core.telegram.org/bots/api#formatting-options
 */
export function telegramVisibleText(html: string): string {
	return html.replace(TAG, '').replace(ENTITY, decodeEntity);
}

interface KeyboardButton {
	text?: unknown;
	callback_data?: unknown;
	url?: unknown;
}

/** Where a Telegram rendering breaks the Bot API's limits (TELEGRAM_LIMITS), one sentence each. */
export function telegramLimitProblems(rendering: PlatformRendering): string[] {
	const problems: string[] = [];
	const visible = telegramVisibleText(rendering.text).length;
	if (rendering.text.trim() === '') problems.push('the text is empty');
	if (visible > TELEGRAM_LIMITS.messageText) {
		problems.push(`the text has ${visible} characters after entity parsing (at most ${TELEGRAM_LIMITS.messageText})`);
	}
	const markup = (rendering as { reply_markup?: { inline_keyboard?: unknown } }).reply_markup;
	const rows = Array.isArray(markup?.inline_keyboard) ? (markup.inline_keyboard as unknown[]) : [];
	rows.forEach((row, rowIndex) => {
		const buttons = Array.isArray(row) ? (row as KeyboardButton[]) : [];
		if (buttons.length === 0) problems.push(`keyboard row ${rowIndex} is empty`);
		buttons.forEach((button, index) => {
			const where = `keyboard row ${rowIndex} button ${index}`;
			if (typeof button.text !== 'string' || button.text.length === 0) problems.push(`${where} has no text`);
			const hasData = typeof button.callback_data === 'string';
			const hasUrl = typeof button.url === 'string';
			if (hasData === hasUrl) problems.push(`${where} needs exactly one of callback_data and url`);
			if (hasData) {
				const bytes = Buffer.byteLength(button.callback_data as string);
				if (bytes < 1 || bytes > TELEGRAM_LIMITS.callbackData) {
					problems.push(`${where} has ${bytes} bytes of callback_data (1 to ${TELEGRAM_LIMITS.callbackData})`);
				}
			}
			if (hasUrl && !/^https:\/\/[^\s<>"]+$/.test(button.url as string)) {
				problems.push(`${where} has a url that is not https`);
			}
		});
	});
	return problems;
}
