import { retryWithBackoff, sleepFor } from '../../core/backoff';
import type { TryOutcome } from '../../core/backoff';
import { isLoopbackHost } from '../../core/loopback';

/** The Bot API's public host; tests and self-hosted Bot API servers use another base URL. */
export const DEFAULT_TELEGRAM_API_URL = 'https://api.telegram.org';

/** How often a call that met a server error (5xx) or a network error is tried again before it fails. */
export const DEFAULT_TELEGRAM_MAX_RETRIES = 5;

/**
 * How long one call may keep waiting out flood control (429 with `parameters.retry_after`) before it fails.
 * Telegram allows about one message a second per chat and 20 a minute per group, and names waits of seconds to a
 * minute: 10 minutes rides out a storm; longer means something else floods the chat.
 * @see https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 */
export const DEFAULT_TELEGRAM_RATE_LIMIT_BUDGET_MS = 10 * 60_000;

const DEFAULT_TIMEOUT_MS = 30_000;
const FIRST_BACKOFF_MS = 500;

export interface TelegramClientOptions {
	/** The bot token from @BotFather (`123456:ABC…`). It is part of every request's URL, so it is scrubbed from errors. */
	token: string;
	/** Default `https://api.telegram.org`. Plain `http` only for loopback hosts (tests). */
	apiBaseUrl?: string;
	/** Retries after the first try for 5xx and network errors; 429s don't count. */
	maxRetries?: number;
	/** The first back-off wait for 5xx and network errors; it doubles per try. Tests pass a tiny one. */
	minDelayMs?: number;
	/** How long one call may wait out 429s in total, in ms. Callers with a deadline pass a small budget. */
	rateLimitBudgetMs?: number;
	timeoutMs?: number;
	sleep?: (ms: number) => Promise<void>;
	/** Told about every wait (429 or back-off), with the token already left out. */
	onWait?: (line: string) => void;
}

export class TelegramSetupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TelegramSetupError';
	}
}

/**
 * The Bot API refused a call (`ok: false`), or it could not be reached after the retries. `description` is
 * Telegram's own text (`Bad Request: chat not found`); nothing in it comes from the request's URL.
 * @see https://core.telegram.org/bots/api#making-requests
 */
export class TelegramApiError extends Error {
	constructor(
		readonly method: string,
		/** Telegram's `error_code` (the HTTP status), or 0 when Telegram could not be reached. */
		readonly errorCode: number,
		readonly description: string,
		readonly parameters: { retry_after?: number; migrate_to_chat_id?: number } = {},
	) {
		super(`Telegram ${method} failed: ${description}`);
		this.name = 'TelegramApiError';
	}
}

/** A bot token `<bot id>:<secret>` wherever it appears, and the given secrets verbatim, out of a log or error text. */
export function scrubTelegramSecrets(text: string, secrets: readonly string[] = []): string {
	let scrubbed = text
		.replace(/\bbot\d+:[A-Za-z0-9_-]+/g, 'bot[redacted]')
		.replace(/\b\d{5,}:[A-Za-z0-9_-]{20,}/g, '[redacted token]');
	for (const secret of secrets) {
		if (secret.length >= 8) scrubbed = scrubbed.split(secret).join('[redacted]');
	}
	return scrubbed;
}

/** Checks the API base URL and returns it without a trailing slash: the token travels in every URL, so https only. */
export function normalizeTelegramApiUrl(apiBaseUrl: string | undefined): string {
	const raw = (apiBaseUrl ?? '').trim() || DEFAULT_TELEGRAM_API_URL;
	if (!URL.canParse(raw)) {
		throw new TelegramSetupError(
			`The Telegram API base URL "${raw}" is not a URL. Leave it at ${DEFAULT_TELEGRAM_API_URL}.`,
		);
	}
	const url = new URL(raw);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
		throw new TelegramSetupError(
			`The Telegram API base URL must start with https:// (got "${url.protocol}"), because the bot token is part of every request.`,
		);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new TelegramSetupError(
			'The Telegram API base URL must not contain a user name, password, query or fragment.',
		);
	}
	return url.href.replace(/\/+$/, '');
}

interface BotApiAnswer {
	ok?: boolean;
	result?: unknown;
	error_code?: number;
	description?: string;
	parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface TelegramClient {
	/**
	 * Calls a Bot API method with a JSON body and returns its `result`: waits as long as Telegram asks on 429
	 * (within the rate-limit budget), retries 5xx and network errors with back-off, and throws a TelegramApiError
	 * for anything else, with the token never in its text.
	 */
	call<T>(method: string, params?: Record<string, unknown>): Promise<T>;
}

function formatDuration(ms: number): string {
	return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

/**
 * A Bot API client on Node's `fetch`: `POST <apiBaseUrl>/bot<token>/<method>` with a JSON body.
 * @see https://core.telegram.org/bots/api#making-requests
 */
export function createTelegramClient(options: TelegramClientOptions): TelegramClient {
	if (!options.token || options.token.trim() === '') {
		throw new TelegramSetupError(
			'No bot token is set in the Telegram credential. Ask @BotFather for one (/newbot or /token).',
		);
	}
	const base = normalizeTelegramApiUrl(options.apiBaseUrl);
	const sleep = options.sleep ?? sleepFor;
	const budgetMs = options.rateLimitBudgetMs ?? DEFAULT_TELEGRAM_RATE_LIMIT_BUDGET_MS;
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const scrub = (text: string) => scrubTelegramSecrets(text, [options.token]);

	/** One request, repeated while Telegram answers 429 and the budget lasts; 5xx and network errors go to back-off. */
	async function attempt<T>(method: string, body: string, waited: { ms: number }): Promise<TryOutcome<T>> {
		for (;;) {
			let response: Response;
			let answer: BotApiAnswer;
			try {
				response = await fetch(`${base}/bot${options.token}/${method}`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body,
					signal: AbortSignal.timeout(timeoutMs),
				});
				answer = (await response.json().catch(() => ({}))) as BotApiAnswer;
			} catch (error: unknown) {
				const cause = scrub(error instanceof Error ? error.message : String(error));
				return { retry: new TelegramApiError(method, 0, `Telegram could not be reached (${cause})`) };
			}
			if (answer.ok === true && response.ok) return { value: answer.result as T };
			const code = answer.error_code ?? response.status;
			const description = scrub(answer.description ?? `HTTP ${response.status}`);
			if (code === 429) {
				const seconds = answer.parameters?.retry_after ?? Number(response.headers.get('retry-after') ?? '1');
				const waitMs = Math.max(0, Number.isFinite(seconds) ? seconds : 1) * 1000;
				if (waited.ms + waitMs > budgetMs) {
					throw new TelegramApiError(
						method,
						429,
						`Telegram kept answering "Too Many Requests" for ${formatDuration(waited.ms)} and then asked for another ${Math.ceil(waitMs / 1000)} s, more than the ${formatDuration(budgetMs)} one call may wait`,
						answer.parameters,
					);
				}
				options.onWait?.(`Telegram ${method}: flood control, waiting ${Math.ceil(waitMs / 1000)} s as asked`);
				await sleep(waitMs);
				waited.ms += waitMs;
				continue;
			}
			const error = new TelegramApiError(method, code, description, answer.parameters);
			if (code >= 500) {
				options.onWait?.(`Telegram ${method}: ${description}, trying again`);
				return { retry: error };
			}
			throw error;
		}
	}

	return {
		async call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
			const body = JSON.stringify(params);
			const waited = { ms: 0 };
			return await retryWithBackoff(async () => await attempt<T>(method, body, waited), {
				maxRetries: options.maxRetries ?? DEFAULT_TELEGRAM_MAX_RETRIES,
				minDelayMs: options.minDelayMs ?? FIRST_BACKOFF_MS,
				sleep,
			});
		},
	};
}
