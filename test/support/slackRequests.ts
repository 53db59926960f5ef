import { createHmac } from 'node:crypto';

import type { FakeHttpRequest } from './n8nEngine';

/**
 * A request to the Chat Interaction Trigger signed the way Slack signs it: `X-Slack-Signature: v0=<hex>`,
 * HMAC-SHA256 of `v0:<timestamp>:<body>` with the app's signing secret.
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
export function signedSlackRequest(
	body: string,
	signingSecret: string,
	options: { timestamp?: number; contentType?: string } = {},
): FakeHttpRequest {
	const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
	const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
	return {
		headers: {
			'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
			'x-slack-request-timestamp': String(timestamp),
			'x-slack-signature': signature,
		},
		rawBody: Buffer.from(body),
	};
}
