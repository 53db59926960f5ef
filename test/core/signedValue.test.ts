import {
	ActionValueError,
	bindActionValueToChannel,
	isValidActionValue,
	MAX_ACTION_VALUE_LENGTH,
	signActionValue,
	verifyActionValue,
} from '../../src/core/signedValue';
import type { ActionRef } from '../../src/core/types';

const SECRET = 'button-signing-secret-0123456789';
const OTHER_SECRET = 'another-workspace-secret-987654';
const ISSUED_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
const issuedClock = () => ISSUED_MS;

const REF: ActionRef = {
	action: 'invoice.retry',
	objectId: 'in_1MtHbELkdIwHu7ixl4OzzPMv',
	objectType: 'invoice',
	eventId: 'evt_1MtHbELkdIwHu7ixAbCdEfGh',
	customerId: 'cus_NffrFeUfNV2Hib',
	account: 'acct_1Connected00000',
	livemode: true,
};

type Reason = ActionValueError['reason'];

function refusal(value: string, options: Parameters<typeof verifyActionValue>[1]): Reason | 'accepted' {
	try {
		verifyActionValue(value, options);
		return 'accepted';
	} catch (error: unknown) {
		if (error instanceof ActionValueError) return error.reason;
		throw error;
	}
}

/** Replaces one character of `text` at `index` with a different one of the base64url alphabet. */
function flipCharacter(text: string, index: number): string {
	const replacement = text[index] === 'A' ? 'B' : 'A';
	return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
}

describe('signActionValue and verifyActionValue', () => {
	const value = signActionValue(REF, SECRET, issuedClock);

	it('round-trips what the button refers to', () => {
		expect(verifyActionValue(value, { secret: SECRET, now: issuedClock })).toEqual({
			...REF,
			issuedAt: ISSUED_MS / 1000,
		});
	});

	it.each([
		[{ action: 'refund.create', objectId: 'pi_1', objectType: 'payment_intent', livemode: false }],
		[{ action: 'customer.summary', objectId: 'cus_1', objectType: 'customer', livemode: true, account: 'acct_2' }],
	] as Array<[ActionRef]>)('round-trips a minimal reference %p', (ref) => {
		const result = verifyActionValue(signActionValue(ref, SECRET, issuedClock), { secret: SECRET });
		expect(result).toMatchObject(ref);
	});

	it('stays far below Slack’s 2,000-character button value limit', () => {
		expect(value.length).toBeLessThanOrEqual(MAX_ACTION_VALUE_LENGTH);
		expect(value.length).toBeLessThan(400);
		expect(value).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
	});

	it('refuses to sign a reference that would not fit in 2,000 characters', () => {
		const huge = { ...REF, objectId: `in_${'x'.repeat(2000)}` };
		expect(() => signActionValue(huge, SECRET, issuedClock)).toThrow(
			expect.objectContaining({ reason: 'too_long' }) as unknown as Error,
		);
	});

	it.each([
		['an empty secret', ''],
		['no secret', undefined],
	])('refuses to sign with %s', (_case, secret) => {
		expect(() => signActionValue(REF, secret as string, issuedClock)).toThrow(ActionValueError);
	});

	const [version, payload, signature] = value.split('.');
	const otherPayload = Buffer.from(
		JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), o: 'in_SomeoneElse' }),
	).toString('base64url');

	it.each([
		['an edited payload (another invoice id)', `${version}.${otherPayload}.${signature}`, SECRET, 'bad_signature'],
		['a flipped payload character', `${version}.${flipCharacter(payload, 5)}.${signature}`, SECRET, 'bad_signature'],
		['an edited signature', `${version}.${payload}.${flipCharacter(signature, 3)}`, SECRET, 'bad_signature'],
		['a value signed with another secret', signActionValue(REF, OTHER_SECRET, issuedClock), SECRET, 'bad_signature'],
		['a truncated signature', value.slice(0, -4), SECRET, 'bad_signature'],
		['a value cut before the signature', `${version}.${payload}`, SECRET, 'malformed'],
		['a value cut to its first half', value.slice(0, Math.floor(value.length / 2)), SECRET, 'malformed'],
		['an empty value', '', SECRET, 'malformed'],
		['another version', `v2.${payload}.${signature}`, SECRET, 'malformed'],
		['a plain button value', 'retry_invoice_in_1', SECRET, 'malformed'],
		['no secret at all', value, undefined, 'no_secret'],
		['an empty secret', value, '', 'no_secret'],
	])('refuses %s (%s)', (_case, candidate, secret, reason) => {
		expect(refusal(candidate, { secret, now: issuedClock })).toBe(reason);
		expect(isValidActionValue(candidate, { secret, now: issuedClock })).toBe(false);
	});

	it('does not echo the secret in its error messages', () => {
		try {
			verifyActionValue(signActionValue(REF, OTHER_SECRET, issuedClock), { secret: SECRET });
			throw new Error('expected a refusal');
		} catch (error: unknown) {
			expect(String((error as Error).message)).not.toContain(SECRET);
			expect(String((error as Error).message)).not.toContain(OTHER_SECRET);
		}
	});

	it.each([
		['just issued', 0, 3600, 'accepted'],
		['one second before the limit', 3599, 3600, 'accepted'],
		['exactly at the limit', 3600, 3600, 'accepted'],
		['one second past the limit', 3601, 3600, 'expired'],
		['a week old without a limit', 7 * 86400, undefined, 'accepted'],
		['a week old with limit 0 (no limit)', 7 * 86400, 0, 'accepted'],
		['issued in the future (clock skew)', -60, 3600, 'accepted'],
	])('with maxAgeSeconds judges a value %s', (_case, ageSeconds, maxAgeSeconds, expected) => {
		const now = () => ISSUED_MS + ageSeconds * 1000;
		expect(refusal(value, { secret: SECRET, maxAgeSeconds, now })).toBe(expected);
	});

	describe('the Slack message an action started from (channelId, messageTs)', () => {
		const FROM_MESSAGE: ActionRef = {
			action: 'dispute.respond',
			objectId: 'du_1MtHbELkdIwHu7ix00000000',
			objectType: 'dispute',
			customerId: 'cus_NffrFeUfNV2Hib',
			livemode: false,
			channelId: 'C0DISPUTES',
			messageTs: '1768478400.000100',
		};
		const signed = signActionValue(FROM_MESSAGE, SECRET, issuedClock);
		const [signedVersion, signedPayload, signedSignature] = signed.split('.');
		const payloadWith = (changes: Record<string, unknown>) =>
			Buffer.from(
				JSON.stringify({ ...JSON.parse(Buffer.from(signedPayload, 'base64url').toString('utf8')), ...changes }),
			).toString('base64url');

		it('round-trips them under short keys', () => {
			expect(verifyActionValue(signed, { secret: SECRET, now: issuedClock })).toEqual({
				...FROM_MESSAGE,
				issuedAt: ISSUED_MS / 1000,
			});
			expect(JSON.parse(Buffer.from(signedPayload, 'base64url').toString('utf8'))).toMatchObject({
				h: 'C0DISPUTES',
				m: '1768478400.000100',
			});
			expect(signed.length).toBeLessThan(400);
		});

		it.each([
			['another channel', { h: 'C0SOMEWHERE' }],
			['another message', { m: '1768478400.000999' }],
			['no message at all', { h: undefined, m: undefined }],
		])('refuses a value edited to point at %s', (_case, changes) => {
			const edited = `${signedVersion}.${payloadWith(changes)}.${signedSignature}`;
			expect(refusal(edited, { secret: SECRET, now: issuedClock })).toBe('bad_signature');
		});

		it('still verifies a value signed before these fields existed, without adding them', () => {
			// Signed by the earlier format ({a, o, t, c, l, i}): forms opened before an upgrade must still save.
			const earlier =
				'v1.eyJhIjoiZGlzcHV0ZS5yZXNwb25kIiwibyI6ImR1XzFPbGRGb3JtMDAwMCIsInQiOiJkaXNwdXRlIiwiYyI6ImN1c19PbGQwMDAiLCJsIjowLCJpIjoxNzY4NDc4NDAwfQ.EortSADwqSpsm513OT6XyK2Qqm1GAZFHGskqUxSz-Wk';
			const ref = verifyActionValue(earlier, { secret: SECRET, now: issuedClock });
			expect(ref).toMatchObject({ action: 'dispute.respond', objectId: 'du_1OldForm0000', customerId: 'cus_Old000' });
			expect(ref).not.toHaveProperty('channelId');
			expect(ref).not.toHaveProperty('messageTs');
		});
	});

	it('accepts a valid value in the boolean form', () => {
		expect(isValidActionValue(value, { secret: SECRET, now: issuedClock })).toBe(true);
	});
});

describe('bindActionValueToChannel', () => {
	const secret = 'binding-secret-0123456789abcdef';
	const issued = () => 1_800_000_000_000;
	const ref = { action: 'refund.create' as const, objectId: 'pi_1', objectType: 'payment_intent', customerId: 'cus_1', livemode: true };

	it('binds a value to a channel, keeping what it refers to and when it was issued', () => {
		const bound = bindActionValueToChannel(signActionValue(ref, secret, issued), secret, 'C0PAYMENTS');
		expect(verifyActionValue(bound, { secret })).toEqual({ ...ref, eventId: undefined, account: undefined, channelId: 'C0PAYMENTS', issuedAt: 1_800_000_000 });
	});

	it.each([
		['a value already bound to a channel', signActionValue({ ...ref, channelId: 'C0FIRST' }, secret, issued)],
		['a value signed with another secret', signActionValue(ref, 'another-secret-0123456789', issued)],
		['a value that is not ours', 'approve'],
	])('leaves %s unchanged', (_name, value) => {
		expect(bindActionValueToChannel(value, secret, 'C0PAYMENTS')).toBe(value);
	});
});
