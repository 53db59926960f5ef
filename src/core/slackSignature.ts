import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack request signing: `X-Slack-Signature: v0=<hex>` is HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`).
 * Requests whose timestamp is more than five minutes away from now, in either direction, are refused.
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */

export type SlackSignatureFailure = 'no_secret' | 'missing_header' | 'malformed_header' | 'stale_timestamp' | 'no_match';

export class SlackSignatureError extends Error {
	constructor(
		readonly reason: SlackSignatureFailure,
		message: string,
	) {
		super(message);
		this.name = 'SlackSignatureError';
	}
}

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

/** @throws SlackSignatureError naming the precise reason; never includes the secret. */
export function verifySlackRequest(options: VerifySlackRequestOptions): void {
	const secret = options.signingSecret?.trim();
	if (!secret) {
		throw new SlackSignatureError('no_secret', 'No Slack signing secret is set in the credential: every request is refused');
	}
	if (!options.timestamp || !options.signature) {
		throw new SlackSignatureError('missing_header', 'X-Slack-Signature or X-Slack-Request-Timestamp header is missing');
	}
	if (!/^\d{1,12}$/.test(options.timestamp.trim()) || !/^v0=[0-9a-f]{64}$/i.test(options.signature.trim())) {
		throw new SlackSignatureError('malformed_header', 'X-Slack-Signature or X-Slack-Request-Timestamp is malformed');
	}
	const timestamp = Number(options.timestamp.trim());
	const tolerance = options.toleranceSeconds ?? 300;
	const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
	if (Math.abs(nowSeconds - timestamp) > tolerance) {
		throw new SlackSignatureError('stale_timestamp', `Request timestamp is more than ${tolerance} s away from now (a replay, or a wrong clock)`);
	}
	const body = typeof options.rawBody === 'string' ? Buffer.from(options.rawBody, 'utf8') : options.rawBody;
	const expected = createHmac('sha256', secret)
		.update(`v0:${timestamp}:`)
		.update(body)
		.digest();
	const given = Buffer.from(options.signature.trim().slice(3), 'hex');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		throw new SlackSignatureError('no_match', 'X-Slack-Signature did not match: is the signing secret in the credential the one of this Slack app?');
	}
}

/** Boolean form of verifySlackRequest for callers that only need yes or no. */
export function isValidSlackRequest(options: VerifySlackRequestOptions): boolean {
	try {
		verifySlackRequest(options);
		return true;
	} catch {
		return false;
	}
}
