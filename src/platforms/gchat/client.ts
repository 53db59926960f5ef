import { postToWebhook, WebhookPostError } from '../webhookClient';
import type { WebhookAnswer, WebhookPlatform, WebhookPostOptions } from '../webhookClient';
import type { PlatformRendering } from '../platform';
import { GOOGLE_CHAT_LIMITS } from './limits';

/**
 * Posting to a Google Chat space's incoming webhook (`spaces.messages.create` with the webhook's key and token).
 *
 * Threads: every alert about one Stripe object carries the same `thread.threadKey`, derived from the object
 * (`ChatMessage.threadKey`, e.g. `dispute:du_123`), and the URL asks `messageReplyOption=
 * REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`: Google Chat starts the thread with the first and replies in it with every
 * later one. The key is ours and Google keeps the thread, so threading needs no state in the state store.
 *
 * Exactly once: an alert carries `requestId` (derived from its Stripe event): Chat answers a repeated request id with
 * the message it already created instead of posting again, so a retry after a lost answer, or a re-run after the
 * execution died between posting and marking the event handled, shows the alert once.
 * @see https://developers.google.com/workspace/chat/api/reference/rest/v1/spaces.messages/create
 */
export const googleChatWebhook: WebhookPlatform = {
	displayName: 'Google Chat',
	readAnswer(status, body) {
		const error = (body as { error?: { message?: unknown; status?: unknown } } | undefined)?.error;
		const reason = [error?.status, error?.message].filter((part) => typeof part === 'string').join(' ');
		return { status, reason: reason ? reason.slice(0, 200) : undefined };
	},
	hintFor(status) {
		if (status === undefined)
			return 'Check the Webhook URL in the Stripe Chat Google Chat credential (space → Apps & integrations → Webhooks) and that n8n can reach chat.googleapis.com.';
		if (status === 400)
			return 'Google Chat refused the message; if the Webhook URL was edited, copy it again from the space.';
		if (status === 401 || status === 403 || status === 404)
			return 'The webhook was deleted or its URL is wrong. Create it again in the space (Apps & integrations → Webhooks) and paste the new URL into the credential.';
		if (status === 429)
			return 'Google Chat takes about 60 messages a minute per space, for all apps and webhooks together; the node waited and tried again.';
		return 'Google Chat had a server error; Stripe delivers the event again, so the alert is posted on a later try.';
	},
};

/** The webhook URL asking Chat to reply in the thread of the key (or to start it), and to create a request once. */
export function threadedWebhookUrl(webhookUrl: string, requestId?: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set('messageReplyOption', 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
	if (requestId) url.searchParams.set('requestId', requestId);
	return url.toString();
}

/** A request id for Chat from our own key (an event id, a burst key and count): only characters ids use, bounded. */
export function googleChatRequestId(key: string): string {
	return `stripe-chat-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 128);
}

export interface GoogleChatPosted {
	/** The message's resource name (`spaces/…/messages/…`), when Chat answered with it. */
	name?: string;
	/** The thread's resource name. */
	threadName?: string;
	tries: number;
	rateLimited: number;
}

/** Posts a Google Chat rendering to the webhook, in the thread of `threadKey` when one is given. */
export async function postGoogleChatMessage(
	webhookUrl: string,
	rendering: PlatformRendering,
	input: { threadKey?: string; requestId?: string } & WebhookPostOptions = {},
): Promise<GoogleChatPosted> {
	if (!webhookUrl) {
		throw new WebhookPostError(
			'The Stripe Chat Google Chat credential has no Webhook URL',
			undefined,
			googleChatWebhook.hintFor(undefined),
		);
	}
	const { threadKey: given, requestId, ...options } = input;
	const threadKey = given?.trim().slice(0, GOOGLE_CHAT_LIMITS.threadKey);
	let url = webhookUrl;
	try {
		if (threadKey) url = threadedWebhookUrl(webhookUrl, requestId);
		else if (requestId) {
			const parsed = new URL(webhookUrl);
			parsed.searchParams.set('requestId', requestId);
			url = parsed.toString();
		}
	} catch {
		// Not a URL: postToWebhook says so, without the URL.
	}
	const body = threadKey ? { ...rendering, thread: { threadKey } } : rendering;
	const answer: WebhookAnswer = await postToWebhook(googleChatWebhook, url, body, { ...options });
	const posted = answer.body as { name?: unknown; thread?: { name?: unknown } } | undefined;
	return {
		name: typeof posted?.name === 'string' ? posted.name : undefined,
		threadName: typeof posted?.thread?.name === 'string' ? posted.thread.name : undefined,
		tries: answer.tries,
		rateLimited: answer.rateLimited,
	};
}
