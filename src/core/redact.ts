import type { Redaction, RedactionPolicy } from './types';

/**
 * Redaction of customer data before it reaches a chat channel (DESIGN.md, "Choices already made").
 * - `standard` (default): mask e-mails (`j***@example.com`), phone numbers and street addresses; keep a card's
 *   brand + last 4; scrub card-number-like digit runs (Luhn) and API secrets from every free-text field.
 * - `strict`: also drops names and hides e-mail addresses completely.
 * - `off`: shows everything; the message footer says so.
 */

export const REDACTION_POLICIES: readonly RedactionPolicy[] = ['standard', 'strict', 'off'];

export function isRedactionPolicy(value: unknown): value is RedactionPolicy {
	return typeof value === 'string' && (REDACTION_POLICIES as readonly string[]).includes(value);
}

const SECRET_PATTERN =
	/\b(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{6,}|whsec_[A-Za-z0-9+/=]{6,}|xox[abeoprs]-[A-Za-z0-9-]{6,}|xapp-[A-Za-z0-9-]{6,})/g;
const CARD_CANDIDATE_PATTERN = /(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])/g;
/** Starts only at the beginning of a run of local-part characters: otherwise a long run without `@` costs O(n²). */
const EMAIL_PATTERN = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/**
 * Dates (`2024-01-05`, `2024-01-05 10:00`, `05.01.2024`, `2024/01/05`) are matched first so that the phone
 * alternative never sees their digits; the replacer gives them back unchanged.
 */
const DATE_ALTERNATIVE = String.raw`\d{4}(?<yearFirst>[-/.])\d{1,2}\k<yearFirst>\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}(?<yearLast>[-/.])\d{1,2}\k<yearLast>\d{4}`;
/** International numbers (`+44 20 7946 0958`) or digits in groups with phone punctuation (`(415) 555-0123`). */
const PHONE_ALTERNATIVE = String.raw`\+\d[\d\s().-]{6,}\d|\(?\d[\d\s().-]{7,}\d`;
const DATE_OR_PHONE_PATTERN = new RegExp(
	String.raw`(?<![\w.])(?:(?<date>${DATE_ALTERNATIVE})|(?<phone>${PHONE_ALTERNATIVE}))(?![\w])`,
	'g',
);
/** `1.234.567` or `1 234 567`: thousands groups of an amount, not a phone number. */
const THOUSANDS_PATTERN = /^\d{1,3}(?:[. ]\d{3})+$/;
/** E.164 allows at most 15 digits; longer runs are account numbers or ids. */
const MAX_PHONE_DIGITS = 15;

/**
 * Fields whose digit runs are people's numbers even without phone punctuation: a WhatsApp sender id is the phone
 * number (`447700900123`), and flows put it into metadata and `client_reference_id` (`whatsapp:447700900123`).
 */
const CONTACT_FIELD = /phone|mobile|tel|sender|wa_?id|whatsapp|msisdn|contact|client_reference_id/i;
const CONTACT_DIGITS_PATTERN = /\+?\d[\d\s().-]{5,}\d/g;

export function passesLuhn(digits: string): boolean {
	let sum = 0;
	let double = false;
	for (let i = digits.length - 1; i >= 0; i--) {
		let digit = digits.charCodeAt(i) - 48;
		if (double) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
		double = !double;
	}
	return sum % 10 === 0;
}

/**
 * A phone number is written with `+` or in groups (`415-555-0123`, `(415) 555 0123`); a bare digit run is an order
 * number, an id or an amount, and `1234567.89` or `1.234.567` are amounts.
 */
function looksLikePhone(candidate: string): boolean {
	const digits = countDigits(candidate);
	if (digits < 8 || digits > MAX_PHONE_DIGITS) return false;
	if (candidate.startsWith('+')) return true;
	if (THOUSANDS_PATTERN.test(candidate)) return false;
	const groups = candidate.split(/\D+/).filter(Boolean).length;
	return groups >= 3 || (groups === 2 && candidate.startsWith('('));
}

function countDigits(text: string): number {
	let count = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code >= 48 && code <= 57) count++;
	}
	return count;
}

/** `jane.doe@example.com` → `j***@example.com`. */
export function maskEmail(email: string): string {
	const at = email.lastIndexOf('@');
	if (at <= 0) return '***';
	return `${email[0]}***${email.slice(at)}`;
}

/** `+1 415 555 0123` → `+1 *** *** **23`: keeps the last two digits so people can tell numbers apart. */
export function maskPhone(phone: string): string {
	const total = countDigits(phone);
	let seen = 0;
	return phone.replace(/\d/g, (digit) => {
		seen++;
		return seen > total - 2 || (phone.trimStart().startsWith('+') && seen <= 1) ? digit : '*';
	});
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
	 * Scrubs any customer-controlled text: secrets and card numbers always go, e-mails and phone numbers are
	 * masked. Descriptions, metadata values, memo fields and names all pass through here.
	 */
	text(value: unknown, field: string): string | undefined {
		if (value === null || value === undefined) return undefined;
		const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
		if (!this.enabled || text.length === 0) return text;
		let result = text.replace(SECRET_PATTERN, () => {
			this.note(field, 'secret');
			return '[secret removed]';
		});
		if (CONTACT_FIELD.test(field)) {
			result = result.replace(CONTACT_DIGITS_PATTERN, (match) => {
				if (countDigits(match) < 7) return match;
				this.note(field, 'phone');
				return maskPhone(match);
			});
		}
		result = result.replace(CARD_CANDIDATE_PATTERN, (match) => {
			const digits = match.replace(/[ -]/g, '');
			if (digits.length < 13 || !passesLuhn(digits)) return match;
			this.note(field, 'card_number');
			return '[card number removed]';
		});
		result = result.replace(EMAIL_PATTERN, (email) => {
			this.note(field, 'email');
			return this.policy === 'strict' ? '[email hidden]' : maskEmail(email);
		});
		result = result.replace(DATE_OR_PHONE_PATTERN, (match: string, ...rest: unknown[]) => {
			const groups = rest[rest.length - 1] as { date?: string; phone?: string };
			if (groups.date !== undefined || !looksLikePhone(match)) return match;
			this.note(field, 'phone');
			return maskPhone(match);
		});
		return result;
	}

	/** An e-mail field: masked under `standard`, hidden under `strict`. */
	email(value: unknown, field: string): string | undefined {
		if (typeof value !== 'string' || value.length === 0) return undefined;
		if (!this.enabled) return value;
		this.note(field, 'email');
		if (this.policy === 'strict') return '[email hidden]';
		return EMAIL_PATTERN.test(value) ? value.replace(EMAIL_PATTERN, maskEmail) : maskEmail(value);
	}

	/** A phone field: masked but for its last two digits. */
	phone(value: unknown, field: string): string | undefined {
		if (typeof value !== 'string' || value.length === 0) return undefined;
		if (!this.enabled) return value;
		this.note(field, 'phone');
		return this.policy === 'strict' ? '[phone hidden]' : maskPhone(value);
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
			return all.length ? all.join(', ') : undefined;
		}
		const hasStreet = Boolean(part('line1') || part('line2') || part('postal_code'));
		const kept = (this.policy === 'strict' ? [part('country')] : [part('city'), part('country')]).filter(Boolean);
		if (hasStreet || (this.policy === 'strict' && (part('city') || part('state')))) this.note(field, 'address');
		if (kept.length === 0) return hasStreet ? '[address hidden]' : undefined;
		return kept.map((piece) => this.text(piece, field)).join(', ');
	}
}
