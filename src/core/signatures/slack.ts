import { createHmac } from 'node:crypto';

import {
	bodyBytes,
	checkTimestamp,
	constantTimeEqual,
	requireSecret,
	SignatureVerificationError,
	surroundingWhitespaceHint,
} from './verification';

/**
 * Slack request signing, in the verifier shape of `./verification` (secrets, errors, comparison):
 * `X-Slack-Signature: v0=<hex>` is HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`). Requests whose
 * timestamp is more than five minutes away from now, in either direction, are refused.
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */

export interface VerifySlackRequestOptions {
	rawBody: Buffer | string;
	/** `X-Slack-Request-Timestamp` */
	timestamp: string | undefined;
	/** `X-Slack-Signature` */
	signature: string | undefined;
	signingSecret: string | undefined;
	/** Default 300 s, applied both to old and to future timestamps. */
	toleranceSeconds?: number;
	now?: () => number;
}

const ONLY_SLACK =
	"Only requests Slack signs are accepted: this URL belongs in the Slack app's Interactivity and slash-command settings.";

export interface VerifiedSlackRequest {
	/** The verified body, as the exact bytes received. */
	payload: Buffer;
	/** The signed timestamp (unix seconds). */
	timestamp: number;
}

/** @throws SignatureVerificationError naming the precise reason. */
export function verifySlackRequest(options: VerifySlackRequestOptions): VerifiedSlackRequest {
	const secret = requireSecret(
		'Slack',
		options.signingSecret,
		'No Slack signing secret is set in the credential: every request is refused.',
		"Copy the Signing Secret from the Slack app's Basic Information page into the credential.",
	);
	if (!options.timestamp || !options.signature) {
		throw new SignatureVerificationError(
			'Slack',
			'missing_header',
			'X-Slack-Signature or X-Slack-Request-Timestamp header is missing.',
			ONLY_SLACK,
		);
	}
	if (!/^\d{1,12}$/.test(options.timestamp.trim()) || !/^v0=[0-9a-f]{64}$/i.test(options.signature.trim())) {
		throw new SignatureVerificationError(
			'Slack',
			'malformed_header',
			'X-Slack-Signature or X-Slack-Request-Timestamp is malformed.',
			ONLY_SLACK,
		);
	}
	const timestamp = Number(options.timestamp.trim());
	const payload = bodyBytes(options.rawBody);
	const expected = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(payload).digest();
	const given = Buffer.from(options.signature.trim().slice(3), 'hex');
	if (!constantTimeEqual(given, expected)) {
		throw new SignatureVerificationError(
			'Slack',
			'no_match',
			'X-Slack-Signature did not match.',
			`Is the signing secret in the credential the one of this Slack app?${surroundingWhitespaceHint([secret], 'signing secret')}`,
		);
	}
	checkTimestamp('Slack', timestamp, options.toleranceSeconds ?? 300, options.now ?? Date.now);
	return { payload, timestamp };
}
