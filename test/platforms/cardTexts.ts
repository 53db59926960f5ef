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
