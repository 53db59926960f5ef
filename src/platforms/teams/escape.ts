import { printable } from '../../core/foldText';

/**
 * Customer text for Adaptive Card Markdown (TextBlock `text`, Fact `title` and `value`), shown as typed. Teams
 * renders a CommonMark subset there (bold, italic, lists, `[label](url)` links) and turns `<at>…</at>` into a
 * mention when an entity names it, so:
 * - every ASCII punctuation mark with a meaning inside a line of that Markdown, in Teams' `<at>` tags or in the
 *   card's `{{DATE(…)}}` functions is escaped with a backslash (CommonMark: any ASCII punctuation may be), so
 *   `**x**`, `[x](https://evil)`, `<at>Alice</at>` and `{{TIME(…)}}` show as typed;
 * - a list, heading or quote marker cannot start a line: line breaks become spaces (a TextBlock needs two anyway),
 *   and a marker at the start of the text is escaped too (`- x`, `# x`, `1. x`); elsewhere `-`, `+`, `#` and `.`
 *   mean nothing, so ids and amounts (`INV-0042`, `1,234.56`) stay as they are;
 * - bare web addresses are kept from turning into links: a zero-width space follows `://` and every dot between
 *   two letters (`www.evil.example` stays text), while amounts such as `1,234.56` are unchanged.
 * @see https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features
 * @see https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format
 */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()<>|~]/g;
const LEADING_MARKER = /^(\s*)([-+#]|\d+(?=[.)]))/;
const LINE_BREAKS = /\s*[\r\n]+\s*/g;
const SCHEME_SEPARATOR = /:\/\//g;
const DOT_BETWEEN_LETTERS = /(?<=\p{L})\.(?=\p{L})/gu;

export function escapeTeamsMarkdown(text: string): string {
	return printable(text)
		.replace(LINE_BREAKS, ' ')
		.replace(MARKDOWN_PUNCTUATION, (mark) => `\\${mark}`)
		.replace(LEADING_MARKER, (_whole, space: string, marker: string) =>
			/\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
		)
		.replace(SCHEME_SEPARATOR, '://\u200B')
		.replace(DOT_BETWEEN_LETTERS, '.\u200B');
}
