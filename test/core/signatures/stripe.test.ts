import { createHmac, randomBytes } from 'node:crypto';
import Stripe from 'stripe';

import {
	DEFAULT_TOLERANCE_SECONDS,
	type StripeSignatureOptions,
	verifyStripeSignature,
} from '../../../src/core/signatures/stripe';
import { SignatureVerificationError, type SignatureFailure } from '../../../src/core/signatures/verification';

const stripe = new Stripe('sk_test_signature_tests');
/** Fresh signing secrets for every run, shaped like Stripe's. */
const newSigningSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;
const SECRET = newSigningSecret();
const OLD_SECRET = newSigningSecret();
const OTHER_SECRET = newSigningSecret();
const NOW_SECONDS = 1_760_000_000;
const now = () => NOW_SECONDS * 1000;
const PAYLOAD = JSON.stringify({
	id: 'evt_1',
	object: 'event',
	type: 'invoice.paid',
	data: { object: { id: 'in_1' } },
});

function sign(payload: string, secret: string, timestamp = NOW_SECONDS): string {
	return stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

function v1Of(header: string): string {
	const entry = header.split(',').find((part) => part.startsWith('v1='));
	if (!entry) throw new Error('the SDK header has no v1 entry');
	return entry.slice(3);
}

function failureOf(options: StripeSignatureOptions): SignatureFailure | 'accepted' {
	try {
		verifyStripeSignature(options);
		return 'accepted';
	} catch (error: unknown) {
		if (error instanceof SignatureVerificationError) return error.reason;
		throw error;
	}
}

describe('verifyStripeSignature', () => {
	it('accepts a request signed by the Stripe SDK and says which secret matched', () => {
		const header = sign(PAYLOAD, SECRET);
		const verified = verifyStripeSignature({ payload: PAYLOAD, header, secrets: [SECRET], now });
		expect(verified).toMatchObject({ timestamp: NOW_SECONDS, secretIndex: 0 });
		expect(verified.payload.toString('utf8')).toBe(PAYLOAD);
	});

	it('verifies the raw bytes of a Buffer payload, including non-ASCII text', () => {
		const payload = JSON.stringify({ id: 'evt_2', object: 'event', name: 'Zoë 東京 💳' });
		const header = sign(payload, SECRET);
		expect(failureOf({ payload: Buffer.from(payload, 'utf8'), header, secrets: [SECRET], now })).toBe('accepted');
	});

	it('agrees with the SDK on the same header (cross-check against stripe.webhooks.constructEvent)', () => {
		const header = sign(PAYLOAD, SECRET, Math.floor(Date.now() / 1000));
		expect(() => stripe.webhooks.constructEvent(PAYLOAD, header, SECRET)).not.toThrow();
		expect(failureOf({ payload: PAYLOAD, header, secrets: [SECRET] })).toBe('accepted');
	});

	it('tries every v1 against every secret during a rotation', () => {
		const signedWithOld = v1Of(sign(PAYLOAD, OLD_SECRET));
		const signedWithNew = v1Of(sign(PAYLOAD, SECRET));
		const header = `t=${NOW_SECONDS},v1=${signedWithOld},v1=${signedWithNew}`;
		expect(verifyStripeSignature({ payload: PAYLOAD, header, secrets: [OTHER_SECRET, SECRET], now }).secretIndex).toBe(
			1,
		);
		expect(verifyStripeSignature({ payload: PAYLOAD, header, secrets: [OLD_SECRET], now }).secretIndex).toBe(0);
		// The last v1 is not the only one that counts (the built-in n8n trigger keeps only the last).
		const reversed = `t=${NOW_SECONDS},v1=${signedWithNew},v1=${signedWithOld}`;
		expect(failureOf({ payload: PAYLOAD, header: reversed, secrets: [SECRET], now })).toBe('accepted');
	});

	it('ignores v0 entries and unknown schemes', () => {
		const v1 = v1Of(sign(PAYLOAD, SECRET));
		const header = `t=${NOW_SECONDS},v0=${'0'.repeat(64)},v1=${v1},v9=whatever`;
		expect(failureOf({ payload: PAYLOAD, header, secrets: [SECRET], now })).toBe('accepted');
	});

	it('skips blank secrets instead of treating them as a key', () => {
		const header = sign(PAYLOAD, SECRET);
		expect(verifyStripeSignature({ payload: PAYLOAD, header, secrets: ['', '  ', SECRET], now }).secretIndex).toBe(2);
	});

	it('accepts timestamps up to the tolerance in both directions', () => {
		for (const offset of [-DEFAULT_TOLERANCE_SECONDS, DEFAULT_TOLERANCE_SECONDS]) {
			const header = sign(PAYLOAD, SECRET, NOW_SECONDS + offset);
			expect(failureOf({ payload: PAYLOAD, header, secrets: [SECRET], now })).toBe('accepted');
		}
	});

	const tamperedPayload = PAYLOAD.replace('in_1', 'in_2');
	const goodHeader = sign(PAYLOAD, SECRET);
	const hmacWithoutTimestamp = createHmac('sha256', SECRET).update(PAYLOAD).digest('hex');

	it.each<[string, Partial<StripeSignatureOptions>, SignatureFailure]>([
		['no secret at all', { secrets: [] }, 'no_secret'],
		['only blank secrets', { secrets: ['', ' '] }, 'no_secret'],
		['no header', { header: undefined }, 'missing_header'],
		['an empty header', { header: '' }, 'missing_header'],
		['two headers', { header: [goodHeader, goodHeader] }, 'malformed_header'],
		['a header without "="', { header: 'garbage' }, 'malformed_header'],
		['a header without timestamp', { header: `v1=${v1Of(goodHeader)}` }, 'malformed_header'],
		['a non-numeric timestamp', { header: `t=soon,v1=${v1Of(goodHeader)}` }, 'malformed_header'],
		['a negative timestamp', { header: `t=-5,v1=${v1Of(goodHeader)}` }, 'malformed_header'],
		['two timestamps', { header: `t=${NOW_SECONDS},t=${NOW_SECONDS},v1=${v1Of(goodHeader)}` }, 'malformed_header'],
		['only a v0 signature', { header: `t=${NOW_SECONDS},v0=${v1Of(goodHeader)}` }, 'no_v1_signature'],
		['a timestamp only', { header: `t=${NOW_SECONDS}` }, 'no_v1_signature'],
		['a tampered body', { payload: tamperedPayload }, 'no_match'],
		['a body with a trailing newline', { payload: `${PAYLOAD}\n` }, 'no_match'],
		['a re-serialised body', { payload: JSON.stringify(JSON.parse(PAYLOAD), null, 2) }, 'no_match'],
		['the wrong secret', { secrets: [OTHER_SECRET] }, 'no_match'],
		['a secret with a stray space', { secrets: [` ${SECRET}`] }, 'no_match'],
		['a signature moved to another timestamp', { header: `t=${NOW_SECONDS - 1},v1=${v1Of(goodHeader)}` }, 'no_match'],
		['an HMAC of the body alone', { header: `t=${NOW_SECONDS},v1=${hmacWithoutTimestamp}` }, 'no_match'],
		['a truncated signature', { header: `t=${NOW_SECONDS},v1=${v1Of(goodHeader).slice(0, 63)}` }, 'no_match'],
		[
			'an upper-case copy of the signature',
			{ header: `t=${NOW_SECONDS},v1=${v1Of(goodHeader).toUpperCase()}` },
			'no_match',
		],
		['an all-zero signature', { header: `t=${NOW_SECONDS},v1=${'0'.repeat(64)}` }, 'no_match'],
		[
			'a stale replay',
			{ header: sign(PAYLOAD, SECRET, NOW_SECONDS - DEFAULT_TOLERANCE_SECONDS - 1) },
			'timestamp_too_old',
		],
		['a day-old replay', { header: sign(PAYLOAD, SECRET, NOW_SECONDS - 86_400) }, 'timestamp_too_old'],
		[
			'a timestamp from the future',
			{ header: sign(PAYLOAD, SECRET, NOW_SECONDS + DEFAULT_TOLERANCE_SECONDS + 1) },
			'timestamp_in_future',
		],
		[
			'a tighter tolerance',
			{ header: sign(PAYLOAD, SECRET, NOW_SECONDS - 31), toleranceSeconds: 30 },
			'timestamp_too_old',
		],
	])('refuses %s', (_name, override, reason) => {
		const options: StripeSignatureOptions = {
			payload: PAYLOAD,
			header: goodHeader,
			secrets: [SECRET],
			now,
			...override,
		};
		expect(failureOf(options)).toBe(reason);
	});

	it('never puts a secret into its error messages', () => {
		const cases: Array<Partial<StripeSignatureOptions>> = [
			{ secrets: [] },
			{ header: undefined },
			{ header: 'garbage' },
			{ header: `t=${NOW_SECONDS}` },
			{ payload: tamperedPayload },
			{ header: sign(PAYLOAD, SECRET, NOW_SECONDS - 10_000) },
			{ header: sign(PAYLOAD, SECRET, NOW_SECONDS + 10_000) },
		];
		for (const override of cases) {
			const options = { payload: PAYLOAD, header: goodHeader, secrets: [SECRET, OLD_SECRET], now, ...override };
			let message = '';
			try {
				verifyStripeSignature(options);
			} catch (error: unknown) {
				expect(error).toBeInstanceOf(SignatureVerificationError);
				message = `${(error as SignatureVerificationError).message} ${(error as SignatureVerificationError).hint}`;
			}
			expect(message).not.toBe('');
			for (const secret of [SECRET, OLD_SECRET]) {
				expect(message).not.toContain(secret);
				expect(message).not.toContain(secret.slice(6, 20));
			}
		}
	});

	it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
		'refuses to switch the age check off (tolerance %p)',
		(tolerance) => {
			expect(() =>
				verifyStripeSignature({
					payload: PAYLOAD,
					header: goodHeader,
					secrets: [SECRET],
					now,
					toleranceSeconds: tolerance,
				}),
			).toThrow(RangeError);
		},
	);
});
