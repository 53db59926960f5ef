import { printable } from './foldText';

/**
 * Slack mrkdwn treats `&`, `<` and `>` as control characters: `<!channel>`, `<@U123>` and `<https://x|label>`
 * are built from them, so escaping these three is what keeps customer text from pinging or planting links.
 * A formatting mark (`*`, `_`, `~`, `` ` ``) only formats when it opens a span: at the start of the text or after
 * white space or an opening bracket or quote, followed by a visible character. Such an opening mark is wrapped in
 * zero-width spaces, so `*x*` shows as typed instead of turning bold; a span cannot close without an opening, so
 * every other mark stays as it is: ids such as `cus_123` and masks such as `j***@example.com` are unchanged.
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 */
/**
 * Escaped in one pass: rendering calls this for every field of every message. A run of marks is one unit. A colon
 * that opens an emoji code (`:rotating_light:`) is the third kind: customer text must not show alert emoji.
 */
const SPECIAL_CHARACTER = /[&<>]|[*_~`]+|:(?=[a-z0-9_+'-]+:)/gi;
/** Slack emoji names have a letter; `12:30:45` is a time. */
const LETTER = /[a-z]/i;

function opensEmojiCode(whole: string, offset: number): boolean {
	return LETTER.test(whole.slice(offset + 1, whole.indexOf(':', offset + 1)));
}
/** What may stand before a mark that opens a span; `;` covers the end of an escaped `&lt;`. */
const BEFORE_OPENING_MARK = /[\s([{"'“‘«;]/u;

function opensSpan(whole: string, offset: number, length: number): boolean {
	const next = whole.charAt(offset + length);
	if (next === '' || /\s/u.test(next)) return false;
	return offset === 0 || BEFORE_OPENING_MARK.test(whole.charAt(offset - 1));
}

/** Customer text as mrkdwn that shows as typed: no mentions, links, formatting, emoji codes or control characters. */
export function escapeMrkdwn(text: string): string {
	return printable(text).replace(SPECIAL_CHARACTER, (match: string, offset: number, whole: string) => {
		if (match === '&') return '&amp;';
		if (match === '<') return '&lt;';
		if (match === '>') return '&gt;';
		if (match === ':') return opensEmojiCode(whole, offset) ? ':\u200B' : ':';
		return opensSpan(whole, offset, match.length) ? `\u200B${match}\u200B` : match;
	});
}
