import { retryWithBackoff, sleepFor } from '../../core/backoff';
import { normalizeApiUrl } from './client';
import { SlackOperationError } from './errors';
import type { SlackMessageContent } from './messages';

/**
 * Hosts Slack issues response URLs on (commercial Slack and GovSlack). The URL arrives inside a request body, so
 * whoever can reach the webhook could put any address there; posting only to Slack's own hosts keeps this node
 * from being used to send requests into the private network n8n runs in (server-side request forgery).
 * @see https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 */
export const RESPONSE_URL_HOSTS: readonly string[] = ['hooks.slack.com', 'hooks.slack-gov.com'];

export type ResponseType = 'replaceOriginal' | 'inChannel' | 'ephemeral';

export interface RespondInput {
	responseUrl: string;
	content: SlackMessageContent;
	/** `replaceOriginal` edits the message that had the button; `inChannel` posts a visible reply; `ephemeral` only to the clicker. */
	responseType: ResponseType;
	/** The credential's API base URL: its origin is also accepted, so tests and private Slack proxies work. */
	apiUrl?: string;
	maxRetries?: number;
	/** First back-off delay in ms when Slack sends no `Retry-After`; doubles per try. */
	minDelayMs?: number;
	timeoutMs?: number;
	fetchImpl?: typeof fetch;
	sleep?: (ms: number) => Promise<void>;
}

/** True when `responseUrl` may be posted to: `https://hooks.slack.com/…` (or GovSlack), or the API base URL's origin. */
export function isAllowedResponseUrl(responseUrl: string, apiUrl?: string): boolean {
	let url: URL;
	try {
		url = new URL(responseUrl.trim());
	} catch {
		return false;
	}
	if (url.username || url.password) return false;
	if (url.protocol === 'https:' && url.port === '' && RESPONSE_URL_HOSTS.includes(url.hostname)) return true;
	try {
		return url.origin === new URL(normalizeApiUrl(apiUrl)).origin;
	} catch {
		return false;
	}
}

function responseBody(input: RespondInput): Record<string, unknown> {
	const body: Record<string, unknown> = { text: input.content.text };
	if (input.content.blocks) body.blocks = input.content.blocks;
	if (input.responseType === 'replaceOriginal') body.replace_original = true;
	else {
		body.replace_original = false;
		body.response_type = input.responseType === 'inChannel' ? 'in_channel' : 'ephemeral';
	}
	return body;
}

/** Slack answers `ok`, `{"ok":true}`, or an error code as text or `{"ok":false,"error":…}`. */
function errorCodeOf(status: number, text: string): string | undefined {
	const trimmed = text.trim();
	try {
		const parsed = JSON.parse(trimmed) as { ok?: unknown; error?: unknown };
		if (parsed && parsed.ok === false) return typeof parsed.error === 'string' ? parsed.error : `http_${status}`;
		if (parsed && parsed.ok === true) return undefined;
	} catch {
		// Not JSON: Slack's plain-text answers are handled below.
	}
	if (status >= 200 && status < 300) return undefined;
	return /^[a-z_]+$/.test(trimmed) ? trimmed : `http_${status}`;
}

/**
 * Answers a button click or slash command through its `response_url` (up to 5 times within 30 minutes). Retries
 * 429 (waiting `Retry-After`), 5xx and network errors; fails with a SlackOperationError after the last try.
 * Redirects are refused, so an allowed URL cannot bounce the request elsewhere.
 * @see https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 */
export async function respondViaResponseUrl(input: RespondInput): Promise<{ ok: true }> {
	if (!isAllowedResponseUrl(input.responseUrl, input.apiUrl)) {
		throw new SlackOperationError(
			'response_url_not_allowed',
			'The response URL is not a Slack response URL (https://hooks.slack.com/…).',
		);
	}
	const fetchImpl = input.fetchImpl ?? fetch;
	const body = JSON.stringify(responseBody(input));
	return await retryWithBackoff<{ ok: true }>(
		async () => {
			let response: Response;
			try {
				response = await fetchImpl(input.responseUrl.trim(), {
					method: 'POST',
					headers: { 'Content-Type': 'application/json; charset=utf-8' },
					body,
					redirect: 'error',
					signal: AbortSignal.timeout(input.timeoutMs ?? 30_000),
				});
			} catch (error: unknown) {
				const reason = error instanceof Error ? error.message : String(error);
				return { retry: new SlackOperationError('network', `Could not reach the response URL (${reason}).`) };
			}
			const text = await response.text();
			if (response.status === 429 || response.status >= 500) {
				const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
				return {
					retry: new SlackOperationError(
						response.status === 429 ? 'ratelimited' : `http_${response.status}`,
						`The response URL answered HTTP ${response.status} on every try.`,
						{ status: response.status },
					),
					retryAfterMs: Number.isNaN(retryAfter) ? undefined : retryAfter * 1000,
				};
			}
			const code = errorCodeOf(response.status, text);
			if (code) {
				throw new SlackOperationError(code, `Slack refused the response: ${code}.`, { status: response.status });
			}
			return { value: { ok: true } };
		},
		{ maxRetries: input.maxRetries ?? 5, minDelayMs: input.minDelayMs ?? 1000, sleep: input.sleep ?? sleepFor },
	);
}
