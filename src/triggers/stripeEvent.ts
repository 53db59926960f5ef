import { stripeEventItem, type StripeEventItem } from '../core/items/stripeEvent';
import { normalizeEvent, type NormalizedEvent } from '../core/normalize';
import { isRecord } from '../core/records';
import { eventConditionMismatch, PLATFORM_ACCOUNT, type EventCondition, type EventConditions } from '../core/routing';
import { verifyStripeSignature } from '../core/signatures/stripe';
import { SignatureVerificationError, type SignatureFailure } from '../core/signatures/verification';
import { matchesAnyEventPattern } from '../core/stripeEventTypes';

/**
 * What the Stripe Event Trigger does with one HTTP delivery, without n8n: check the content type and body, verify
 * the signature against every known secret, parse the event, apply the filters, expand a thin event on request,
 * and build the output item. The node's `webhook.ts` only gathers the inputs and writes the answer
 * (docs/ARCHITECTURE.md, "Triggers and signatures").
 *
 * Fails closed: anything that is not a verified Stripe event becomes a `reject` and never workflow data.
 * @see https://docs.stripe.com/webhooks#verify-events
 */

export type LivemodeFilter = 'any' | 'live' | 'test';
export type AccountFilterMode = 'any' | 'platformOnly' | 'include' | 'exclude';

export interface DeliverySettings {
	/** Event types, prefix wildcards (`invoice.*`) or `*`. */
	events: string[];
	livemode: LivemodeFilter;
	accountFilter: AccountFilterMode;
	/** Connected account ids (`acct_...`) for `include` / `exclude`; `include` with none lets no event through. */
	accounts: string[];
	/** Every pair must equal `data.object.metadata[key]`. */
	metadata: Array<{ key: string; value: string }>;
	toleranceSeconds: number;
	/** Fetch the object a thin event refers to (`related_object.url`) and add it as `relatedObject`. */
	expandThinEvents: boolean;
}

export interface RelatedObjectReference {
	id: string;
	type: string;
	/** API path of the object, e.g. `/v1/billing/meters/mtr_123`. */
	url: string;
	/** Connected account the event happened on (`context` of a thin event). */
	account?: string;
}

export interface DeliveryInput {
	/** The request body exactly as received. */
	rawBody: Buffer | undefined;
	/** Request headers with lower-case names, as n8n's `getHeaderData()` gives them. */
	headers: Record<string, string | string[] | undefined>;
	/** Every signing secret that may have signed the delivery (the endpoint's own, the credential's). */
	secrets: string[];
	settings: DeliverySettings;
	/** Injected clock, milliseconds since the epoch. */
	now?: () => number;
	/** Reads a thin event's related object from the Stripe API. */
	fetchRelatedObject?: (related: RelatedObjectReference) => Promise<unknown>;
}

export type RejectReason =
	| SignatureFailure
	| 'unsupported_content_type'
	| 'empty_body'
	| 'invalid_json'
	| 'not_an_event'
	| 'related_object_unavailable';

export type IgnoreReason = 'event_type_not_selected' | 'livemode_filtered' | 'account_filtered' | 'metadata_filtered';

export type DeliveryOutcome =
	| { action: 'reject'; status: number; reason: RejectReason; message: string }
	| { action: 'ignore'; reason: IgnoreReason; eventId: string; eventType: string }
	| { action: 'accept'; event: NormalizedEvent; output: StripeEventItem; secretIndex: number };

const SIGNATURE_STATUS: Readonly<Record<SignatureFailure, number>> = {
	no_secret: 401,
	missing_header: 400,
	malformed_header: 400,
	no_v1_signature: 400,
	timestamp_too_old: 401,
	timestamp_in_future: 401,
	no_match: 401,
};

function reject(status: number, reason: RejectReason, message: string): DeliveryOutcome {
	return { action: 'reject', status, reason, message };
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value.join(',') : value;
}

function isJsonContentType(value: string | undefined): boolean {
	if (!value) return false;
	const mediaType = value.split(';')[0].trim().toLowerCase();
	return mediaType === 'application/json';
}

/** The trigger's filters in the routing module's conditions (docs/ARCHITECTURE.md, "Triggers and signatures"). */
function filterConditions(settings: DeliverySettings): EventConditions {
	const mode = settings.livemode;
	switch (settings.accountFilter) {
		case 'platformOnly':
			return { mode, accounts: [PLATFORM_ACCOUNT] };
		case 'include':
			return { mode, accounts: settings.accounts };
		case 'exclude':
			return { mode, exceptAccounts: settings.accounts };
		default:
			return { mode };
	}
}

const IGNORED_BY: Readonly<Record<EventCondition, IgnoreReason>> = {
	mode: 'livemode_filtered',
	accounts: 'account_filtered',
	metadata: 'metadata_filtered',
};

/** What the trigger's event types, mode and account filters leave out, before a thin event's object is read. */
function ignoredBeforeLookUp(settings: DeliverySettings, normalized: NormalizedEvent): IgnoreReason | undefined {
	if (!matchesAnyEventPattern(settings.events, normalized.type)) return 'event_type_not_selected';
	const filtered = eventConditionMismatch(filterConditions(settings), normalized);
	return filtered ? IGNORED_BY[filtered.condition] : undefined;
}

/** Whether the metadata filter leaves the event out; `object` is a thin event's fetched object, when there is one. */
function metadataMismatch(settings: DeliverySettings, normalized: NormalizedEvent, object?: unknown): boolean {
	const target = isRecord(object) ? object : normalized.object;
	return eventConditionMismatch({ metadata: settings.metadata }, { ...normalized, object: target }) !== undefined;
}

/**
 * Why the trigger's filters (event types, mode, accounts, metadata of the event's object) leave an event out, or
 * undefined when they let it through: for an event read from Stripe's API rather than delivered (missed events).
 */
export function leftOutByFilters(settings: DeliverySettings, normalized: NormalizedEvent): IgnoreReason | undefined {
	return (
		ignoredBeforeLookUp(settings, normalized) ??
		(metadataMismatch(settings, normalized) ? 'metadata_filtered' : undefined)
	);
}

function relatedReference(event: NormalizedEvent): RelatedObjectReference | undefined {
	const related = event.related;
	return related?.url ? { id: related.id, type: related.type, url: related.url, account: event.account } : undefined;
}

/** Decides what to do with one delivery; see the file comment. Never throws for anything a caller sends. */
export async function decideStripeDelivery(input: DeliveryInput): Promise<DeliveryOutcome> {
	const { settings } = input;
	const contentType = headerValue(input.headers['content-type']);
	if (!isJsonContentType(contentType)) {
		return reject(415, 'unsupported_content_type', 'Stripe sends events as application/json.');
	}
	if (!input.rawBody || input.rawBody.length === 0) {
		return reject(400, 'empty_body', 'The request has no body.');
	}

	let secretIndex: number;
	try {
		({ secretIndex } = verifyStripeSignature({
			payload: input.rawBody,
			header: input.headers['stripe-signature'],
			secrets: input.secrets,
			toleranceSeconds: settings.toleranceSeconds,
			now: input.now,
		}));
	} catch (error: unknown) {
		if (!(error instanceof SignatureVerificationError)) throw error;
		return reject(SIGNATURE_STATUS[error.reason], error.reason, error.message);
	}

	let event: unknown;
	try {
		event = JSON.parse(input.rawBody.toString('utf8'));
	} catch {
		return reject(400, 'invalid_json', 'The body is not valid JSON.');
	}
	if (!isRecord(event)) return reject(400, 'not_an_event', 'The body is not a Stripe event object.');
	let normalized: NormalizedEvent;
	try {
		normalized = normalizeEvent(event);
	} catch (error: unknown) {
		// A verified body that cannot be read as an event is refused whatever the cause, never passed on.
		return reject(400, 'not_an_event', error instanceof Error ? error.message : 'The body is not a Stripe event.');
	}
	if (typeof event.id !== 'string' || event.id === '') {
		return reject(400, 'not_an_event', 'The event has no id, so it cannot be de-duplicated.');
	}

	const ignore = (reason: IgnoreReason): DeliveryOutcome => ({
		action: 'ignore',
		reason,
		eventId: normalized.id,
		eventType: normalized.type,
	});
	const leftOut = ignoredBeforeLookUp(settings, normalized);
	if (leftOut) return ignore(leftOut);

	let relatedObject: unknown;
	const related = normalized.thin && settings.expandThinEvents ? relatedReference(normalized) : undefined;
	if (related && input.fetchRelatedObject) {
		try {
			relatedObject = await input.fetchRelatedObject(related);
		} catch (error: unknown) {
			const detail = error instanceof Error ? `: ${error.message}` : '';
			// 503 makes Stripe deliver the event again later, when the object may be readable.
			return reject(
				503,
				'related_object_unavailable',
				`Could not read ${related.type} ${related.id} from Stripe${detail}`,
			);
		}
	}
	// Metadata is read from the object the event is about: a thin event's fetched object when there is one.
	if (metadataMismatch(settings, normalized, relatedObject)) return ignore('metadata_filtered');

	return {
		action: 'accept',
		event: normalized,
		output: stripeEventItem(event, normalized, relatedObject),
		secretIndex,
	};
}
