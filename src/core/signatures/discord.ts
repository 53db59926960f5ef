import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import { bodyBytes, checkTimestamp, requireSecret, SignatureVerificationError } from './verification';

/**
 * Discord interaction signing, in the verifier shape of `./verification`: `X-Signature-Ed25519` is the application's
 * Ed25519 signature (hex) over `X-Signature-Timestamp` followed by the raw body; the public key is the application's
 * (Developer Portal → General Information, 64 hex characters). Verified with Node's built-in crypto. Discord itself
 * sends no age limit; timestamps more than five minutes away from now, in either direction, are refused like Slack's,
 * so a recorded click cannot be replayed later.
 * @see https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 */

export interface VerifyDiscordRequestOptions {
	rawBody: Buffer | string;
	/** `X-Signature-Timestamp` */
	timestamp: string | undefined;
	/** `X-Signature-Ed25519` */
	signature: string | undefined;
	/** The application's public key, hex. */
	publicKey: string | undefined;
	/** Default 300 s, applied both to old and to future timestamps. */
	toleranceSeconds?: number;
	now?: () => number;
}

export interface VerifiedDiscordRequest {
	/** The verified body, as the exact bytes received. */
	payload: Buffer;
	/** The signed timestamp (unix seconds). */
	timestamp: number;
}

const ONLY_DISCORD =
	"Only requests Discord signs are accepted: this URL belongs in the Discord application's Interactions Endpoint URL.";

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function publicKeyOf(hex: string): KeyObject {
	const trimmed = hex.trim();
	if (!/^[0-9a-f]{64}$/i.test(trimmed)) {
		throw new SignatureVerificationError(
			'Discord',
			'no_secret',
			'The Application Public Key in the credential is not 64 hex characters: every request is refused.',
			"Copy the Public Key from the Discord application's General Information page into the credential.",
		);
	}
	return createPublicKey({
		key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(trimmed, 'hex')]),
		format: 'der',
		type: 'spki',
	});
}

/** @throws SignatureVerificationError naming the precise reason. */
export function verifyDiscordRequest(options: VerifyDiscordRequestOptions): VerifiedDiscordRequest {
	const publicKey = publicKeyOf(
		requireSecret(
			'Discord',
			options.publicKey,
			'No Discord application public key is set in the credential: every request is refused.',
			"Copy the Public Key from the Discord application's General Information page into the credential.",
		),
	);
	if (!options.timestamp || !options.signature) {
		throw new SignatureVerificationError(
			'Discord',
			'missing_header',
			'X-Signature-Ed25519 or X-Signature-Timestamp header is missing.',
			ONLY_DISCORD,
		);
	}
	const timestampText = options.timestamp.trim();
	const signatureText = options.signature.trim();
	if (!/^\d{1,12}$/.test(timestampText) || !/^[0-9a-f]{128}$/i.test(signatureText)) {
		throw new SignatureVerificationError(
			'Discord',
			'malformed_header',
			'X-Signature-Ed25519 or X-Signature-Timestamp is malformed.',
			ONLY_DISCORD,
		);
	}
	const payload = bodyBytes(options.rawBody);
	// Discord signs the timestamp header's text as sent, then the body's bytes.
	const message = Buffer.concat([Buffer.from(options.timestamp, 'utf8'), payload]);
	if (!verify(null, message, publicKey, Buffer.from(signatureText, 'hex'))) {
		throw new SignatureVerificationError(
			'Discord',
			'no_match',
			'X-Signature-Ed25519 did not match.',
			'Is the public key in the credential the one of this Discord application?',
		);
	}
	const timestamp = Number(timestampText);
	checkTimestamp('Discord', timestamp, options.toleranceSeconds ?? 300, options.now ?? Date.now);
	return { payload, timestamp };
}
