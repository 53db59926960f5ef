import { clipForScan, foldText, originalSpan, printable } from './foldText';
import { containsEmail, findSensitive, maskEmail, maskPhone } from './sensitiveText';
import type { SensitiveKind } from './sensitiveText';
import type { Redaction, RedactionPolicy } from './types';

export { maskEmail, maskPhone, passesLuhn } from './sensitiveText';

/**
 * Redaction of customer data before it reaches a chat channel (SECURITY.md says what each policy hides and where
 * the limits are).
 * - `standard` (default): mask e-mails (`j***@example.com`), phone numbers and street addresses; keep a card's
 *   brand + last 4; remove card numbers (every Luhn-valid run of 13–19 digits), card security codes, IBANs (last 4
 *   kept) and API secrets from every string, whatever script, spacing or encoding they are written in.
 * - `strict`: also drops names and hides e-mail addresses and phone fields completely.
 * - `off`: shows everything; the message footer says so.
 * Under every policy strings are clipped to MAX_SCANNED_LENGTH and lose control characters.
 */

export const REDACTION_POLICIES: readonly RedactionPolicy[] = ['standard', 'strict', 'off'];

export function isRedactionPolicy(value: unknown): value is RedactionPolicy {
	return typeof value === 'string' && (REDACTION_POLICIES as readonly string[]).includes(value);
}

/**
 * Fields whose digit runs are people's numbers even without phone punctuation: a WhatsApp sender id is the phone
 * number (`447700900123`), and flows put it into metadata and `client_reference_id` (`whatsapp:447700900123`),
 * often under a chat or user id.
 */
const CONTACT_FIELD =
	/phone|mobile|(?<![a-z])tel(?![a-z])|telegram|sender|wa_?id|whatsapp|msisdn|contact|chat|user_?id|recipient|client_reference_id/i;
/**
 * Keys that name an order, invoice or tracking number (`metadata.order_number`, `booking_ref`): a bare digit run there
 * is that number. Lower-case key syntax only, so the labels of our own fields (`Latest invoice`) do not count.
 */
const REFERENCE_FIELD = /(?:^|[._])(?:order|invoice|reference|ref|tracking|booking|ticket|sku|receipt)(?:[._]|$)/;

/** The order in which one field's findings are listed, whatever their order in the text. */
const NOTE_ORDER: readonly SensitiveKind[] = ['secret', 'iban', 'card_number', 'card_code', 'email', 'phone'];

function asText(value: unknown): string {
	if (typeof value === 'string') return value;
	return typeof value === 'object' ? (JSON.stringify(value) ?? '') : String(value);
}

export class Redactor {
	readonly redactions: Redaction[] = [];

	private readonly seen = new Set<string>();

	constructor(readonly policy: RedactionPolicy = 'standard') {}

	get enabled(): boolean {
		return this.policy !== 'off';
	}

	private note(field: string, kind: string): void {
		const key = `${field}\u0000${kind}`;
		if (this.seen.has(key)) return;
		this.seen.add(key);
		this.redactions.push({ field, kind });
	}

	/**
	 * Scrubs any customer-controlled text: secrets, card numbers and IBANs go, e-mails and phone numbers are
	 * masked. Descriptions, metadata values, memo fields and names all pass through here. Under every policy the
	 * text is clipped first (bounded work) and loses control characters.
	 */
	text(value: unknown, field: string): string | undefined {
		if (value === null || value === undefined) return undefined;
		const text = clipForScan(asText(value));
		return this.enabled ? this.scrub(text, field) : printable(text);
	}

	/** The general scrub of clipped text: every finding replaces the original characters it was read from. */
	private scrub(text: string, field: string): string {
		const folded = foldText(text);
		const findings = findSensitive(folded.text, {
			hideEmails: this.policy === 'strict',
			contactField: CONTACT_FIELD.test(field),
			referenceField: REFERENCE_FIELD.test(field),
		});
		let result = '';
		let cursor = 0;
		for (const finding of findings) {
			const span = originalSpan(folded, finding.start, finding.end);
			result += printable(text.slice(cursor, span.start)) + finding.replacement;
			cursor = span.end;
		}
		const found = new Set(findings.map((finding) => finding.kind));
		for (const kind of NOTE_ORDER) if (found.has(kind)) this.note(field, kind);
		return result + printable(text.slice(cursor));
	}

	/** An e-mail field: masked under `standard`, hidden under `strict`; then scrubbed like any text. */
	email(value: unknown, field: string): string | undefined {
		if (typeof value !== 'string' || value.length === 0) return undefined;
		const text = clipForScan(value);
		if (!this.enabled) return printable(text);
		this.note(field, 'email');
		if (this.policy === 'strict') return '[email hidden]';
		return this.scrub(containsEmail(foldText(text).text) ? text : maskEmail(text), field);
	}

	/** A phone field: masked but for its last two digits (in whatever script they were written), then scrubbed. */
	phone(value: unknown, field: string): string | undefined {
		if (typeof value !== 'string' || value.length === 0) return undefined;
		const text = clipForScan(value);
		if (!this.enabled) return printable(text);
		this.note(field, 'phone');
		return this.policy === 'strict' ? '[phone hidden]' : this.scrub(maskPhone(foldText(text).text), field);
	}

	/** A person's or company's name: kept under `standard` (scrubbed as text), dropped under `strict`. */
	name(value: unknown, field: string): string | undefined {
		if (typeof value !== 'string' || value.trim().length === 0) return undefined;
		if (this.policy === 'strict') {
			this.note(field, 'name');
			return '[name hidden]';
		}
		return this.text(value, field);
	}

	/**
	 * A postal address: the street lines and postal code are hidden; city and country stay under `standard`
	 * (enough to tell a customer's region), only the country under `strict`.
	 */
	address(value: unknown, field: string): string | undefined {
		if (typeof value !== 'object' || value === null) return undefined;
		const address = value as Record<string, unknown>;
		const part = (key: string) =>
			typeof address[key] === 'string' && address[key] ? (address[key] as string) : undefined;
		if (!this.enabled) {
			const all = ['line1', 'line2', 'postal_code', 'city', 'state', 'country'].map(part).filter(Boolean);
			return all.length ? this.text(all.join(', '), field) : undefined;
		}
		const hasStreet = Boolean(part('line1') || part('line2') || part('postal_code'));
		const kept = (this.policy === 'strict' ? [part('country')] : [part('city'), part('country')]).filter(Boolean);
		if (hasStreet || (this.policy === 'strict' && (part('city') || part('state')))) this.note(field, 'address');
		if (kept.length === 0) return hasStreet ? '[address hidden]' : undefined;
		return kept.map((piece) => this.text(piece, field)).join(', ');
	}
}
