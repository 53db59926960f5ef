import { createHmac } from 'node:crypto';

import {
	bodyBytes,
	constantTimeEqual,
	requireSecret,
	SignatureVerificationError,
	surroundingWhitespaceHint,
} from './verification';

export interface VerifyMetaSignatureOptions {
	/** The exact bytes Meta sent: a re-serialised JSON object does not verify (Meta escapes non-ASCII as \uXXXX). */
	rawBody: Buffer | string;
	/** The `X-Hub-Signature-256` header as received (Node gives an array when a header is repeated). */
	signatureHeader: string | string[] | undefined;
	/** The Meta app's App Secret (App settings → Basic). */
	appSecret: string | undefined;
}

export interface VerifiedMetaRequest {
	/** The verified body, as the exact bytes received. */
	payload: Buffer;
}

const ONLY_META = "Only deliveries a Meta app signs are accepted: this URL belongs in the app's Webhooks settings.";

const SIGNATURE_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks that a webhook delivery was signed by the Meta app, in the verifier shape of `./verification`:
 * `X-Hub-Signature-256: sha256=<hex>` is the HMAC-SHA256 of the raw body keyed by the App Secret. Meta signs no
 * timestamp, so a valid signature says nothing about freshness: pair it with de-duplication by message id.
 * @throws SignatureVerificationError naming the reason, also when no secret is configured (fail closed).
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads
 */
export function verifyMetaSignature(options: VerifyMetaSignatureOptions): VerifiedMetaRequest {
	const appSecret = requireSecret(
		'Meta',
		options.appSecret,
		'No App Secret is set in the Meta Messaging credential, so no delivery can be checked and every one is refused.',
		"Copy the App Secret from the Meta app's App settings → Basic into the credential.",
	);
	if (Array.isArray(options.signatureHeader) && options.signatureHeader.length > 1) {
		throw new SignatureVerificationError(
			'Meta',
			'malformed_header',
			'The request has more than one X-Hub-Signature-256 header.',
			ONLY_META,
		);
	}
	const header = Array.isArray(options.signatureHeader) ? options.signatureHeader[0] : options.signatureHeader;
	if (header === undefined || header.trim() === '') {
		throw new SignatureVerificationError(
			'Meta',
			'missing_header',
			'The request has no X-Hub-Signature-256 header, so it was not sent by a Meta app.',
			ONLY_META,
		);
	}
	const match = SIGNATURE_PATTERN.exec(header.trim());
	if (!match) {
		throw new SignatureVerificationError(
			'Meta',
			'malformed_header',
			'X-Hub-Signature-256 is not of the form sha256=<64 hexadecimal digits>.',
			ONLY_META,
		);
	}
	const payload = bodyBytes(options.rawBody);
	const expected = createHmac('sha256', appSecret).update(payload).digest();
	if (!constantTimeEqual(Buffer.from(match[1], 'hex'), expected)) {
		throw new SignatureVerificationError(
			'Meta',
			'no_match',
			'X-Hub-Signature-256 did not match.',
			`Is the App Secret in the credential the one of the Meta app that sends these webhooks?${surroundingWhitespaceHint([appSecret], 'App Secret')}`,
		);
	}
	return { payload };
}
