/**
 * A small stand-in for Telegram's Bot API on 127.0.0.1, driven by the package's own client
 * (`apiBaseUrl: fake.apiBaseUrl`). It keeps chats and messages (id, text, keyboard, reply) so reply chains and edits
 * can be tested end to end, records every request with the time it arrived, and misbehaves on purpose: HTTP 429
 * with `parameters.retry_after` for the next K calls, HTTP 500 for the next K calls.
 *
 * Methods: getMe, getChat, sendMessage, editMessageText, editMessageReplyMarkup, answerCallbackQuery, setWebhook,
 * getWebhookInfo, deleteWebhook. Requests whose token is not the fake's are answered 401 like Telegram does.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_TELEGRAM_TOKEN = '123456789:AAFakeTelegramBotTokenForTests_0123';

export interface TelegramRecordedRequest {
	method: string;
	/** The token in the request URL (the fake answers 401 to any other). */
	token: string;
	body: Record<string, unknown>;
	receivedAt: number;
	status: number;
	fault?: 'ratelimited' | 'server_error';
}

export interface FakeTelegramMessage {
	chatId: number;
	messageId: number;
	text: string;
	replyMarkup?: { inline_keyboard: Array<Array<Record<string, unknown>>> };
	replyTo?: number;
	topicId?: number;
	edited?: boolean;
}

export class FakeTelegram {
	readonly requests: TelegramRecordedRequest[] = [];
	readonly messages: FakeTelegramMessage[] = [];
	webhook: Record<string, unknown> = { url: '' };
	private readonly server: Server;
	private rateLimited: { remaining: number; retryAfter: number } = { remaining: 0, retryAfter: 0 };
	private failing = 0;
	private nextMessageId = 100;
	private readonly usernames = new Map<string, number>();

	private constructor(private readonly token: string) {
		this.server = createServer((request, response) => void this.handle(request, response));
	}

	static async start(options: { token?: string; usernames?: Record<string, number> } = {}): Promise<FakeTelegram> {
		const fake = new FakeTelegram(options.token ?? FAKE_TELEGRAM_TOKEN);
		for (const [name, id] of Object.entries(options.usernames ?? {})) fake.usernames.set(name, id);
		await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
		return fake;
	}

	get apiBaseUrl(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	/** The next `count` calls answer 429 with `parameters.retry_after: retryAfterSeconds`. */
	rateLimitNext(count: number, retryAfterSeconds = 0): void {
		this.rateLimited = { remaining: count, retryAfter: retryAfterSeconds };
	}

	/** The next `count` calls answer HTTP 500. */
	failNext(count: number): void {
		this.failing = count;
	}

	/** A message the bot posted earlier (before the test), e.g. an alert a click refers to. */
	addMessage(message: Omit<FakeTelegramMessage, 'messageId'> & { messageId?: number }): FakeTelegramMessage {
		const stored = { ...message, messageId: message.messageId ?? this.nextMessageId++ };
		this.messages.push(stored);
		return stored;
	}

	messagesIn(chatId: number): FakeTelegramMessage[] {
		return this.messages.filter((message) => message.chatId === chatId);
	}

	requestsFor(method: string): TelegramRecordedRequest[] {
		return this.requests.filter((request) => request.method === method);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks).toString('utf8');
		const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url ?? '');
		let body: Record<string, unknown> = {};
		try {
			body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
		} catch {
			body = {};
		}
		const record: TelegramRecordedRequest = {
			method: match?.[2] ?? 'unknown',
			token: match?.[1] ?? '',
			body,
			receivedAt: Date.now(),
			status: 200,
		};
		this.requests.push(record);
		const send = (status: number, answer: Record<string, unknown>) => {
			record.status = status;
			response.writeHead(status, { 'Content-Type': 'application/json' });
			response.end(JSON.stringify(answer));
		};
		const fail = (code: number, description: string, parameters?: Record<string, unknown>) =>
			send(code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });
		if (!match) return fail(404, 'Not Found');
		if (match[1] !== this.token) return fail(401, 'Unauthorized');
		if (this.rateLimited.remaining > 0) {
			this.rateLimited.remaining--;
			record.fault = 'ratelimited';
			return fail(429, `Too Many Requests: retry after ${this.rateLimited.retryAfter}`, {
				retry_after: this.rateLimited.retryAfter,
			});
		}
		if (this.failing > 0) {
			this.failing--;
			record.fault = 'server_error';
			return fail(500, 'Internal Server Error');
		}
		const ok = (result: unknown) => send(200, { ok: true, result });
		switch (record.method) {
			case 'getMe':
				return ok({ id: 123456789, is_bot: true, first_name: 'Stripe alerts', username: 'stripe_alerts_bot' });
			case 'getChat': {
				const id = this.chatIdOf(body.chat_id);
				return id === undefined ? fail(400, 'Bad Request: chat not found') : ok({ id, type: 'channel' });
			}
			case 'sendMessage': {
				const chatId = this.chatIdOf(body.chat_id);
				if (chatId === undefined) return fail(400, 'Bad Request: chat not found');
				const reply = body.reply_parameters as { message_id?: number } | undefined;
				const message: FakeTelegramMessage = {
					chatId,
					messageId: this.nextMessageId++,
					text: String(body.text ?? ''),
					replyMarkup: body.reply_markup as FakeTelegramMessage['replyMarkup'],
					...(reply?.message_id !== undefined ? { replyTo: reply.message_id } : {}),
					...(typeof body.message_thread_id === 'number' ? { topicId: body.message_thread_id } : {}),
				};
				this.messages.push(message);
				return ok({ message_id: message.messageId, chat: { id: chatId }, date: Math.floor(Date.now() / 1000) });
			}
			case 'editMessageText':
			case 'editMessageReplyMarkup': {
				const message = this.messages.find(
					(candidate) =>
						candidate.chatId === this.chatIdOf(body.chat_id) && candidate.messageId === Number(body.message_id),
				);
				if (!message) return fail(400, 'Bad Request: message to edit not found');
				if (record.method === 'editMessageText') message.text = String(body.text ?? '');
				const markup = body.reply_markup as FakeTelegramMessage['replyMarkup'];
				message.replyMarkup = markup && markup.inline_keyboard.length > 0 ? markup : undefined;
				message.edited = true;
				return ok({ message_id: message.messageId, chat: { id: message.chatId } });
			}
			case 'answerCallbackQuery':
				return ok(true);
			case 'setWebhook':
				this.webhook = { url: body.url, secret_token: body.secret_token, allowed_updates: body.allowed_updates };
				return ok(true);
			case 'getWebhookInfo':
				return ok({ url: this.webhook.url ?? '', pending_update_count: 0 });
			case 'deleteWebhook':
				this.webhook = { url: '' };
				return ok(true);
			default:
				return fail(404, 'Not Found: method not found');
		}
	}

	private chatIdOf(value: unknown): number | undefined {
		if (typeof value === 'number') return value;
		if (typeof value !== 'string') return undefined;
		if (/^-?\d+$/.test(value)) return Number(value);
		return this.usernames.get(value.replace(/^@/, ''));
	}
}
