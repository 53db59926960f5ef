import type { ActionKind } from './actions';

/**
 * The channel-neutral message model and the shapes around it: one shape for every event, rendered per platform.
 * Every string in a ChatMessage is plain, already-redacted text; renderers escape it for their format.
 */

export type Severity = 'critical' | 'warning' | 'info' | 'success';

/** The coarse family an event belongs to; the Payment Alert node branches on it. */
export type AlertCategory = 'paymentFailed' | 'dispute' | 'invoicePaid' | 'customerUpdated' | 'other';

export type RedactionPolicy = 'standard' | 'strict' | 'off';

/** What the redactor hid, so a reader can trust the message and an auditor can check it. */
export interface Redaction {
	/** Where it was found, e.g. `customer_email`, `metadata.note`, `description`. */
	field: string;
	/** What kind of data: `email`, `phone`, `address`, `card_number`, `secret`, `name`, `metadata`, ... */
	kind: string;
}

export interface MessageField {
	label: string;
	value: string;
}

export interface MessageLink {
	label: string;
	url: string;
}

/** Actions a button can ask for (the one list is src/core/actions.ts); the Stripe Action node implements them. */
export type { ActionKind };

/** What a button refers to. Signed into the button value so a click cannot be edited into another object. */
export interface ActionRef {
	action: ActionKind;
	objectId: string;
	objectType: string;
	eventId?: string;
	customerId?: string;
	account?: string;
	livemode: boolean;
	/**
	 * The Slack message the action started from (channel and message ts), for steps that no longer see it: a form
	 * opened from a button is submitted without channel or message, yet its outcome belongs under that message.
	 */
	channelId?: string;
	messageTs?: string;
}

/** A signed form of a button's value: `full` (signedValue.ts) or `compact` (compactActionValue.ts). */
export type ButtonValueForm = 'full' | 'compact';

export interface MessageAction {
	id: ActionKind;
	label: string;
	style?: 'primary' | 'danger';
	ref: ActionRef;
	/** Signed button value (see signedValue.ts); absent when no signing secret was given. */
	value?: string;
	/**
	 * The same, in the compact form of compactActionValue.ts for platforms with little room for a button's data
	 * (Telegram, Discord); absent when the button cannot be made in that form: the platform leaves it out.
	 */
	compactValue?: string;
	confirm?: { title: string; text: string; confirm: string; deny: string };
}

/** The main money amount of a message, kept so tests and routing can read it without parsing text. */
export interface MessageAmount {
	/** Integer in the currency's minor unit, as Stripe sends it. */
	minor: number;
	/** Lower-case ISO 4217 code as Stripe sends it. */
	currency: string;
	/** Formatted for people, e.g. `¥5,000`, `BHD 12.340`, `€50.00`. */
	text: string;
}

export interface ChatMessage {
	/** Curated template that built it, e.g. `invoice.payment_failed`, or `generic`. */
	kind: string;
	category: AlertCategory;
	eventType: string;
	severity: Severity;
	title: string;
	summary: string;
	fields: MessageField[];
	links: MessageLink[];
	actions: MessageAction[];
	/** Groups an object's life (a dispute's created → closed) so chat can thread it. */
	threadKey: string;
	eventId: string;
	objectId?: string;
	objectType?: string;
	/** ISO 8601 time of the event. */
	occurredAt: string;
	livemode: boolean;
	account?: string;
	amount?: MessageAmount;
	redactionPolicy: RedactionPolicy;
	redactions: Redaction[];
	/** True for thin (v2) events rendered only from what they carry. */
	thin?: boolean;
	/**
	 * The dates written into the message's text, with the moment each stands for, so that a platform that can show
	 * a time in each reader's own time zone (Slack's date tokens) puts that in their place.
	 */
	times?: MessageTime[];
}

/** A date as written in a message (`Dec 9, 2026, 07:20 PM UTC`) and the moment it stands for. */
export interface MessageTime {
	text: string;
	/** Unix seconds. */
	at: number;
}

export interface RenderOptions {
	/** BCP 47 locale for numbers and dates; default `en-US`. */
	locale?: string;
	/** IANA time zone for dates; default `UTC`. */
	timeZone?: string;
	redaction?: RedactionPolicy;
	/** Secret for signing button values; without it messages carry no buttons. */
	actionSecret?: string;
	/**
	 * Which signed forms the buttons carry: Slack's `value` (`full`), the `compactValue` of Discord and Telegram
	 * (`compact`), or both (the default); each form costs an HMAC per button, on every alert.
	 */
	buttonValues?: ButtonValueForm | 'both';
	/** Injected clock (ms since epoch) for relative times such as "due in 3 days". */
	now?: () => number;
	/**
	 * What was looked up at Stripe about a failed invoice payment whose event does not say why it failed (API versions
	 * from `2025-03-31.basil` on carry only the payment's id). Read by the `invoice.payment_failed` message only.
	 */
	paymentFailure?: PaymentFailureLookup;
	/**
	 * The customer's metadata as looked up at Stripe, for the "Last contacted" line of alerts a team works (failed
	 * payments, disputes); an event whose customer is expanded carries its own and needs none.
	 */
	customerMetadata?: Record<string, unknown>;
}

/**
 * A failed payment as read from Stripe: the PaymentIntent's `last_payment_error` and, when it was read too, its
 * charge's `outcome`; or why the look-up found nothing. Every string here comes from Stripe or a bank and is shown
 * only after redaction and escaping, like any other text of an event.
 * @see https://docs.stripe.com/api/payment_intents/object#payment_intent_object-last_payment_error
 */
export type PaymentFailureLookup =
	| {
			lookedUp: 'found';
			/** `card_declined`, `expired_card`, ... */
			code?: string;
			/** `insufficient_funds`, `do_not_honor`, ... */
			declineCode?: string;
			/** The bank's or Stripe's message, written for the customer: untrusted text. */
			message?: string;
			/** The charge's `outcome.type`: `issuer_declined`, `blocked`, `invalid`, ... */
			outcomeType?: string;
			/** The charge's `outcome.network_status`: `declined_by_network`, `not_sent_to_network`, ... */
			networkStatus?: string;
	  }
	| {
			lookedUp: 'failed' | 'timeout';
			/** Why, in a few words that hold no secret: `Stripe answered 500`, `no time left after 2 s`. */
			cause: string;
	  };

/** A Stripe object as found in an event: loosely typed, since API versions 2016 → 2026 differ. */
export type StripeObject = Record<string, unknown>;

/** A classic ("snapshot") event envelope. */
export interface StripeEventEnvelope {
	id: string;
	object: 'event';
	type: string;
	api_version?: string | null;
	created: number;
	livemode: boolean;
	account?: string;
	request?: { id: string | null; idempotency_key?: string | null } | string | null;
	data: { object: StripeObject; previous_attributes?: StripeObject | null };
	pending_webhooks?: number;
}

/** A thin event (event destinations, API v2): carries a reference, not the object. */
export interface StripeThinEvent {
	id: string;
	object: 'v2.core.event';
	type: string;
	created: string | number;
	livemode?: boolean;
	context?: string | null;
	related_object?: { id: string; type: string; url?: string } | null;
	data?: Record<string, unknown>;
	reason?: unknown;
}
