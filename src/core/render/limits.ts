/**
 * Slack Block Kit limits, as data next to the renderer. Display text is shortened to fit; ids and URLs are
 * never cut (an element that cannot fit whole is left out instead).
 * @see https://api.slack.com/reference/block-kit/blocks
 * @see https://api.slack.com/methods/chat.postMessage#truncating
 */
export const SLACK_LIMITS = {
	blocksPerMessage: 50,
	headerText: 150,
	sectionText: 3000,
	sectionFields: 10,
	sectionFieldText: 2000,
	contextElements: 10,
	contextElementText: 2000,
	actionsElements: 25,
	buttonText: 75,
	buttonValue: 2000,
	buttonUrl: 3000,
	actionId: 255,
	blockId: 255,
	confirmTitle: 100,
	confirmText: 300,
	confirmButton: 30,
	/** Slack truncates `text` past 40,000 characters and advises under 4,000; a notification needs far less. */
	fallbackText: 3000,
	/** Our own cap per footer element (mode, account, event id, redaction note), so the footer never crowds out content. */
	footerPartText: 300,
	/** Undocumented: ~12,000 characters of text across all blocks fail with `msg_blocks_too_long`. */
	totalBlockTextBudget: 11000,
} as const;

/** Shortens plain text to `max` characters with an ellipsis, at a word boundary when one is near. */
export function shorten(text: string, max: number): string {
	if (text.length <= max) return text;
	if (max <= 1) return text.slice(0, Math.max(0, max));
	let cut = text.slice(0, max - 1);
	const space = cut.lastIndexOf(' ');
	if (space > max * 0.6) cut = cut.slice(0, space);
	return `${cut.trimEnd()}…`;
}

/** Like shorten, for text already escaped for mrkdwn: never leaves half an `&amp;` entity or a lone zero-width space. */
export function shortenEscaped(text: string, max: number): string {
	if (text.length <= max) return text;
	const shortened = shorten(text, max);
	return shortened.replace(/&[a-z]{0,3}…$/, '…').replace(/\u200B…$/, '…');
}
