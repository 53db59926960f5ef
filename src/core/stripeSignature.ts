import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verification of Stripe's `Stripe-Signature` header, framework-free.
 *
 * The header is `t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=<hex>]`; the signed message is `"<t>.<raw body>"`,
 * HMAC-SHA256 keyed by the whole `whsec_...` secret. Stripe sends several `v1` entries while a secret is being
 * rolled, and a receiver may know several secrets (the endpoint's own and those in the credential), so every `v1`
 * is tried against every secret. Unlike the SDK's `constructEvent`, a timestamp too far in the future is refused
 * as well, and the tolerance cannot be switched off.
 * @see https://docs.stripe.com/webhooks#verify-manually
 */

export const DEFAULT_TOLERANCE_SECONDS = 300;

export type StripeSignatureFailure =
	| 'no_secret'
	| 'missing_header'
	| 'malformed_header'
	| 'no_v1_signature'
	| 'timestamp_too_old'
	| 'timestamp_in_future'
	| 'no_match';

export class StripeSignatureError extends Error {
	readonly reason: StripeSignatureFailure;

	constructor(reason: StripeSignatureFailure, message: string) {
		super(message);
		this.name = 'StripeSignatureError';
		this.reason = reason;
	}
}

export interface StripeSignatureOptions {
	/** The request body exactly as received. A re-serialised JSON object will not match. */
	payload: Buffer | string;
	/** Value of the `Stripe-Signature` header. Several headers (an array) are refused as malformed. */
	header: string | string[] | undefined;
	/** Every signing secret that may have signed the request (`whsec_...`). Blank entries are ignored. */
	secrets: readonly string[];
	/** Allowed distance between the signed timestamp and now, both ways. Default 300 s. */
	toleranceSeconds?: number;
	/** Injected clock in milliseconds since the epoch. */
	now?: () => number;
}

export interface StripeSignatureMatch {
	/** The signed timestamp (unix seconds). */
	timestamp: number;
	/** Position in `secrets` (blank entries counted) of the secret that matched. */
	secretIndex: number;
}

const SIGNATURE_HEX = /^[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

interface ParsedHeader {
	timestamp: number;
	signatures: Buffer[];
	v1Count: number;
}

function parseHeader(header: string | string[] | undefined): HeaderParse {
	const malformed = (message: string): HeaderParse => ({
		ok: false,
		error: new StripeSignatureError('malformed_header', message),
	});
	if (header === undefined || header === '') {
		return {
			ok: false,
			error: new StripeSignatureError(
				'missing_header',
				'The request has no Stripe-Signature header. Only requests sent by Stripe (or signed like Stripe does) are accepted.',
			),
		};
	}
	if (typeof header !== 'string') return malformed('The request has more than one Stripe-Signature header.');
	let timestamp: number | undefined;
	const signatures: Buffer[] = [];
	let v1Count = 0;
	for (const element of header.split(',')) {
		const separator = element.indexOf('=');
		if (separator <= 0)
			return malformed('The Stripe-Signature header is not in the form "t=<timestamp>,v1=<signature>".');
		const key = element.slice(0, separator).trim();
		const value = element.slice(separator + 1).trim();
		if (key === 't') {
			if (timestamp !== undefined || !TIMESTAMP.test(value)) {
				return malformed('The Stripe-Signature header has a missing, repeated or non-numeric timestamp (t=).');
			}
			timestamp = Number(value);
		} else if (key === 'v1') {
			v1Count += 1;
			// An entry that is not a SHA-256 hex digest can never match; skipping it keeps the comparison length-safe.
			if (SIGNATURE_HEX.test(value)) signatures.push(Buffer.from(value, 'hex'));
		}
	}
	if (timestamp === undefined) return malformed('The Stripe-Signature header has no timestamp (t=).');
	return { ok: true, header: { timestamp, signatures, v1Count } };
}

function expectedSignature(secret: string, timestamp: number, payload: Buffer | string): Buffer {
	const hmac = createHmac('sha256', secret);
	hmac.update(`${timestamp}.`, 'utf8');
	hmac.update(typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload);
	return hmac.digest();
}

export type StripeSignatureCheck =
	| { ok: true; match: StripeSignatureMatch }
	| { ok: false; error: StripeSignatureError };

function fail(reason: StripeSignatureFailure, message: string): StripeSignatureCheck {
	return { ok: false, error: new StripeSignatureError(reason, message) };
}

type HeaderParse = { ok: true; header: ParsedHeader } | { ok: false; error: StripeSignatureError };

/**
 * Checks a Stripe webhook request without throwing for a bad request: returns the match or the precise failure.
 * @throws RangeError only for a tolerance that would switch the age check off (a programming error).
 * @see https://docs.stripe.com/webhooks#verify-manually
 * @see https://github.com/stripe/stripe-node/blob/master/src/Webhooks.ts
 */
export function checkStripeSignature(options: StripeSignatureOptions): StripeSignatureCheck {
	const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	if (!Number.isFinite(toleranceSeconds) || toleranceSeconds <= 0) {
		throw new RangeError('toleranceSeconds must be a positive number of seconds');
	}
	const secretCount = options.secrets.filter((secret) => secret.trim() !== '').length;
	if (secretCount === 0) {
		return fail(
			'no_secret',
			"No webhook signing secret is known, so the request cannot be verified and is refused. Add the endpoint's signing secret (whsec_...) to the Stripe credential, or let the trigger register the endpoint automatically.",
		);
	}
	const parsed = parseHeader(options.header);
	if (!parsed.ok) return parsed;
	const { header } = parsed;
	if (header.v1Count === 0) {
		return fail(
			'no_v1_signature',
			'The Stripe-Signature header has no v1 signature (only v1 signatures are accepted).',
		);
	}

	let secretIndex = -1;
	options.secrets.forEach((secret, index) => {
		if (secret.trim() === '') return;
		const expected = expectedSignature(secret, header.timestamp, options.payload);
		for (const signature of header.signatures) {
			// Every pair is compared, without stopping early, so timing does not tell which secret or entry matched.
			if (timingSafeEqual(expected, signature) && secretIndex === -1) secretIndex = index;
		}
	});
	if (secretIndex === -1) {
		return fail(
			'no_match',
			`The Stripe-Signature did not match any of the ${secretCount} known signing secret${secretCount === 1 ? '' : 's'}. Is the signing secret of this endpoint the one in the credential, and does the request reach n8n unchanged (no proxy re-encoding the body)?`,
		);
	}

	const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
	const age = nowSeconds - header.timestamp;
	if (age > toleranceSeconds) {
		return fail(
			'timestamp_too_old',
			`The signed timestamp is ${age} s old, more than the allowed ${toleranceSeconds} s: a replayed request, or this server's clock is wrong.`,
		);
	}
	if (-age > toleranceSeconds) {
		return fail(
			'timestamp_in_future',
			`The signed timestamp is ${-age} s in the future, more than the allowed ${toleranceSeconds} s: this server's clock is probably wrong.`,
		);
	}
	return { ok: true, match: { timestamp: header.timestamp, secretIndex } };
}

/**
 * Verifies a Stripe webhook request and returns which secret matched.
 * @throws StripeSignatureError with a precise `reason`; its message never contains a secret.
 * @see https://docs.stripe.com/webhooks#verify-manually
 */
export function verifyStripeSignature(options: StripeSignatureOptions): StripeSignatureMatch {
	const result = checkStripeSignature(options);
	if (!result.ok) throw result.error;
	return result.match;
}

/** Yes/no form of {@link verifyStripeSignature}, for callers that do not report the reason. */
export function isValidStripeSignature(options: StripeSignatureOptions): boolean {
	return checkStripeSignature(options).ok;
}
