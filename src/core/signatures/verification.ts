import { timingSafeEqual } from 'node:crypto';

/**
 * The one shape of a signature verifier (Stripe, Slack, Meta; a Discord Ed25519 verifier goes here the same way):
 * one function per sender that returns what it verified, with the exact bytes of the body as `payload`, or throws a
 * `SignatureVerificationError` with a `reason` code and a `hint`. A sender's file exports nothing else to verify
 * with (no yes/no variant), so every caller fails closed the same way; this file holds what the verifiers share.
 *
 * Secrets (whitespace policy, the same for every sender): a secret is used exactly as configured and never trimmed,
 * because a credential that differs from the sender's by a space must not verify by accident; a secret that is empty
 * or only whitespace counts as absent (`no_secret`, every request is refused); when no secret matched and one of
 * them starts or ends with whitespace, the hint says so.
 *
 * Messages and hints never contain a secret or a received signature.
 */

export type SignatureFailure =
	/** No usable secret is configured: nothing can be verified, so everything is refused. */
	| 'no_secret'
	/** The request carries no signature (or no timestamp) header. */
	| 'missing_header'
	/** The signature header is not in the sender's format, or there are several. */
	| 'malformed_header'
	/** Stripe only: the header has no `v1` entry, the only scheme accepted. */
	| 'no_v1_signature'
	/** The signed timestamp is older than the tolerance: a replay, or a wrong clock. */
	| 'timestamp_too_old'
	/** The signed timestamp is further in the future than the tolerance: a wrong clock. */
	| 'timestamp_in_future'
	/** No configured secret produces the received signature over these bytes. */
	| 'no_match';

export type SignatureSender = 'Stripe' | 'Slack' | 'Meta' | 'Discord' | 'Telegram';

export class SignatureVerificationError extends Error {
	readonly sender: SignatureSender;
	readonly reason: SignatureFailure;
	/** What to change so requests verify (the message ends with it too, for logs that show only the message). */
	readonly hint: string;

	constructor(sender: SignatureSender, reason: SignatureFailure, problem: string, hint: string) {
		super(`${problem} ${hint}`);
		this.name = 'SignatureVerificationError';
		this.sender = sender;
		this.reason = reason;
		this.hint = hint;
	}
}

/** Whether `secret` is usable at all (see the whitespace policy above). */
export function isUsableSecret(secret: string | undefined): secret is string {
	return secret !== undefined && secret.trim() !== '';
}

/** The configured secret, or a `no_secret` refusal (fail closed) saying where to set one. */
export function requireSecret(
	sender: SignatureSender,
	secret: string | undefined,
	problem: string,
	hint: string,
): string {
	if (!isUsableSecret(secret)) throw new SignatureVerificationError(sender, 'no_secret', problem, hint);
	return secret;
}

/** The hint's sentence for a configured secret with whitespace around it, or ''. */
export function surroundingWhitespaceHint(secrets: ReadonlyArray<string | undefined>, what: string): string {
	return secrets.some((secret) => isUsableSecret(secret) && secret.trim() !== secret)
		? ` The ${what} in the credential starts or ends with a space: remove it.`
		: '';
}

/** Compares two digests in constant time; digests of different lengths never match. */
export function constantTimeEqual(given: Buffer, expected: Buffer): boolean {
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body as the exact bytes that were signed. */
export function bodyBytes(body: Buffer | string): Buffer {
	return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** Refuses a signed timestamp outside `toleranceSeconds` of now, in either direction. */
export function checkTimestamp(
	sender: SignatureSender,
	timestamp: number,
	toleranceSeconds: number,
	now: () => number,
): void {
	const age = Math.floor(now() / 1000) - timestamp;
	if (age > toleranceSeconds) {
		throw new SignatureVerificationError(
			sender,
			'timestamp_too_old',
			`The signed timestamp is ${age} s old, more than the allowed ${toleranceSeconds} s.`,
			"A replayed request, or this server's clock is wrong.",
		);
	}
	if (-age > toleranceSeconds) {
		throw new SignatureVerificationError(
			sender,
			'timestamp_in_future',
			`The signed timestamp is ${-age} s in the future, more than the allowed ${toleranceSeconds} s.`,
			"This server's clock is probably wrong.",
		);
	}
}
