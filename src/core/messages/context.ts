import { dashboardUrl } from '../links';
import { formatMoney, moneyOf } from '../money';
import type { NormalizedEvent } from '../normalize';
import type { Redactor } from '../redact';
import { findSensitive } from '../sensitiveText';
import type {
	ActionKind,
	AlertCategory,
	MessageAction,
	MessageAmount,
	MessageField,
	MessageLink,
	MessageTime,
	PaymentFailureLookup,
	Severity,
	StripeObject,
} from '../types';

/** What a curated builder produces; buildMessage adds the envelope facts, links to the event and signatures. */
export interface MessageDraft {
	category: AlertCategory;
	severity: Severity;
	title: string;
	summary: string;
	fields?: Array<MessageField | undefined>;
	links?: Array<MessageLink | undefined>;
	actions?: Array<ActionDraft | undefined>;
	/** Defaults to `<objectType>:<objectId>`; invoices of one subscription, or a dispute and its charge, may share one. */
	threadKey?: string;
	amount?: MessageAmount;
}

export interface ActionDraft {
	id: ActionKind;
	label: string;
	style?: 'primary' | 'danger';
	objectId: string;
	objectType: string;
	confirm?: MessageAction['confirm'];
}

export interface MessageContext {
	event: NormalizedEvent;
	object: StripeObject;
	previous?: StripeObject;
	redactor: Redactor;
	locale: string;
	timeZone: string;
	now: () => number;
	/** What was looked up at Stripe about a failed payment the event does not explain (see RenderOptions). */
	paymentFailure?: PaymentFailureLookup;
	/** `€50.00`; undefined when amount or currency is missing. */
	money(minor: unknown, currency: unknown): string | undefined;
	/** The message's main amount (kept in the model for routing and checks). */
	amount(minor: unknown, currency: unknown): MessageAmount | undefined;
	/** `23 Nov 2026, 14:05 UTC` in the configured locale and time zone; noted in `times`. */
	date(unixSeconds: unknown): string | undefined;
	/** Every date `date()` wrote, for platforms that show times in each reader's zone (ChatMessage.times). */
	times: MessageTime[];
	/** `in 3 days`, `2 hours ago`. */
	relative(unixSeconds: unknown): string | undefined;
	/** A Dashboard link for any object of this event's account and mode. */
	link(label: string, objectType: string, objectId: string | undefined): MessageLink | undefined;
}

export type MessageBuilder = (context: MessageContext) => MessageDraft;

/** Builds a field only when there is a value, so builders can list fields declaratively. */
export function field(label: string, value: string | number | undefined | null | false): MessageField | undefined {
	if (value === undefined || value === null || value === false || value === '') return undefined;
	return { label, value: String(value) };
}

/** Stripe's codes: lower-case words joined by `_` and `.`. */
const CODE = /^[a-z0-9]+(?:[._][a-z0-9]+)*$/;
const PLAIN_SCAN = { hideEmails: false, contactField: false, referenceField: false };

/**
 * `payment_intent.payment_failed` style codes → `Payment failed`. Text that is not such a code, or that carries a
 * key or a number, is returned as it is: turning `sk_live_…` into `Sk live …` would hide it from the scrub.
 */
export function humanize(code: unknown): string | undefined {
	if (typeof code !== 'string' || code.length === 0) return undefined;
	if (!CODE.test(code) || findSensitive(code, PLAIN_SCAN).length > 0) return code;
	const words = code.replace(/[._]+/g, ' ').trim();
	return words.charAt(0).toUpperCase() + words.slice(1);
}

const DATE_PARTS: Intl.DateTimeFormatOptions = {
	year: 'numeric',
	month: 'short',
	day: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZoneName: 'short',
};

const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
	['day', 86400],
	['hour', 3600],
	['minute', 60],
];

interface Formatters {
	dateFormat: Intl.DateTimeFormat;
	relativeFormat: Intl.RelativeTimeFormat;
}

/** Building Intl formatters costs far more than rendering a message, so they are shared per locale and zone. */
const formatterCache = new Map<string, Formatters>();
const MAX_CACHED_FORMATTERS = 100;

function formattersFor(locale: string, timeZone: string): Formatters {
	const key = `${locale}|${timeZone}`;
	const cached = formatterCache.get(key);
	if (cached) return cached;
	let dateFormat: Intl.DateTimeFormat;
	try {
		dateFormat = new Intl.DateTimeFormat(locale, { ...DATE_PARTS, timeZone });
	} catch {
		// An unknown locale or time zone must not lose the message: fall back to English and UTC.
		dateFormat = new Intl.DateTimeFormat('en-US', { ...DATE_PARTS, timeZone: 'UTC' });
	}
	let relativeFormat: Intl.RelativeTimeFormat;
	try {
		relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
	} catch {
		relativeFormat = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });
	}
	// Locales and zones come from node parameters, so there are few; the bound only guards against misuse.
	if (formatterCache.size >= MAX_CACHED_FORMATTERS) formatterCache.clear();
	const formatters = { dateFormat, relativeFormat };
	formatterCache.set(key, formatters);
	return formatters;
}

export function createContext(
	event: NormalizedEvent,
	redactor: Redactor,
	options: { locale: string; timeZone: string; now: () => number; paymentFailure?: PaymentFailureLookup },
): MessageContext {
	const { locale, timeZone, now, paymentFailure } = options;
	const { dateFormat, relativeFormat } = formattersFor(locale, timeZone);
	const times: MessageTime[] = [];
	const money = (minor: unknown, currency: unknown) => {
		const parsed = moneyOf(minor, currency);
		return parsed ? formatMoney(parsed.minor, parsed.currency, { locale }) : undefined;
	};
	return {
		event,
		object: event.object,
		previous: event.previous,
		redactor,
		locale,
		timeZone,
		now,
		paymentFailure,
		money,
		amount(minor, currency) {
			const parsed = moneyOf(minor, currency);
			return parsed ? { ...parsed, text: formatMoney(parsed.minor, parsed.currency, { locale }) } : undefined;
		},
		times,
		date(unixSeconds) {
			if (typeof unixSeconds !== 'number' || !Number.isFinite(unixSeconds) || unixSeconds <= 0) return undefined;
			const text = dateFormat.format(new Date(unixSeconds * 1000));
			if (!times.some((time) => time.text === text)) times.push({ text, at: Math.floor(unixSeconds) });
			return text;
		},
		relative(unixSeconds) {
			if (typeof unixSeconds !== 'number' || !Number.isFinite(unixSeconds) || unixSeconds <= 0) return undefined;
			const delta = unixSeconds - now() / 1000;
			for (const [unit, seconds] of RELATIVE_UNITS) {
				if (Math.abs(delta) >= seconds) return relativeFormat.format(Math.round(delta / seconds), unit);
			}
			return relativeFormat.format(Math.round(delta), 'second');
		},
		link(label, objectType, objectId) {
			const url = dashboardUrl({ objectType, objectId, livemode: event.livemode, account: event.account });
			return url ? { label, url } : undefined;
		},
	};
}
