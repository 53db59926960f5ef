import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * An id shaped like Stripe's (`evt_1NqF2b…`: a prefix and base62 characters). Hex ids would be mostly digits, and
 * one with a Luhn-valid run of 13 digits or more is rightly redacted as a card number, which made tests that
 * generate many ids fail now and then.
 */
export function stripeLikeId(prefix: string, length = 16): string {
	return `${prefix}_${Array.from({ length }, () => BASE62[randomInt(BASE62.length)]).join('')}`;
}
