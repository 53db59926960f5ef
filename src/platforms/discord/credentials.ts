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
	/** Without a trailing slash. */
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

export function parseDiscordCredentials(raw: object): DiscordCredentials {
	const fields = raw as Record<string, unknown>;
	const base = secretOf(fields.apiBaseUrl)?.trim() ?? DEFAULT_DISCORD_API_BASE_URL;
	return {
		botToken: typeof fields.botToken === 'string' ? fields.botToken.trim() : '',
		applicationId: secretOf(fields.applicationId)?.trim(),
		publicKey: secretOf(fields.publicKey)?.trim(),
		buttonSigningSecret: secretOf(fields.buttonSigningSecret),
		apiBaseUrl: base.replace(/\/+$/, ''),
	};
}

/** The node's Discord credential; fails (with n8n's own message) when none is selected. */
export async function readDiscordCredentials(source: CredentialSource): Promise<DiscordCredentials> {
	return parseDiscordCredentials(await source.getCredentials(DISCORD_CREDENTIAL_TYPE));
}
