import type { IExecuteFunctions } from 'n8n-workflow';

import { CREDENTIAL_NAME } from './common';

/**
 * The Slack credential's button signing secret. Given to a post or an update, it binds the message's signed buttons
 * to the channel the message is in, so a copy of a button anywhere else is refused when clicked.
 */
export async function buttonSigningSecret(ctx: IExecuteFunctions): Promise<string | undefined> {
	const credentials = await ctx.getCredentials<{ buttonSigningSecret?: string }>(CREDENTIAL_NAME);
	return credentials.buttonSigningSecret || undefined;
}
