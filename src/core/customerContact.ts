/**
 * "Mark customer contacted": what is written on the Stripe customer (metadata keys prefixed `scc_`, so they never
 * clash with the account's own) and how the next alert about that customer reads it back ("last contacted 2 days
 * ago by alice").
 * @see https://docs.stripe.com/api/metadata
 */

/** Stripe allows 500 characters per metadata value. */
const MAX_METADATA_VALUE = 500;

export const CONTACT_METADATA_KEYS = {
	at: 'scc_contacted_at',
	by: 'scc_contacted_by',
	byName: 'scc_contacted_by_name',
	alert: 'scc_contacted_alert',
	link: 'scc_contacted_link',
} as const;

export interface CustomerContact {
	at: Date;
	/** The chat platform's member id of who contacted the customer (from the signed click). */
	userId?: string;
	/** Their chat handle, shown in the next alert. */
	userName?: string;
	/** The alert it was done through: its Stripe event, and the chat message. */
	eventId?: string;
	messageLink?: string;
}

function clip(value: string): string {
	return value.slice(0, MAX_METADATA_VALUE);
}

/** The metadata to write with `POST /v1/customers/:id`; only what is known, each value within Stripe's limit. */
export function contactMetadata(contact: CustomerContact): Record<string, string> {
	const metadata: Record<string, string> = { [CONTACT_METADATA_KEYS.at]: contact.at.toISOString() };
	if (contact.userId) metadata[CONTACT_METADATA_KEYS.by] = clip(contact.userId);
	if (contact.userName) metadata[CONTACT_METADATA_KEYS.byName] = clip(contact.userName);
	if (contact.eventId) metadata[CONTACT_METADATA_KEYS.alert] = clip(contact.eventId);
	if (contact.messageLink) metadata[CONTACT_METADATA_KEYS.link] = clip(contact.messageLink);
	return metadata;
}

/** The last contact noted on a customer's metadata, or undefined when there is none (or its time is unreadable). */
export function lastContactOf(metadata: unknown): CustomerContact | undefined {
	if (typeof metadata !== 'object' || metadata === null) return undefined;
	const values = metadata as Record<string, unknown>;
	const text = (key: string) => (typeof values[key] === 'string' && values[key] !== '' ? values[key] : undefined);
	const at = text(CONTACT_METADATA_KEYS.at);
	if (!at || Number.isNaN(Date.parse(at))) return undefined;
	return {
		at: new Date(at),
		userId: text(CONTACT_METADATA_KEYS.by),
		userName: text(CONTACT_METADATA_KEYS.byName),
		eventId: text(CONTACT_METADATA_KEYS.alert),
		messageLink: text(CONTACT_METADATA_KEYS.link),
	};
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
	['day', 86_400_000],
	['hour', 3_600_000],
	['minute', 60_000],
];

/** `2 days ago by alice` (plain text; the renderer escapes it). */
export function describeLastContact(contact: CustomerContact, now: number, locale = 'en-US'): string {
	let format: Intl.RelativeTimeFormat;
	try {
		format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
	} catch {
		format = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });
	}
	const delta = contact.at.getTime() - now;
	const unit = UNITS.find(([, ms]) => Math.abs(delta) >= ms);
	const when = unit ? format.format(Math.round(delta / unit[1]), unit[0]) : format.format(0, 'minute');
	const who = contact.userName ?? contact.userId;
	return who ? `${when} by ${who}` : when;
}
