import { createHmac } from 'node:crypto';

import { ACTION_KINDS } from './actions';
import { ActionValueError } from './signedValue';
import { constantTimeEqual } from './signatures/verification';
import type { ActionRef } from './types';

/**
 * Signed button values small enough for platforms with little room for a button's data: Telegram's `callback_data`
 * (64 bytes) and Discord's `custom_id` (100 characters), where the JSON form of signedValue.ts (hundreds of
 * characters) does not fit. Same guarantee: a click cannot be edited into another action or object.
 *
 * `c1.<action>.<object id>.<issued>.<live>.<mac>` — the action as its index in ACTION_KINDS (base 36), the issue time
 * in unix seconds (base 36), livemode `1`/`0`, and 12 bytes of HMAC-SHA256 (base64url, 16 characters; 96 bits is
 * the usual truncation, RFC 2104 §5). The object type follows from the id's prefix. A value `cb.…` is bound to
 * the channel it was posted in: the channel is in the HMAC, not in the value, and the verifier takes it from the
 * click, so a copy of the button in another chat is refused.
 *
 * Left out for want of room: the event id, and a Connect account — a button for a connected account's object is
 * not made in this form (the platform shows the Dashboard link instead), since acting on the platform account's
 * object of the same id would be wrong.
 */

export const MAX_COMPACT_VALUE_BYTES = 64;
const MAC_BYTES = 12;

const TYPE_BY_PREFIX: ReadonlyArray<readonly [string, string]> = [
	['in_', 'invoice'],
	['pi_', 'payment_intent'],
	['ch_', 'charge'],
	['py_', 'charge'],
	['du_', 'dispute'],
	['dp_', 'dispute'],
	['cus_', 'customer'],
	['cs_', 'checkout.session'],
	['sub_', 'subscription'],
];

const ID_SHAPE = /^[a-z]{1,6}_[A-Za-z0-9]+$/;

function objectTypeOf(id: string): string | undefined {
	return TYPE_BY_PREFIX.find(([prefix]) => id.startsWith(prefix))?.[1];
}

function mac(secret: string, version: string, payload: string, channelId: string): string {
	return createHmac('sha256', secret)
		.update(`${version}|${channelId}|${payload}`)
		.digest()
		.subarray(0, MAC_BYTES)
		.toString('base64url');
}

export interface SignCompactOptions {
	/** Binds the value to the chat or channel it is posted in (Telegram chat id, Discord channel id). */
	channelId?: string;
	now?: () => number;
}

/**
 * The compact signed value for a button, or undefined when the button cannot be made in this form (an account,
 * an id of unknown shape, or more than 64 bytes): the platform then shows no button for it.
 */
export function signCompactActionValue(
	ref: ActionRef,
	secret: string | undefined,
	options: SignCompactOptions = {},
): string | undefined {
	if (!secret) throw new ActionValueError('no_secret', 'No button signing secret is set in the credential');
	if (ref.account) return undefined;
	// The customer summary acts on the customer, whatever object the alert was about.
	const objectId = ref.action === 'customer.summary' && ref.customerId ? ref.customerId : ref.objectId;
	const actionIndex = ACTION_KINDS.indexOf(ref.action);
	if (actionIndex < 0 || !ID_SHAPE.test(objectId) || !objectTypeOf(objectId)) return undefined;
	const issuedAt = Math.floor((options.now ?? Date.now)() / 1000);
	const version = options.channelId ? 'cb' : 'c1';
	const payload = [actionIndex.toString(36), objectId, issuedAt.toString(36), ref.livemode ? '1' : '0'].join('.');
	const value = `${version}.${payload}.${mac(secret, version, payload, options.channelId ?? '')}`;
	return Buffer.byteLength(value) <= MAX_COMPACT_VALUE_BYTES ? value : undefined;
}

export interface VerifyCompactOptions {
	secret: string | undefined;
	/** The chat or channel the click came from, as the platform reports it (not as the value claims). */
	channelId: string;
	/** Refuse values older than this (seconds); 0 or undefined = no age limit. */
	maxAgeSeconds?: number;
	now?: () => number;
}

/** Whether a button's data is a compact value (so a trigger knows which verifier to use). */
export function isCompactActionValue(value: unknown): value is string {
	return typeof value === 'string' && (value.startsWith('c1.') || value.startsWith('cb.'));
}

/**
 * Checks a compact value's signature (constant time) and returns what it refers to.
 * @throws ActionValueError naming why the value is refused.
 */
export function verifyCompactActionValue(
	value: string,
	options: VerifyCompactOptions,
): ActionRef & { issuedAt: number } {
	if (!options.secret) throw new ActionValueError('no_secret', 'No button signing secret is set in the credential');
	const parts = typeof value === 'string' ? value.split('.') : [];
	const [version, actionCode, objectId, issued, live, given] = parts;
	if (parts.length !== 6 || (version !== 'c1' && version !== 'cb') || !given) {
		throw new ActionValueError('malformed', 'Button value is not a signed Stripe Chat Channel value');
	}
	const payload = parts.slice(1, 5).join('.');
	const expected = mac(options.secret, version, payload, version === 'cb' ? options.channelId : '');
	if (!constantTimeEqual(Buffer.from(given), Buffer.from(expected))) {
		throw new ActionValueError(
			'bad_signature',
			version === 'cb'
				? 'Button value signature does not match: it was edited, copied from another chat, or signed with another secret'
				: 'Button value signature does not match: it was edited or signed with another secret',
		);
	}
	const action = ACTION_KINDS[Number.parseInt(actionCode, 36)];
	const objectType = objectTypeOf(objectId);
	const issuedAt = Number.parseInt(issued, 36);
	if (!action || !objectType || !Number.isFinite(issuedAt) || (live !== '0' && live !== '1')) {
		throw new ActionValueError('malformed', 'Button value payload is incomplete');
	}
	const now = (options.now ?? Date.now)();
	if (options.maxAgeSeconds && now / 1000 - issuedAt > options.maxAgeSeconds) {
		throw new ActionValueError('expired', 'This button has expired; use the Stripe Dashboard link instead');
	}
	return {
		action,
		objectId,
		objectType,
		...(objectType === 'customer' ? { customerId: objectId } : {}),
		livemode: live === '1',
		...(version === 'cb' ? { channelId: options.channelId } : {}),
		issuedAt,
	};
}

/**
 * The value bound to the chat or channel it is posted in (`c1.` → `cb.`, its issue time kept), so that a copy of the
 * button anywhere else is refused; a value already bound to this chat stays as it is. Undefined when it cannot be
 * bound: it does not verify with this secret (not ours, or signed with another secret), it is bound to another
 * chat, or the bound form no longer fits: the poster then leaves the button out.
 */
export function bindCompactActionValue(value: string, secret: string, channelId: string): string | undefined {
	let ref: ActionRef & { issuedAt: number };
	try {
		ref = verifyCompactActionValue(value, { secret, channelId });
	} catch {
		return undefined;
	}
	if (value.startsWith('cb.')) return value;
	const { issuedAt, ...target } = ref;
	return signCompactActionValue(target, secret, { channelId, now: () => issuedAt * 1000 });
}
