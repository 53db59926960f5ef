import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a delivery was refused; callers map every reason to "refuse the request" (fail closed). */
export type MetaSignatureFailure = 'no_secret' | 'missing_header' | 'malformed_header' | 'no_match';

export class MetaSignatureError extends Error {
	constructor(
		readonly reason: MetaSignatureFailure,
		message: string,
	) {
		super(message);
		this.name = 'MetaSignatureError';
	}
}

export interface VerifyMetaSignatureOptions {
	/** The exact bytes Meta sent: a re-serialised JSON object does not verify (Meta escapes non-ASCII as \uXXXX). */
	rawBody: Buffer | string;
	/** The `X-Hub-Signature-256` header as received (Node gives an array when a header is repeated). */
	signatureHeader: string | string[] | undefined;
	/** The Meta app's App Secret (App settings → Basic). */
	appSecret: string | undefined;
}

const SIGNATURE_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks that a webhook delivery was signed by the Meta app: `X-Hub-Signature-256: sha256=<hex>` is the
 * HMAC-SHA256 of the raw body keyed by the App Secret. Compares in constant time and throws a
 * MetaSignatureError naming the reason when anything is missing or wrong, including when no secret is
 * configured (fail closed). Meta signs no timestamp, so a valid signature says nothing about freshness:
 * pair it with de-duplication by message id.
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads
 */
export function verifyMetaSignature(options: VerifyMetaSignatureOptions): void {
	const appSecret = options.appSecret ?? '';
	if (appSecret === '') {
		throw new MetaSignatureError(
			'no_secret',
			'No App Secret is set in the Meta Messaging credential, so no delivery can be checked and every one is refused.',
		);
	}
	if (Array.isArray(options.signatureHeader) && options.signatureHeader.length > 1) {
		throw new MetaSignatureError('malformed_header', 'The request has more than one X-Hub-Signature-256 header.');
	}
	const header = Array.isArray(options.signatureHeader) ? options.signatureHeader[0] : options.signatureHeader;
	if (header === undefined || header.trim() === '') {
		throw new MetaSignatureError(
			'missing_header',
			'The request has no X-Hub-Signature-256 header, so it was not sent by a Meta app.',
		);
	}
	const match = SIGNATURE_PATTERN.exec(header.trim());
	if (!match) {
		throw new MetaSignatureError(
			'malformed_header',
			'X-Hub-Signature-256 is not of the form sha256=<64 hexadecimal digits>.',
		);
	}
	const received = Buffer.from(match[1], 'hex');
	const expected = createHmac('sha256', appSecret).update(options.rawBody).digest();
	if (!timingSafeEqual(received, expected)) {
		const whitespaceHint =
			appSecret.trim() !== appSecret ? ' The App Secret in the credential starts or ends with a space: remove it.' : '';
		throw new MetaSignatureError(
			'no_match',
			`X-Hub-Signature-256 did not match: is the App Secret in the credential the one of the Meta app that sends these webhooks?${whitespaceHint}`,
		);
	}
}

/** `verifyMetaSignature` for callers that only need yes or no. */
export function isValidMetaSignature(options: VerifyMetaSignatureOptions): boolean {
	try {
		verifyMetaSignature(options);
		return true;
	} catch (error: unknown) {
		if (error instanceof MetaSignatureError) return false;
		throw error;
	}
}
