import { printable } from '../../core/foldText';
import { shorten } from '../../core/render/limits';
import type { ChatMessage, MessageAction, MessageLink, Severity } from '../../core/types';
import { TELEGRAM_LIMITS, telegramVisibleText } from './limits';

/** The subset of the Bot API's message fields this renderer emits (vendored: no SDK here). */
export interface TelegramInlineButton {
	text: string;
	/** A signed compact value (src/core/compactActionValue.ts), 1–64 bytes; a click sends it back as a callback query. */
	callback_data?: string;
	/** An https link (Dashboard, Stripe-hosted page) opened by the client. */
	url?: string;
}

export interface TelegramReplyMarkup {
	inline_keyboard: TelegramInlineButton[][];
}

/** What `sendMessage` takes besides `chat_id` and the reply or topic fields. */
export interface TelegramRendering {
	text: string;
	parse_mode: 'HTML';
	/** Customer text may hold links: no preview card is fetched for them. */
	link_preview_options: { is_disabled: true };
	reply_markup?: TelegramReplyMarkup;
}

export interface TelegramRenderOptions {
	/** A text mention built by the addressing from a configured user id; anything else is left out. */
	mention?: string;
}

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
	critical: '🚨',
	warning: '⚠️',
	success: '✅',
	info: 'ℹ️',
};

const MENTION_PATTERN = /^<a href="tg:\/\/user\?id=[1-9]\d{0,15}">user [1-9]\d{0,15}<\/a>$/;

/** Emoji in the title would spoof our severity icon (`🚨 Payment failed`), so the title's own are left out. */
const PICTOGRAPH = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\uFE0F|\u20E3/gu;

/** Characters HTML parse mode reads as markup; `"` matters in attributes, and escaping it in text is harmless. */
const HTML_SPECIAL = /[&<>"]/g;
const HTML_ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/**
 * A word joiner after `@` or a leading `/` keeps customer text from mentioning someone or showing a bot command;
 * one inside `://` and after a dot between a letter or digit and a letter keeps `evil.example/pay` from becoming a
 * link (Telegram links URLs and bare domains in any text). Amounts (`50.00`) are left as they are.
 */
const WORD_JOINER = '\u2060';
const MENTION_OR_COMMAND = /@(?=[A-Za-z0-9_])|(^|[\s(])\/(?=[A-Za-z])/g;
const LINK_MAKER = /:\/(?=\/)|(?<=[\p{L}\p{N}])\.(?=\p{L})/gu;

/**
 * Customer text as Telegram HTML that shows as typed: `<`, `>`, `&` and `"` as entities (so it cannot open a
 * tag, a link or an entity), `@name`, `/command`, URLs and domains broken by a word joiner (so it cannot ping
 * anyone, offer a bot command or become a link), and no control characters.
 * @see https://core.telegram.org/bots/api#html-style
 */
export function escapeTelegramHtml(text: string): string {
	return printable(text)
		.replace(MENTION_OR_COMMAND, (match: string, before: string | undefined) =>
			match.startsWith('@') ? `@${WORD_JOINER}` : `${before ?? ''}/${WORD_JOINER}`,
		)
		.replace(LINK_MAKER, (match) => `${match}${WORD_JOINER}`)
		.replace(HTML_SPECIAL, (character) => HTML_ENTITY[character]);
}

/** A field's label is short by nature; a value with less room than this says nothing and is left out. */
const FIELD_LABEL_TEXT = 60;
const MIN_FIELD_VALUE_TEXT = 20;

const visible = (html: string): number => telegramVisibleText(html).length;

/** `shorten`, without leaving half a surrogate pair before the ellipsis (Telegram refuses text that is not UTF-8). */
function shortenWhole(text: string, max: number): string {
	return shorten(text, max).replace(/[\uD800-\uDBFF](…?)$/, '$1');
}

/**
 * Plain text shortened to at most `max` visible characters, then escaped: the cut is made before escaping, so it
 * never leaves half an entity or a tag, and the word joiners the escaping adds are counted too.
 */
function fit(text: string, max: number): string {
	const plain = printable(text);
	let room = Math.max(0, max);
	let escaped = escapeTelegramHtml(shortenWhole(plain, room));
	while (room > 0 && visible(escaped) > max) {
		room -= visible(escaped) - max;
		escaped = escapeTelegramHtml(shortenWhole(plain, Math.max(0, room)));
	}
	return visible(escaped) > max ? '' : escaped;
}

function isOwnUrl(url: string): boolean {
	return url.length <= TELEGRAM_LIMITS.buttonUrl && /^https:\/\/[^\s<>"]+$/.test(url);
}

function label(text: string): string {
	return shorten(printable(text).replace(/\s+/g, ' ').trim(), TELEGRAM_LIMITS.buttonText) || '·';
}

/**
 * Actions that open a form to fill in (Slack's dispute evidence modal): Telegram has no forms, so these buttons are
 * left out and the Dashboard link under the alert does the job.
 */
export const FORM_ACTIONS: ReadonlySet<string> = new Set(['dispute.respond']);

function callbackButton(action: MessageAction): TelegramInlineButton | undefined {
	if (FORM_ACTIONS.has(action.id)) return undefined;
	const data = action.compactValue;
	if (!data || Buffer.byteLength(data) > TELEGRAM_LIMITS.callbackData) return undefined;
	return { text: label(action.style === 'danger' ? `⚠️ ${action.label}` : action.label), callback_data: data };
}

function linkButton(link: MessageLink): TelegramInlineButton | undefined {
	return isOwnUrl(link.url) ? { text: label(link.label), url: link.url } : undefined;
}

function inRows(buttons: TelegramInlineButton[]): TelegramInlineButton[][] {
	const rows: TelegramInlineButton[][] = [];
	for (let index = 0; index < buttons.length; index += TELEGRAM_LIMITS.buttonsPerRow) {
		rows.push(buttons.slice(index, index + TELEGRAM_LIMITS.buttonsPerRow));
	}
	return rows;
}

function footerParts(message: ChatMessage): string[] {
	const parts: string[] = [];
	if (!message.livemode) parts.push('Test mode');
	if (message.account) parts.push(`Account ${message.account}`);
	parts.push(`${message.eventType} · ${message.eventId}`);
	if (message.redactionPolicy === 'off') {
		parts.push('🔓 Redaction is off: customer data is shown as received');
	} else if (message.redactions.length > 0) {
		const kinds = [...new Set(message.redactions.map((redaction) => redaction.kind))];
		parts.push(`🔒 Redacted (${message.redactionPolicy}): ${kinds.join(', ')}`);
	}
	return parts;
}

/**
 * Renders a message for Telegram's HTML parse mode, ready for `sendMessage` (without `chat_id`): the title in
 * bold, the summary, the fields, the footer in italics, and an inline keyboard of signed callback buttons (from
 * each action's `compactValue`) and https link buttons. Every customer string is escaped; the text stays within
 * 4,096 characters after entity parsing, with the same budget idea as Slack: the title, mention and footer are
 * counted first, the summary gets its share, and each field goes in whole (shortened) or not at all.
 * @see https://core.telegram.org/bots/api#sendmessage
 */
export function renderTelegram(message: ChatMessage, options: TelegramRenderOptions = {}): TelegramRendering {
	const mention = options.mention && MENTION_PATTERN.test(options.mention) ? `${options.mention} ` : '';
	const ownTitle = message.title.replace(PICTOGRAPH, '').replace(/ {2,}/g, ' ').trim();
	const title = `${mention}<b>${SEVERITY_EMOJI[message.severity]} ${fit(ownTitle, TELEGRAM_LIMITS.titleText)}</b>`;
	const footer = `<i>${footerParts(message)
		.map((part) => fit(part, TELEGRAM_LIMITS.footerPartText))
		.join(' · ')}</i>`;

	// Two newlines around the fields block and one between lines; counted with the fixed parts.
	let budget = TELEGRAM_LIMITS.messageText - visible(title) - visible(footer) - 4;
	const summaryText = message.summary.trim()
		? fit(message.summary, Math.min(TELEGRAM_LIMITS.summaryText, budget - 1))
		: '';
	budget -= summaryText ? visible(summaryText) + 1 : 0;

	const fieldLines: string[] = [];
	message.fields.forEach((field, index) => {
		const left = message.fields.length - index;
		const share = Math.max(100, Math.floor(budget / left));
		const name = fit(field.label, FIELD_LABEL_TEXT);
		const room = share - visible(name) - 3;
		if (room < MIN_FIELD_VALUE_TEXT) return;
		const line = `<b>${name}:</b> ${fit(field.value, room)}`;
		const cost = visible(line) + 1;
		if (cost > budget) return;
		fieldLines.push(line);
		budget -= cost;
	});

	const head = summaryText ? `${title}\n${summaryText}` : title;
	const body = fieldLines.length > 0 ? `${head}\n\n${fieldLines.join('\n')}` : head;
	const text = `${body}\n\n${footer}`;

	const buttons = [...message.actions.map(callbackButton), ...message.links.map(linkButton)].filter(
		(button): button is TelegramInlineButton => button !== undefined,
	);
	const rendering: TelegramRendering = {
		text,
		parse_mode: 'HTML',
		link_preview_options: { is_disabled: true },
	};
	if (buttons.length > 0)
		rendering.reply_markup = { inline_keyboard: inRows(buttons.slice(0, TELEGRAM_LIMITS.buttons)) };
	return rendering;
}
