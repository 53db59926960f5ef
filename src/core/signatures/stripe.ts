import { createHmac } from 'node:crypto';

import {
	bodyBytes,
	checkTimestamp,
	constantTimeEqual,
	isUsableSecret,
	SignatureVerificationError,
	surroundingWhitespaceHint,
} from './verification';

/**
 * Stripe's `Stripe-Signature` header, in the verifier shape of `./verification` (secrets, errors, comparison).
 *
 * The header is `t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=<hex>]`; the signed message is `"<t>.<raw body>"`,
 * HMAC-SHA256 keyed by the whole `whsec_...` secret. Stripe sends several `v1` entries while a secret is being
 * rolled, and a receiver may know several secrets (the endpoint's own and those in the credential), so every `v1`
 * is tried against every secret. Unlike the SDK's `constructEvent`, a timestamp too far in the future is refused
 * as well, and the tolerance cannot be switched off.
 * @see https://docs.stripe.com/webhooks#verify-manually
 * @see https://github.com/stripe/stripe-node/blob/master/src/Webhooks.ts
 */

export const DEFAULT_TOLERANCE_SECONDS = 300;

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

export interface VerifiedStripeRequest {
	/** The verified body, as the exact bytes received. */
	payload: Buffer;
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

const ONLY_STRIPE = 'Only requests sent by Stripe (or signed like Stripe does) are accepted.';

function refuse(reason: SignatureVerificationError['reason'], problem: string, hint = ONLY_STRIPE): never {
	throw new SignatureVerificationError('Stripe', reason, problem, hint);
}

function malformed(problem: string): never {
	return refuse('malformed_header', problem);
}

function parseHeader(header: string | string[] | undefined): ParsedHeader {
	if (header === undefined || header === '') {
		refuse('missing_header', 'The request has no Stripe-Signature header.');
	}
	if (typeof header !== 'string') malformed('The request has more than one Stripe-Signature header.');
	let timestamp: number | undefined;
	const signatures: Buffer[] = [];
	let v1Count = 0;
	for (const element of header.split(',')) {
		const separator = element.indexOf('=');
		if (separator <= 0) malformed('The Stripe-Signature header is not in the form "t=<timestamp>,v1=<signature>".');
		const key = element.slice(0, separator).trim();
		const value = element.slice(separator + 1).trim();
		if (key === 't') {
			if (timestamp !== undefined || !TIMESTAMP.test(value)) {
				malformed('The Stripe-Signature header has a missing, repeated or non-numeric timestamp (t=).');
			}
			timestamp = Number(value);
		} else if (key === 'v1') {
			v1Count += 1;
			// An entry that is not a SHA-256 hex digest can never match; skipping it keeps the comparison length-safe.
			if (SIGNATURE_HEX.test(value)) signatures.push(Buffer.from(value, 'hex'));
		}
	}
	if (timestamp === undefined) malformed('The Stripe-Signature header has no timestamp (t=).');
	return { timestamp, signatures, v1Count };
}

function expectedSignature(secret: string, timestamp: number, payload: Buffer): Buffer {
	return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(payload).digest();
}

/**
 * Verifies a Stripe webhook request: returns the payload and which secret matched.
 * @throws SignatureVerificationError with the precise `reason`.
 * @throws RangeError only for a tolerance that would switch the age check off (a programming error).
 */
export function verifyStripeSignature(options: StripeSignatureOptions): VerifiedStripeRequest {
	const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	if (!Number.isFinite(toleranceSeconds) || toleranceSeconds <= 0) {
		throw new RangeError('toleranceSeconds must be a positive number of seconds');
	}
	const secretCount = options.secrets.filter(isUsableSecret).length;
	if (secretCount === 0) {
		refuse(
			'no_secret',
			'No webhook signing secret is known, so the request cannot be verified and is refused.',
			"Add the endpoint's signing secret (whsec_...) to the Stripe credential, or let the trigger register the endpoint automatically.",
		);
	}
	const header = parseHeader(options.header);
	if (header.v1Count === 0) {
		refuse('no_v1_signature', 'The Stripe-Signature header has no v1 signature (only v1 signatures are accepted).');
	}

	const payload = bodyBytes(options.payload);
	let secretIndex = -1;
	options.secrets.forEach((secret, index) => {
		if (!isUsableSecret(secret)) return;
		const expected = expectedSignature(secret, header.timestamp, payload);
		for (const signature of header.signatures) {
			// Every pair is compared, without stopping early, so timing does not tell which secret or entry matched.
			if (constantTimeEqual(signature, expected) && secretIndex === -1) secretIndex = index;
		}
	});
	if (secretIndex === -1) {
		refuse(
			'no_match',
			`The Stripe-Signature did not match any of the ${secretCount} known signing secret${secretCount === 1 ? '' : 's'}.`,
			`Is the signing secret of this endpoint the one in the credential, and does the request reach n8n unchanged (no proxy re-encoding the body)?${surroundingWhitespaceHint(options.secrets, 'signing secret')}`,
		);
	}
	checkTimestamp('Stripe', header.timestamp, toleranceSeconds, options.now ?? Date.now);
	return { payload, timestamp: header.timestamp, secretIndex };
}
