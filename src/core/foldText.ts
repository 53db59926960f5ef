/**
 * Customer text as the redactor reads it. People and tools write the same card number, e-mail or key in many
 * ways: full-width digits from a Japanese IME, Arabic-Indic digits, no-break or thin spaces, zero-width
 * characters between digits, `%40` or `&#64;` for `@`. Folding turns all of them into one plain form so the
 * detectors need to know only that form, and keeps, for every folded character, where it came from, so a
 * finding replaces exactly the original characters.
 */

/** What is read of one string: redaction output never shows more than a few thousand characters. */
export const MAX_SCANNED_LENGTH = 4000;

export interface FoldedText {
	/** NFKC per character, decimal digits of every script as `0`–`9`, zero-width and control characters dropped. */
	text: string;
	/** Where the folded character at an index starts in the original, or undefined when the two are the same. */
	from?: readonly number[];
	/** Where it ends (exclusive) in the original. */
	to?: readonly number[];
}

/** Printable ASCII without `%` and `&`: folds to itself. Most text (ids, amounts, English) takes this path. */
const PLAIN_ASCII = /^[\x20-\x24\x27-\x7E\n\t]*$/;
const DECIMAL_DIGIT = /\p{Nd}/u;
/** Zero-width and other invisible format characters (soft hyphen, ZWSP, ZWJ, BOM, bidi marks): gaps in the text. */
const FORMAT_CHARACTER = /\p{Cf}/u;
const CONTROL_CHARACTER = /\p{Cc}/u;

/** Named entities people (and HTML-escaping tools) use for the characters that make up e-mails, keys and numbers. */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
	commat: '@',
	period: '.',
	lowbar: '_',
	UnderBar: '_',
	plus: '+',
	hyphen: '-',
	dash: '-',
	sol: '/',
	nbsp: ' ',
	num: '#',
	percnt: '%',
	amp: '&',
};

const foldCache = new Map<string, string>();
const MAX_FOLD_CACHE = 2000;

/**
 * The digit of a decimal digit in any script. Unicode places each script's digits as ten consecutive code points
 * from zero to nine, and adjacent blocks of digits are again whole tens, so the offset into the run gives the value.
 */
function digitValue(codePoint: number): number {
	let start = codePoint;
	while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
	return (codePoint - start) % 10;
}

/** The folded form of one character (outside plain ASCII); empty for characters that are gaps. */
function foldCharacter(character: string): string {
	const cached = foldCache.get(character);
	if (cached !== undefined) return cached;
	let folded = '';
	for (const piece of character.normalize('NFKC')) {
		const codePoint = piece.codePointAt(0) as number;
		if (piece === '\n' || piece === '\t') folded += piece;
		else if (CONTROL_CHARACTER.test(piece) || FORMAT_CHARACTER.test(piece)) continue;
		else if (codePoint > 0x7f && DECIMAL_DIGIT.test(piece)) folded += String(digitValue(codePoint));
		else folded += piece;
	}
	if (foldCache.size >= MAX_FOLD_CACHE) foldCache.clear();
	foldCache.set(character, folded);
	return folded;
}

function hexValue(text: string, index: number, length: number): number | undefined {
	const digits = text.slice(index, index + length);
	return digits.length === length && /^[0-9A-Fa-f]+$/.test(digits) ? Number.parseInt(digits, 16) : undefined;
}

/** `%40` → `@`: only printable ASCII, which is what e-mails and keys are made of. */
function percentDecoded(text: string, index: number): { character: string; end: number } | undefined {
	const value = hexValue(text, index + 1, 2);
	return value !== undefined && value >= 0x20 && value < 0x7f
		? { character: String.fromCharCode(value), end: index + 3 }
		: undefined;
}

/** `&#64;`, `&#x40;` and the few named entities above. */
function entityDecoded(text: string, index: number): { character: string; end: number } | undefined {
	const semicolon = text.indexOf(';', index + 2);
	if (semicolon < 0 || semicolon - index > 10) return undefined;
	const body = text.slice(index + 1, semicolon);
	let codePoint: number | undefined;
	if (/^#[0-9]{1,7}$/.test(body)) codePoint = Number.parseInt(body.slice(1), 10);
	else if (/^#[xX][0-9A-Fa-f]{1,6}$/.test(body)) codePoint = Number.parseInt(body.slice(2), 16);
	else if (Object.hasOwn(NAMED_ENTITIES, body)) return { character: NAMED_ENTITIES[body], end: semicolon + 1 };
	if (codePoint === undefined || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
	return { character: String.fromCodePoint(codePoint), end: semicolon + 1 };
}

/** Folds `text` (at most MAX_SCANNED_LENGTH characters; see clipForScan) in one linear pass. */
export function foldText(text: string): FoldedText {
	if (PLAIN_ASCII.test(text)) return { text };
	const pieces: string[] = [];
	const from: number[] = [];
	const to: number[] = [];
	const emit = (folded: string, start: number, end: number) => {
		for (let k = 0; k < folded.length; k++) {
			from.push(start);
			to.push(end);
		}
		pieces.push(folded);
	};
	for (let index = 0; index < text.length; ) {
		const code = text.charCodeAt(index);
		const decoded =
			code === 0x25 ? percentDecoded(text, index) : code === 0x26 ? entityDecoded(text, index) : undefined;
		if (decoded) {
			emit(
				decoded.character.length === 1 && decoded.character < '\x7f'
					? decoded.character
					: foldCharacter(decoded.character),
				index,
				decoded.end,
			);
			index = decoded.end;
			continue;
		}
		const width = code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
		const character = text.slice(index, index + width);
		emit(
			(code >= 0x20 && code < 0x7f) || code === 0x0a || code === 0x09 ? character : foldCharacter(character),
			index,
			index + width,
		);
		index += width;
	}
	return { text: pieces.join(''), from, to };
}

/** Where a span `[start, end)` of the folded text lies in the original. */
export function originalSpan(folded: FoldedText, start: number, end: number): { start: number; end: number } {
	if (!folded.from || !folded.to) return { start, end };
	return { start: folded.from[start], end: folded.to[end - 1] };
}

/**
 * C0 and C1 control characters (ESC sequences recolour or rewrite a terminal; a carriage return overwrites the
 * line) and the bidirectional overrides that show text in another order than it is stored. Line breaks and tabs stay.
 */
const UNPRINTABLE = /(?![\n\t])\p{Cc}|[\u202A-\u202E\u2066-\u2069]/gu;

/** Text without characters that act on a terminal or reorder what a reader sees. */
export function printable(text: string): string {
	return text.replace(UNPRINTABLE, '');
}

const WHITE_SPACE = /\s/u;
/** What joins the digit groups of a card or phone number, besides white space. */
const DIGIT_GROUP_PUNCTUATION = /[\p{Nd}./_+\-\u2010-\u2015\u2212()]/u;

/** `text` without its trailing characters that `belongs` accepts; a loop, since `[…]*$` rescans from every start. */
function withoutTrailing(text: string, belongs: (character: string) => boolean): string {
	let end = text.length;
	while (end > 0 && belongs(text.charAt(end - 1))) end--;
	return text.slice(0, end);
}

/**
 * At most MAX_SCANNED_LENGTH characters of `text`, so scanning costs the same for a 5 MB string as for a page.
 * When the cut falls inside a word or a run of digit groups, the whole run goes: half a card number or half an
 * e-mail address is still a piece of it, and the detectors cannot recognise a piece.
 */
export function clipForScan(text: string, max = MAX_SCANNED_LENGTH): string {
	if (text.length <= max) return text;
	let end = max;
	const code = text.charCodeAt(end - 1);
	if (code >= 0xd800 && code <= 0xdbff) end--;
	let kept = text.slice(0, end);
	if (!WHITE_SPACE.test(text.charAt(end))) kept = withoutTrailing(kept, (character) => !WHITE_SPACE.test(character));
	kept = withoutTrailing(kept, (character) => WHITE_SPACE.test(character) || DIGIT_GROUP_PUNCTUATION.test(character));
	return `${kept}…`;
}
