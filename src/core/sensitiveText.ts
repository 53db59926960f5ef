/**
 * Finds what must not reach a chat channel in folded text (see foldText.ts): API secrets, e-mail addresses, IBANs,
 * card numbers and contact numbers. Every detector is a single left-to-right pass or a regular expression without
 * nested repetition, so a string costs time in proportion to its length; the redactor clips strings beforehand.
 */

export type SensitiveKind = 'secret' | 'email' | 'iban' | 'card_number' | 'card_code' | 'phone';

/** A span of the folded text and what replaces it. */
export interface Finding {
	start: number;
	end: number;
	kind: SensitiveKind;
	replacement: string;
}

export interface SensitiveScanOptions {
	/** `[email hidden]` instead of `j***@example.com` (strict policy). */
	hideEmails: boolean;
	/** The field's name says it holds a contact number or a chat id: any run of 7 or more digits is one. */
	contactField: boolean;
	/** The field's name says it holds an order, invoice or tracking number: a bare digit run there is a reference. */
	referenceField: boolean;
}

/**
 * Glued to whatever stands before them (`STRIPE_KEY_sk_live_…`): a key pasted into a word is still a key.
 * A `/` ends a webhook secret (Stripe's are letters and digits): otherwise, in a URL path holding two secrets, the
 * first match would run into the second and leave that one's tail readable.
 * @see https://docs.stripe.com/keys
 * @see https://api.slack.com/concepts/token-types
 */
const SECRET_PATTERN =
	/(?:sk|rk)_(?:live|test|org)_[A-Za-z0-9_]{6,}|whsec_[A-Za-z0-9+=]{6,}|xox[abeoprs]-[A-Za-z0-9-]{6,}|xapp-[A-Za-z0-9-]{6,}/g;

/**
 * Local part and domain in any script (`jäne@bücher.de`, `jane@例え.jp`), punycode top-level domains included.
 * It starts only where a run of local-part characters starts: otherwise a long run without `@` costs O(n²).
 */
const EMAIL_PATTERN =
	/(?<![\p{L}\p{M}\p{N}._%+-])[\p{L}\p{M}\p{N}._%+-]+@[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)*\.(?:xn--[A-Za-z0-9-]+|\p{L}[\p{L}\p{M}]+)/gu;

/** IBAN length by country. @see https://www.swift.com/standards/data-standards/iban-international-bank-account-number */
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
	(
		'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ' +
		'ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 ' +
		'LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 ' +
		'QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
	)
		.split(' ')
		.map((entry): [string, number] => [entry.slice(0, 2), Number(entry.slice(2))]),
);
const IBAN_START = /(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}/g;

/** The security code people type after a card number: `cvc 123`, `CVV2: 1234`, `security code 123`. */
const CARD_CODE_PATTERN = /(?<![\p{L}])(?:cvc2?|cvv2?|csc|cid|security code)\W{0,3}(?=\d{3,4}(?!\d))/giu;

/** A card number is 13 to 19 digits (ISO/IEC 7812). */
const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;
/** E.164 allows at most 15 digits; longer runs are account numbers or ids. */
const MAX_PHONE_DIGITS = 15;
/** No phone number has fewer digits (readsAsPhone). */
const MIN_PHONE_DIGITS = 7;
/** `4242 - 4242`: a few separator characters in a row still join two digit groups. */
const MAX_SEPARATOR_RUN = 3;

/** Dashes of every kind, the minus sign, and the katakana prolonged sound mark a Japanese IME types for a dash. */
const DASHES = '-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2E3A\u2E3B\u30FC';

/**
 * What people put between the digit groups of a card number: spaces of every width (folded to a space), tabs and
 * line breaks, `.` `/` `_` `+`, dashes and the middle dot.
 */
const CARD_SEPARATORS: ReadonlySet<string> = new Set(` \t\n./_+\u00B7${DASHES}`);

/** What people put between the digit groups of a phone number. `_` and `+` are not among them: see findPhones. */
const PHONE_SEPARATORS: ReadonlySet<string> = new Set(` \t./()${DASHES}`);

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

/** The placeholder for text a detector has claimed: no later detector can match across it. */
const CLAIMED = '\uFFFC';

function claim(text: string, findings: readonly Finding[]): string {
	if (findings.length === 0) return text;
	let result = '';
	let cursor = 0;
	for (const finding of findings) {
		result += text.slice(cursor, finding.start) + CLAIMED.repeat(finding.end - finding.start);
		cursor = finding.end;
	}
	return result + text.slice(cursor);
}

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

function findSecrets(text: string): Finding[] {
	return [...text.matchAll(SECRET_PATTERN)].map((match) => ({
		start: match.index,
		end: match.index + match[0].length,
		kind: 'secret',
		replacement: '[secret removed]',
	}));
}

/** `jane.doe@example.com` → `j***@example.com`. */
export function maskEmail(email: string): string {
	const at = email.lastIndexOf('@');
	if (at <= 0) return '***';
	return `${email[0]}***${email.slice(at)}`;
}

/** Whether folded text holds an e-mail address (an e-mail field that does not is masked whole). */
export function containsEmail(text: string): boolean {
	return text.search(EMAIL_PATTERN) >= 0;
}

function findEmails(text: string, hide: boolean): Finding[] {
	return [...text.matchAll(EMAIL_PATTERN)].map((match) => ({
		start: match.index,
		end: match.index + match[0].length,
		kind: 'email',
		replacement: hide ? '[email hidden]' : maskEmail(match[0]),
	}));
}

/** ISO 13616 check: the IBAN with its first four characters moved to the end, letters as 10–35, mod 97 is 1. */
function passesIbanCheck(iban: string): boolean {
	const rearranged = iban.slice(4) + iban.slice(0, 4);
	let remainder = 0;
	for (const character of rearranged) {
		const value = Number.parseInt(character, 36);
		remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
	}
	return remainder === 1;
}

/** IBANs written whole or in groups (`DE89 3704 0044 0532 0130 00`), checked by length and check digits. */
function findIbans(text: string): Finding[] {
	const findings: Finding[] = [];
	for (const match of text.matchAll(IBAN_START)) {
		const length = IBAN_LENGTHS.get(match[0].slice(0, 2).toUpperCase());
		if (length === undefined) continue;
		let characters = '';
		let index = match.index;
		let end = index;
		let gap = 0;
		while (index < text.length && characters.length < length) {
			const character = text.charAt(index);
			if (/[A-Za-z0-9]/.test(character)) {
				characters += character;
				end = index + 1;
				gap = 0;
			} else if ((character === ' ' || character === '-') && ++gap <= 2) {
				// One or two separators between groups; more ends the candidate.
			} else break;
			index++;
		}
		if (characters.length !== length || /[A-Za-z0-9]/.test(text.charAt(end))) continue;
		const iban = characters.toUpperCase();
		if (!passesIbanCheck(iban)) continue;
		findings.push({ start: match.index, end, kind: 'iban', replacement: `[IBAN •••• ${iban.slice(-4)}]` });
	}
	return findings;
}

interface DigitRun {
	/** Index in the text of each digit of the run. */
	positions: number[];
	digits: string;
}

/** Runs of digits joined by up to MAX_SEPARATOR_RUN characters of `separators`. */
function digitRuns(text: string, separators: ReadonlySet<string>): DigitRun[] {
	const runs: DigitRun[] = [];
	let current: DigitRun | undefined;
	let gap = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (isDigit(code)) {
			current ??= { positions: [], digits: '' };
			current.positions.push(index);
			current.digits += text.charAt(index);
			gap = 0;
		} else if (current && separators.has(text.charAt(index)) && ++gap <= MAX_SEPARATOR_RUN) {
			continue;
		} else if (current) {
			runs.push(current);
			current = undefined;
			gap = 0;
		}
	}
	if (current) runs.push(current);
	return runs;
}

/**
 * Every window of 13 to 19 consecutive digits of a run that passes the Luhn check, merged: a card number goes
 * whatever stands next to it (`Qty 2 4242 4242 4242 4242`, `4242-4242-4242-4242-123`). Prefix sums per index
 * parity make each window O(1), so a run costs O(length).
 */
function luhnSpans(digits: string): Array<[number, number]> {
	const length = digits.length;
	// asIs[p][k] / doubled[p][k]: the sum of the first k digits whose index has parity p, as they are / doubled.
	const asIs = [new Int32Array(length + 1), new Int32Array(length + 1)];
	const doubled = [new Int32Array(length + 1), new Int32Array(length + 1)];
	for (let k = 0; k < length; k++) {
		const digit = digits.charCodeAt(k) - 48;
		for (const parity of [0, 1]) {
			const own = k % 2 === parity;
			asIs[parity][k + 1] = asIs[parity][k] + (own ? digit : 0);
			doubled[parity][k + 1] = doubled[parity][k] + (own ? (digit > 4 ? digit * 2 - 9 : digit * 2) : 0);
		}
	}
	const spans: Array<[number, number]> = [];
	for (let start = 0; start + MIN_CARD_DIGITS <= length; start++) {
		for (let last = start + MIN_CARD_DIGITS - 1; last < Math.min(length, start + MAX_CARD_DIGITS); last++) {
			// Counting from the check digit at `last`, every second digit is doubled: those of the other parity.
			const kept = last % 2;
			const twice = 1 - kept;
			const sum = asIs[kept][last + 1] - asIs[kept][start] + doubled[twice][last + 1] - doubled[twice][start];
			if (sum % 10 !== 0) continue;
			const previous = spans[spans.length - 1];
			if (previous && start <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
			else spans.push([start, last]);
		}
	}
	return spans;
}

/**
 * Card numbers, after secrets, e-mails and IBANs have claimed their characters. A run of up to 15 digits that
 * starts with `+` (`+4915123456789`), or stands in a contact field, is a phone number even when it happens to
 * pass Luhn: the phone detector masks all of it but the last two digits.
 */
function findCards(text: string, contactField: boolean): Finding[] {
	const findings: Finding[] = [];
	for (const run of digitRuns(text, CARD_SEPARATORS)) {
		if (run.digits.length < MIN_CARD_DIGITS) continue;
		const phoneSized = run.digits.length <= MAX_PHONE_DIGITS;
		if (phoneSized && (contactField || text.charAt(run.positions[0] - 1) === '+')) continue;
		for (const [first, last] of luhnSpans(run.digits)) {
			findings.push({
				start: run.positions[first],
				end: run.positions[last] + 1,
				kind: 'card_number',
				replacement: '[card number removed]',
			});
		}
	}
	return findings;
}

function findCardCodes(text: string): Finding[] {
	return [...text.matchAll(CARD_CODE_PATTERN)].map((match) => {
		const start = match.index + match[0].length;
		let end = start;
		while (isDigit(text.charCodeAt(end))) end++;
		return { start, end, kind: 'card_code', replacement: '***' };
	});
}

/** `+1 415 555 0123` → `+1 *** *** **23`: keeps the last two digits so people can tell numbers apart. */
export function maskPhone(phone: string): string {
	let total = 0;
	for (let i = 0; i < phone.length; i++) if (isDigit(phone.charCodeAt(i))) total++;
	const international = phone.trimStart().startsWith('+');
	let seen = 0;
	return phone.replace(/\d/g, (digit) => {
		seen++;
		return seen > total - 2 || (international && seen <= 1) ? digit : '*';
	});
}

/** Dates (`2024-01-05`, `05.01.2024`, `2024/01/05`) read like three digit groups; they are no phone numbers. */
const DATE_PATTERN = /(?<!\d)(?:\d{4}([-/.])\d{1,2}\1\d{1,2}|\d{1,2}([-/.])\d{1,2}\2\d{4})(?!\d)/g;
const CURRENCY_SIGN_BEFORE = /\p{Sc}\s?$/u;
const CURRENCY_CODE_BEFORE = /(?<![A-Za-z])([A-Z]{3})\s?$/;
const DECIMALS_OR_CURRENCY_AFTER = /^(?:[.,]\d|\s?\p{Sc})/u;
const CURRENCY_CODE_AFTER = /^\s?([A-Z]{3})(?![A-Za-z])/;
const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** `€ 12 345 678`, `12 345 678,90`, `12 345 678 EUR`: an amount, whatever its grouping. */
function besideAmount(before: string, after: string): boolean {
	if (CURRENCY_SIGN_BEFORE.test(before) || DECIMALS_OR_CURRENCY_AFTER.test(after)) return true;
	const code = CURRENCY_CODE_BEFORE.exec(before)?.[1] ?? CURRENCY_CODE_AFTER.exec(after)?.[1];
	return code !== undefined && CURRENCY_CODES.has(code);
}
const GLUE = /[\p{L}\p{M}_]/u;

interface DigitGroup {
	start: number;
	end: number;
	digits: number;
	/** Touches a letter or `_`: part of an id such as `cus_123` or `in_1MtHb`, not a number on its own. */
	glued: boolean;
}

function digitGroups(text: string): DigitGroup[] {
	const groups: DigitGroup[] = [];
	for (let index = 0; index < text.length; index++) {
		if (!isDigit(text.charCodeAt(index))) continue;
		const start = index;
		while (index < text.length && isDigit(text.charCodeAt(index))) index++;
		groups.push({
			start,
			end: index,
			digits: index - start,
			glued: GLUE.test(text.charAt(start - 1)) || GLUE.test(text.charAt(index)),
		});
	}
	return groups;
}

/** Groups that may belong to one number: only phone separators, at most MAX_SEPARATOR_RUN of them, between them. */
function joined(text: string, left: DigitGroup, right: DigitGroup): boolean {
	if (right.start - left.end > MAX_SEPARATOR_RUN) return false;
	for (let index = left.end; index < right.start; index++) {
		if (!PHONE_SEPARATORS.has(text.charAt(index))) return false;
	}
	return true;
}

function chunksOf(text: string, groups: readonly DigitGroup[], allowGlued: boolean): DigitGroup[][] {
	const chunks: DigitGroup[][] = [];
	for (const group of groups) {
		if (group.glued && !allowGlued) continue;
		const chunk = chunks[chunks.length - 1];
		const previous = chunk?.[chunk.length - 1];
		if (previous && joined(text, previous, group)) chunk.push(group);
		else chunks.push([group]);
	}
	return chunks;
}

/**
 * Whether digit groups read as a contact number (documented in SECURITY.md):
 * - international: `+` (or `00`) and 7–15 digits, in any grouping;
 * - national, 8–15 digits in three or more groups (`612 345 678`, `415-555-0123`), or in two groups when the first
 *   is in brackets or starts with the trunk prefix 0 (`(415) 5550123`, `07700 900123`, `0151 12345678`);
 * - a bare run of 10–15 digits (`4155550123`, a WhatsApp id `447700900123`);
 * but not an amount (a currency sign or code, or decimals, next to it), not a bare run in a field named for an order
 * or invoice number, and not a sequence of single digits.
 */
function readsAsPhone(
	text: string,
	groups: readonly DigitGroup[],
	options: SensitiveScanOptions,
	international: boolean,
): boolean {
	const digits = groups.reduce((sum, group) => sum + group.digits, 0);
	if (options.contactField) return digits >= MIN_PHONE_DIGITS;
	if (digits > MAX_PHONE_DIGITS) return false;
	const first = groups[0];
	if (international) return digits >= MIN_PHONE_DIGITS;
	const before = text.slice(Math.max(0, first.start - 24), first.start);
	const after = text.slice(groups[groups.length - 1].end, groups[groups.length - 1].end + 5);
	if (besideAmount(before, after)) return false;
	const singles = groups.filter((group) => group.digits === 1);
	if (singles.length > 1 || (singles.length === 1 && groups.indexOf(singles[0]) > 1)) return false;
	const startsWithZero = text.charAt(first.start) === '0';
	if (startsWithZero && text.charAt(first.start + 1) === '0' && digits >= 10) return true;
	if (digits < 8) return false;
	if (groups.length >= 3) return true;
	if (groups.length === 2) return digits >= 9 && (startsWithZero || text.charAt(first.start - 1) === '(');
	return digits >= 10 && !options.referenceField;
}

/** Where a phone number written from `group` on starts: its `(` and `+` belong to it. */
function phoneStart(text: string, group: DigitGroup): { start: number; international: boolean } {
	let start = group.start;
	if (text.charAt(start - 1) === '(') start--;
	if (text.charAt(start - 1) === '+') return { start: start - 1, international: true };
	return { start, international: false };
}

/**
 * The runs of groups in a chunk that read as phone numbers, chosen to cover the most digits together:
 * `400 000 0000 400 000 0000` is two numbers, not one of 13 digits and a readable rest. A phone number has at most 15
 * digits, so at most 15 groups: each group starts at most 15 candidate runs, and the choice is linear in the chunk.
 */
function phoneRuns(text: string, chunk: readonly DigitGroup[], options: SensitiveScanOptions): Array<[number, number]> {
	const count = chunk.length;
	// covered[i]: the most digits phone runs can cover in groups i..; lastOf[i]: the last group of the run from i.
	const covered = new Array<number>(count + 1).fill(0);
	const lastOf = new Array<number>(count).fill(-1);
	for (let i = count - 1; i >= 0; i--) {
		covered[i] = covered[i + 1];
		const { international } = phoneStart(text, chunk[i]);
		let digits = 0;
		for (let j = i; j < Math.min(count, i + MAX_PHONE_DIGITS); j++) {
			digits += chunk[j].digits;
			if (digits + covered[j + 1] <= covered[i]) continue;
			if (!readsAsPhone(text, chunk.slice(i, j + 1), options, international)) continue;
			covered[i] = digits + covered[j + 1];
			lastOf[i] = j;
		}
	}
	const runs: Array<[number, number]> = [];
	for (let i = 0; i < count; i = lastOf[i] < 0 ? i + 1 : lastOf[i] + 1) {
		if (lastOf[i] >= 0) runs.push([i, lastOf[i]]);
	}
	return runs;
}

/**
 * Contact numbers, after everything else has claimed its characters, also next to an order number or a quantity
 * (`Qty 2 07700 900123`) or another phone number.
 */
function findPhones(text: string, options: SensitiveScanOptions): Finding[] {
	const undated = text.replace(DATE_PATTERN, (date) => CLAIMED.repeat(date.length));
	const findings: Finding[] = [];
	for (const chunk of chunksOf(undated, digitGroups(undated), options.contactField)) {
		for (const [first, last] of phoneRuns(undated, chunk, options)) {
			const { start } = phoneStart(undated, chunk[first]);
			const end = chunk[last].end;
			findings.push({ start, end, kind: 'phone', replacement: maskPhone(text.slice(start, end)) });
		}
	}
	return findings;
}

/** Every detector needs a digit, an `@`, or the `_` / `-` of a key prefix. */
const MAY_BE_SENSITIVE = /[0-9@_-]/;
/** Every key SECRET_PATTERN knows has a `_` or a `-` after its prefix. */
const KEY_PREFIX_MARK = /[_-]/;
/** An IBAN's two check digits follow its country code (IBAN_START). */
const IBAN_CHECK_DIGITS = 2;
/** CARD_CODE_PATTERN: a security code is 3 or 4 digits. */
const MIN_CARD_CODE_DIGITS = 3;
function countDigits(text: string): number {
	let count = 0;
	for (let index = 0; index < text.length; index++) if (isDigit(text.charCodeAt(index))) count++;
	return count;
}

/**
 * Everything sensitive in `text` (folded), without overlaps, in order. Secrets first (a key may contain digits),
 * then e-mail addresses, IBANs (their digits would otherwise read as a card number), card numbers and their
 * security codes, phone numbers.
 */
export function findSensitive(text: string, options: SensitiveScanOptions): Finding[] {
	if (!MAY_BE_SENSITIVE.test(text)) return [];
	const all: Finding[] = [];
	let remaining = text;
	// Each detector runs only when the text has what it cannot match without (a claim only ever removes
	// characters, so what the whole text lacks, what remains of it lacks too): most texts of an alert are short
	// labels, ids and amounts, and the scans were most of the time of building one.
	const digits = countDigits(text);
	const detectors: Array<(input: string) => Finding[]> = [
		...(KEY_PREFIX_MARK.test(text) ? [findSecrets] : []),
		...(text.includes('@') ? [(input: string) => findEmails(input, options.hideEmails)] : []),
		...(digits >= IBAN_CHECK_DIGITS ? [findIbans] : []),
		...(digits >= MIN_CARD_DIGITS ? [(input: string) => findCards(input, options.contactField)] : []),
		...(digits >= MIN_CARD_CODE_DIGITS ? [findCardCodes] : []),
		...(digits >= MIN_PHONE_DIGITS ? [(input: string) => findPhones(input, options)] : []),
	];
	for (const detect of detectors) {
		const found = detect(remaining);
		if (found.length === 0) continue;
		all.push(...found);
		remaining = claim(
			remaining,
			found.sort((a, b) => a.start - b.start),
		);
	}
	return all.sort((a, b) => a.start - b.start);
}
