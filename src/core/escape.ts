/**
 * Slack mrkdwn treats `&`, `<` and `>` as control characters: `<!channel>`, `<@U123>` and `<https://x|label>`
 * are built from them, so escaping these three is what keeps customer text from pinging or planting links.
 * A formatting mark (`*`, `_`, `~`, `` ` ``) only formats at a word edge, so a mark there is wrapped in zero-width
 * spaces: `*x*` shows as typed instead of turning bold, while ids such as `cus_123` stay exactly as they are.
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 */
const WORD_CHARACTER = /[\p{L}\p{N}]/u;
/** Escaped in one pass: rendering calls this for every field of every message. */
const SPECIAL_CHARACTER = /[&<>*_~`]/g;

function isWordCharacter(character: string): boolean {
	const code = character.charCodeAt(0);
	if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return true;
	return code > 127 && WORD_CHARACTER.test(character);
}

export function escapeMrkdwn(text: string): string {
	return text.replace(SPECIAL_CHARACTER, (character: string, offset: number, whole: string) => {
		if (character === '&') return '&amp;';
		if (character === '<') return '&lt;';
		if (character === '>') return '&gt;';
		return isWordCharacter(whole.charAt(offset - 1)) && isWordCharacter(whole.charAt(offset + 1))
			? character
			: `\u200B${character}\u200B`;
	});
}
