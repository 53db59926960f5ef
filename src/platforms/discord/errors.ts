/**
 * Discord's answers as errors a person can act on. Messages name the route (`POST /channels/{id}/messages`), never a
 * URL: an interaction's follow-up URL carries its token, and the bot token is scrubbed from every text.
 * @see https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
 */
export class DiscordApiError extends Error {
	constructor(
		message: string,
		/** HTTP status; 0 when Discord could not be reached. */
		readonly status: number,
		/** Discord's JSON error code (50013 Missing Permissions, 10003 Unknown Channel, …), when it gave one. */
		readonly code: number | undefined,
		/** What to change, for a person. */
		readonly hint: string,
	) {
		super(message);
		this.name = 'DiscordApiError';
	}
}

const HINTS: Readonly<Record<number, string>> = {
	10003: 'The channel id is wrong, or the channel was deleted. Copy it again with Developer Mode on.',
	10008: 'The message was deleted in Discord.',
	10015: 'The interaction webhook is gone: Discord keeps an interaction token for 15 minutes only.',
	50001:
		'The bot cannot see this channel: invite it to the server and give it "View Channel" and "Read Message History" there.',
	50013:
		'The bot lacks a permission in this channel: it needs "Send Messages", "Embed Links" and "Read Message History".',
	50035: 'Discord refused the message body; the error names the field.',
};

function hintFor(status: number, code: number | undefined): string {
	if (code !== undefined && HINTS[code]) return HINTS[code];
	if (status === 401)
		return 'The bot token in the Stripe Chat Discord credential is wrong or was reset: copy it again.';
	if (status === 403) return 'The bot is not allowed to do this here: check its permissions in the channel.';
	if (status === 404) return 'Discord does not know this channel or message: check the id.';
	if (status === 429)
		return 'Discord kept asking to slow down for longer than this node waits; the item fails so nothing is lost silently.';
	if (status === 0 || status >= 500) return 'Discord could not be reached or had a server error; try again later.';
	return 'See the message from Discord.';
}

/** `text` with every secret (bot token, interaction token) replaced, so no error or log line carries one. */
export function scrubSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	return secrets.reduce<string>(
		(scrubbed, secret) => (secret && secret.length >= 8 ? scrubbed.split(secret).join('[redacted]') : scrubbed),
		text,
	);
}

export function discordApiError(
	route: string,
	status: number,
	body: unknown,
	secrets: ReadonlyArray<string | undefined>,
): DiscordApiError {
	const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
	const code = typeof record.code === 'number' ? record.code : undefined;
	const detail = typeof record.message === 'string' ? `: ${record.message}` : '';
	// Scrubbed before it is cut: a cut inside a secret would leave its start, which no longer matches the secret.
	const errors =
		record.errors && typeof record.errors === 'object'
			? ` ${scrubSecrets(JSON.stringify(record.errors), secrets).slice(0, 500)}`
			: '';
	const message = scrubSecrets(
		`Discord answered ${status}${code !== undefined ? ` (${code})` : ''} to ${route}${detail}${errors}`,
		secrets,
	);
	return new DiscordApiError(message, status, code, hintFor(status, code));
}
