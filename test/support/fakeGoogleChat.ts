/**
 * A Google Chat space's incoming webhook on 127.0.0.1 (`POST /v1/spaces/<space>/messages?key=…&token=…`): checks the
 * key and token, keeps threads by `thread.threadKey` when the URL asks `messageReplyOption=
 * REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD` (without it every message starts a thread, as in Chat), and answers the
 * created message (`name`, `thread.name`) as Chat does.
 */
import { FakeWebhookServer } from './fakeWebhook';
import type { Answer } from './fakeWebhook';

export const GOOGLE_CHAT_KEY = 'AIzaSyFakeChatKey0123456789';
export const GOOGLE_CHAT_TOKEN = 'fakeChatToken0SecretValue%3D';
const SPACE = 'AAAAfake123';

export interface FakeChatMessage {
	name: string;
	thread: string;
	threadKey?: string;
	text?: string;
	cardsV2?: unknown;
}

export class FakeGoogleChat extends FakeWebhookServer {
	readonly messages: FakeChatMessage[] = [];
	private readonly threads = new Map<string, string>();
	private readonly byRequestId = new Map<string, FakeChatMessage>();

	get webhookUrl(): string {
		return `${this.baseUrl}/v1/spaces/${SPACE}/messages?key=${GOOGLE_CHAT_KEY}&token=${GOOGLE_CHAT_TOKEN}`;
	}

	protected answer(path: string, query: Record<string, string>, body: Record<string, unknown>): Answer {
		if (path !== `/v1/spaces/${SPACE}/messages` || query.key !== GOOGLE_CHAT_KEY) {
			return {
				status: 404,
				body: { error: { code: 404, status: 'NOT_FOUND', message: 'Requested entity was not found.' } },
			};
		}
		if (query.token !== decodeURIComponent(GOOGLE_CHAT_TOKEN)) {
			return { status: 401, body: { error: { code: 401, status: 'UNAUTHENTICATED', message: 'Invalid token' } } };
		}
		if (typeof body.text !== 'string' && !Array.isArray(body.cardsV2)) {
			return { status: 400, body: { error: { code: 400, status: 'INVALID_ARGUMENT', message: 'Message is empty' } } };
		}
		// A repeated request id answers the message it created, as Chat does.
		const earlier = query.requestId ? this.byRequestId.get(query.requestId) : undefined;
		if (earlier) return { status: 200, body: { name: earlier.name, thread: { name: earlier.thread } } };
		const number = this.messages.length + 1;
		const threadKey = (body.thread as { threadKey?: string } | undefined)?.threadKey;
		const replies = query.messageReplyOption === 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD';
		let thread = threadKey && replies ? this.threads.get(threadKey) : undefined;
		if (!thread) {
			thread = `spaces/${SPACE}/threads/t${number}`;
			if (threadKey && replies) this.threads.set(threadKey, thread);
		}
		const message: FakeChatMessage = {
			name: `spaces/${SPACE}/messages/m${number}`,
			thread,
			threadKey,
			text: body.text as string | undefined,
			cardsV2: body.cardsV2,
		};
		this.messages.push(message);
		if (query.requestId) this.byRequestId.set(query.requestId, message);
		return { status: 200, body: { name: message.name, thread: { name: thread } } };
	}
}
