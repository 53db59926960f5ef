import fc from 'fast-check';

import { ACTION_KINDS } from '../../src/core/actions';
import {
	bindCompactActionValue,
	isCompactActionValue,
	MAX_COMPACT_VALUE_BYTES,
	signCompactActionValue,
	verifyCompactActionValue,
} from '../../src/core/compactActionValue';
import type { ActionRef } from '../../src/core/types';

const SECRET = 'button-signing-secret-for-tests';
const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const now = () => NOW;

const ref = (overrides: Partial<ActionRef> = {}): ActionRef => ({
	action: 'invoice.retry',
	objectId: 'in_1QAbCdEfGhIjKlMnOpQrStUv',
	objectType: 'invoice',
	livemode: true,
	...overrides,
});

const idBody = fc.stringMatching(/^[A-Za-z0-9]{14,24}$/);
const prefixes = ['in_', 'pi_', 'ch_', 'du_', 'cus_', 'cs_', 'sub_', 'py_', 'dp_'];

describe('compact button values (Telegram callback_data, Discord custom_id)', () => {
	it('round-trips what the button acts on, within 64 bytes, for every action and Stripe id shape', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...ACTION_KINDS),
				fc.constantFrom(...prefixes),
				idBody,
				fc.boolean(),
				fc.option(fc.stringMatching(/^-?[0-9]{5,14}$/), { nil: undefined }),
				(action, prefix, body, livemode, channelId) => {
					const objectId = `${prefix}${body}`;
					const value = signCompactActionValue(ref({ action, objectId, livemode }), SECRET, { channelId, now });
					expect(value).toBeDefined();
					expect(Buffer.byteLength(value as string)).toBeLessThanOrEqual(MAX_COMPACT_VALUE_BYTES);
					expect(isCompactActionValue(value)).toBe(true);
					const verified = verifyCompactActionValue(value as string, {
						secret: SECRET,
						channelId: channelId ?? 'any',
						now,
					});
					expect(verified).toMatchObject({ action, objectId, livemode, issuedAt: NOW / 1000 });
				},
			),
		);
	});

	it('refuses any edit of a value: one character changed anywhere', () => {
		const value = signCompactActionValue(ref(), SECRET, { channelId: '-100123', now }) as string;
		fc.assert(
			fc.property(fc.nat({ max: value.length - 1 }), fc.constantFrom(...'abcXYZ019_-.'), (index, replacement) => {
				fc.pre(value[index] !== replacement);
				const edited = value.slice(0, index) + replacement + value.slice(index + 1);
				expect(() => verifyCompactActionValue(edited, { secret: SECRET, channelId: '-100123', now })).toThrow();
			}),
		);
	});

	it('refuses a bound button copied into another chat, and a value signed with another secret', () => {
		const value = signCompactActionValue(ref(), SECRET, { channelId: '-100123', now }) as string;
		expect(() => verifyCompactActionValue(value, { secret: SECRET, channelId: '-100999', now })).toThrow(
			/copied from another chat/,
		);
		expect(() => verifyCompactActionValue(value, { secret: 'other-secret', channelId: '-100123', now })).toThrow(
			/does not match/,
		);
	});

	it('fails closed without a secret, and refuses an expired value', () => {
		expect(() => signCompactActionValue(ref(), '', { now })).toThrow(/No button signing secret/);
		const value = signCompactActionValue(ref(), SECRET, { now }) as string;
		expect(() => verifyCompactActionValue(value, { secret: undefined, channelId: 'x', now })).toThrow(
			/No button signing secret/,
		);
		const later = () => NOW + 8 * 24 * 3_600_000;
		expect(() =>
			verifyCompactActionValue(value, { secret: SECRET, channelId: 'x', maxAgeSeconds: 7 * 24 * 3600, now: later }),
		).toThrow(/expired/);
	});

	it('makes no value for a connected account, an unknown id shape, or an id too long to fit', () => {
		expect(signCompactActionValue(ref({ account: 'acct_1Nv0FGQ9RKHgCVdK' }), SECRET, { now })).toBeUndefined();
		expect(signCompactActionValue(ref({ objectId: 'inv-123' }), SECRET, { now })).toBeUndefined();
		expect(signCompactActionValue(ref({ objectId: `in_${'A'.repeat(60)}` }), SECRET, { now })).toBeUndefined();
	});

	it('acts on the customer for a customer summary, whatever object the alert was about', () => {
		const value = signCompactActionValue(
			ref({ action: 'customer.summary', objectId: 'in_1QAbCdEfGhIjKlMnOpQrStUv', customerId: 'cus_QAbCdEfGhIjKlM' }),
			SECRET,
			{ now },
		) as string;
		expect(verifyCompactActionValue(value, { secret: SECRET, channelId: 'x', now })).toMatchObject({
			action: 'customer.summary',
			objectId: 'cus_QAbCdEfGhIjKlM',
			objectType: 'customer',
			customerId: 'cus_QAbCdEfGhIjKlM',
		});
	});

	it('binds a value to the chat it is posted in, keeps one bound there, and refuses what it cannot bind', () => {
		const unbound = signCompactActionValue(ref(), SECRET, { now }) as string;
		const bound = bindCompactActionValue(unbound, SECRET, '-100123') as string;
		expect(bound.startsWith('cb.')).toBe(true);
		expect(verifyCompactActionValue(bound, { secret: SECRET, channelId: '-100123', now })).toMatchObject({
			objectId: ref().objectId,
			issuedAt: NOW / 1000,
		});
		expect(bindCompactActionValue(bound, SECRET, '-100123')).toBe(bound);
		expect(bindCompactActionValue(bound, SECRET, '-100999')).toBeUndefined();
		expect(bindCompactActionValue(unbound, 'another-secret', '-100123')).toBeUndefined();
	});
});
