import { printable } from '../../core/foldText';
import { breakBareLinks } from '../webhookText';

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
 * - bare web addresses are kept from turning into links (`breakBareLinks`: `www.evil.example`, `evil1.com` and
 *   `192.168.0.1/pay` stay text), while amounts such as `1,234.56` are unchanged.
 * @see https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features
 * @see https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format
 */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()<>|~]/g;
const LEADING_MARKER = /^(\s*)([-+#]|\d+(?=[.)]))/;
const LINE_BREAKS = /\s*[\r\n]+\s*/g;

export function escapeTeamsMarkdown(text: string): string {
	// Links are broken first, so that the marker escape of a leading `192.168.0.1` cannot hide it from breakBareLinks.
	return breakBareLinks(printable(text).replace(LINE_BREAKS, ' '))
		.replace(MARKDOWN_PUNCTUATION, (mark) => `\\${mark}`)
		.replace(LEADING_MARKER, (_whole, space: string, marker: string) =>
			/\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
		);
}
