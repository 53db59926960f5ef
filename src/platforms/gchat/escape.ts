import { printable } from '../../core/foldText';

/**
 * Customer text for Google Chat. Card text (`textParagraph`, `decoratedText`) is a small HTML subset (`<b>`, `<i>`,
 * `<u>`, `<s>`, `<font color>`, `<a href>`, `<br>`), so `&`, `<` and `>` become entities there and customer text
 * can open no tag and plant no link; bare web addresses are kept from turning into links as in Teams (a zero-width
 * space after `://` and after a dot between two letters).
 * @see https://developers.google.com/workspace/chat/format-messages#card-formatting
 */
const HTML_SPECIAL = /[&<>"]/g;
const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const LINE_BREAKS = /\s*[\r\n]+\s*/g;
const SCHEME_SEPARATOR = /:\/\//g;
const DOT_BETWEEN_LETTERS = /(?<=\p{L})\.(?=\p{L})/gu;

function defangLinks(text: string): string {
	return text.replace(SCHEME_SEPARATOR, '://\u200B').replace(DOT_BETWEEN_LETTERS, '.\u200B');
}

export function escapeGoogleChatHtml(text: string): string {
	return defangLinks(
		printable(text)
			.replace(LINE_BREAKS, ' ')
			.replace(HTML_SPECIAL, (mark) => ENTITY[mark]),
	);
}

/**
 * Customer text for the message's own `text` (the notification, and the line above the card), which is Google
 * Chat's text formatting, not HTML: `<users/…>` mentions and `<url|label>` links are made of angle brackets, which
 * become look-alikes (‹ ›), and a formatting mark (`*`, `_`, `~`, `` ` ``) is followed by a zero-width space so it
 * cannot open bold, italic, strike-through or code.
 * @see https://developers.google.com/workspace/chat/format-messages
 */
export function neutralizeGoogleChatText(text: string): string {
	return defangLinks(
		printable(text)
			.replace(LINE_BREAKS, ' ')
			.replace(/</g, '‹')
			.replace(/>/g, '›')
			.replace(/[*_~`]/g, (mark) => `${mark}\u200B`),
	);
}
