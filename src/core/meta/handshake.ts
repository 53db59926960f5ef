import { createHash, timingSafeEqual } from 'node:crypto';

export type HandshakeRefusal = 'not_a_handshake' | 'no_verify_token' | 'token_mismatch';

export interface HandshakeAnswer {
	/** 200 with the challenge as plain text when the token matches; 400 for other GET requests; 403 otherwise. */
	status: 200 | 400 | 403;
	/** The text to send back: Meta's challenge, or a short reason. */
	body: string;
	refusedBecause?: HandshakeRefusal;
}

/** Meta's challenge is a number; anything far longer is not a challenge and is not echoed back. */
const MAX_CHALLENGE_LENGTH = 256;

/** Express gives `hub.mode` as a flat key; a parser with dot notation would give `{hub: {mode}}`. Accept both. */
function queryValue(query: Record<string, unknown>, name: 'mode' | 'verify_token' | 'challenge'): string | undefined {
	const nested = query.hub;
	const value =
		query[`hub.${name}`] ??
		(nested !== null && typeof nested === 'object' ? (nested as Record<string, unknown>)[name] : undefined);
	if (Array.isArray(value)) return undefined;
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Compares digests, so neither the content nor the length of the configured token leaks through timing. */
function sameToken(received: string, expected: string): boolean {
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(received), digest(expected));
}

/**
 * Answers Meta's webhook verification request (`GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`),
 * sent when an admin saves the Callback URL in the app dashboard. The challenge is echoed only when the verify
 * token matches the one configured; with no token configured every request is refused (fail closed).
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started#verification-requests
 */
export function answerVerificationHandshake(
	query: Record<string, unknown>,
	verifyToken: string | undefined,
): HandshakeAnswer {
	const mode = queryValue(query, 'mode');
	const challenge = queryValue(query, 'challenge');
	const received = queryValue(query, 'verify_token');
	if (mode !== 'subscribe' || !challenge || challenge.length > MAX_CHALLENGE_LENGTH || received === undefined) {
		return {
			status: 400,
			body: 'This URL receives Meta webhooks. A GET request must be a verification request with hub.mode=subscribe.',
			refusedBecause: 'not_a_handshake',
		};
	}
	if (!verifyToken) {
		return {
			status: 403,
			body: 'No verify token is set in the Meta Messaging credential.',
			refusedBecause: 'no_verify_token',
		};
	}
	if (!sameToken(received, verifyToken)) {
		return { status: 403, body: 'The verify token does not match.', refusedBecause: 'token_mismatch' };
	}
	return { status: 200, body: challenge };
}
