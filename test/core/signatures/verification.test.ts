import { createHmac } from 'node:crypto';

import { verifyMetaSignature } from '../../../src/core/signatures/meta';
import { verifySlackRequest } from '../../../src/core/signatures/slack';
import { verifyStripeSignature } from '../../../src/core/signatures/stripe';
import { SignatureVerificationError } from '../../../src/core/signatures/verification';

const SECRET = 'whsec_oneSecretForEverySender0123';
const NOW_SECONDS = 1_800_000_000;
const BODY = '{"id":"evt_1","object":"event"}';
const hmac = (message: string, secret = SECRET) => createHmac('sha256', secret).update(message).digest('hex');

/** Each sender's verifier, called with a request its sender signed with SECRET and the secret as configured. */
const VERIFIERS: Array<[string, (configured: string) => unknown]> = [
	[
		'Stripe',
		(configured) =>
			verifyStripeSignature({
				payload: BODY,
				header: `t=${NOW_SECONDS},v1=${hmac(`${NOW_SECONDS}.${BODY}`)}`,
				secrets: [configured],
				now: () => NOW_SECONDS * 1000,
			}),
	],
	[
		'Slack',
		(configured) =>
			verifySlackRequest({
				rawBody: BODY,
				timestamp: String(NOW_SECONDS),
				signature: `v0=${hmac(`v0:${NOW_SECONDS}:${BODY}`)}`,
				signingSecret: configured,
				now: () => NOW_SECONDS * 1000,
			}),
	],
	[
		'Meta',
		(configured) =>
			verifyMetaSignature({ rawBody: BODY, signatureHeader: `sha256=${hmac(BODY)}`, appSecret: configured }),
	],
];

function failureOf(verify: () => unknown): SignatureVerificationError {
	try {
		verify();
	} catch (error: unknown) {
		if (error instanceof SignatureVerificationError) return error;
		throw error;
	}
	throw new Error('the request was accepted');
}

describe.each(VERIFIERS)('the one verifier shape: %s', (sender, verify) => {
	it('returns the verified payload as the exact bytes received', () => {
		expect((verify(SECRET) as { payload: Buffer }).payload.equals(Buffer.from(BODY))).toBe(true);
	});

	it.each(['', '   ', '\n'])('counts a secret of only whitespace (%j) as none, and refuses', (configured) => {
		const error = failureOf(() => verify(configured));
		expect(error).toMatchObject({ sender, reason: 'no_secret' });
		expect(error.hint).not.toBe('');
	});

	it.each([` ${SECRET}`, `${SECRET}\n`])('never trims a secret (%j), and says why it did not match', (configured) => {
		const error = failureOf(() => verify(configured));
		expect(error.reason).toBe('no_match');
		expect(error.hint).toMatch(/starts or ends with a space: remove it/);
		expect(`${error.message} ${error.hint}`).not.toContain(SECRET);
		expect(`${error.message} ${error.hint}`).not.toContain(hmac(BODY).slice(0, 16));
	});
});
