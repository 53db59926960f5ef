/**
 * A small stand-in for Discord's REST API on 127.0.0.1, driven by the package's own client (the credential's API
 * Base URL points here). It keeps messages per channel (id, content, embeds, components, message_reference), records
 * every request, and misbehaves on purpose: HTTP 429 with `retry_after` in the body, `Retry-After` and the
 * `X-RateLimit-*` headers (next K calls, optionally global), HTTP 500, and Discord JSON errors for a channel.
 * Interaction webhooks (`/webhooks/<app>/<token>`, `…/messages/@original`) are recorded too.
 *
 * Routes: GET /users/@me, GET (?after, limit) and POST /channels/:id/messages, PATCH /channels/:id/messages/:id,
 * POST /webhooks/:app/:token, PATCH /webhooks/:app/:token/messages/@original.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeDiscordMessage {
	id: string;
	channel_id: string;
	content?: string;
	embeds?: unknown[];
	components?: unknown[];
	allowed_mentions?: unknown;
	message_reference?: { message_id: string; fail_if_not_exists?: boolean };
	edited?: boolean;
	author?: { id: string; bot: boolean };
}

export interface DiscordRecordedRequest {
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: Record<string, unknown>;
	status: number;
	fault?: 'ratelimited' | 'server_error' | 'platform_error';
	receivedAt: number;
}

export interface FakeDiscord {
	apiUrl: string;
	botToken: string;
	requests: DiscordRecordedRequest[];
	/** Messages by channel id, in order posted. */
	messages: Map<string, FakeDiscordMessage[]>;
	/** Bodies sent to interaction webhooks (follow-ups and edits of the original). */
	webhookCalls: Array<{ method: string; path: string; body: Record<string, unknown> }>;
	/** The next `count` requests (to a path containing `pathPart`, if given) answer 429 asking to wait `retryAfterSeconds`. */
	rateLimitNext(count: number, retryAfterSeconds: number, options?: { global?: boolean; pathPart?: string }): void;
	/** The next `count` requests answer HTTP 500. */
	failNext(count: number, status?: number): void;
	/** Requests to this channel answer a Discord JSON error (e.g. 403 / 50013 Missing Permissions). */
	refuseChannel(channelId: string, status: number, code: number, message: string): void;
	/** Puts a message in a channel as another app or person would (not through the API under test). */
	addMessage(message: Omit<FakeDiscordMessage, 'id'> & { id?: string }): FakeDiscordMessage;
	close(): Promise<void>;
}

let sequence = 0n;

/** A snowflake as Discord makes them: milliseconds since 2015 in the high bits, so ids sort by time. */
function snowflake(): string {
	sequence = (sequence + 1n) % 4096n;
	return (((BigInt(Date.now()) - 1_420_070_400_000n) << 22n) | sequence).toString();
}

/** The fake bot's user id: the author of every message posted with the bot token. */
export const FAKE_DISCORD_BOT_ID = '1200000000000000001';

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	if (!text) return {};
	try {
		return JSON.parse(text) as Record<string, unknown>;
	} catch {
		return { raw: text };
	}
}

export async function startFakeDiscord(options: { botToken?: string } = {}): Promise<FakeDiscord> {
	const botToken = options.botToken ?? 'fake-discord-bot-token-0123456789';
	const requests: DiscordRecordedRequest[] = [];
	const messages = new Map<string, FakeDiscordMessage[]>();
	const webhookCalls: FakeDiscord['webhookCalls'] = [];
	const rateLimits: Array<{ retryAfterSeconds: number; global: boolean; pathPart?: string }> = [];
	const failures: number[] = [];
	const refused = new Map<string, { status: number; code: number; message: string }>();

	const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
		response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
		response.end(body === undefined ? '' : JSON.stringify(body));
	};

	const handle = async (request: IncomingMessage, response: ServerResponse) => {
		const body = await readBody(request);
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname;
		const record: DiscordRecordedRequest = {
			method: request.method ?? 'GET',
			path,
			headers: request.headers,
			body,
			status: 200,
			receivedAt: Date.now(),
		};
		requests.push(record);
		const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
			record.status = status;
			send(response, status, payload, headers);
		};

		const limitIndex = rateLimits.findIndex((limit) => !limit.pathPart || path.includes(limit.pathPart));
		if (limitIndex >= 0) {
			const [limit] = rateLimits.splice(limitIndex, 1);
			record.fault = 'ratelimited';
			answer(
				429,
				{ message: 'You are being rate limited.', retry_after: limit.retryAfterSeconds, global: limit.global },
				{
					'Retry-After': String(Math.ceil(limit.retryAfterSeconds)),
					'X-RateLimit-Limit': '5',
					'X-RateLimit-Remaining': '0',
					'X-RateLimit-Reset-After': String(limit.retryAfterSeconds),
					'X-RateLimit-Bucket': 'fake-bucket',
					...(limit.global
						? { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' }
						: { 'X-RateLimit-Scope': 'user' }),
				},
			);
			return;
		}
		if (failures.length > 0) {
			record.fault = 'server_error';
			answer(failures.shift() as number, { message: 'Internal Server Error', code: 0 });
			return;
		}

		const bucketHeaders = {
			'X-RateLimit-Limit': '5',
			'X-RateLimit-Remaining': '4',
			'X-RateLimit-Reset-After': '1',
			'X-RateLimit-Bucket': 'fake-bucket',
		};
		const webhook = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path);
		if (webhook) {
			webhookCalls.push({ method: record.method, path, body });
			if (record.method === 'PATCH') answer(200, { id: snowflake(), ...body });
			else answer(200, { id: snowflake(), channel_id: '0', ...body });
			return;
		}
		if (request.headers.authorization !== `Bot ${botToken}`) {
			answer(401, { message: '401: Unauthorized', code: 0 });
			return;
		}
		if (path === '/users/@me' && record.method === 'GET') {
			answer(200, { id: FAKE_DISCORD_BOT_ID, username: 'stripe-alerts', bot: true });
			return;
		}
		const channelMessages = /^\/channels\/(\d+)\/messages(?:\/(\d+))?$/.exec(path);
		if (channelMessages) {
			const [, channelId, messageId] = channelMessages;
			const refusal = refused.get(channelId);
			if (refusal) {
				record.fault = 'platform_error';
				answer(refusal.status, { message: refusal.message, code: refusal.code });
				return;
			}
			const list = messages.get(channelId) ?? [];
			messages.set(channelId, list);
			if (record.method === 'GET' && !messageId) {
				const after = BigInt(url.searchParams.get('after') ?? '0');
				const limit = Number(url.searchParams.get('limit') ?? '50');
				// Discord lists the newest first.
				const found = list
					.filter((message) => BigInt(message.id) > after)
					.reverse()
					.slice(0, limit);
				answer(200, found, bucketHeaders);
				return;
			}
			if (record.method === 'POST' && !messageId) {
				const message: FakeDiscordMessage = {
					id: snowflake(),
					channel_id: channelId,
					author: { id: FAKE_DISCORD_BOT_ID, bot: true },
					...body,
				} as FakeDiscordMessage;
				list.push(message);
				answer(200, message, bucketHeaders);
				return;
			}
			if (record.method === 'PATCH' && messageId) {
				const message = list.find((candidate) => candidate.id === messageId);
				if (!message) {
					answer(404, { message: 'Unknown Message', code: 10008 });
					return;
				}
				Object.assign(message, body, { edited: true });
				answer(200, message, bucketHeaders);
				return;
			}
		}
		answer(404, { message: '404: Not Found', code: 0 });
	};

	const server: Server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			send(response, 500, { message: String(error) });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		apiUrl: `http://127.0.0.1:${port}`,
		botToken,
		requests,
		messages,
		webhookCalls,
		rateLimitNext(count, retryAfterSeconds, options = {}) {
			for (let index = 0; index < count; index++) {
				rateLimits.push({ retryAfterSeconds, global: options.global === true, pathPart: options.pathPart });
			}
		},
		failNext(count, status = 500) {
			for (let index = 0; index < count; index++) failures.push(status);
		},
		addMessage(message) {
			const stored: FakeDiscordMessage = { id: snowflake(), ...message };
			const list = messages.get(stored.channel_id) ?? [];
			list.push(stored);
			messages.set(stored.channel_id, list);
			return stored;
		},
		refuseChannel(channelId, status, code, message) {
			refused.set(channelId, { status, code, message });
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
