import type { DiscordRendering } from '../../../src/platforms/discord/render';

/**
 * What "no unescaped mention or markup" means for Discord, checked on every text Discord renders as markdown
 * (content, embed title, description, field names and values).
 */
export function markdownTexts(rendering: DiscordRendering): string[] {
	const texts = [rendering.content];
	for (const embed of rendering.embeds) {
		if (embed.title) texts.push(embed.title);
		if (embed.description) texts.push(embed.description);
		for (const field of embed.fields ?? []) texts.push(field.name, field.value);
	}
	return texts;
}

/** A mark preceded by an even number of backslashes (none, or escaped backslashes) formats. */
const UNESCAPED_MARK = /(?<!\\)(?:\\\\)*[*_~`|[\]()]/;
const LINE_START_MARK = /^[ \t]*(?:[#>+-]|\d+\.)/m;
const MENTION_TOKEN = /@(?:everyone|here)|<(?:@|#|:|a:|t:|id:|\/)/i;
const OWN_TIMESTAMP = /<t:\d+:f>/g;
const BARE_URL = /[a-z][a-z0-9+.-]*:\/\//i;

/** Where an escaped customer string would still format, ping or link; undefined when it shows as typed. */
export function markupProblem(text: string): string | undefined {
	// Our own timestamps (the core's dates) are the one token allowed; customer text cannot make one (its `<` is escaped).
	const escaped = text.replace(OWN_TIMESTAMP, '');
	if (MENTION_TOKEN.test(escaped)) return `a mention token survives: ${JSON.stringify(escaped)}`;
	if (UNESCAPED_MARK.test(escaped)) return `an unescaped markdown mark survives: ${JSON.stringify(escaped)}`;
	if (LINE_START_MARK.test(escaped)) return `a line starts with a block mark: ${JSON.stringify(escaped)}`;
	if (BARE_URL.test(escaped)) return `a bare URL survives: ${JSON.stringify(escaped)}`;
	return undefined;
}

/** Undoes the escaping as Discord shows it: backslash escapes and our zero-width spaces gone. */
export function shownAs(escaped: string): string {
	return escaped.replace(/\\(.)/gs, '$1').replace(/\u200B/g, '');
}
