/**
 * Telegram conformance over the external corpus in `<repo>/../shared/fixtures` (Stripe webhook payloads written by
 * other projects): every event renders for Telegram within the Bot API's limits (4,096 characters after entity
 * parsing, 64-byte callback data), the main amount is the one in the event scaled for its currency, no e-mail
 * address shows unmasked, and hostile customer text leaves no tag, entity or mention of its own. The corpus is
 * never copied into the repository; without it this file runs one test that says so.
 */
import { buildMessage } from '../../../src/core/buildMessage';
import type { ChatMessage, RenderOptions } from '../../../src/core/types';
import { telegramPlatform } from '../../../src/platforms/telegram/platform';
import { telegramVisibleText } from '../../../src/platforms/telegram/limits';
import type { TelegramRendering } from '../../../src/platforms/telegram/render';
import { CORPUS_AVAILABLE, EVENTS_DIR, expectedMoney, loadCorpus } from '../../support/corpus';
import type { Fixture } from '../../support/corpus';

const OPTIONS: RenderOptions = {
	actionSecret: 'conformance-button-secret',
	now: () => Date.UTC(2024, 0, 15, 12, 0, 0),
};

/** The only tags a rendering may carry: our bold title and field names, italic footer, and configured mentions. */
const OWN_TAG = /<(?:\/?(?:b|i)|a href="tg:\/\/user\?id=\d+"|\/a)>/g;

/**
 * What a reader sees: the text after entity parsing and every button's label and link, less the invisible
 * characters the escaping adds (word joiner, zero-width space) and backslashes. An address kept from being a
 * mention or a link by an invisible character is still shown, so checks for leaks read this, never the raw JSON.
 */
function shownText(telegram: TelegramRendering): string {
	const buttons = (telegram.reply_markup?.inline_keyboard ?? [])
		.flat()
		.map((button) => `${button.text} ${button.url ?? ''}`);
	return [telegramVisibleText(telegram.text), ...buttons].join('\n').replace(/[\u2060\u200B\\]/g, '');
}

function render(
	envelope: unknown,
	options: Partial<RenderOptions> = {},
): { message: ChatMessage; telegram: TelegramRendering; shown: string } {
	const message = buildMessage(envelope, { ...OPTIONS, ...options });
	const telegram = telegramPlatform.render(message, {
		mention: { type: 'user', id: '123456789' },
	}) as TelegramRendering;
	return { message, telegram, shown: shownText(telegram) };
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

if (!CORPUS_AVAILABLE) {
	describe('Telegram conformance over ../shared/fixtures', () => {
		it('is not run: the shared corpus is absent', () => {
			process.stderr.write(`telegram/conformance.test.ts: ${EVENTS_DIR} is absent, so the corpus was not checked.\n`);
			expect(CORPUS_AVAILABLE).toBe(false);
		});
	});
} else {
	const fixtures = loadCorpus();
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

		const withEmails = names.filter((name) => (byName.get(name) as Fixture).emails.length > 0);

		it.each(withEmails)('%s shows no e-mail address unmasked', (name) => {
			const { shown } = rendered(name);
			for (const email of (byName.get(name) as Fixture).emails) expect(shown.includes(email)).toBe(false);
		});

		it('sees an e-mail address that is shown: with redaction off, the check above finds the corpus addresses', () => {
			const shownAddresses = withEmails.filter((name) => {
				const { shown } = render((byName.get(name) as Fixture).envelope, { redaction: 'off' });
				return (byName.get(name) as Fixture).emails.some((email) => shown.includes(email));
			});
			expect(withEmails.length === 0 || shownAddresses.length > 0).toBe(true);
			const { shown } = render(hostile(fixtures[0]), { redaction: 'off' });
			expect(shown).toContain('victim.person@mailbox.example');
		});

		it.each(names)('%s keeps hostile customer text inert', (name) => {
			const { telegram, shown } = render(hostile(byName.get(name) as Fixture));
			expect(telegramPlatform.limitProblems(telegram)).toEqual([]);
			const withoutOwn = telegram.text.replace(OWN_TAG, '');
			expect(withoutOwn).not.toMatch(/[<>]/);
			expect(withoutOwn).not.toMatch(/&(?!(?:lt|gt|amp|quot);)/);
			expect(telegram.text).not.toContain('<a href="tg://user?id=666"');
			expect(telegram.text).not.toMatch(/@everyone|(^|\s)\/start/);
			// Telegram links URLs and bare domains in any text: the customer's phishing link must not become one.
			expect(telegram.text).not.toMatch(/evil\.example|https:\/\/evil/);
			expect(shown).not.toContain('victim.person@mailbox.example');
			expect(shown).not.toContain('4242 4242 4242 4242');
			expect(shown).not.toContain('sk_live_51HostileSecretValue123456');
			for (const button of (telegram.reply_markup?.inline_keyboard ?? []).flat()) {
				if (button.url) expect(button.url).not.toContain('evil.example');
			}
		});
	});
}
