import { postToWebhook, WebhookPostError } from '../webhookClient';
import type { WebhookAnswer, WebhookPlatform, WebhookPostOptions } from '../webhookClient';
import type { PlatformRendering } from '../platform';
import { teamsRequestBody } from './limits';

/**
 * Posting to a Microsoft Teams incoming webhook: a Workflows flow "When a Teams webhook request is received" →
 * "Post card in a chat or channel" (answers 202 Accepted and posts shortly after), or a legacy Office 365
 * connector (answers 200 `1`, and reports its own failures as 200 with "…HTTP error 429" in the text).
 *
 * Threads: a webhook cannot reply to a message, so every alert about one Stripe object is a new message whose
 * title names the object; replying in a Teams reply chain needs a bot (Azure Bot registration) or Microsoft Graph
 * with delegated permissions, which this package does not ask for.
 * @see https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
 */
const LEGACY_ERROR = /HTTP error (\d{3})/i;

export const teamsWebhook: WebhookPlatform = {
	displayName: 'Microsoft Teams',
	readAnswer(status, body) {
		const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
		const legacy = status === 200 ? LEGACY_ERROR.exec(text) : null;
		if (legacy) return { status: Number(legacy[1]), reason: text.slice(0, 200) };
		const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
		return { status, reason: typeof message === 'string' ? message.slice(0, 200) : undefined };
	},
	hintFor(status) {
		if (status === undefined)
			return 'Check the Webhook URL in the Stripe Chat Teams credential (copy it again from the Teams workflow) and that n8n can reach it.';
		if (status === 400)
			return 'Teams refused the card. If the workflow was changed, check that it still posts the body\'s "attachments" as an Adaptive Card.';
		if (status === 401 || status === 403 || status === 404)
			return 'The webhook is gone or its URL is wrong: the Teams workflow may be off or deleted. Create it again and paste its new URL into the credential.';
		if (status === 413) return 'The card is larger than the 28 KB Teams takes.';
		if (status === 429)
			return 'Teams takes about 4 messages a second per webhook; the node waited as long as Teams asked.';
		return 'Teams had a server error; Stripe delivers the event again, so the alert is posted on a later try.';
	},
};

/** Posts a Teams rendering (its card, without our plain `text`) to the webhook. */
export async function postTeamsMessage(
	webhookUrl: string,
	rendering: PlatformRendering,
	options: WebhookPostOptions = {},
): Promise<WebhookAnswer> {
	if (!webhookUrl) {
		throw new WebhookPostError(
			'The Stripe Chat Teams credential has no Webhook URL',
			undefined,
			teamsWebhook.hintFor(undefined),
		);
	}
	return await postToWebhook(teamsWebhook, webhookUrl, teamsRequestBody(rendering), options);
}
