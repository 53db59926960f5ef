/** The n8n credential type of a Google Chat webhook (credentials/StripeChatGoogleChatApi.credentials.ts). */
export const GOOGLE_CHAT_CREDENTIAL_TYPE = 'stripeChatGoogleChatApi';

export interface GoogleChatCredentials {
	/** The space's webhook URL (`https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…`); a secret. Empty when not set. */
	webhookUrl: string;
}

/** Anything that reads an n8n credential: every n8n function context does. */
export interface CredentialSource {
	getCredentials(type: string): Promise<object>;
}

/** The one parser of the Google Chat credential: a blank URL counts as not set. */
export function parseGoogleChatCredentials(raw: object): GoogleChatCredentials {
	const { webhookUrl } = raw as Record<string, unknown>;
	return { webhookUrl: typeof webhookUrl === 'string' ? webhookUrl.trim() : '' };
}

export async function readGoogleChatCredentials(source: CredentialSource): Promise<GoogleChatCredentials> {
	return parseGoogleChatCredentials(await source.getCredentials(GOOGLE_CHAT_CREDENTIAL_TYPE));
}
