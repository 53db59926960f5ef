/**
 * A small, honest stand-in for Slack's Web API on 127.0.0.1, driven by the real `@slack/web-api` WebClient
 * (`slackApiUrl: fake.apiUrl`). It keeps channels and messages (ts, thread_ts, text, blocks, metadata) so threading
 * can be tested end to end, records every request with the time it arrived, and can misbehave on purpose:
 * HTTP 429 with `Retry-After` (next K calls, or with a seeded probability), HTTP 5xx, dropped connections and
 * `ok:false` errors for a method or channel.
 *
 * When several faults are programmed, a request meets them in this order: an outage (`unavailableFor`: every request
 * answers one HTTP status for a period), dropped connection, 429, 5xx, `ok:false`.
 * `methodStats()` counts calls and response bytes per method, for benchmarks.
 *
 * Methods: auth.test, conversations.list, conversations.history, conversations.replies, chat.postMessage,
 * chat.update, chat.postEphemeral, views.open, usergroups.users.list; plus response URLs at `/response/<id>` (see
 * `createResponseUrl`).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeChannel {
	id: string;
	name: string;
	isPrivate?: boolean;
	isArchived?: boolean;
	/** Whether the bot is a member; posting to a channel it is not in answers `not_in_channel`. Default true. */
	isMember?: boolean;
}

export interface FakeMessage {
	channel: string;
	ts: string;
	thread_ts?: string;
	text?: string;
	blocks?: unknown[];
	metadata?: { event_type: string; event_payload: Record<string, unknown> };
	bot_id?: string;
	edited?: { ts: string };
	reply_count?: number;
}

export interface RecordedRequest {
	/** Web API method (`chat.postMessage`) or `response_url`. */
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed body: form fields (JSON-valued ones such as `blocks` and `metadata` decoded) or the JSON body. */
	body: Record<string, unknown>;
	/** ms since epoch when the request arrived (real clock: used to check back-off, never to assert tight timing). */
	receivedAt: number;
	/** What the fake answered: an HTTP status and, for 200, the Slack `error` code if `ok:false`. */
	status: number;
	error?: string;
	/** Set when a programmed fault answered this request. */
	fault?: 'ratelimited' | 'server_error' | 'dropped' | 'platform_error' | 'outage';
	/** Bytes of the response body the fake sent (0 for a dropped connection). */
	responseBytes: number;
}

/** Calls and response bytes of one method, from `methodStats()`. */
export interface MethodStats {
	calls: number;
	/** Calls answered `ok:true` with HTTP 200. */
	ok: number;
	responseBytes: number;
}

export interface EphemeralMessage {
	channel: string;
	user: string;
	text?: string;
	blocks?: unknown[];
	message_ts: string;
}

export interface ResponseUrlPost {
	id: string;
	body: Record<string, unknown>;
}

export interface FakeSlackOptions {
	/** Bot tokens that are accepted; default `['xoxb-test-token']`. */
	tokens?: string[];
	channels?: FakeChannel[];
	/** Clock for message timestamps and history windows, ms since epoch; default Date.now. */
	now?: () => number;
}

interface MethodFilter {
	/** Only requests for this Web API method (`chat.postMessage`) or `response_url`. */
	method?: string;
}

interface PlatformFault {
	method: string;
	error: string;
	channel?: string;
	remaining: number;
	extra: Record<string, unknown>;
}

type Handler = (body: Record<string, unknown>) => Record<string, unknown>;

/** Deterministic PRNG (mulberry32) so a "random" 429 storm is the same on every run. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const JSON_FIELDS = new Set(['blocks', 'metadata', 'attachments', 'view']);

function parseFormBody(raw: string): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	for (const [key, value] of new URLSearchParams(raw)) {
		if (JSON_FIELDS.has(key)) {
			try {
				body[key] = JSON.parse(value);
			} catch {
				body[key] = value;
			}
		} else body[key] = value;
	}
	return body;
}

function isTrue(value: unknown): boolean {
	return value === true || value === 'true' || value === '1' || value === 1;
}

function tsToNumber(ts: string): number {
	return Number.parseFloat(ts);
}

export class FakeSlack {
	readonly requests: RecordedRequest[] = [];
	readonly ephemeralMessages: EphemeralMessage[] = [];
	readonly responseUrlPosts: ResponseUrlPost[] = [];
	readonly openedViews: Array<Record<string, unknown>> = [];
	/** `bot_id` stamped on messages the bot posts. */
	readonly botId = 'B0FAKEBOT';
	readonly botUserId = 'U0FAKEBOT';

	private readonly server: Server;
	private readonly sockets = new Set<Socket>();
	private readonly channels = new Map<string, FakeChannel>();
	private readonly messageStore: FakeMessage[] = [];
	private readonly tokens: Set<string>;
	private readonly now: () => number;
	private lastTsMicros = 0;
	private port = 0;

	private rateLimitQueue: Array<{ retryAfter: number; method?: string }> = [];
	private randomRateLimit?: { probability: number; retryAfter: number; method?: string; random: () => number };
	private serverErrorQueue: Array<{ status: number; method?: string }> = [];
	private dropQueue: Array<{ method?: string }> = [];
	private outage?: { until: number; status: number; method?: string };
	private platformFaults: PlatformFault[] = [];
	private responseUrlUses = new Map<string, number>();
	private readonly userGroups = new Map<string, string[]>();
	/** What `auth.test` says about the bot token's workspace, over the defaults (team `T0FAKE`). */
	workspace: Record<string, unknown> = {};
	private responseUrlCounter = 0;

	private readonly handlers: Record<string, Handler> = {
		'auth.test': () => ({
			url: 'https://fake-workspace.slack.com/',
			team: 'Fake Workspace',
			user: 'stripe-alerts',
			team_id: 'T0FAKE',
			user_id: this.botUserId,
			bot_id: this.botId,
			...this.workspace,
		}),
		'usergroups.users.list': (body) => {
			const users = this.userGroups.get(String(body.usergroup ?? ''));
			return users ? { users } : { ok: false, error: 'no_such_subteam' };
		},
		'conversations.list': (body) => this.conversationsList(body),
		'conversations.history': (body) => this.conversationsHistory(body),
		'conversations.replies': (body) => this.conversationsReplies(body),
		'chat.postMessage': (body) => this.chatPostMessage(body),
		'chat.update': (body) => this.chatUpdate(body),
		'chat.postEphemeral': (body) => this.chatPostEphemeral(body),
		'views.open': (body) => {
			if (!body.trigger_id) return { ok: false, error: 'invalid_arguments' };
			this.openedViews.push(body);
			return { view: { id: `V${this.openedViews.length.toString().padStart(8, '0')}` } };
		},
	};

	constructor(options: FakeSlackOptions = {}) {
		this.tokens = new Set(options.tokens ?? ['xoxb-test-token']);
		this.now = options.now ?? Date.now;
		for (const channel of options.channels ?? [{ id: 'C0PAYMENTS', name: 'payments' }]) this.addChannel(channel);
		this.server = createServer((req, res) => {
			void this.handle(req, res);
		});
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	/** Starts a fake on an ephemeral port of 127.0.0.1. */
	static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
		const fake = new FakeSlack(options);
		await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
		fake.port = (fake.server.address() as AddressInfo).port;
		return fake;
	}

	get origin(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Base URL for `new WebClient(token, {slackApiUrl})` and the credential's API base URL. */
	get apiUrl(): string {
		return `${this.origin}/api/`;
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	addChannel(channel: FakeChannel): void {
		this.channels.set(channel.id, { isPrivate: false, isArchived: false, isMember: true, ...channel });
	}

	/** Members of a user group, for `usergroups.users.list`. */
	setUserGroup(id: string, users: string[]): void {
		this.userGroups.set(id, users);
	}

	/** Puts a message into a channel as if posted earlier (e.g. an old thread parent outside the look-back window). */
	addMessage(message: FakeMessage): void {
		this.messageStore.push({ bot_id: this.botId, ...message });
	}

	/** The id of a channel given by id, name or `#name`, as the Web API resolves it; undefined when unknown. */
	channelIdOf(value: unknown): string | undefined {
		return this.findChannel(value)?.id;
	}

	/** Removes a message, as when someone deletes it in Slack. */
	deleteMessage(channel: string, ts: string): void {
		const index = this.messageStore.findIndex((message) => message.channel === channel && message.ts === ts);
		if (index >= 0) this.messageStore.splice(index, 1);
	}

	/** Messages of a channel, oldest first (top-level and replies). */
	messages(channel?: string): FakeMessage[] {
		return this.messageStore.filter((message) => channel === undefined || message.channel === channel);
	}

	/** Recorded requests, optionally for one method only, in arrival order. */
	requestsFor(method: string): RecordedRequest[] {
		return this.requests.filter((request) => request.method === method);
	}

	/** The next `count` matching requests get HTTP 429 with `Retry-After: retryAfter` (seconds). */
	rateLimitNext(count: number, options: { retryAfter?: number } & MethodFilter = {}): void {
		for (let i = 0; i < count; i++)
			this.rateLimitQueue.push({ retryAfter: options.retryAfter ?? 1, method: options.method });
	}

	/** Every matching request gets HTTP 429 with this probability, from a seeded PRNG (same storm every run). */
	rateLimitRandomly(options: { probability: number; seed: number; retryAfter?: number } & MethodFilter): void {
		this.randomRateLimit = {
			probability: options.probability,
			retryAfter: options.retryAfter ?? 1,
			method: options.method,
			random: seededRandom(options.seed),
		};
	}

	/** The next `count` matching requests get an HTTP error status (default 500). */
	failNext(count: number, options: { status?: number } & MethodFilter = {}): void {
		for (let i = 0; i < count; i++)
			this.serverErrorQueue.push({ status: options.status ?? 500, method: options.method });
	}

	/** The next `count` matching requests have their connection dropped without an answer (a network error). */
	dropNext(count: number, options: MethodFilter = {}): void {
		for (let i = 0; i < count; i++) this.dropQueue.push({ method: options.method });
	}

	/**
	 * Matching requests answer HTTP 200 `{ok:false, error}` (plus `extra`, e.g. `{needed, provided}` for
	 * `missing_scope`). `channel` limits it to one channel; `times` to a number of answers (default: always).
	 */
	failMethod(
		method: string,
		error: string,
		options: { channel?: string; times?: number; extra?: Record<string, unknown> } = {},
	): void {
		this.platformFaults.push({
			method,
			error,
			channel: options.channel,
			remaining: options.times ?? Number.POSITIVE_INFINITY,
			extra: options.extra ?? {},
		});
	}

	/**
	 * Slack is down: for `forMs` from now, every matching request answers HTTP `status` (default 503, Slack's
	 * "service unavailable") with no Slack body. `endOutage()` ends it early.
	 */
	unavailableFor(forMs: number, options: { status?: number } & MethodFilter = {}): void {
		this.outage = { until: Date.now() + forMs, status: options.status ?? 503, method: options.method };
	}

	endOutage(): void {
		this.outage = undefined;
	}

	/** Whether an outage programmed with `unavailableFor` is still going on. */
	get inOutage(): boolean {
		return this.outage !== undefined && Date.now() < this.outage.until;
	}

	/** Calls, successful calls and response bytes per method since `since` (ms since epoch; default: all). */
	methodStats(since = 0): Record<string, MethodStats> {
		const stats: Record<string, MethodStats> = {};
		for (const request of this.requests) {
			if (request.receivedAt < since) continue;
			const entry = (stats[request.method] ??= { calls: 0, ok: 0, responseBytes: 0 });
			entry.calls += 1;
			if (request.status === 200 && request.error === undefined) entry.ok += 1;
			entry.responseBytes += request.responseBytes;
		}
		return stats;
	}

	/** Removes every programmed fault. */
	clearFaults(): void {
		this.outage = undefined;
		this.rateLimitQueue = [];
		this.randomRateLimit = undefined;
		this.serverErrorQueue = [];
		this.dropQueue = [];
		this.platformFaults = [];
	}

	/** A response URL on this fake (accepts 5 posts, like Slack's). */
	createResponseUrl(): string {
		this.responseUrlCounter += 1;
		return `${this.origin}/response/R${this.responseUrlCounter.toString().padStart(6, '0')}`;
	}

	private nextTs(): string {
		const micros = Math.max(Math.floor(this.now() * 1000), this.lastTsMicros + 1);
		this.lastTsMicros = micros;
		const seconds = Math.floor(micros / 1_000_000);
		return `${seconds}.${(micros % 1_000_000).toString().padStart(6, '0')}`;
	}

	private takeFromQueue<T extends { method?: string }>(queue: T[], method: string): T | undefined {
		const index = queue.findIndex((entry) => entry.method === undefined || entry.method === method);
		return index >= 0 ? queue.splice(index, 1)[0] : undefined;
	}

	private async readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks).toString('utf8');
		if (!raw) return {};
		const contentType = String(req.headers['content-type'] ?? '');
		if (contentType.includes('application/json')) {
			try {
				const parsed: unknown = JSON.parse(raw);
				return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
			} catch {
				return {};
			}
		}
		return parseFormBody(raw);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const receivedAt = Date.now();
		const path = (req.url ?? '/').split('?')[0];
		const body = await this.readBody(req);
		const isResponseUrl = path.startsWith('/response/');
		const method = isResponseUrl ? 'response_url' : path.replace(/^\/api\//, '');
		const record: RecordedRequest = {
			method,
			path,
			headers: req.headers,
			body,
			receivedAt,
			status: 200,
			responseBytes: 0,
		};
		this.requests.push(record);
		const end = res.end.bind(res) as (chunk?: string) => ServerResponse;
		res.end = ((chunk?: string) => {
			if (typeof chunk === 'string') record.responseBytes += Buffer.byteLength(chunk);
			return end(chunk);
		}) as typeof res.end;

		const outage = this.outage;
		if (outage && Date.now() < outage.until && (outage.method === undefined || outage.method === method)) {
			record.status = outage.status;
			record.fault = 'outage';
			res.writeHead(outage.status, { 'Content-Type': 'text/plain' });
			res.end('Service Unavailable');
			return;
		}

		if (this.takeFromQueue(this.dropQueue, method)) {
			record.status = 0;
			record.fault = 'dropped';
			req.socket.destroy();
			return;
		}
		const rateLimit = this.takeFromQueue(this.rateLimitQueue, method) ?? this.randomRateLimitFor(method);
		if (rateLimit) {
			record.status = 429;
			record.fault = 'ratelimited';
			res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': String(rateLimit.retryAfter) });
			res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
			return;
		}
		const serverError = this.takeFromQueue(this.serverErrorQueue, method);
		if (serverError) {
			record.status = serverError.status;
			record.fault = 'server_error';
			res.writeHead(serverError.status, { 'Content-Type': 'text/plain' });
			res.end('Internal Server Error');
			return;
		}
		if (isResponseUrl) {
			this.answerResponseUrl(path.slice('/response/'.length), body, record, res);
			return;
		}
		this.answerApi(method, req, body, record, res);
	}

	private randomRateLimitFor(method: string): { retryAfter: number } | undefined {
		const storm = this.randomRateLimit;
		if (!storm || (storm.method !== undefined && storm.method !== method)) return undefined;
		return storm.random() < storm.probability ? { retryAfter: storm.retryAfter } : undefined;
	}

	private answerResponseUrl(
		id: string,
		body: Record<string, unknown>,
		record: RecordedRequest,
		res: ServerResponse,
	): void {
		const uses = (this.responseUrlUses.get(id) ?? 0) + 1;
		this.responseUrlUses.set(id, uses);
		if (uses > 5) {
			record.status = 404;
			record.error = 'used_url';
			res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end('used_url');
			return;
		}
		this.responseUrlPosts.push({ id, body });
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify({ ok: true }));
	}

	private answerApi(
		method: string,
		req: IncomingMessage,
		body: Record<string, unknown>,
		record: RecordedRequest,
		res: ServerResponse,
	): void {
		const send = (payload: Record<string, unknown>) => {
			if (payload.ok === false && typeof payload.error === 'string') record.error = payload.error;
			res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
			res.end(JSON.stringify(payload));
		};
		const handler = this.handlers[method];
		if (!handler) {
			send({ ok: false, error: 'unknown_method' });
			return;
		}
		const authorization = String(req.headers.authorization ?? '');
		const token = authorization.startsWith('Bearer ')
			? authorization.slice('Bearer '.length)
			: String(body.token ?? '');
		if (!token) {
			send({ ok: false, error: 'not_authed' });
			return;
		}
		if (!this.tokens.has(token)) {
			send({ ok: false, error: 'invalid_auth' });
			return;
		}
		const fault = this.platformFaults.find(
			(candidate) =>
				candidate.method === method &&
				candidate.remaining > 0 &&
				(candidate.channel === undefined || candidate.channel === body.channel),
		);
		if (fault) {
			fault.remaining -= 1;
			record.fault = 'platform_error';
			send({ ok: false, error: fault.error, ...fault.extra });
			return;
		}
		const result = handler(body);
		send({ ok: true, ...result });
	}

	private findChannel(value: unknown): FakeChannel | undefined {
		const key = String(value ?? '').replace(/^#/, '');
		return this.channels.get(key) ?? [...this.channels.values()].find((channel) => channel.name === key);
	}

	private conversationsList(body: Record<string, unknown>): Record<string, unknown> {
		const limit = Math.min(Number(body.limit ?? 100) || 100, 1000);
		const offset = body.cursor ? Number.parseInt(Buffer.from(String(body.cursor), 'base64').toString('utf8'), 10) : 0;
		const visible = [...this.channels.values()].filter(
			(channel) => !(isTrue(body.exclude_archived) && channel.isArchived) && (!channel.isPrivate || channel.isMember),
		);
		const page = visible.slice(offset, offset + limit);
		const next = offset + limit < visible.length ? Buffer.from(String(offset + limit)).toString('base64') : '';
		return {
			channels: page.map((channel) => ({
				id: channel.id,
				name: channel.name,
				is_channel: true,
				is_private: channel.isPrivate,
				is_archived: channel.isArchived,
				is_member: channel.isMember,
			})),
			response_metadata: { next_cursor: next },
		};
	}

	private presentMessage(message: FakeMessage, withMetadata: boolean): Record<string, unknown> {
		const presented: Record<string, unknown> = { type: 'message', ...message };
		delete presented.channel;
		if (!withMetadata) delete presented.metadata;
		return presented;
	}

	private conversationsHistory(body: Record<string, unknown>): Record<string, unknown> {
		const channel = this.findChannel(body.channel);
		if (!channel || String(body.channel) !== channel.id) return { ok: false, error: 'channel_not_found' };
		if (!channel.isMember) return { ok: false, error: 'not_in_channel' };
		const oldest = body.oldest !== undefined ? Number(body.oldest) : 0;
		const latest = body.latest !== undefined ? Number(body.latest) : Number.POSITIVE_INFINITY;
		const limit = Math.min(Number(body.limit ?? 100) || 100, 999);
		const offset = body.cursor ? Number.parseInt(Buffer.from(String(body.cursor), 'base64').toString('utf8'), 10) : 0;
		const topLevel = this.messageStore
			.filter((message) => message.channel === channel.id && (!message.thread_ts || message.thread_ts === message.ts))
			.filter((message) => {
				const ts = tsToNumber(message.ts);
				// `inclusive` also returns the messages exactly at `oldest` and `latest`.
				return isTrue(body.inclusive) ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
			})
			.sort((a, b) => tsToNumber(b.ts) - tsToNumber(a.ts));
		const page = topLevel.slice(offset, offset + limit);
		const hasMore = offset + limit < topLevel.length;
		return {
			messages: page.map((message) => this.presentMessage(message, isTrue(body.include_all_metadata))),
			has_more: hasMore,
			response_metadata: { next_cursor: hasMore ? Buffer.from(String(offset + limit)).toString('base64') : '' },
		};
	}

	private conversationsReplies(body: Record<string, unknown>): Record<string, unknown> {
		const channel = this.findChannel(body.channel);
		if (!channel) return { ok: false, error: 'channel_not_found' };
		const ts = String(body.ts ?? '');
		const thread = this.messageStore
			.filter((message) => message.channel === channel.id && (message.ts === ts || message.thread_ts === ts))
			.sort((a, b) => tsToNumber(a.ts) - tsToNumber(b.ts));
		if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
		return {
			messages: thread.map((message) => this.presentMessage(message, isTrue(body.include_all_metadata))),
			has_more: false,
		};
	}

	private checkPostable(body: Record<string, unknown>): FakeChannel | Record<string, unknown> {
		const channel = this.findChannel(body.channel);
		if (!channel) return { ok: false, error: 'channel_not_found' };
		if (channel.isArchived) return { ok: false, error: 'is_archived' };
		if (!channel.isMember) return { ok: false, error: 'not_in_channel' };
		const text = typeof body.text === 'string' ? body.text : '';
		const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
		if (!text && !blocks) return { ok: false, error: 'no_text' };
		if (text.length > 40_000) return { ok: false, error: 'msg_too_long' };
		if (body.blocks !== undefined && !Array.isArray(body.blocks)) return { ok: false, error: 'invalid_blocks_format' };
		if (blocks && blocks.length > 50) return { ok: false, error: 'invalid_blocks' };
		return channel;
	}

	private chatPostMessage(body: Record<string, unknown>): Record<string, unknown> {
		const checked = this.checkPostable(body);
		if (!('id' in checked)) return checked;
		const channel = checked as FakeChannel;
		const threadTs = body.thread_ts ? String(body.thread_ts) : undefined;
		if (threadTs) {
			const parent = this.messageStore.find((message) => message.channel === channel.id && message.ts === threadTs);
			if (!parent) return { ok: false, error: 'thread_not_found' };
			parent.reply_count = (parent.reply_count ?? 0) + 1;
		}
		const message: FakeMessage = {
			channel: channel.id,
			ts: this.nextTs(),
			thread_ts: threadTs,
			text: typeof body.text === 'string' ? body.text : undefined,
			blocks: Array.isArray(body.blocks) ? body.blocks : undefined,
			metadata: body.metadata as FakeMessage['metadata'],
			bot_id: this.botId,
		};
		this.messageStore.push(message);
		return { channel: channel.id, ts: message.ts, message: this.presentMessage(message, false) };
	}

	private chatUpdate(body: Record<string, unknown>): Record<string, unknown> {
		const channel = this.findChannel(body.channel);
		if (!channel || String(body.channel) !== channel.id) return { ok: false, error: 'channel_not_found' };
		const message = this.messageStore.find((candidate) => candidate.channel === channel.id && candidate.ts === body.ts);
		if (!message) return { ok: false, error: 'message_not_found' };
		if (message.bot_id !== this.botId) return { ok: false, error: 'cant_update_message' };
		if (typeof body.text === 'string') message.text = body.text;
		if (Array.isArray(body.blocks)) message.blocks = body.blocks.length > 0 ? body.blocks : undefined;
		if (body.metadata !== undefined) message.metadata = body.metadata as FakeMessage['metadata'];
		message.edited = { ts: this.nextTs() };
		return { channel: channel.id, ts: message.ts, text: message.text };
	}

	private chatPostEphemeral(body: Record<string, unknown>): Record<string, unknown> {
		const checked = this.checkPostable(body);
		if (!('id' in checked)) return checked;
		if (!/^[UW][A-Z0-9]+$/.test(String(body.user ?? ''))) return { ok: false, error: 'user_not_found' };
		const messageTs = this.nextTs();
		this.ephemeralMessages.push({
			channel: (checked as FakeChannel).id,
			user: String(body.user),
			text: typeof body.text === 'string' ? body.text : undefined,
			blocks: Array.isArray(body.blocks) ? body.blocks : undefined,
			message_ts: messageTs,
		});
		return { message_ts: messageTs };
	}
}
