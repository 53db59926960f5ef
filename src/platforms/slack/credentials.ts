import type { WebClient } from '@slack/web-api';

import { createSlackClient } from './client';
import type { SlackClientOptions } from './client';

/** The n8n credential type every node of this package reads Slack's token and secrets from. */
export const SLACK_CREDENTIAL_TYPE = 'stripeChatSlackApi';

/** What the Slack credential holds (credentials/StripeChatSlackApi.credentials.ts), parsed one way for every node. */
export interface SlackCredentials {
	/** Bot User OAuth Token (`xoxb-…`); empty when the credential has none (the client then says so). */
	botToken: string;
	apiBaseUrl?: string;
	/** Verifies that a request comes from Slack (Chat Interaction Trigger). */
	signingSecret?: string;
	/** Signs button values and binds them to the channel a message is posted in (src/core/signedValue.ts). */
	buttonSigningSecret?: string;
}

/** Anything that reads an n8n credential: every n8n function context (execute, webhook, load options) does. */
export interface CredentialSource {
	getCredentials(type: string): Promise<object>;
}

/** A secret that is missing, empty or only white space counts as not set; a set one is used exactly as typed. */
function secretOf(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function parseSlackCredentials(raw: object): SlackCredentials {
	const fields = raw as Record<string, unknown>;
	return {
		botToken: typeof fields.botToken === 'string' ? fields.botToken : '',
		apiBaseUrl: typeof fields.apiBaseUrl === 'string' ? fields.apiBaseUrl : undefined,
		signingSecret: secretOf(fields.signingSecret),
		buttonSigningSecret: secretOf(fields.buttonSigningSecret),
	};
}

/** The node's Slack credential; fails (with n8n's own message) when none is selected. */
export async function readSlackCredentials(source: CredentialSource): Promise<SlackCredentials> {
	return parseSlackCredentials(await source.getCredentials(SLACK_CREDENTIAL_TYPE));
}

/** The node's Slack credential, or undefined when none is selected (for nodes where Slack is optional). */
export async function readOptionalSlackCredentials(source: CredentialSource): Promise<SlackCredentials | undefined> {
	try {
		return await readSlackCredentials(source);
	} catch {
		return undefined;
	}
}

/**
 * Client settings for calls made while Slack waits for an answer (3 seconds after a click or a command; a
 * form's trigger_id expires then too): one retry, and a rate limit fails fast instead of being waited out.
 * @see https://docs.slack.dev/interactivity/handling-user-interaction#acknowledgment_response
 */
export const WITHIN_SLACK_ANSWER_WINDOW = { maxRetries: 1, rateLimitBudgetMs: 1500 } as const;

/** A Web API client with the credential's token and base URL. */
export function slackClientFor(
	credentials: SlackCredentials,
	options: Omit<SlackClientOptions, 'token' | 'apiUrl'> = {},
): WebClient {
	return createSlackClient({ ...options, token: credentials.botToken, apiUrl: credentials.apiBaseUrl });
}
