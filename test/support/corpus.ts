/**
 * The shared Stripe event corpus (`<repo>/../shared/fixtures`, read in place, never copied) as every conformance
 * test reads it: the files, the envelope for `__data_only` files, the e-mail addresses each holds, the expected
 * money text per Stripe's currency table and the fields that may hold an object's main amount. Each platform's test
 * adds its own hostile text and its own checks of what a reader sees.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');
export const EVENTS_DIR = path.join(FIXTURES, 'stripe', 'events');
export const CORPUS_AVAILABLE = existsSync(EVENTS_DIR);

export interface Fixture {
	name: string;
	envelope: Record<string, unknown>;
	object: Record<string, unknown>;
	emails: string[];
}

export const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `__data_only` files hold just the event's `data`: wrapped in an envelope typed by the file name. */
function loadFixture(name: string): Fixture {
	const raw = readFileSync(path.join(EVENTS_DIR, name), 'utf8');
	const parsed = JSON.parse(raw) as Record<string, unknown>;
	let envelope = parsed;
	if (name.includes('__data_only')) {
		const object = isRecord(parsed.object) ? parsed.object : {};
		envelope = {
			id: `evt_data_only_${name.split('__')[0].replace(/\W/g, '_')}`,
			object: 'event',
			type: name.split('__')[0],
			created: typeof object.created === 'number' ? object.created : 1_700_000_000,
			livemode: object.livemode === true,
			data: parsed,
		};
	}
	const data = isRecord(envelope.data) ? envelope.data : {};
	return {
		name,
		envelope,
		object: isRecord(data.object) ? data.object : {},
		emails: [...new Set(raw.match(EMAIL) ?? [])],
	};
}

export function loadCorpus(): Fixture[] {
	return readdirSync(EVENTS_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map(loadFixture);
}

/** Minor-unit digits per Stripe's currency tables, restated so the check does not lean on money.ts. */
function expectedDigits(currency: string): number {
	const zero = [
		'bif',
		'clp',
		'djf',
		'gnf',
		'jpy',
		'kmf',
		'krw',
		'mga',
		'pyg',
		'rwf',
		'ugx',
		'vnd',
		'vuv',
		'xaf',
		'xof',
		'xpf',
	];
	if (zero.includes(currency)) return 0;
	return ['bhd', 'jod', 'kwd', 'omr', 'tnd'].includes(currency) ? 3 : 2;
}

export function expectedMoney(minor: number, currency: string): string {
	const digits = expectedDigits(currency);
	return new Intl.NumberFormat('en-US', {
		style: 'currency',
		currency: currency.toUpperCase(),
		minimumFractionDigits: digits,
		maximumFractionDigits: digits,
	}).format(minor / 10 ** digits);
}

const MAIN_AMOUNT_KEYS: Readonly<Record<string, readonly string[]>> = {
	invoice: ['amount_due', 'amount_remaining', 'amount_paid', 'total'],
	invoice_payment: ['amount_paid', 'amount_requested'],
	'checkout.session': ['amount_total', 'amount_subtotal'],
	quote: ['amount_total', 'amount_subtotal'],
	payment_intent: ['amount', 'amount_received', 'amount_capturable'],
	charge: ['amount', 'amount_refunded', 'amount_captured'],
	credit_note: ['amount', 'total'],
	price: ['unit_amount'],
};

/** The fields that may hold an object's main amount, their values, and its currency. */
export interface MainAmount {
	keys: string[];
	values: number[];
	currency: string;
}

/** The object's possible main amounts and its currency, or undefined when it has none. */
export function mainAmountOf(fixture: Pick<Fixture, 'object'>, objectType: string | undefined): MainAmount | undefined {
	const { object } = fixture;
	const currency = object.currency;
	if (typeof currency !== 'string' || !/^[a-z]{3}$/i.test(currency)) return undefined;
	const keys = (MAIN_AMOUNT_KEYS[objectType ?? ''] ?? ['amount']).filter((key) => typeof object[key] === 'number');
	if (keys.length === 0) return undefined;
	return { keys, values: keys.map((key) => object[key] as number), currency: currency.toLowerCase() };
}

/** The same event in another currency, to check scaling where the corpus has only a few currencies. */
export function inCurrency(fixture: Fixture, currency: string): Fixture {
	const object = { ...fixture.object, currency };
	const data = { ...(fixture.envelope.data as Record<string, unknown>), object };
	return { ...fixture, object, envelope: { ...fixture.envelope, data } };
}
