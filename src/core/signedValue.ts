import { createHmac } from 'node:crypto';

import { constantTimeEqual } from './signatures/verification';
import type { ActionKind, ActionRef } from './types';

/**
 * Button values that cannot be forged or edited: `v1.<base64url(JSON)>.<base64url(HMAC-SHA256)>`.
 * The JSON uses short keys so a value stays far below Slack's 2,000-character limit.
 */

const VERSION = 'v1';
export const MAX_ACTION_VALUE_LENGTH = 2000;

export class ActionValueError extends Error {
	constructor(
		readonly reason: 'no_secret' | 'malformed' | 'bad_signature' | 'expired' | 'too_long',
		message: string,
	) {
		super(message);
		this.name = 'ActionValueError';
	}
}

interface CompactRef {
	a: ActionKind;
	o: string;
	t: string;
	e?: string;
	c?: string;
	x?: string;
	/** Slack channel of the message the action started from. */
	h?: string;
	/** Slack ts of that message. */
	m?: string;
	l: 0 | 1;
	/** Issued at, unix seconds. */
	i: number;
}

function hmac(secret: string, payload: string): Buffer {
	return createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest();
}

function requireSecret(secret: string | undefined): string {
	if (!secret) throw new ActionValueError('no_secret', 'No button signing secret is set in the Slack credential');
	return secret;
}

/** Encodes what a button refers to and signs it with the credential's button signing secret. */
export function signActionValue(ref: ActionRef, secret: string, now: () => number = Date.now): string {
	const compact: CompactRef = {
		a: ref.action,
		o: ref.objectId,
		t: ref.objectType,
		...(ref.eventId ? { e: ref.eventId } : {}),
		...(ref.customerId ? { c: ref.customerId } : {}),
		...(ref.account ? { x: ref.account } : {}),
		...(ref.channelId ? { h: ref.channelId } : {}),
		...(ref.messageTs ? { m: ref.messageTs } : {}),
		l: ref.livemode ? 1 : 0,
		i: Math.floor(now() / 1000),
	};
	const payload = Buffer.from(JSON.stringify(compact)).toString('base64url');
	const value = `${VERSION}.${payload}.${hmac(requireSecret(secret), payload).toString('base64url')}`;
	if (value.length > MAX_ACTION_VALUE_LENGTH) {
		throw new ActionValueError('too_long', `Button value is ${value.length} characters; Slack allows 2000`);
	}
	return value;
}

export interface VerifyActionValueOptions {
	secret: string | undefined;
	/** Refuse values older than this (seconds); 0 or undefined = no age limit. */
	maxAgeSeconds?: number;
	now?: () => number;
}

/**
 * Checks a button value's signature (constant time) and returns what it refers to.
 * @throws ActionValueError naming why the value is refused.
 */
export function verifyActionValue(value: string, options: VerifyActionValueOptions): ActionRef & { issuedAt: number } {
	const secret = requireSecret(options.secret);
	const parts = typeof value === 'string' ? value.split('.') : [];
	if (parts.length !== 3 || parts[0] !== VERSION || !parts[1] || !parts[2]) {
		throw new ActionValueError('malformed', 'Button value is not a signed Stripe Chat Channel value');
	}
	const expected = hmac(secret, parts[1]);
	const given = Buffer.from(parts[2], 'base64url');
	if (!constantTimeEqual(given, expected)) {
		throw new ActionValueError(
			'bad_signature',
			'Button value signature does not match: it was edited or signed with another secret',
		);
	}
	let compact: CompactRef;
	try {
		compact = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as CompactRef;
	} catch {
		throw new ActionValueError('malformed', 'Button value payload is not valid JSON');
	}
	if (typeof compact.a !== 'string' || typeof compact.o !== 'string' || typeof compact.i !== 'number') {
		throw new ActionValueError('malformed', 'Button value payload is incomplete');
	}
	const now = (options.now ?? Date.now)();
	if (options.maxAgeSeconds && now / 1000 - compact.i > options.maxAgeSeconds) {
		throw new ActionValueError('expired', 'This button has expired; use the Stripe Dashboard link instead');
	}
	return {
		action: compact.a,
		objectId: compact.o,
		objectType: compact.t,
		eventId: compact.e,
		customerId: compact.c,
		account: compact.x,
		livemode: compact.l === 1,
		// Values signed before these fields existed carry neither, and still verify.
		...(typeof compact.h === 'string' ? { channelId: compact.h } : {}),
		...(typeof compact.m === 'string' ? { messageTs: compact.m } : {}),
		issuedAt: compact.i,
	};
}

/**
 * The same button value, bound to the channel its message is posted to: re-signed with that channel and its
 * original issue time, so a copy of the button in any other channel is refused when clicked. A value that already
 * names a channel, or that does not verify with this secret (not one of ours), is returned unchanged.
 */
export function bindActionValueToChannel(value: string, secret: string, channelId: string): string {
	let ref: ActionRef & { issuedAt: number };
	try {
		ref = verifyActionValue(value, { secret });
	} catch {
		return value;
	}
	if (ref.channelId !== undefined) return value;
	const { issuedAt, ...target } = ref;
	return signActionValue({ ...target, channelId }, secret, () => issuedAt * 1000);
}

/** Boolean form of verifyActionValue for callers that only need yes or no. */
export function isValidActionValue(value: string, options: VerifyActionValueOptions): boolean {
	try {
		verifyActionValue(value, options);
		return true;
	} catch {
		return false;
	}
}
