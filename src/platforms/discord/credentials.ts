import { isLoopbackHost } from '../../core/loopback';

/** The n8n credential type every Discord node of this package reads the bot's token and keys from. */
export const DISCORD_CREDENTIAL_TYPE = 'stripeChatDiscordApi';

export const DEFAULT_DISCORD_API_BASE_URL = 'https://discord.com/api/v10';

/** What the Discord credential holds (credentials/StripeChatDiscordApi.credentials.ts), parsed one way for every node. */
export interface DiscordCredentials {
	/** The bot's token (Developer Portal → Bot → Reset Token); empty when the credential has none. */
	botToken: string;
	/** The application's id: interaction follow-ups are addressed by it. */
	applicationId?: string;
	/** The application's Ed25519 public key (64 hex characters): verifies interactions (Stripe Chat Discord Trigger). */
	publicKey?: string;
	/** Signs button values and binds them to the channel a message is posted in (src/core/compactActionValue.ts). */
	buttonSigningSecret?: string;
	/**
	 * The one Discord server (guild) whose clicks the trigger takes: a click from another server or from a DM is
	 * refused. Unset: clicks from wherever a bot message appears.
	 */
	guildId?: string;
	/** Without a trailing slash; https (loopback excepted). */
	apiBaseUrl: string;
}

/** Anything that reads an n8n credential: every n8n function context (execute, webhook) does. */
export interface CredentialSource {
	getCredentials(type: string): Promise<object>;
}

/** A secret that is missing, empty or only white space counts as not set; a set one is used exactly as typed. */
function secretOf(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A credential that cannot be used as set; the message says what to change. */
export class DiscordSetupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DiscordSetupError';
	}
}

/**
 * The API base URL without a trailing slash. The bot token goes with every call, so `https://` only; plain `http://`
 * only for the loopback interface, where tests run their fake Discord.
 * @throws DiscordSetupError for anything else.
 */
export function normalizeDiscordApiUrl(apiBaseUrl: string | undefined): string {
	const raw = apiBaseUrl?.trim() || DEFAULT_DISCORD_API_BASE_URL;
	if (!URL.canParse(raw)) {
		throw new DiscordSetupError(
			`The Discord API Base URL "${raw}" is not a URL. Leave it at ${DEFAULT_DISCORD_API_BASE_URL}.`,
		);
	}
	const url = new URL(raw);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
		throw new DiscordSetupError(
			`The Discord API Base URL must start with https:// (got "${url.protocol}//${url.host}"), because the bot token goes with every request. Leave it at ${DEFAULT_DISCORD_API_BASE_URL}.`,
		);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new DiscordSetupError('The Discord API Base URL must not contain a user name, password, query or fragment.');
	}
	return url.href.replace(/\/+$/, '');
}

/** @throws DiscordSetupError when the API Base URL is not https (loopback excepted). */
export function parseDiscordCredentials(raw: object): DiscordCredentials {
	const fields = raw as Record<string, unknown>;
	return {
		botToken: typeof fields.botToken === 'string' ? fields.botToken.trim() : '',
		applicationId: secretOf(fields.applicationId)?.trim(),
		publicKey: secretOf(fields.publicKey)?.trim(),
		buttonSigningSecret: secretOf(fields.buttonSigningSecret),
		guildId: secretOf(fields.guildId)?.trim(),
		apiBaseUrl: normalizeDiscordApiUrl(secretOf(fields.apiBaseUrl)),
	};
}

/** The node's Discord credential; fails (with n8n's own message) when none is selected. */
export async function readDiscordCredentials(source: CredentialSource): Promise<DiscordCredentials> {
	return parseDiscordCredentials(await source.getCredentials(DISCORD_CREDENTIAL_TYPE));
}
