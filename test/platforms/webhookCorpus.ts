/**
 * The shared corpus (`<repo>/../shared/fixtures`, read in place, never copied) for the Teams and Google Chat
 * conformance tests: the same loading, main-amount and hostile-text rules as test/core/conformance.test.ts.
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

function isRecord(value: unknown): value is Record<string, unknown> {
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

/** The object's possible main amounts and its currency, or undefined when it has none. */
export function mainAmountOf(
	fixture: Pick<Fixture, 'object'>,
	objectType: string | undefined,
): { values: number[]; currency: string } | undefined {
	const { object } = fixture;
	const currency = object.currency;
	if (typeof currency !== 'string' || !/^[a-z]{3}$/i.test(currency)) return undefined;
	const keys = (MAIN_AMOUNT_KEYS[objectType ?? ''] ?? ['amount']).filter((key) => typeof object[key] === 'number');
	if (keys.length === 0) return undefined;
	return { values: keys.map((key) => object[key] as number), currency: currency.toLowerCase() };
}

/** Hostile customer text for Teams and Google Chat: Markdown, HTML, mentions, links, card functions. */
export const HOSTILE = {
	teamsMention: '<at>Alice</at> please look',
	chatMention: '<users/all> and <users/123456789>',
	markdownLink: '[Open the Stripe Dashboard](https://evil.example/phish)',
	html: '<a href="https://evil.example">click</a> <b>bold</b>',
	chatLink: '<https://evil.example/phish|Open>',
	bareLink: 'www.evil.example/phish',
	email: 'victim.person@mailbox.example',
	card: 'card 4242 4242 4242 4242 here',
	secret: 'sk_live_51HostileSecretValue123456',
	bold: '**URGENT** _refund_ ~now~ `code` {{DATE(2026-01-01T00:00:00Z)}}',
};
const HOSTILE_TEXT = Object.values(HOSTILE).join(' | ');

/** Puts hostile text in every customer-controlled field the corpus objects use. */
export function hostile(fixture: Fixture): Record<string, unknown> {
	const object: Record<string, unknown> = { ...fixture.object };
	for (const key of ['description', 'name', 'customer_name', 'statement_descriptor', 'footer', 'client_reference_id']) {
		object[key] = HOSTILE_TEXT;
	}
	for (const key of ['receipt_email', 'email', 'customer_email']) object[key] = HOSTILE.email;
	object.metadata = { note: HOSTILE_TEXT, [HOSTILE.teamsMention]: HOSTILE.markdownLink };
	object.billing_details = {
		name: HOSTILE_TEXT,
		email: HOSTILE.email,
		address: { line1: HOSTILE_TEXT, country: 'GB' },
	};
	object.customer_details = { name: HOSTILE_TEXT, email: HOSTILE.email };
	object.shipping = { name: HOSTILE_TEXT, address: { line1: HOSTILE_TEXT, city: 'Leeds', country: 'GB' } };
	object.last_payment_error = { code: 'card_declined', message: HOSTILE_TEXT };
	object.failure_message = HOSTILE_TEXT;
	return { ...fixture.envelope, data: { ...(fixture.envelope.data as Record<string, unknown>), object } };
}

/** The same event in another currency, to check scaling where the corpus has only a few currencies. */
export function inCurrency(fixture: Fixture, currency: string): Fixture {
	const object = { ...fixture.object, currency };
	const data = { ...(fixture.envelope.data as Record<string, unknown>), object };
	return { ...fixture, object, envelope: { ...fixture.envelope, data } };
}
