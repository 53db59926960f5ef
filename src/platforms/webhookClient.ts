import { retryWithBackoff, sleepFor } from '../core/backoff';
import type { TryOutcome } from '../core/backoff';

/**
 * One POST to a chat platform's incoming webhook (Microsoft Teams, Google Chat) with Node's global `fetch`: a
 * webhook is one URL and one JSON body, so an SDK would add nothing. The URL carries its own key, so it is a secret:
 * it never appears in an error, a log line or an output item (`scrubSecrets`).
 *
 * Retries: HTTP 429 waits as long as the platform asks (`Retry-After`, seconds or a date; without it back-off from
 * one second, doubling up to 30 s) and does not use up the tries, up to `rateLimitBudgetMs` of waiting per message;
 * 5xx answers and network errors are tried again `maxRetries` times with back-off (src/core/backoff.ts). Any other
 * answer is final: the webhook said no, and trying again would not change that.
 */

export const DEFAULT_WEBHOOK_RETRIES = 3;
/** How long one message may wait out rate limits in total (like Stripe Chat Slack: 10 minutes). */
export const DEFAULT_RATE_LIMIT_BUDGET_MS = 10 * 60_000;

export interface WebhookPostOptions {
	/** Tries after the first for 5xx answers and network errors. */
	maxRetries?: number;
	rateLimitBudgetMs?: number;
	/** The first back-off wait when the platform names none (tests shorten it). */
	minDelayMs?: number;
	sleep?: (ms: number) => Promise<void>;
	/** Per try. */
	timeoutMs?: number;
}

export interface WebhookAnswer {
	status: number;
	/** The answer's body: parsed JSON when it is JSON, else the text (Teams answers `1` or nothing). */
	body: unknown;
	/** Tries it took (1 = first try), and 429 answers waited out on the way. */
	tries: number;
	rateLimited: number;
}

/** A webhook post that failed for good, with the webhook URL and any other secret scrubbed from its text. */
export class WebhookPostError extends Error {
	constructor(
		message: string,
		readonly status: number | undefined,
		readonly hint: string,
	) {
		super(message);
		this.name = 'WebhookPostError';
	}
}

/** The text with every secret (and its URL-encoded form) replaced by `***`. */
export function scrubSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let scrubbed = text;
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		for (const form of new Set([secret, encodeURIComponent(secret)])) scrubbed = scrubbed.split(form).join('***');
	}
	return scrubbed;
}

/** `Retry-After` as milliseconds: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
	if (!header) return undefined;
	const seconds = Number(header.trim());
	if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function readBody(response: Response): Promise<unknown> {
	const text = await response.text();
	if (!text) return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** What a platform's answer means, decided by the platform's client (Teams and Google Chat differ in details). */
export interface AnswerReading {
	/** The status to act on: Teams' legacy connectors answer 200 with "…HTTP error 429" in the text. */
	status: number;
	/** A short reason from the body, already free of secrets, for the error message. */
	reason?: string;
}

export interface WebhookPlatform {
	/** "Microsoft Teams", "Google Chat": for error messages. */
	displayName: string;
	readAnswer(status: number, body: unknown): AnswerReading;
	/** What a person can do about a final answer. */
	hintFor(status: number | undefined): string;
}

/** POSTs `body` as JSON to the webhook and returns the answer, or throws a scrubbed WebhookPostError. */
export async function postToWebhook(
	platform: WebhookPlatform,
	url: string,
	body: unknown,
	options: WebhookPostOptions = {},
): Promise<WebhookAnswer> {
	const secrets = [url, ...secretPartsOf(url)];
	const fail = (message: string, status: number | undefined) =>
		new WebhookPostError(scrubSecrets(message, secrets), status, platform.hintFor(status));
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw fail(`The ${platform.displayName} webhook URL is not a URL`, undefined);
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw fail(`The ${platform.displayName} webhook URL must start with https://`, undefined);
	}
	const maxRetries = Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_WEBHOOK_RETRIES));
	const budget = options.rateLimitBudgetMs ?? DEFAULT_RATE_LIMIT_BUDGET_MS;
	const sleep = options.sleep ?? sleepFor;
	const payload = JSON.stringify(body);
	let tries = 0;
	let failedTries = 0;
	let rateLimited = 0;
	let waitedMs = 0;

	const attempt = async (): Promise<TryOutcome<WebhookAnswer>> => {
		tries++;
		let response: Response;
		try {
			response = await fetch(parsed, {
				method: 'POST',
				headers: { 'content-type': 'application/json; charset=utf-8' },
				body: payload,
				signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
			});
		} catch (error: unknown) {
			const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
			const retry = fail(`${platform.displayName} could not be reached (${cause})`, undefined);
			if (++failedTries > maxRetries) throw retry;
			return { retry };
		}
		const answerBody = await readBody(response);
		const { status, reason } = platform.readAnswer(response.status, answerBody);
		const because = reason ? `: ${reason}` : '';
		if (status >= 200 && status < 300) return { value: { status, body: answerBody, tries, rateLimited } };
		if (status === 429) {
			rateLimited++;
			const wait = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(rateLimited, options.minDelayMs);
			const retry = fail(
				`${platform.displayName} kept answering 429 (too many requests) for longer than ${Math.round(budget / 1000)} s`,
				429,
			);
			if (waitedMs + wait > budget) throw retry;
			waitedMs += wait;
			return { retry, retryAfterMs: wait };
		}
		const error = fail(`${platform.displayName} answered ${status}${because}`, status);
		if (status >= 500 && ++failedTries <= maxRetries) {
			return { retry: error, retryAfterMs: backoffMs(failedTries, options.minDelayMs) };
		}
		throw error;
	};

	// The attempt decides which answers are final; this bound only stops a platform that answers 429 forever
	// with `Retry-After: 0`.
	return await retryWithBackoff(attempt, {
		maxRetries: maxRetries + 1000,
		minDelayMs: options.minDelayMs ?? 1000,
		sleep,
	});
}

function backoffMs(tryNumber: number, minDelayMs = 1000): number {
	return Math.min(minDelayMs * 2 ** Math.max(0, tryNumber - 1), 30_000);
}

/** The parts of a webhook URL that are its key, so a message that quotes one of them alone is scrubbed too. */
function secretPartsOf(url: string): string[] {
	try {
		const parsed = new URL(url);
		const parts = [parsed.pathname, parsed.search, ...parsed.searchParams.values()];
		return parts.filter((part) => part.length >= 8);
	} catch {
		return [];
	}
}
