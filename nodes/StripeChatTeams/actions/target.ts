import type { IDataObject } from 'n8n-workflow';

import { postTeamsMessage, readTeamsCredentials, renderTeamsText } from '../../../src/platforms/teams';
import type { WebhookChatTarget } from '../../shared/webhookChat';

/**
 * Microsoft Teams for the shared webhook glue (nodes/shared/webhookChat.ts). A Teams webhook cannot reply in a
 * thread, so `threadKey` is not used: every alert is a new message, and its card names the object (its Dashboard
 * link, its fields). Replying in a Teams reply chain needs a bot (Azure Bot registration).
 */
export const teamsTarget: WebhookChatTarget = {
	nodeName: 'Stripe Chat Teams',
	platformId: 'teams',
	readWebhookUrl: async (ctx) => (await readTeamsCredentials(ctx)).webhookUrl,
	async post(webhookUrl, rendering, { maxRetries }): Promise<IDataObject> {
		const answer = await postTeamsMessage(webhookUrl, rendering, { maxRetries });
		return { status: answer.status, tries: answer.tries, rateLimited: answer.rateLimited };
	},
	renderText: renderTeamsText,
};
