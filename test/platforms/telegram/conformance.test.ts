/**
 * Telegram conformance over the external corpus in `<repo>/../shared/fixtures` (Stripe webhook payloads written by
 * other projects): every event renders for Telegram within the Bot API's limits (4,096 characters after entity
 * parsing, 64-byte callback data), the main amount is the one in the event scaled for its currency, no e-mail
 * address shows unmasked, and hostile customer text leaves no tag, entity or mention of its own. The corpus is
 * never copied into the repository; without it this file runs one test that says so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { buildMessage } from '../../../src/core/buildMessage';
import type { ChatMessage, RenderOptions } from '../../../src/core/types';
import { telegramPlatform } from '../../../src/platforms/telegram/platform';
import { telegramVisibleText } from '../../../src/platforms/telegram/limits';
import type { TelegramRendering } from '../../../src/platforms/telegram/render';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');
const EVENTS_DIR = path.join(FIXTURES, 'stripe', 'events');
const AVAILABLE = existsSync(EVENTS_DIR);

const OPTIONS: RenderOptions = {
	actionSecret: 'conformance-button-secret',
	now: () => Date.UTC(2024, 0, 15, 12, 0, 0),
};

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** The only tags a rendering may carry: our bold title and field names, italic footer, and configured mentions. */
const OWN_TAG = /<(?:\/?(?:b|i)|a href="tg:\/\/user\?id=\d+"|\/a)>/g;

interface Fixture {
	name: string;
	envelope: Record<string, unknown>;
	object: Record<string, unknown>;
	emails: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One corpus file; `__data_only` files hold just the event's `data` and are wrapped in an envelope. */
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

function render(envelope: unknown): { message: ChatMessage; telegram: TelegramRendering; json: string } {
	const message = buildMessage(envelope, OPTIONS);
	const telegram = telegramPlatform.render(message, {
		mention: { type: 'user', id: '123456789' },
	}) as TelegramRendering;
	return { message, telegram, json: JSON.stringify(telegram) };
}

/** Minor-unit digits per Stripe's currency tables, restated so the check does not lean on money.ts. */
function expectedDigits(currency: string): number {
	if (
		[
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
		].includes(currency)
	) {
		return 0;
	}
	return ['bhd', 'jod', 'kwd', 'omr', 'tnd'].includes(currency) ? 3 : 2;
}

function expectedMoney(minor: number, currency: string): string {
	const digits = expectedDigits(currency);
	return new Intl.NumberFormat('en-US', {
		style: 'currency',
		currency: currency.toUpperCase(),
		minimumFractionDigits: digits,
		maximumFractionDigits: digits,
	}).format(minor / 10 ** digits);
}

const HOSTILE_TEXT = [
	'<b>bold</b> <a href="https://evil.example/phish">Open the Stripe Dashboard</a>',
	'&lt;script&gt; &amp; &quot;',
	'@everyone please look /start',
	'<a href="tg://user?id=666">boss</a>',
	'victim.person@mailbox.example',
	'card 4242 4242 4242 4242 here',
	'sk_live_51HostileSecretValue123456',
].join(' | ');

/** Puts hostile text in every customer-controlled field the corpus objects use. */
function hostile(fixture: Fixture): Record<string, unknown> {
	const object: Record<string, unknown> = { ...fixture.object };
	for (const key of ['description', 'name', 'customer_name', 'statement_descriptor', 'footer', 'client_reference_id']) {
		object[key] = HOSTILE_TEXT;
	}
	object.metadata = { note: HOSTILE_TEXT, [HOSTILE_TEXT.slice(0, 40)]: HOSTILE_TEXT };
	object.billing_details = { name: HOSTILE_TEXT, address: { line1: HOSTILE_TEXT, country: 'GB' } };
	object.last_payment_error = { code: 'card_declined', message: HOSTILE_TEXT };
	object.failure_message = HOSTILE_TEXT;
	return { ...fixture.envelope, data: { ...(fixture.envelope.data as Record<string, unknown>), object } };
}

if (!AVAILABLE) {
	describe('Telegram conformance over ../shared/fixtures', () => {
		it('is not run: the shared corpus is absent', () => {
			process.stderr.write(`telegram/conformance.test.ts: ${EVENTS_DIR} is absent, so the corpus was not checked.\n`);
			expect(AVAILABLE).toBe(false);
		});
	});
} else {
	const fixtures = readdirSync(EVENTS_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map(loadFixture);
	const byName = new Map(fixtures.map((fixture) => [fixture.name, fixture]));
	const names = fixtures.map((fixture) => fixture.name);
	const cache = new Map<string, ReturnType<typeof render>>();
	const rendered = (name: string) => {
		let result = cache.get(name);
		if (!result) {
			result = render((byName.get(name) as Fixture).envelope);
			cache.set(name, result);
		}
		return result;
	};

	describe('Telegram conformance over ../shared/fixtures', () => {
		it('finds the corpus', () => {
			expect(fixtures.length).toBeGreaterThanOrEqual(100);
		});

		it.each(names)('%s renders within the Bot API limits', (name) => {
			const { telegram } = rendered(name);
			expect(telegramPlatform.limitProblems(telegram)).toEqual([]);
			expect(telegramVisibleText(telegram.text).length).toBeGreaterThan(0);
			expect(telegram.text.replace(OWN_TAG, '')).not.toMatch(/[<>]/);
		});

		it.each(names)('%s shows its main amount, as the message has it and scaled for its currency', (name) => {
			const { message, telegram } = rendered(name);
			if (!message.amount) return;
			expect(message.amount.text).toBe(expectedMoney(message.amount.minor, message.amount.currency));
			expect(telegramVisibleText(telegram.text)).toContain(message.amount.text);
		});

		it.each(names.filter((name) => (byName.get(name) as Fixture).emails.length > 0))(
			'%s shows no e-mail address unmasked',
			(name) => {
				const { json } = rendered(name);
				for (const email of (byName.get(name) as Fixture).emails) expect(json.includes(email)).toBe(false);
			},
		);

		it.each(names)('%s keeps hostile customer text inert', (name) => {
			const { telegram, json } = render(hostile(byName.get(name) as Fixture));
			expect(telegramPlatform.limitProblems(telegram)).toEqual([]);
			const withoutOwn = telegram.text.replace(OWN_TAG, '');
			expect(withoutOwn).not.toMatch(/[<>]/);
			expect(withoutOwn).not.toMatch(/&(?!(?:lt|gt|amp|quot);)/);
			expect(telegram.text).not.toContain('<a href="tg://user?id=666"');
			expect(telegram.text).not.toMatch(/@everyone|(^|\s)\/start/);
			// Telegram links URLs and bare domains in any text: the customer's phishing link must not become one.
			expect(telegram.text).not.toMatch(/evil\.example|https:\/\/evil/);
			expect(json).not.toContain('victim.person@mailbox.example');
			expect(json).not.toContain('4242 4242 4242 4242');
			expect(json).not.toContain('sk_live_51HostileSecretValue123456');
			for (const button of (telegram.reply_markup?.inline_keyboard ?? []).flat()) {
				if (button.url) expect(button.url).not.toContain('evil.example');
			}
		});
	});
}
