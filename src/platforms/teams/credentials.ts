/** The n8n credential type of a Microsoft Teams webhook (credentials/StripeChatTeamsApi.credentials.ts). */
export const TEAMS_CREDENTIAL_TYPE = 'stripeChatTeamsApi';

export interface TeamsCredentials {
	/** The Teams Workflows (or legacy connector) webhook URL; it carries its own key, so it is a secret. Empty when not set. */
	webhookUrl: string;
}

/** Anything that reads an n8n credential: every n8n function context does. */
export interface CredentialSource {
	getCredentials(type: string): Promise<object>;
}

/** The one parser of the Teams credential: a blank URL counts as not set. */
export function parseTeamsCredentials(raw: object): TeamsCredentials {
	const { webhookUrl } = raw as Record<string, unknown>;
	return { webhookUrl: typeof webhookUrl === 'string' ? webhookUrl.trim() : '' };
}

export async function readTeamsCredentials(source: CredentialSource): Promise<TeamsCredentials> {
	return parseTeamsCredentials(await source.getCredentials(TEAMS_CREDENTIAL_TYPE));
}
