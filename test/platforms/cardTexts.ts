/** The strings of a Teams card or a Google Chat card that the platform parses as markup. */
import type { GoogleChatRendering } from '../../src/platforms/gchat/render';
import type { TeamsRendering } from '../../src/platforms/teams/render';

/** Every Markdown string of a Teams card: TextBlock texts and FactSet titles and values. */
export function teamsMarkdownTexts(rendering: TeamsRendering): string[] {
	const texts: string[] = [];
	for (const element of rendering.attachments[0].content.body) {
		if (element.type === 'TextBlock') texts.push(element.text);
		else for (const fact of element.facts) texts.push(fact.title, fact.value);
	}
	return texts;
}

/** Card text (HTML subset) of every Google Chat widget; our own tags are `<b>`, `<font color="…">` and their ends. */
export function googleChatCardTexts(rendering: GoogleChatRendering): string[] {
	const texts: string[] = [];
	for (const { card } of rendering.cardsV2) {
		for (const section of card.sections) {
			for (const widget of section.widgets) {
				if ('textParagraph' in widget) texts.push(widget.textParagraph.text);
				if ('decoratedText' in widget) texts.push(widget.decoratedText.topLabel, widget.decoratedText.text);
			}
		}
	}
	return texts;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };

/**
 * Every string of a rendering as a person reads it: backslash escapes undone, HTML entities decoded, and the
 * zero-width characters our escaping inserts (U+200B, U+2060) removed. Checks for leaked text (an e-mail, a card
 * number) search this, not the JSON, where the escaping would hide a leak.
 */
export function visibleText(rendering: unknown): string {
	const strings: string[] = [];
	const walk = (value: unknown): void => {
		if (typeof value === 'string') strings.push(value);
		else if (Array.isArray(value)) value.forEach(walk);
		else if (value && typeof value === 'object') Object.values(value).forEach(walk);
	};
	walk(rendering);
	return strings
		.join('\n')
		.replace(/\\(.)/gs, '$1')
		.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (entity, decimal?: string, hex?: string, name?: string) => {
			if (decimal) return String.fromCodePoint(Number(decimal));
			if (hex) return String.fromCodePoint(parseInt(hex, 16));
			return ENTITIES[(name ?? '').toLowerCase()] ?? entity;
		})
		.replace(/[\u200B\u2060]/g, '');
}
