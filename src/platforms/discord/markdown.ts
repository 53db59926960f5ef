import { printable } from '../../core/foldText';
import { shorten } from '../../core/render/limits';

/**
 * Customer text as Discord markdown that shows as typed. Discord renders markdown in message content, embed titles,
 * descriptions and field values, and parses mentions in content; so text from an event could otherwise bold,
 * hide (`||spoiler||`), plant a masked link (`[Refund here](https://evil)`), make a heading or a quote, or ping
 * (`@everyone`, `<@id>`, `<@&role>`, `<#channel>`).
 *
 * - every character that formats anywhere (`\ * _ ~ \` | [ ] ( )`) gets a backslash, which Discord shows as the
 *   character itself;
 * - one that formats only at the start of a line (`#` heading, `-#` subtext, `>` quote, `-`/`+` list, `1.` list)
 *   gets one there;
 * - `@everyone`, `@here` and the opening `<` of a mention, channel link, custom emoji, command or timestamp
 *   (`<@`, `<#`, `<:`, `<a:`, `</`, `<t:`) and a guild navigation link (`<id:customize>`, `<id:browse>`, `<id:guide>`)
 *   get a zero-width space after the `@` or `<`, so they are text, not tokens;
 * - `://` gets one after the colon, so a URL in customer text is not made a link (our own links are buttons).
 * `allowed_mentions: { parse: [] }` (addressing.ts) is the second guard: even a mention that got through pings nobody.
 * @see https://support.discord.com/hc/en-us/articles/210298617-Markdown-Text-101-Chat-Formatting-Bold-Italic-Underline
 * @see https://discord.com/developers/docs/reference#message-formatting
 */
const ANYWHERE = /[\\*_~`|[\]()]|@(?=everyone|here)|<(?=[@#:/]|a:|t:|id:)|:(?=\/\/)/gi;
const LINE_START_MARK = /^([ \t]*)([#>+-])/gm;
const LINE_START_NUMBER = /^([ \t]*\d+)\./gm;

export function escapeDiscordMarkdown(text: string): string {
	return printable(text)
		.replace(ANYWHERE, (match: string) => {
			if (match === '@' || match === '<' || match === ':') return `${match}\u200B`;
			return `\\${match}`;
		})
		.replace(LINE_START_MARK, '$1\\$2')
		.replace(LINE_START_NUMBER, '$1\\.');
}

/**
 * Text for places where Discord shows no markdown and parses no mentions (embed footer, button labels): only
 * unprintable characters go, and line breaks become spaces (a label or footer is one line).
 */
export function plainLine(text: string): string {
	return printable(text).replace(/\s*\n\s*/g, ' ');
}

/**
 * Like shorten, for escaped markdown: never ends in a lone backslash (which would escape the ellipsis and show) or
 * a zero-width space left from a cut mention.
 */
export function shortenMarkdown(text: string, max: number): string {
	if (text.length <= max) return text;
	const shortened = shorten(text, max).replace(/\u200B…$/, '…');
	const backslashes = /(\\*)…$/.exec(shortened)?.[1].length ?? 0;
	return backslashes % 2 === 1 ? `${shortened.slice(0, -2)}…` : shortened;
}
