import type { IDataObject } from 'n8n-workflow';

import {
	googleChatRequestId,
	postGoogleChatMessage,
	readGoogleChatCredentials,
	renderGoogleChatText,
} from '../../../src/platforms/gchat';
import type { WebhookChatTarget } from '../../shared/webhookChat';

/**
 * Google Chat for the shared webhook glue (nodes/shared/webhookChat.ts). Alerts about one Stripe object share a
 * thread by the key derived from the object (`ChatMessage.threadKey`), and a burst's summaries one by its burst
 * key: Google Chat keeps the threads, so no state is needed for them.
 */
export const googleChatTarget: WebhookChatTarget = {
	nodeName: 'Stripe Chat Google Chat',
	platformId: 'gchat',
	readWebhookUrl: async (ctx) => (await readGoogleChatCredentials(ctx)).webhookUrl,
	async post(webhookUrl, rendering, { threadKey, maxRetries, onceKey }): Promise<IDataObject> {
		const requestId = onceKey ? googleChatRequestId(onceKey) : undefined;
		const posted = await postGoogleChatMessage(webhookUrl, rendering, { threadKey, maxRetries, requestId });
		return {
			messageName: posted.name,
			threadName: posted.threadName,
			tries: posted.tries,
			rateLimited: posted.rateLimited,
		};
	},
	renderText: renderGoogleChatText,
	burstThreadKey: (burstKey) => burstKey,
};
