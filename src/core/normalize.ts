import { isRecord } from './records';
import { Redactor } from './redact';
import type { StripeObject } from './types';

/**
 * One shape for every Stripe event the package may see: classic ("snapshot") envelopes from API versions
 * 2016 → 2026, Connect events (`account`), and thin events (`object: "v2.core.event"`).
 * @see https://docs.stripe.com/api/events/object
 * @see https://docs.stripe.com/event-destinations#thin-events
 */
export interface NormalizedEvent {
	id: string;
	type: string;
	apiVersion?: string;
	/** Unix seconds. */
	created: number;
	livemode: boolean;
	/** Connected account the event came from (Connect). */
	account?: string;
	/** A thin event carries a reference (`related`) instead of the object. */
	thin: boolean;
	object: StripeObject;
	objectId?: string;
	/** `invoice`, `charge`, `checkout.session`, ... */
	objectType?: string;
	/** Old values of the fields that changed, for `*.updated` events. */
	previous?: StripeObject;
	related?: { id: string; type: string; url?: string };
	requestId?: string;
}

export class InvalidEventError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InvalidEventError';
	}
}

function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function createdSeconds(value: unknown): number {
	if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
	if (typeof value === 'string') {
		const ms = Date.parse(value);
		if (!Number.isNaN(ms)) return Math.trunc(ms / 1000);
	}
	return 0;
}

function requestIdOf(request: unknown): string | undefined {
	if (typeof request === 'string') return optionalString(request);
	if (isRecord(request)) return optionalString(request.id);
	return undefined;
}

function normalizeThin(input: Record<string, unknown>, id: string, type: string): NormalizedEvent {
	const relatedInput = isRecord(input.related_object) ? input.related_object : undefined;
	const related =
		relatedInput && optionalString(relatedInput.id) && optionalString(relatedInput.type)
			? {
					id: relatedInput.id as string,
					type: relatedInput.type as string,
					url: optionalString(relatedInput.url),
				}
			: undefined;
	const data = isRecord(input.data) ? input.data : {};
	return {
		id,
		type,
		created: createdSeconds(input.created),
		livemode: input.livemode === true,
		account: optionalString(input.context),
		thin: true,
		object: data,
		objectId: related?.id,
		objectType: related?.type,
		related,
		requestId: requestIdOf(input.reason && isRecord(input.reason) ? input.reason.request : undefined),
	};
}

/** How long a value from the input may be in an error message. */
const MAX_SHOWN_VALUE_LENGTH = 80;

/** A value from the input as an error message shows it: scrubbed like customer text, on one line, short. */
function shownValue(value: unknown): string {
	const line = (new Redactor().text(value, 'event') ?? '').replace(/\s+/g, ' ');
	return line.length > MAX_SHOWN_VALUE_LENGTH ? `${line.slice(0, MAX_SHOWN_VALUE_LENGTH - 1)}…` : line;
}

function describeNonObject(input: unknown): string {
	if (input === null) return 'null';
	if (input === undefined) return 'nothing';
	if (Array.isArray(input)) return 'an array';
	return `a ${typeof input}`;
}

/**
 * Checks that `input` is a Stripe event and returns it in one shape. Accepts a bare `data` member
 * (`{object, previous_attributes}`) only when `type` is known from elsewhere (`typeHint`).
 * @throws InvalidEventError saying what is wrong, for people to read.
 */
export function normalizeEvent(input: unknown, typeHint?: string): NormalizedEvent {
	if (!isRecord(input)) {
		throw new InvalidEventError(
			`Expected a Stripe event (a JSON object with "id", "type" and "data"), got ${describeNonObject(input)}`,
		);
	}
	if (isRecord(input.object)) {
		// `{object: {...}, previous_attributes}` is an event's `data` member on its own (some tools forward only that).
		if (!typeHint) {
			throw new InvalidEventError(
				'Got only the "data" part of a Stripe event (its "object" is the invoice, charge, ...): pass the whole event (evt_...)',
			);
		}
		return normalizeEvent({ object: 'event', type: typeHint, data: input }, typeHint);
	}
	const type = optionalString(input.type) ?? typeHint;
	if (input.object === 'v2.core.event') {
		const thinId = optionalString(input.id);
		if (!thinId || !type) throw new InvalidEventError('A thin event needs "id" and "type"');
		return normalizeThin(input, thinId, type);
	}
	if (input.object !== undefined && input.object !== 'event') {
		throw new InvalidEventError(
			`Expected a Stripe event, got a "${shownValue(input.object)}" object. Pass the whole event (evt_...), not data.object`,
		);
	}
	if (!type) throw new InvalidEventError('Not a Stripe event: "type" is missing (e.g. "invoice.payment_failed")');
	const data = input.data;
	if (!isRecord(data) || !isRecord(data.object)) {
		throw new InvalidEventError(`Not a Stripe event: "data.object" is missing in the ${shownValue(type)} event`);
	}
	const object = data.object;
	const previous = isRecord(data.previous_attributes) ? data.previous_attributes : undefined;
	return {
		id: optionalString(input.id) ?? 'evt_unknown',
		type,
		apiVersion: optionalString(input.api_version),
		created: createdSeconds(input.created ?? object.created),
		livemode: input.livemode === true || (input.livemode === undefined && object.livemode === true),
		account: optionalString(input.account) ?? optionalString(input.user_id),
		thin: false,
		object,
		objectId: optionalString(object.id),
		objectType: optionalString(object.object) ?? objectTypeFromEventType(type),
		previous,
		requestId: requestIdOf(input.request),
	};
}

/** `customer.subscription.updated` → `subscription`, `charge.dispute.created` → `dispute`. */
function objectTypeFromEventType(type: string): string | undefined {
	const parts = type.split('.');
	if (parts.length < 2) return undefined;
	const resource = parts.slice(0, -1);
	if (resource[0] === 'customer' && resource[1] === 'subscription') return 'subscription';
	if (resource[0] === 'charge' && resource[1] === 'dispute') return 'dispute';
	if (resource[0] === 'charge' && resource[1] === 'refund') return 'refund';
	return resource.join('.');
}

/** The id of an expandable field, whether Stripe sent the id or the expanded object. */
export function idOf(value: unknown): string | undefined {
	if (typeof value === 'string') return optionalString(value);
	if (isRecord(value)) return optionalString(value.id);
	return undefined;
}

/** Reads a nested value without caring whether intermediate fields exist. */
export function pathValue(object: unknown, path: readonly string[]): unknown {
	let current: unknown = object;
	for (const key of path) {
		if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
		else if (isRecord(current)) current = current[key];
		else return undefined;
	}
	return current;
}

function firstInvoicePayment(invoice: StripeObject, key: 'payment_intent' | 'charge'): string | undefined {
	const payments = pathValue(invoice, ['payments', 'data']);
	if (!Array.isArray(payments)) return undefined;
	for (const entry of payments) {
		const id = idOf(pathValue(entry, ['payment', key]));
		if (id) return id;
	}
	return undefined;
}

/**
 * The subscription an invoice belongs to. Since `2025-03-31.basil` it lives under
 * `parent.subscription_details.subscription`; before, at the top level.
 */
export function invoiceSubscriptionId(invoice: StripeObject): string | undefined {
	return (
		idOf(pathValue(invoice, ['parent', 'subscription_details', 'subscription'])) ??
		idOf(invoice.subscription) ??
		idOf(pathValue(invoice, ['subscription_details', 'subscription']))
	);
}

/** The PaymentIntent behind an invoice, from `payments` (basil and later) or the old top-level field. */
export function invoicePaymentIntentId(invoice: StripeObject): string | undefined {
	return idOf(invoice.payment_intent) ?? firstInvoicePayment(invoice, 'payment_intent');
}

/** The charge behind an invoice, from the old top-level field or `payments` (basil and later). */
export function invoiceChargeId(invoice: StripeObject): string | undefined {
	return idOf(invoice.charge) ?? firstInvoicePayment(invoice, 'charge');
}

/** The customer of nearly any Stripe object (or the object itself when it is a customer). */
export function customerIdOf(event: NormalizedEvent): string | undefined {
	if (event.objectType === 'customer') return event.objectId;
	return idOf(event.object.customer);
}

/** The value as a Stripe object, or undefined when it is an id, null or absent. */
export function recordOf(value: unknown): Record<string, unknown> | undefined {
	return isRecord(value) ? value : undefined;
}

export { optionalString };
