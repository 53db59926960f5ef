import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { Logger, RetryOptions, WebAPICallResult, WebAPIRateLimitedError, WebClientOptions } from '@slack/web-api';

import { sleepFor } from '../../core/backoff';
import { isLoopbackHost } from '../../core/loopback';

/** Slack's public Web API; GovSlack and tests use another base URL. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** How often a call that met a server error (5xx) or a network error is tried again before the item fails. */
export const DEFAULT_MAX_RETRIES = 5;

/**
 * How long one call may keep waiting out rate limits (429) before it fails. Slack counts its limits per minute
 * (method tiers; `chat.postMessage` about one per second per channel) and asks for waits of seconds, rarely a
 * minute, so 10 minutes rides out several whole windows of a storm. A rate limit that lasts longer means something
 * else floods the workspace; then a readable failure that can be re-run beats an execution that hangs for good.
 * @see https://docs.slack.dev/apis/web-api/rate-limits
 */
export const DEFAULT_RATE_LIMIT_BUDGET_MS = 10 * 60_000;

/** A hung connection must not hold an n8n execution forever; a timed-out call counts as a network error and retries. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Where the client's own log lines go (n8n's `this.logger` in a node). Lines arrive with tokens removed. */
export interface SlackLogSink {
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

export interface SlackClientOptions {
	/** Bot token (`xoxb-…`). Required: without it nothing is sent. */
	token: string;
	/** Web API base URL; default `https://slack.com/api/`. Plain `http` is only accepted for loopback hosts (tests). */
	apiUrl?: string;
	/** Retries after the first try for 5xx and network errors; default 5 (back-off from 0.5 s). 429s don't count. */
	maxRetries?: number;
	/** Retry policy for 5xx and network errors (node-retry options); overrides `maxRetries`. Tests pass tiny timings. */
	retryConfig?: RetryOptions;
	/**
	 * How long one call may wait out 429s in total, in ms; default 10 minutes. A 429 whose `Retry-After` would end
	 * past it fails the call at once with a SlackRateLimitError. Callers with a deadline (Slack's 3-second answer)
	 * pass a small budget.
	 */
	rateLimitBudgetMs?: number;
	/** Per-request timeout in ms; default 30 s. */
	timeoutMs?: number;
	log?: SlackLogSink;
	/** Clock for the rate-limit budget, ms since epoch; default Date.now. Injected by tests. */
	now?: () => number;
	/** Waits out a `Retry-After`; default a timer. Injected by tests. */
	sleep?: (ms: number) => Promise<void>;
}

export class SlackSetupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SlackSetupError';
	}
}

/** Slack kept answering 429 for longer than the call's rate-limit budget, so the call failed. */
export class SlackRateLimitError extends Error {
	readonly code = 'ratelimited';

	constructor(
		readonly method: string,
		readonly retryAfterSeconds: number,
		readonly elapsedMs: number,
		readonly budgetMs: number,
	) {
		super(
			`Slack kept answering "rate limited" to ${method} for ${formatDuration(elapsedMs)} and then asked for ` +
				`another ${retryAfterSeconds} s, more than the ${formatDuration(budgetMs)} one call may wait.`,
		);
		this.name = 'SlackRateLimitError';
	}
}

function formatDuration(ms: number): string {
	return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

/** Matches every Slack token family (`xoxb-`, `xoxp-`, `xoxa-`, `xoxe.xoxp-`, `xapp-` …). */
const SLACK_TOKEN_PATTERN = /\b(?:xox[abceprs](?:\.xox[a-z])?|xapp)-[A-Za-z0-9-]+/g;

/** Removes anything that looks like a Slack token, plus the given secrets verbatim, from a log or error text. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
	let scrubbed = text.replace(SLACK_TOKEN_PATTERN, '[redacted token]');
	for (const secret of secrets) {
		if (secret.length >= 8) scrubbed = scrubbed.split(secret).join('[redacted]');
	}
	return scrubbed;
}

/**
 * Checks a Web API base URL and returns it with a trailing slash. Tokens travel in every request, so only `https`
 * is accepted, except on loopback where the tests' fake Slack listens.
 */
export function normalizeApiUrl(apiUrl: string | undefined): string {
	const raw = (apiUrl ?? '').trim() || DEFAULT_SLACK_API_URL;
	if (!URL.canParse(raw)) {
		throw new SlackSetupError(`The Slack API base URL "${raw}" is not a URL. Leave it at ${DEFAULT_SLACK_API_URL}.`);
	}
	const url = new URL(raw);
	const isLoopback = isLoopbackHost(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback)) {
		throw new SlackSetupError(
			`The Slack API base URL must start with https:// (got "${url.protocol}"), because the bot token is sent with every request.`,
		);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new SlackSetupError('The Slack API base URL must not contain a user name, password, query or fragment.');
	}
	return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** Exponential back-off for 5xx and network errors, randomised so parallel executions don't retry in lock-step. */
export function defaultRetryConfig(maxRetries: number = DEFAULT_MAX_RETRIES): RetryOptions {
	return {
		retries: Math.max(0, Math.floor(maxRetries)),
		factor: 2,
		minTimeout: 500,
		maxTimeout: 60_000,
		randomize: true,
	};
}

const LEVEL_ORDER: Record<LogLevel, number> = {
	[LogLevel.DEBUG]: 0,
	[LogLevel.INFO]: 1,
	[LogLevel.WARN]: 2,
	[LogLevel.ERROR]: 3,
};

/**
 * The WebClient's default logger writes to the console and, at debug level, prints request bodies. This one
 * forwards to a sink (or nowhere), scrubs tokens from every line and never goes below info, so message bodies
 * (customer data, even if redacted) stay out of logs.
 */
function createScrubbingLogger(token: string, sink: SlackLogSink | undefined): Logger {
	let level = LogLevel.INFO;
	let name = 'slack';
	const emit = (at: LogLevel, parts: unknown[]) => {
		if (!sink || LEVEL_ORDER[at] < LEVEL_ORDER[level]) return;
		const text = parts.map((part) => (typeof part === 'string' ? part : safeStringify(part))).join(' ');
		sink[at](`[${name}] ${scrubSecrets(text, [token])}`);
	};
	return {
		debug: (...parts: unknown[]) => emit(LogLevel.DEBUG, parts),
		info: (...parts: unknown[]) => emit(LogLevel.INFO, parts),
		warn: (...parts: unknown[]) => emit(LogLevel.WARN, parts),
		error: (...parts: unknown[]) => emit(LogLevel.ERROR, parts),
		setLevel: (next: LogLevel) => {
			level = LEVEL_ORDER[next] < LEVEL_ORDER[LogLevel.INFO] ? LogLevel.INFO : next;
		},
		getLevel: () => level,
		setName: (next: string) => {
			name = next;
		},
	};
}

function safeStringify(value: unknown): string {
	if (value instanceof Error) return value.message;
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

interface RateLimitPolicy {
	budgetMs: number;
	now: () => number;
	sleep: (ms: number) => Promise<void>;
	logger: Logger;
}

function isRateLimited(error: unknown): error is WebAPIRateLimitedError {
	return (
		error instanceof Error &&
		(error as { code?: unknown }).code === ErrorCode.RateLimitedError &&
		typeof (error as { retryAfter?: unknown }).retryAfter === 'number'
	);
}

/**
 * A WebClient whose 429s cost time, not retries. Left to itself, @slack/web-api 8.x waits `Retry-After` and then
 * throws a plain error that its retry policy counts as a failed try and backs off from, so a run of 429s used up
 * the retries (and waited twice). Here the SDK rejects a 429 at once (`rejectRateLimitedCalls: true`) and `apiCall`
 * waits exactly `Retry-After` and calls again, for as long as the budget allows; each new try gets the SDK's full
 * bounded retries for 5xx and network errors, so the budget is what bounds a call that alternates 429s and 5xx.
 * `apiCall` is overridden on the class: WebClient's constructor binds the shortcuts (`client.chat.postMessage`)
 * to `this.apiCall`, which finds a subclass method but would miss one assigned to the instance later.
 */
class RateLimitAwareWebClient extends WebClient {
	/** Slack asked this client to pause until then: other calls wait too, they would only be answered 429. */
	private resumeAt = 0;

	constructor(
		token: string,
		options: WebClientOptions,
		private readonly rateLimit: RateLimitPolicy,
	) {
		super(token, options);
	}

	override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
		const { budgetMs, now, sleep, logger } = this.rateLimit;
		const startedAt = now();
		for (;;) {
			const pause = this.resumeAt - now();
			if (pause > 0) await sleep(pause);
			try {
				return await super.apiCall(method, options);
			} catch (error: unknown) {
				if (!isRateLimited(error)) throw error;
				const retryAfterSeconds = Math.max(0, error.retryAfter);
				const resumeAt = Math.max(this.resumeAt, now() + retryAfterSeconds * 1000);
				if (resumeAt - startedAt > budgetMs) {
					throw new SlackRateLimitError(method, retryAfterSeconds, now() - startedAt, budgetMs);
				}
				this.resumeAt = resumeAt;
				logger.info(`Slack rate limit on ${method}: trying again in ${retryAfterSeconds} s, as Slack asked`);
			}
		}
	}
}

/**
 * Builds a `WebClient` that waits exactly as long as Slack asks on 429 (`Retry-After`) without spending retries,
 * for up to `rateLimitBudgetMs` per call; retries 5xx and network errors with back-off; and fails the call after
 * the last retry or past the budget, so an item is either posted or reported, never dropped.
 * Platform errors (`ok: false`, e.g. `not_in_channel`) are not retried: trying again would not change the answer.
 * @see https://docs.slack.dev/apis/web-api/rate-limits
 * @see https://docs.slack.dev/tools/node-slack-sdk/web-api/#rate-limits
 * @see https://docs.slack.dev/tools/node-slack-sdk/web-api/#automatic-retries
 */
export function createSlackClient(options: SlackClientOptions): WebClient {
	const token = (options.token ?? '').trim();
	if (!token) {
		throw new SlackSetupError('No Slack bot token: add the Bot User OAuth Token (xoxb-…) to the Slack credential.');
	}
	const logger = createScrubbingLogger(token, options.log);
	return new RateLimitAwareWebClient(
		token,
		{
			slackApiUrl: normalizeApiUrl(options.apiUrl),
			retryConfig: options.retryConfig ?? defaultRetryConfig(options.maxRetries),
			rejectRateLimitedCalls: true,
			timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			logger,
			// Method names are always appended to the configured base URL, never followed to another host.
			allowAbsoluteUrls: false,
		},
		{
			budgetMs: Math.max(0, options.rateLimitBudgetMs ?? DEFAULT_RATE_LIMIT_BUDGET_MS),
			now: options.now ?? Date.now,
			sleep: options.sleep ?? sleepFor,
			logger,
		},
	);
}
