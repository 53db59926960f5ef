/**
 * Slack mrkdwn treats `&`, `<` and `>` as control characters: `<!channel>`, `<@U123>` and `<https://x|label>`
 * are built from them, so escaping these three is what keeps customer text from pinging or planting links.
 * A formatting mark (`*`, `_`, `~`, `` ` ``) only formats at a word edge, so a mark there is wrapped in zero-width
 * spaces: `*x*` shows as typed instead of turning bold, while ids such as `cus_123` stay exactly as they are.
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 */
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

export function escapeMrkdwn(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/[*_~`]/g, (mark, offset: number, whole: string) =>
			WORD_CHARACTER.test(whole.charAt(offset - 1)) && WORD_CHARACTER.test(whole.charAt(offset + 1))
				? mark
				: `\u200B${mark}\u200B`,
		);
}
