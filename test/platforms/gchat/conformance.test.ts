/**
 * Google Chat over the shared corpus (`<repo>/../shared/fixtures`): every event renders as a cardsV2 message within
 * Google Chat's limits, the main amount is scaled for its currency, no e-mail shows unmasked, and hostile customer
 * text opens no HTML tag, link or mention. Without the corpus one test says so.
 */
import { buildMessage } from '../../../src/core/buildMessage';
import type { RenderOptions } from '../../../src/core/types';
import { escapeGoogleChatHtml } from '../../../src/platforms/gchat/escape';
import { googleChatPlatform } from '../../../src/platforms/gchat/platform';
import type { GoogleChatRendering } from '../../../src/platforms/gchat/render';
import {
	CORPUS_AVAILABLE,
	EVENTS_DIR,
	expectedMoney,
	hostile,
	HOSTILE,
	inCurrency,
	loadCorpus,
	mainAmountOf,
} from '../webhookCorpus';
import { googleChatCardTexts } from '../cardTexts';

const OPTIONS: RenderOptions = { actionSecret: 'conformance-button-secret', now: () => Date.UTC(2024, 0, 15, 12) };
const MENTION = { type: 'user' as const, id: '123456789012345678901' };
const OUR_TAGS = /<\/?b>|<font color="#[0-9a-f]{6}">|<\/font>/g;

function render(envelope: unknown) {
	const message = buildMessage(envelope, OPTIONS);
	const rendering = googleChatPlatform.render(message, { mention: MENTION }) as GoogleChatRendering;
	return { message, rendering, json: JSON.stringify(rendering) };
}

if (!CORPUS_AVAILABLE) {
	describe('Google Chat conformance over ../shared/fixtures', () => {
		it('is not run: the shared corpus is absent', () => {
			process.stderr.write(`gchat/conformance.test.ts: ${EVENTS_DIR} is absent, so the corpus was not checked.\n`);
			expect(CORPUS_AVAILABLE).toBe(false);
		});
	});
} else {
	const fixtures = loadCorpus();
	const names = fixtures.map((fixture) => fixture.name);
	const byName = new Map(fixtures.map((fixture) => [fixture.name, fixture]));

	describe('Google Chat conformance over ../shared/fixtures', () => {
		it.each(names)('%s renders a cardsV2 message within the Google Chat limits', (name) => {
			const { rendering } = render(byName.get(name)?.envelope);
			expect(rendering.cardsV2[0].card.sections.length).toBeGreaterThan(0);
			expect(googleChatPlatform.limitProblems(rendering)).toEqual([]);
		});

		it.each(names)('%s shows its main amount scaled for its currency, also in JPY, BHD and KWD', (name) => {
			const fixture = byName.get(name)!;
			for (const variant of [fixture, ...['jpy', 'bhd', 'kwd'].map((currency) => inCurrency(fixture, currency))]) {
				const { message, json } = render(variant.envelope);
				const main = mainAmountOf(variant, message.objectType);
				if (!main) continue;
				expect(main.values).toContain(message.amount?.minor);
				const expected = expectedMoney(message.amount?.minor as number, main.currency);
				expect(message.amount?.text).toBe(expected);
				expect(json).toContain(JSON.stringify(escapeGoogleChatHtml(expected)).slice(1, -1));
			}
		});

		it.each(names)('%s shows no e-mail unmasked and keeps hostile text inert', (name) => {
			const fixture = byName.get(name)!;
			expect(fixture.emails.filter((email) => render(fixture.envelope).json.includes(email))).toEqual([]);
			const { rendering, json } = render(hostile(fixture));
			expect(googleChatPlatform.limitProblems(rendering)).toEqual([]);
			for (const text of googleChatCardTexts(rendering)) {
				expect(text.replace(OUR_TAGS, '')).not.toMatch(/[<>]/);
				expect(text).not.toContain('www.evil');
			}
			// The notification line: our own mention, then nothing that Chat would parse as a mention or link.
			expect(rendering.text.replace(`<users/${MENTION.id}>`, '')).not.toMatch(/[<>]/);
			expect(rendering.cardsV2[0].card.header.title).not.toMatch(/[<>]/);
			for (const secret of [HOSTILE.email, '4242 4242 4242 4242', HOSTILE.secret]) expect(json).not.toContain(secret);
		});
	});
}
