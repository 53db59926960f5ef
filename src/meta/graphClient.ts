import type { OutgoingMessage } from '../core/meta/payloads';
import { WHATSAPP_WINDOW_CLOSED_CODE, WINDOW_CLOSED_MESSAGE } from '../core/meta/window';
import { retryWithBackoff, sleepFor } from '../core/backoff';
import { isLoopbackHost } from '../core/loopback';

/**
 * Graph API versions are named `vNN.0` and each is kept about two years. v25.0 (February 2026) is available until
 * July 2028; v21.0, the default of many examples, ends in January 2027.
 * @see https://developers.facebook.com/docs/graph-api/changelog/versions
 */
export const DEFAULT_GRAPH_API_BASE_URL = 'https://graph.facebook.com/v25.0';

export type GraphErrorKind = 'graph' | 'http' | 'network' | 'setup';

export interface GraphErrorDetails {
	kind: GraphErrorKind;
	/** What a person who is not a programmer can do about it. */
	hint: string;
	/** Meta's error `code` and `error_subcode`, when Meta answered with an error object. */
	code?: number;
	subcode?: number;
	httpStatus?: number;
	/** Meta's trace id: what Meta support asks for. */
	fbtraceId?: string;
}

/** A failed Graph API call, described for people; the access token never appears in it. */
export class MetaGraphError extends Error {
	constructor(
		message: string,
		readonly details: GraphErrorDetails,
	) {
		super(message);
		this.name = 'MetaGraphError';
	}
}

export interface GraphClientOptions {
	accessToken: string;
	/** Graph API base URL with version, e.g. https://graph.facebook.com/v25.0 (a test server in tests). */
	baseUrl?: string;
	/** Extra tries after a 429, a 5xx or a Meta rate-limit error; default 3. */
	maxRetries?: number;
	/** First back-off delay in ms when Meta sends no `Retry-After`; doubles per try. */
	minDelayMs?: number;
	timeoutMs?: number;
	fetchImpl?: typeof fetch;
	sleep?: (ms: number) => Promise<void>;
}

export interface SentMessage {
	/** `wamid.…` on WhatsApp, `mid` on Instagram: what status updates refer to. */
	messageId: string;
	recipientId: string;
}

export interface GraphClient {
	/** POST `/{senderId}/messages`: the sender is the WhatsApp phone number ID or the Instagram account ID. */
	sendMessage(senderId: string, message: OutgoingMessage): Promise<SentMessage>;
	request(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

const ERROR_CODES_DOC = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes';

/**
 * Meta's throttling codes: 4 (app), 80007 (WhatsApp account), 130429 (throughput), 131056 (too many messages to
 * one customer in a short time), and 2 (service temporarily unavailable). All mean "try again later".
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/overview#throughput
 */
const RETRYABLE_CODES = new Set([2, 4, 80007, 130429, 131056]);

const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131056]);

/** Instagram's "message sent outside of allowed window" (error 10, subcode 2534022). */
const INSTAGRAM_WINDOW_SUBCODE = 2534022;

interface GraphErrorBody {
	message?: string;
	type?: string;
	code?: number;
	error_subcode?: number;
	error_user_msg?: string;
	error_data?: { details?: string };
	fbtrace_id?: string;
}

function scrub(text: string, secret: string): string {
	return secret ? text.split(secret).join('[redacted]') : text;
}

export function normalizeGraphBaseUrl(baseUrl: string | undefined): string {
	const text = (baseUrl ?? '').trim() || DEFAULT_GRAPH_API_BASE_URL;
	let parsed: URL;
	try {
		parsed = new URL(text);
	} catch {
		throw new MetaGraphError(`"${text}" is not a URL.`, {
			kind: 'setup',
			hint: `Set Graph API Base URL in the Meta Messaging credential to ${DEFAULT_GRAPH_API_BASE_URL}, or leave it empty.`,
		});
	}
	if (parsed.username || parsed.password) {
		throw new MetaGraphError('The Graph API base URL must not contain a user name or password.', {
			kind: 'setup',
			hint: `Set Graph API Base URL in the Meta Messaging credential to ${DEFAULT_GRAPH_API_BASE_URL}, or leave it empty.`,
		});
	}
	if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
		throw new MetaGraphError(`"${parsed.origin}" must start with https:// (http:// is accepted only for localhost).`, {
			kind: 'setup',
			hint: `The access token is sent with every request. Set Graph API Base URL in the Meta Messaging credential to ${DEFAULT_GRAPH_API_BASE_URL}, or leave it empty.`,
		});
	}
	return text.replace(/\/+$/, '');
}

/** Turns Meta's error object into a sentence and a hint for the person running the workflow. */
export function describeGraphError(error: GraphErrorBody, httpStatus: number): { message: string; hint: string } {
	const code = error.code;
	const metaText = [error.error_user_msg, error.error_data?.details, error.message].find((text) => text?.trim());
	const said = metaText ? ` Meta says: "${metaText.trim()}".` : '';
	if (code === WHATSAPP_WINDOW_CLOSED_CODE) {
		return {
			message: `${WINDOW_CLOSED_MESSAGE} (WhatsApp error ${WHATSAPP_WINDOW_CLOSED_CODE})`,
			hint: 'Send an approved template instead (operation "Send Template"), or wait until the customer writes again.',
		};
	}
	if (code === 10 && error.error_subcode === INSTAGRAM_WINDOW_SUBCODE) {
		return {
			message: `${WINDOW_CLOSED_MESSAGE} (Instagram error 10/${INSTAGRAM_WINDOW_SUBCODE})`,
			hint: 'Instagram has no message templates: the conversation can continue only after the customer writes again.',
		};
	}
	if (code === 190) {
		return {
			message: 'Meta did not accept the access token (error 190): it expired, was revoked, or was mistyped.',
			hint: 'Create a new access token (a System User token from Meta Business Settings does not expire), give it whatsapp_business_messaging or instagram_manage_messages, and paste it into the Meta Messaging credential.',
		};
	}
	if (code === 10 || code === 200 || code === 3) {
		return {
			message: `The access token may not send messages for this account (error ${code}).${said}`,
			hint: 'Give the token the whatsapp_business_messaging permission (WhatsApp) or instagram_manage_messages / instagram_business_manage_messages (Instagram), and make sure the system user is assigned to the WhatsApp account or page.',
		};
	}
	if (code === 100 && error.error_subcode === 33) {
		return {
			message:
				'The phone number ID or Instagram account ID in the credential does not exist, or this token cannot use it (error 100/33).',
			hint: 'Copy the Phone Number ID from WhatsApp → API Setup (not the phone number itself), or the Instagram account ID, into the Meta Messaging credential.',
		};
	}
	const known: Record<number, { message: string; hint: string }> = {
		131030: {
			message: 'This number is not on the list of test recipients (error 131030).',
			hint: 'While the Meta app is in development, add the customer\'s number under WhatsApp → API Setup → "To", or take the app live.',
		},
		131026: {
			message:
				'WhatsApp could not deliver the message (error 131026): the number may not use WhatsApp, or the customer has not accepted the latest terms.',
			hint: 'Check the number; reach the customer another way if it keeps failing.',
		},
		132001: {
			message: `The template does not exist in this language, or is not approved yet (error 132001).${said}`,
			hint: 'Check the template name and language in WhatsApp Manager → Message templates; only approved templates can be sent.',
		},
		132000: {
			message: `The number of template values does not match the template's {{1}}, {{2}}… placeholders (error 132000).${said}`,
			hint: 'Give exactly one value per placeholder of the template body, in order.',
		},
		132012: {
			message: `A template value has the wrong format (error 132012).${said}`,
			hint: 'Check the values against the template in WhatsApp Manager (text, currency, date).',
		},
		131051: {
			message: `WhatsApp does not support this message type (error 131051).${said}`,
			hint: "Use one of the node's operations unchanged.",
		},
		133010: {
			message: 'The business phone number is not registered with the WhatsApp Cloud API (error 133010).',
			hint: 'Register the number in WhatsApp Manager → Phone numbers, then try again.',
		},
		131031: {
			message: 'The WhatsApp business account is locked or restricted (error 131031).',
			hint: 'Open WhatsApp Manager → Account quality to see why and what to do.',
		},
		368: {
			message: `Meta temporarily blocked this account from sending for a policy violation (error 368).${said}`,
			hint: 'Open WhatsApp Manager → Account quality (or Instagram account status) for the reason and when it ends.',
		},
	};
	if (code !== undefined && known[code]) return known[code];
	if (code !== undefined && RATE_LIMIT_CODES.has(code)) {
		return {
			message: `Meta's rate limit was hit on every try (error ${code}).`,
			hint: 'Send fewer messages at once (to one customer about one every 6 seconds), or re-run the failed execution later.',
		};
	}
	if (code === 100 || code === 131008 || code === 131009) {
		return {
			message: `Meta refused the message as invalid (error ${code}).${said}`,
			hint: 'Check the recipient and the texts, buttons and link of this step.',
		};
	}
	if (httpStatus >= 500) {
		return {
			message: `Meta had a problem on its side (HTTP ${httpStatus}) on every try.${said}`,
			hint: 'Check https://metastatus.com, then re-run the failed execution. The message may not have been sent.',
		};
	}
	return {
		message: `Meta refused the request (${code !== undefined ? `error ${code}` : `HTTP ${httpStatus}`}).${said}`,
		hint: `Look the error code up at ${ERROR_CODES_DOC}.`,
	};
}

async function readJson(response: Response): Promise<Record<string, unknown> | undefined> {
	const text = await response.text();
	try {
		const parsed = JSON.parse(text) as unknown;
		return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

function sentMessageOf(body: Record<string, unknown>, message: OutgoingMessage): SentMessage {
	if (message.channel === 'whatsapp') {
		const messages = Array.isArray(body.messages) ? (body.messages as Array<{ id?: unknown }>) : [];
		const contacts = Array.isArray(body.contacts) ? (body.contacts as Array<{ wa_id?: unknown }>) : [];
		return {
			messageId: String(messages[0]?.id ?? ''),
			recipientId: String(contacts[0]?.wa_id ?? message.recipientId),
		};
	}
	return { messageId: String(body.message_id ?? ''), recipientId: String(body.recipient_id ?? message.recipientId) };
}

/**
 * A small Graph API client on `fetch`. Retries HTTP 429, 5xx and Meta's throttling errors with back-off (honouring
 * `Retry-After`), turns Meta's error objects into MetaGraphError with a hint, and keeps the token out of errors.
 * Network failures are not retried: the request may have reached Meta, and a second send would repeat the message.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 * @see https://developers.facebook.com/docs/graph-api/guides/error-handling
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
	const baseUrl = normalizeGraphBaseUrl(options.baseUrl);
	const token = options.accessToken.trim();
	const fetchImpl = options.fetchImpl ?? fetch;
	const sleep = options.sleep ?? sleepFor;
	const maxRetries = options.maxRetries ?? 3;
	const minDelayMs = options.minDelayMs ?? 1000;

	async function request(
		method: 'GET' | 'POST',
		path: string,
		body?: Record<string, unknown>,
	): Promise<Record<string, unknown>> {
		if (!token) {
			throw new MetaGraphError('The Meta Messaging credential has no access token.', {
				kind: 'setup',
				hint: 'Paste a WhatsApp or Instagram access token (a System User token is best) into the credential.',
			});
		}
		const url = `${baseUrl}/${path.replace(/^\/+/, '')}`;
		return await retryWithBackoff<Record<string, unknown>>(
			async () => {
				let response: Response;
				try {
					response = await fetchImpl(url, {
						method,
						headers: {
							Authorization: `Bearer ${token}`,
							...(body ? { 'Content-Type': 'application/json' } : {}),
						},
						body: body ? JSON.stringify(body) : undefined,
						redirect: 'error',
						signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
					});
				} catch (error: unknown) {
					const reason = scrub(error instanceof Error ? error.message : String(error), token);
					throw new MetaGraphError(`Could not reach the Graph API at ${new URL(url).host} (${reason}).`, {
						kind: 'network',
						hint: `Check that n8n can reach ${new URL(url).host} (proxy, firewall, DNS) and the Graph API Base URL in the credential (${DEFAULT_GRAPH_API_BASE_URL} unless you know better). The message may or may not have been sent.`,
					});
				}
				const answer = await readJson(response);
				if (response.ok && answer && !answer.error) return { value: answer };
				const graphError = (answer?.error ?? {}) as GraphErrorBody;
				const described = describeGraphError(graphError, response.status);
				const failure = new MetaGraphError(scrub(described.message, token), {
					kind: answer?.error ? 'graph' : 'http',
					hint: described.hint,
					code: graphError.code,
					subcode: graphError.error_subcode,
					httpStatus: response.status,
					fbtraceId: graphError.fbtrace_id,
				});
				const retryable =
					response.status === 429 ||
					response.status >= 500 ||
					(graphError.code !== undefined && RETRYABLE_CODES.has(graphError.code));
				if (!retryable) throw failure;
				const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
				return { retry: failure, retryAfterMs: Number.isNaN(retryAfter) ? undefined : Math.min(retryAfter, 60) * 1000 };
			},
			{ maxRetries, minDelayMs, sleep },
		);
	}

	return {
		request,
		async sendMessage(senderId, message) {
			const sender = senderId.trim();
			if (!/^\d+$/.test(sender)) {
				throw new MetaGraphError(
					message.channel === 'whatsapp'
						? 'The Meta Messaging credential has no valid Phone Number ID.'
						: 'The Meta Messaging credential has no valid Instagram Account ID.',
					{
						kind: 'setup',
						hint:
							message.channel === 'whatsapp'
								? 'Copy the Phone Number ID (digits, not the phone number) from your Meta app → WhatsApp → API Setup into the credential.'
								: 'Copy the Instagram professional account ID (digits; the accountId of incoming Instagram messages) into the credential, and the linked Facebook Page ID when you use a Page access token.',
					},
				);
			}
			const answer = await request('POST', `${sender}/messages`, message.payload);
			return sentMessageOf(answer, message);
		},
	};
}
