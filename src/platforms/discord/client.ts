import { retryWithBackoff, sleepFor } from '../../core/backoff';
import type { TryOutcome } from '../../core/backoff';
import { DiscordApiError, discordApiError, scrubSecrets } from './errors';
import type { DiscordMessagePayload } from './render';

/**
 * The few Discord REST calls this package makes, on Node's global `fetch` (no SDK: discord.js opens a gateway
 * connection and owns the process; we post, edit and reply). Rate limits as Discord documents them:
 * - per-route buckets: each answer's `X-RateLimit-Bucket`, `-Remaining` and `-Reset-After` headers say how many calls
 *   are left on the route's bucket and when it refills; a call on an empty bucket waits for the refill first;
 * - a 429 names its wait in the JSON body's `retry_after` (seconds, fractional) and in `Retry-After`; `global: true`
 *   (or `X-RateLimit-Global`) holds every route back. The client waits as asked, up to a cap over the whole call
 *   (default 10 minutes), then tries again; these waits use up no retry;
 * - 5xx answers and network failures are tried again with exponential back-off (src/core/backoff.ts).
 * A client lives for one execution; nothing is kept between executions.
 * @see https://discord.com/developers/docs/topics/rate-limits
 */

export interface DiscordClientOptions {
	botToken: string;
	apiBaseUrl: string;
	/** Tries after the first for 5xx answers and network failures; default 3. */
	maxRetries?: number;
	/** The longest one call waits for rate limits in total before it fails; default 10 minutes. */
	maxRateLimitWaitMs?: number;
	/** First back-off wait; doubles per try. Default 500 ms. */
	minRetryDelayMs?: number;
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
	/** How long one request may take before it counts as a network failure; default 15 s. */
	timeoutMs?: number;
}

export const DEFAULT_DISCORD_RETRIES = 3;
const DEFAULT_RATE_LIMIT_WAIT_MS = 10 * 60_000;

interface BucketState {
	remaining: number;
	resetAt: number;
}

export interface PostedDiscordMessage {
	id: string;
	channel_id: string;
}

/** The fields of a message this package reads back. */
export interface DiscordMessageRead {
	id: string;
	author?: { id?: string };
	embeds?: Array<{ footer?: { text?: string } }>;
	message_reference?: { message_id?: string };
}

export interface DiscordRequest {
	method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
	/** Path under the API base URL (`/channels/123/messages`), or a whole URL (an interaction's webhook). */
	path: string;
	body?: unknown;
	/** False for interaction webhooks: their token is in the URL, and the bot token must not go with them. */
	authorize?: boolean;
	/** Extra secrets to scrub from errors (an interaction token in the URL). */
	secrets?: string[];
}

/**
 * The call as a route, `POST /channels/123…/messages/{id}`: the major parameter (channel, guild or webhook id) stays,
 * since Discord keeps a bucket per major parameter; message ids and webhook tokens become placeholders, so a route
 * is a bucket key and safe to show in errors.
 */
export function routeOf(method: string, path: string): string {
	const pathname = path
		.replace(/^https?:\/\/[^/]+/, '')
		.replace(/\?.*$/, '')
		.replace(/^\/api\/v\d+/, '');
	const withToken = pathname.replace(/^\/webhooks\/(\d+)\/[^/]+/, '/webhooks/$1/{token}');
	const major = /^\/(?:channels|guilds|webhooks)\/\d+/.exec(withToken)?.[0] ?? '';
	return `${method} ${major}${withToken.slice(major.length).replace(/\/\d{5,}/g, '/{id}')}`;
}

/** The major parameter (channel, guild or webhook) a bucket is shared under; the route without it. */
function splitMajor(route: string): { major: string; route: string } {
	const match = /\/(channels|guilds|webhooks)\/(\d+)/.exec(route);
	return match ? { major: match[0], route: route.replace(match[0], `/${match[1]}/{major}`) } : { major: '', route };
}

function secondsHeader(headers: Headers, name: string): number | undefined {
	const value = Number(headers.get(name));
	return headers.get(name) !== null && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export class DiscordClient {
	private readonly bucketOfRoute = new Map<string, string>();
	private readonly buckets = new Map<string, BucketState>();
	private globalResetAt = 0;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly now: () => number;

	constructor(private readonly options: DiscordClientOptions) {
		this.sleep = options.sleep ?? sleepFor;
		this.now = options.now ?? Date.now;
	}

	/** Posts a message; with `message_reference` it replies to one. */
	async createMessage(
		channelId: string,
		body: DiscordMessagePayload & { message_reference?: { message_id: string; fail_if_not_exists?: boolean } },
	): Promise<PostedDiscordMessage> {
		return (await this.request({
			method: 'POST',
			path: `/channels/${channelId}/messages`,
			body,
		})) as PostedDiscordMessage;
	}

	async editMessage(
		channelId: string,
		messageId: string,
		body: Partial<DiscordMessagePayload>,
	): Promise<PostedDiscordMessage> {
		return (await this.request({
			method: 'PATCH',
			path: `/channels/${channelId}/messages/${messageId}`,
			body,
		})) as PostedDiscordMessage;
	}

	/** The bot's own user (`GET /users/@me`): tells its messages from other apps'. */
	async currentUser(): Promise<{ id: string }> {
		return (await this.request({ method: 'GET', path: '/users/@me' })) as { id: string };
	}

	/** Up to 100 messages of a channel posted after the message (or snowflake time) `after`. */
	async messagesAfter(channelId: string, after: string): Promise<DiscordMessageRead[]> {
		const found = await this.request({
			method: 'GET',
			path: `/channels/${channelId}/messages?after=${after}&limit=100`,
		});
		return Array.isArray(found) ? (found as DiscordMessageRead[]) : [];
	}

	/** One call, with the rate-limit waits and retries of the file comment. */
	async request(request: DiscordRequest): Promise<unknown> {
		const route = routeOf(request.method, request.path);
		const secrets = [this.options.botToken, ...(request.secrets ?? [])];
		const budget = { waitedMs: 0 };
		return await retryWithBackoff(async () => await this.attempt(request, route, secrets, budget), {
			maxRetries: this.options.maxRetries ?? DEFAULT_DISCORD_RETRIES,
			minDelayMs: this.options.minRetryDelayMs ?? 500,
			sleep: this.sleep,
		});
	}

	private async wait(ms: number, budget: { waitedMs: number }, route: string): Promise<void> {
		const cap = this.options.maxRateLimitWaitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS;
		if (budget.waitedMs + ms > cap) {
			throw new DiscordApiError(
				`Discord asked ${route} to wait ${Math.ceil(ms / 1000)} s more after ${Math.round(budget.waitedMs / 1000)} s of waiting`,
				429,
				undefined,
				'Discord kept asking to slow down for longer than this node waits; the item fails so nothing is lost silently.',
			);
		}
		budget.waitedMs += ms;
		await this.sleep(ms);
	}

	/** Waits for the route's bucket and the global limit, as the last answers said. */
	private async waitForCapacity(route: string, budget: { waitedMs: number }): Promise<void> {
		const { major, route: bare } = splitMajor(route);
		const bucketId = this.bucketOfRoute.get(bare);
		const bucket = bucketId ? this.buckets.get(`${bucketId}:${major}`) : undefined;
		const now = this.now();
		const until = Math.max(this.globalResetAt, bucket && bucket.remaining <= 0 ? bucket.resetAt : 0);
		if (until > now) await this.wait(until - now, budget, route);
	}

	private noteBucket(route: string, headers: Headers): void {
		const bucketId = headers.get('x-ratelimit-bucket');
		const remaining = secondsHeader(headers, 'x-ratelimit-remaining');
		const resetAfter = secondsHeader(headers, 'x-ratelimit-reset-after');
		if (!bucketId || remaining === undefined || resetAfter === undefined) return;
		const { major, route: bare } = splitMajor(route);
		this.bucketOfRoute.set(bare, bucketId);
		this.buckets.set(`${bucketId}:${major}`, { remaining, resetAt: this.now() + resetAfter * 1000 });
	}

	private async attempt(
		request: DiscordRequest,
		route: string,
		secrets: string[],
		budget: { waitedMs: number },
	): Promise<TryOutcome<unknown>> {
		for (;;) {
			await this.waitForCapacity(route, budget);
			const url = /^https?:\/\//.test(request.path) ? request.path : `${this.options.apiBaseUrl}${request.path}`;
			const headers: Record<string, string> = { 'User-Agent': 'DiscordBot (n8n-nodes-stripe-chat-channel, 1)' };
			if (request.authorize !== false) headers.Authorization = `Bot ${this.options.botToken}`;
			if (request.body !== undefined) headers['Content-Type'] = 'application/json';
			let response: Response;
			try {
				response = await fetch(url, {
					method: request.method,
					headers,
					body: request.body === undefined ? undefined : JSON.stringify(request.body),
					signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
				});
			} catch (error: unknown) {
				const cause = scrubSecrets(error instanceof Error ? error.message : String(error), secrets);
				return {
					retry: new DiscordApiError(
						`Discord could not be reached for ${route}: ${cause}`,
						0,
						undefined,
						'Discord could not be reached; try again later. Is the API Base URL in the credential right?',
					),
				};
			}
			this.noteBucket(route, response.headers);
			const text = await response.text();
			let body: unknown;
			try {
				body = text ? JSON.parse(text) : undefined;
			} catch {
				body = undefined;
			}
			if (response.status === 429) {
				const record = (body ?? {}) as Record<string, unknown>;
				const seconds =
					typeof record.retry_after === 'number' ? record.retry_after : secondsHeader(response.headers, 'retry-after');
				const waitMs = Math.max(50, Math.ceil((seconds ?? 1) * 1000));
				if (record.global === true || response.headers.get('x-ratelimit-global') === 'true') {
					this.globalResetAt = this.now() + waitMs;
				}
				await this.wait(waitMs, budget, route);
				continue;
			}
			if (response.status >= 500) return { retry: discordApiError(route, response.status, body, secrets) };
			if (!response.ok) throw discordApiError(route, response.status, body, secrets);
			return { value: body };
		}
	}
}

export function createDiscordClient(options: DiscordClientOptions): DiscordClient {
	return new DiscordClient(options);
}
