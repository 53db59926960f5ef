import { LogLevel, WebClient } from '@slack/web-api';
import type { Logger, RetryOptions } from '@slack/web-api';

/** Slack's public Web API; GovSlack and tests use another base URL. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** How often a failed call (429, 5xx, network) is tried again before the item fails. */
export const DEFAULT_MAX_RETRIES = 5;

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
	/** Retries after the first try for 429, 5xx and network errors; default 5 (exponential back-off from 0.5 s). */
	maxRetries?: number;
	/** Full retry policy (node-retry options); overrides `maxRetries`. Tests pass tiny timings here. */
	retryConfig?: RetryOptions;
	/** Per-request timeout in ms; default 30 s. */
	timeoutMs?: number;
	log?: SlackLogSink;
}

export class SlackSetupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SlackSetupError';
	}
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

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
	const isLoopback = LOOPBACK_HOSTS.has(url.hostname);
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

/** Exponential back-off, randomised so parallel executions don't retry in lock-step. */
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

/**
 * Builds a `WebClient` that waits as Slack tells it on 429 (`Retry-After`), retries 5xx and network errors with
 * back-off, and fails the call after the last retry, so an item is either posted or reported, never dropped.
 * Platform errors (`ok: false`, e.g. `not_in_channel`) are not retried: trying again would not change the answer.
 * @see https://docs.slack.dev/tools/node-slack-sdk/web-api/#rate-limits
 * @see https://docs.slack.dev/tools/node-slack-sdk/web-api/#automatic-retries
 */
export function createSlackClient(options: SlackClientOptions): WebClient {
	const token = (options.token ?? '').trim();
	if (!token) {
		throw new SlackSetupError('No Slack bot token: add the Bot User OAuth Token (xoxb-…) to the Slack credential.');
	}
	return new WebClient(token, {
		slackApiUrl: normalizeApiUrl(options.apiUrl),
		retryConfig: options.retryConfig ?? defaultRetryConfig(options.maxRetries),
		rejectRateLimitedCalls: false,
		timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		logger: createScrubbingLogger(token, options.log),
		// Method names are always appended to the configured base URL, never followed to another host.
		allowAbsoluteUrls: false,
	});
}
