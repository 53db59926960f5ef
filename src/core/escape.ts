/**
 * Slack mrkdwn treats `&`, `<` and `>` as control characters: `<!channel>`, `<@U123>` and `<https://x|label>`
 * are built from them, so escaping these three is what keeps customer text from pinging or planting links.
 * A formatting mark (`*`, `_`, `~`, `` ` ``) only formats when it opens a span: at the start of the text or after
 * white space or an opening bracket or quote, followed by a visible character. Such an opening mark is wrapped in
 * zero-width spaces, so `*x*` shows as typed instead of turning bold; a span cannot close without an opening, so
 * every other mark stays as it is: ids such as `cus_123` and masks such as `j***@example.com` are unchanged.
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 */
/** Escaped in one pass: rendering calls this for every field of every message. A run of marks is one unit. */
const SPECIAL_CHARACTER = /[&<>]|[*_~`]+/g;
/** What may stand before a mark that opens a span; `;` covers the end of an escaped `&lt;`. */
const BEFORE_OPENING_MARK = /[\s([{"'“‘«;]/u;

function opensSpan(whole: string, offset: number, length: number): boolean {
	const next = whole.charAt(offset + length);
	if (next === '' || /\s/u.test(next)) return false;
	return offset === 0 || BEFORE_OPENING_MARK.test(whole.charAt(offset - 1));
}

export function escapeMrkdwn(text: string): string {
	return text.replace(SPECIAL_CHARACTER, (match: string, offset: number, whole: string) => {
		if (match === '&') return '&amp;';
		if (match === '<') return '&lt;';
		if (match === '>') return '&gt;';
		return opensSpan(whole, offset, match.length) ? `\u200B${match}\u200B` : match;
	});
}
