import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';

import { InvalidEventError, normalizeEvent } from '../core/normalize';
import { parseCommandLine } from './args';
import { SEND_EVENT_HELP } from './help';
import type { CliIo } from './io';
import { errorDetails, EXIT_FAILURE, EXIT_OK, parseJson, readInput, UsageError } from './io';

export const WEBHOOK_SECRET_ENV = 'STRIPE_WEBHOOK_SECRET';

/** What Stripe sends as User-Agent on webhook deliveries. */
export const STRIPE_WEBHOOK_USER_AGENT = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)';

const REQUEST_TIMEOUT_MS = 30_000;
const SHOWN_BODY_CHARACTERS = 1000;
const KEPT_BODY_BYTES = 16 * 1024;

/**
 * The `Stripe-Signature` header Stripe would send: HMAC-SHA256 over `"<t>.<raw body>"`, keyed by the whole
 * `whsec_...` secret, hex encoded.
 * @see https://docs.stripe.com/webhooks#verify-manually
 */
export function stripeSignatureHeader(payload: Buffer, secret: string, timestamp: number): string {
	const signature = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(payload).digest('hex');
	return `t=${timestamp},v1=${signature}`;
}

export interface WebhookResponse {
	status: number;
	statusText: string;
	body: string;
}

/** POSTs the raw body with Stripe's headers and returns the answer (its first 16 KB). */
export function postWebhook(url: URL, body: Buffer, signature: string): Promise<WebhookResponse> {
	const transport = url.protocol === 'https:' ? https : http;
	return new Promise((resolve, reject) => {
		const request = transport.request(
			url,
			{
				method: 'POST',
				headers: {
					'Content-Type': 'application/json; charset=utf-8',
					'Content-Length': body.length,
					'User-Agent': STRIPE_WEBHOOK_USER_AGENT,
					Accept: '*/*; q=0.5, application/xml',
					'Cache-Control': 'no-cache',
					'Stripe-Signature': signature,
				},
				timeout: REQUEST_TIMEOUT_MS,
			},
			(response) => {
				const chunks: Buffer[] = [];
				let kept = 0;
				response.on('data', (chunk: Buffer) => {
					if (kept < KEPT_BODY_BYTES) chunks.push(chunk);
					kept += chunk.length;
				});
				response.on('end', () =>
					resolve({
						status: response.statusCode ?? 0,
						statusText: response.statusMessage ?? '',
						body: Buffer.concat(chunks).subarray(0, KEPT_BODY_BYTES).toString('utf8'),
					}),
				);
				response.on('error', reject);
			},
		);
		request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
		request.on('error', reject);
		request.end(body);
	});
}

function parseUrl(value: string | undefined): URL {
	if (!value) throw new UsageError('send-event needs --url, the webhook URL to send the event to', true);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new UsageError(
			`--url "${value}" is not a URL: use a full address such as http://localhost:5678/webhook/stripe`,
			true,
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new UsageError(`--url must start with http:// or https:// (got ${url.protocol}//)`, true);
	}
	return url;
}

function parseTimestamp(value: string | undefined, now: () => number): number {
	if (value === undefined) return Math.floor(now() / 1000);
	if (!/^\d{1,12}$/.test(value))
		throw new UsageError(`--timestamp must be Unix seconds, e.g. 1760000000 (got "${value}")`, true);
	return Number(value);
}

/** The URL as shown to people: without a user name or password. */
function displayUrl(url: URL): string {
	const shown = new URL(url.href);
	shown.username = '';
	shown.password = '';
	return shown.href;
}

function isControlCharacter(character: string): boolean {
	const code = character.charCodeAt(0);
	return (code < 32 && character !== '\n' && character !== '\t') || (code >= 127 && code <= 159);
}

/** The answer's body for a terminal: control characters (a server's escape sequences) removed, shortened. */
function displayBody(body: string): string {
	const clean = [...body]
		.filter((character) => !isControlCharacter(character))
		.join('')
		.trim();
	return clean.length > SHOWN_BODY_CHARACTERS ? `${clean.slice(0, SHOWN_BODY_CHARACTERS)}…` : clean;
}

function networkReason(error: unknown): string {
	const { code, message } = errorDetails(error);
	return code && !message.includes(code) ? `${code} ${message}` : message;
}

export interface SendEventDependencies {
	/** Clock for the default signature timestamp (ms since the epoch). */
	now?: () => number;
}

/** `stripe-chat-channel send-event FILE --url URL --secret whsec_... [--timestamp UNIX]` */
export async function sendEventCommand(
	argv: readonly string[],
	io: CliIo,
	dependencies: SendEventDependencies = {},
): Promise<number> {
	const { values, positionals } = parseCommandLine(argv, {
		url: { type: 'string' },
		secret: { type: 'string' },
		timestamp: { type: 'string' },
		help: { type: 'boolean', short: 'h' },
	});
	if (values.help) {
		io.stdout.write(SEND_EVENT_HELP);
		return EXIT_OK;
	}
	if (positionals.length === 0)
		throw new UsageError('send-event needs a FILE with a Stripe event (or - for standard input)', true);
	if (positionals.length > 1) throw new UsageError(`send-event takes one FILE, got ${positionals.length}`, true);
	const url = parseUrl(values.url as string | undefined);
	const secret = ((values.secret as string | undefined) ?? io.env[WEBHOOK_SECRET_ENV] ?? '').trim();
	if (!secret) {
		throw new UsageError(
			`send-event needs the endpoint's signing secret: pass --secret whsec_... or set ${WEBHOOK_SECRET_ENV}`,
			true,
		);
	}
	const timestamp = parseTimestamp(values.timestamp as string | undefined, dependencies.now ?? Date.now);

	const source = positionals[0];
	const name = source === '-' ? 'standard input' : source;
	const body = await readInput(source, io);
	let event: { id: string; type: string };
	try {
		event = normalizeEvent(parseJson(body, source));
	} catch (error: unknown) {
		if (error instanceof InvalidEventError) throw new UsageError(`${name}: ${error.message}; nothing was sent`);
		throw error;
	}

	let response: WebhookResponse;
	try {
		response = await postWebhook(url, body, stripeSignatureHeader(body, secret, timestamp));
	} catch (error: unknown) {
		io.stderr.write(`could not reach ${displayUrl(url)}: ${networkReason(error)}\n`);
		return EXIT_FAILURE;
	}
	const shownBody = displayBody(response.body);
	io.stdout.write(
		`Sent ${event.type} (${event.id}) to ${displayUrl(url)}\nHTTP ${response.status} ${response.statusText}\n${shownBody ? `${shownBody}\n` : ''}`,
	);
	if (response.status >= 200 && response.status < 300) return EXIT_OK;
	io.stderr.write(`the webhook answered HTTP ${response.status}, not 2xx: Stripe would retry this delivery\n`);
	return EXIT_FAILURE;
}
