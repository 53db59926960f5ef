/**
 * Generated leaks (issue 11): card numbers with random separators, neighbours and digit scripts; national and
 * international phone numbers; encoded e-mail addresses; glued and encoded API keys; IBANs. Each case puts one into
 * string fields of a real event shape (the repository's own fixtures), builds the message and renders it in all three
 * formats: the model (what `render --format model` prints), Slack Block Kit with its fallback `text`, and plain text.
 * Not one of them may show the leak.
 *
 * A failure prints fast-check's seed and path; replay it with REDACTION_SEED=<seed> REDACTION_PATH=<path>.
 * REDACTION_CASES sets the number of cases per class (default 10,000). Locally every run draws new cases, to keep
 * finding holes; under CI (`CI=true`) the seed is fixed, so a submission's result does not depend on the draw.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { buildMessage } from '../../src/core/buildMessage';
import { renderSlack } from '../../src/platforms/slack/render';
import { renderText } from '../../src/core/render/text';
import type { RedactionPolicy } from '../../src/core/types';
import { luhnCheckDigit } from '../support/luhn';

const CASES_PER_CLASS = Number(process.env.REDACTION_CASES) || 10_000;
const CI_SEED = 20_261_202;
const REPLAY = process.env.REDACTION_SEED
	? { seed: Number(process.env.REDACTION_SEED), path: process.env.REDACTION_PATH }
	: process.env.CI
		? { seed: CI_SEED }
		: {};
const NOW = () => Date.UTC(2026, 2, 10, 12, 0, 0);
const POLICIES: readonly RedactionPolicy[] = ['standard', 'strict'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonPath = Array<string | number>;

interface Fixture {
	name: string;
	raw: string;
	/** Paths of the string fields that show up in some output when redaction is off. */
	shown: JsonPath[];
	/** Everything the unchanged event renders to, per policy, to tell a leak from a coincidence. */
	baseline: Record<string, string>;
}

/** Every string of a rendered value, one per line (JSON escaping would hide or split what is shown). */
function strings(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Array.isArray(value)) for (const item of value) strings(item, out);
	else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) strings(item, out);
	return out;
}

/** The three formats: the model, Slack (blocks and fallback text), and plain text. */
function renderAll(event: unknown, redaction: RedactionPolicy, actionSecret?: string): Record<string, string> {
	const message = buildMessage(event, { redaction, now: NOW, actionSecret });
	return {
		model: strings(message).join('\n'),
		slack: strings(renderSlack(message)).join('\n'),
		text: renderText(message),
	};
}

function stringPaths(value: Json, prefix: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
	if (typeof value === 'string') {
		// The envelope's own `object: "event"` is what makes it an event; everything else is fair game.
		if (!(prefix.length === 1 && prefix[0] === 'object')) out.push(prefix);
	} else if (Array.isArray(value)) value.forEach((item, index) => stringPaths(item, [...prefix, index], out));
	else if (typeof value === 'object' && value !== null) {
		for (const [key, item] of Object.entries(value)) stringPaths(item, [...prefix, key], out);
	}
	return out;
}

function setAt(root: Json, at: JsonPath, update: (old: string) => string): void {
	let node = root as Record<string | number, Json>;
	for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, Json>;
	const last = at[at.length - 1];
	node[last] = update(node[last] as string);
}

const MARKER = /zq(\d+)qz/g;

/** Which string fields reach an output: each gets a numbered marker, replaced and appended, with redaction off. */
function shownPaths(raw: string): JsonPath[] {
	const paths = stringPaths(JSON.parse(raw) as Json);
	const found = new Set<number>();
	for (const mark of [(index: number) => `zq${index}qz`, (index: number, old: string) => `${old} zq${index}qz`]) {
		const event = JSON.parse(raw) as Json;
		paths.forEach((at, index) => setAt(event, at, (old) => mark(index, old)));
		for (const output of Object.values(renderAll(event, 'off'))) {
			for (const match of output.matchAll(MARKER)) found.add(Number(match[1]));
		}
	}
	return paths.filter((_, index) => found.has(index));
}

const FIXTURE_DIR = path.join(__dirname, '../fixtures/events');
const FIXTURES: Fixture[] = readdirSync(FIXTURE_DIR)
	.filter((name) => name.endsWith('.json'))
	.sort()
	.map((name) => {
		const raw = readFileSync(path.join(FIXTURE_DIR, name), 'utf8');
		const baseline: Record<string, string> = {};
		for (const policy of POLICIES) baseline[policy] = Object.values(renderAll(JSON.parse(raw), policy)).join('\n');
		return { name, raw, shown: shownPaths(raw), baseline };
	});

// ---- How an output is read for each kind of leak: the way a person would read it, whatever the script. ----

/** Zero of each digit script the generators use (ASCII, full-width, Arabic-Indic, Persian, Devanagari, Bengali, Thai). */
const DIGIT_ZEROS = [0x30, 0xff10, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50];

/**
 * Digits as a person reads them across the separators the generators use; any other character is a boundary, so
 * the last two digits of one masked number and those of the next do not read as one run.
 */
function digitsOf(text: string): string {
	let digits = '';
	for (const character of text.normalize('NFKC')) {
		const code = character.codePointAt(0) as number;
		const zero = DIGIT_ZEROS.find((start) => code >= start && code <= start + 9);
		if (zero !== undefined) digits += String(code - zero);
		else if (!READ_THROUGH.has(character)) digits += '|';
	}
	return digits;
}

/** IBANs read across spaces and dashes. */
function alphanumericsOf(text: string): string {
	return text
		.normalize('NFKC')
		.toUpperCase()
		.replace(/[\s-]+/g, '')
		.replace(/[^A-Z0-9]/g, '|');
}

function lettersOf(text: string): string {
	return text.normalize('NFKC').toLowerCase();
}

interface Needle {
	/** What is put into the event. */
	text: string;
	/** How an output is read for this kind of leak. */
	read: (output: string) => string;
	/** Pieces of the sensitive value; any of them in what is read is a leak. */
	pieces: string[];
}

// ---- Generators. ----

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digitString = (min: number, max: number) =>
	fc.array(digit, { minLength: min, maxLength: max }).map((digits) => digits.join(''));

/** Writes ASCII digits in another script: one script for the whole number, or a mix digit by digit. */
const script: fc.Arbitrary<readonly number[]> = fc.oneof(
	{ weight: 3, arbitrary: fc.constant([0x30]) },
	{ weight: 2, arbitrary: fc.subarray(DIGIT_ZEROS, { minLength: 1 }) },
);
function inScript(text: string, zeros: readonly number[], pick: number): string {
	let index = pick;
	return text.replace(/[0-9]/g, (character) => {
		const zero = zeros[index++ % zeros.length];
		return String.fromCodePoint(zero + Number(character));
	});
}

/** Single separator characters people (and tools) put between digit groups, invisible ones included. */
const CARD_SEPARATORS = [
	' ',
	'\t',
	'\u00A0',
	'\u202F',
	'\u2009',
	'\u3000',
	'.',
	'/',
	'_',
	'+',
	'-',
	'\u2010',
	'\u2013',
	'\u2014',
	'\u2212',
	'\uFF0D',
	'\u30FC',
	'\u200B',
	'\u200C',
	'\u200D',
	'\u2060',
	'\uFEFF',
	'\u00AD',
];
const separator = fc
	.array(fc.constantFrom(...CARD_SEPARATORS), { minLength: 0, maxLength: 3 })
	.map((parts) => parts.join(''));

function splitIntoGroups(digits: string, sizes: readonly number[]): string[] {
	const groups: string[] = [];
	let at = 0;
	for (const size of sizes) {
		if (at >= digits.length) break;
		groups.push(digits.slice(at, at + size));
		at += size;
	}
	if (at < digits.length) groups.push(digits.slice(at));
	return groups;
}

const cardNeedle: fc.Arbitrary<Needle> = fc
	.record({
		body: fc.integer({ min: 12, max: 18 }).chain((length) => digitString(length, length)),
		grouping: fc.oneof(
			fc.constant<readonly number[]>([4, 4, 4, 4, 4]),
			fc.constant<readonly number[]>([4, 6, 5]),
			fc.constant<readonly number[]>([100]),
			fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 19 }),
		),
		separators: fc.array(separator, { minLength: 19, maxLength: 19 }),
		before: fc.oneof(
			fc.constant(''),
			fc.constantFrom('card ', 'Qty 2 ', 'pan=', 'STRIPE_', '#', 'x'),
			fc.tuple(digitString(1, 4), separator).map(([digits, gap]) => digits + gap),
		),
		after: fc.oneof(
			fc.constant(''),
			fc.constantFrom(' 12/27 cvc 123', '-123', ' exp 2027-12', '.', ' ok'),
			fc.tuple(separator, digitString(1, 4)).map(([gap, digits]) => gap + digits),
		),
		zeros: script,
		pick: fc.nat(6),
	})
	.map(({ body, grouping, separators, before, after, zeros, pick }) => {
		const pan = body + luhnCheckDigit(body);
		const written = splitIntoGroups(pan, grouping)
			.map((group, index) => (index === 0 ? group : separators[index] + group))
			.join('');
		const pieces: string[] = [];
		for (let start = 0; start + 11 <= pan.length; start++) pieces.push(pan.slice(start, start + 11));
		return { text: inScript(before + written + after, zeros, pick), read: digitsOf, pieces };
	});

const PHONE_SEPARATORS = [' ', '  ', '-', '.', '\u00A0', '\u202F', '\u2009', '\u2013', ' - '];
/** What a reader skips when reading digits: every separator the generators put between digits. */
const READ_THROUGH = new Set(
	[...CARD_SEPARATORS, ...PHONE_SEPARATORS, '(', ')', '+', '\uFF0B'].flatMap((separator) => [
		...separator.normalize('NFKC'),
	]),
);

/** National and international formats: the digits (for the oracle) and how they are grouped. */
const phoneFormat = fc.oneof(
	// UK mobile 07700 900123, German mobile 0151 12345678, French 06 12 34 56 78
	digitString(8, 8).map((rest) => ({ prefix: '', digits: `077${rest}`, groups: [5, 6] })),
	digitString(8, 8).map((rest) => ({ prefix: '', digits: `0151${rest}`, groups: [4, 8] })),
	digitString(8, 8).map((rest) => ({ prefix: '', digits: `06${rest}`, groups: [2, 2, 2, 2, 2] })),
	// Spanish mobile 612 345 678, US (415) 555-0123 or 415-555-0123 or bare 4155550123
	digitString(8, 8).map((rest) => ({ prefix: '', digits: `6${rest}`, groups: [3, 3, 3] })),
	digitString(9, 9).map((rest) => ({ prefix: '', digits: `4${rest}`, groups: [3, 3, 4] })),
	digitString(9, 9).map((rest) => ({ prefix: '', digits: `2${rest}`, groups: [10] })),
	// International: +44 7700 900123, +49 151 12345678, +1 415 555 0123, +34 612 345 678, compact +4915112345678
	digitString(7, 7).map((rest) => ({ prefix: '+', digits: `447${rest}`, groups: [2, 4, 6] })),
	digitString(8, 8).map((rest) => ({ prefix: '+', digits: `49151${rest}`, groups: [2, 3, 8] })),
	digitString(7, 7).map((rest) => ({ prefix: '+', digits: `1415${rest}`, groups: [1, 3, 3, 4] })),
	digitString(8, 8).map((rest) => ({ prefix: '+', digits: `346${rest}`, groups: [2, 3, 3, 3] })),
	digitString(9, 11).map((rest) => ({ prefix: '+', digits: `49${rest}`, groups: [20] })),
	// A WhatsApp id: the international number without +, as chat ids carry it
	digitString(10, 10).map((rest) => ({ prefix: '', digits: `44${rest}`, groups: [20] })),
);

const phoneNeedle: fc.Arbitrary<Needle> = fc
	.record({
		format: phoneFormat,
		gap: fc.constantFrom(...PHONE_SEPARATORS),
		brackets: fc.boolean(),
		fullWidthPlus: fc.boolean(),
		before: fc.constantFrom('', 'call ', 'tel: ', 'Qty 2 ', 'whatsapp:', 'WhatsApp ', 'mobile\u00A0'),
		after: fc.constantFrom('', '.', ' today', ', thanks', ' (evenings)'),
		zeros: script,
		pick: fc.nat(6),
	})
	.map(({ format, gap, brackets, fullWidthPlus, before, after, zeros, pick }) => {
		const groups = splitIntoGroups(format.digits, format.groups);
		const bracketed = brackets && groups.length >= 3 && format.prefix === '' && groups[0].length === 3;
		const written = bracketed ? `(${groups[0]}) ${groups.slice(1).join(gap)}` : groups.join(gap);
		const plus = format.prefix && (fullWidthPlus ? '\uFF0B' : '+');
		return {
			text: inScript(`${before}${plus}${written}${after}`, zeros, pick),
			read: digitsOf,
			// The mask keeps the first digit of an international number and the last two of every number.
			pieces: [format.digits.slice(1, -2)],
		};
	});

const AT_SIGNS = ['@', '%40', '&#64;', '&#x40;', '&commat;', '\uFF20', '\uFE6B'];
const DOMAINS = ['example.com', 'mail.example.co.uk', 'bücher.de', '例え.jp', 'xn--bcher-kva.example', 'пример.рф'];
const localPart = fc
	.tuple(fc.stringMatching(/^[a-z]{4,6}$/), fc.stringMatching(/^[0-9]{2,3}$/), fc.constantFrom('', '.', '_', '+tag'))
	.map(([letters, digits, extra]) => `${letters}${digits}${extra}`);

const emailNeedle: fc.Arbitrary<Needle> = fc
	.record({
		local: localPart,
		at: fc.constantFrom(...AT_SIGNS),
		domain: fc.constantFrom(...DOMAINS),
		fullWidth: fc.boolean(),
		before: fc.constantFrom('', 'mail ', 'contact: ', '<', '(', 'e-mail\u00A0'),
		after: fc.constantFrom('', '.', '>', ')', ' today', ','),
	})
	.map(({ local, at, domain, fullWidth, before, after }) => {
		const shownLocal = fullWidth
			? [...local].map((character) => String.fromCodePoint((character.codePointAt(0) as number) + 0xfee0)).join('')
			: local;
		return { text: `${before}${shownLocal}${at}${domain}${after}`, read: lettersOf, pieces: [local.slice(1)] };
	});

const SECRET_PREFIXES = [
	'sk_live_',
	'rk_live_',
	'sk_test_',
	'rk_test_',
	'sk_org_live_',
	'sk_org_',
	'whsec_',
	'xoxb-',
	'xoxp-',
	'xapp-',
];
const secretNeedle: fc.Arbitrary<Needle> = fc
	.record({
		prefix: fc.constantFrom(...SECRET_PREFIXES),
		body: fc.stringMatching(/^[A-Za-z0-9]{24,40}$/),
		encoding: fc.constantFrom('plain', 'percent', 'percent-lower', 'entity'),
		before: fc.constantFrom('', 'key ', 'STRIPE_KEY_', 'STRIPE_SECRET=', 'token:', 'x'),
		after: fc.constantFrom('', '.', ' (rotated)', '"', ','),
	})
	.map(({ prefix, body, encoding, before, after }) => {
		const punctuation: Record<string, string> =
			encoding === 'percent'
				? { _: '%5F', '-': '%2D' }
				: encoding === 'percent-lower'
					? { _: '%5f', '-': '%2d' }
					: encoding === 'entity'
						? { _: '&#95;', '-': '&#45;' }
						: {};
		const written = prefix.replace(/[_-]/g, (character) => punctuation[character] ?? character);
		return {
			text: `${before}${written}${body}${after}`,
			read: lettersOf,
			pieces: [body.slice(0, 12).toLowerCase(), body.slice(-12).toLowerCase()],
		};
	});

/** Countries and their BBAN shape: `n` a digit, `a` an upper-case letter. */
const IBAN_SHAPES: Record<string, string> = {
	DE: 'nnnnnnnnnnnnnnnnnn',
	GB: 'aaaannnnnnnnnnnnnn',
	FR: 'nnnnnnnnnnnnnnnnnnnnnnn',
	ES: 'nnnnnnnnnnnnnnnnnnnn',
	NL: 'aaaannnnnnnnnn',
	IT: 'annnnnnnnnnnnnnnnnnnnnn',
	BE: 'nnnnnnnnnnnn',
	AT: 'nnnnnnnnnnnnnnnn',
	CH: 'nnnnnnnnnnnnnnnnn',
	PL: 'nnnnnnnnnnnnnnnnnnnnnnnn',
};

function ibanCheckDigits(country: string, bban: string): string {
	let remainder = 0;
	for (const character of `${bban}${country}00`) {
		const value = Number.parseInt(character, 36);
		remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
	}
	return String(98 - remainder).padStart(2, '0');
}

const ibanNeedle: fc.Arbitrary<Needle> = fc
	.record({
		country: fc.constantFrom(...Object.keys(IBAN_SHAPES)),
		randomness: fc.array(fc.nat(25), { minLength: 24, maxLength: 24 }),
		grouped: fc.constantFrom('compact', 'spaces', 'double', 'dashes'),
		lowerCase: fc.boolean(),
		before: fc.constantFrom('', 'IBAN ', 'IBAN: ', 'pay to ', 'Konto '),
		after: fc.constantFrom('', '.', ' (Sparkasse)', ', BIC COBADEFFXXX'),
	})
	.map(({ country, randomness, grouped, lowerCase, before, after }) => {
		const bban = [...IBAN_SHAPES[country]]
			.map((kind, index) =>
				kind === 'n' ? String(randomness[index] % 10) : String.fromCharCode(65 + randomness[index]),
			)
			.join('');
		const iban = `${country}${ibanCheckDigits(country, bban)}${bban}`;
		const gap = { compact: '', spaces: ' ', double: '  ', dashes: '-' }[grouped];
		const written = (iban.match(/.{1,4}/g) ?? []).join(gap);
		return {
			text: `${before}${lowerCase ? written.toLowerCase() : written}${after}`,
			read: alphanumericsOf,
			pieces: [iban.slice(4, -4)],
		};
	});

// ---- The property. ----

/** Where the needle goes: into one field that is shown, or into every string field of the event at once. */
const placement = fc.record({
	fixture: fc.nat(FIXTURES.length - 1),
	target: fc.oneof({ weight: 4, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant('every field' as const) }),
	how: fc.constantFrom('replace', 'append', 'prepend'),
	policy: fc.constantFrom(...POLICIES),
	signed: fc.boolean(),
});

type PlacementValue = typeof placement extends fc.Arbitrary<infer T> ? T : never;

function inject(fixture: Fixture, target: number | 'every field', how: string, needle: string): Json {
	const event = JSON.parse(fixture.raw) as Json;
	const combine = (old: string) =>
		how === 'replace' ? needle : how === 'append' ? `${old} ${needle}` : `${needle} ${old}`;
	const paths = target === 'every field' ? stringPaths(event) : [fixture.shown[target % fixture.shown.length]];
	for (const at of paths) setAt(event, at, combine);
	return event;
}

/** The leaks in one case, as `format: piece` lines (empty when there are none). */
function leaksOf(needle: Needle, place: PlacementValue): string[] {
	const fixture = FIXTURES[place.fixture];
	const event = inject(fixture, place.target, place.how, needle.text);
	const outputs = renderAll(event, place.policy, place.signed ? 'property-test-secret' : undefined);
	const baseline = needle.read(fixture.baseline[place.policy]);
	const leaks: string[] = [];
	for (const [format, output] of Object.entries(outputs)) {
		const read = needle.read(output);
		for (const piece of needle.pieces) {
			// A piece the unchanged event already shows (an id, a timestamp) is a coincidence, not a leak.
			if (!read.includes(piece) || baseline.includes(piece)) continue;
			const line = output.split('\n').find((candidate) => needle.read(candidate).includes(piece));
			leaks.push(`${format}: ${JSON.stringify(line ?? piece)}`);
		}
	}
	return leaks;
}

describe('no generated leak reaches any output format', () => {
	it('has fixtures whose fields reach the output', () => {
		expect(FIXTURES.length).toBeGreaterThan(50);
		for (const fixture of FIXTURES) expect(fixture.shown.length).toBeGreaterThan(0);
	});

	it.each([
		['card numbers (separators, neighbours, digit scripts)', cardNeedle],
		['phone numbers (national and international formats)', phoneNeedle],
		['e-mail addresses (encoded, full-width, IDN)', emailNeedle],
		['API secrets (glued, percent- and entity-encoded)', secretNeedle],
		['IBANs', ibanNeedle],
	])('%s', (_class, needle) => {
		let cases = 0;
		fc.assert(
			fc.property(needle, placement, (generated, place) => {
				cases++;
				const leaks = leaksOf(generated, place);
				if (leaks.length > 0) {
					throw new Error(
						`${JSON.stringify(generated.text)} in ${FIXTURES[place.fixture].name} (${JSON.stringify(place)}) leaked: ${leaks.join('; ')}`,
					);
				}
			}),
			{ numRuns: CASES_PER_CLASS, ...REPLAY },
		);
		expect(cases).toBeGreaterThanOrEqual(REPLAY.path === undefined ? CASES_PER_CLASS : 1);
	});
});
