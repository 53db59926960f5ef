/**
 * Microsoft Teams over the shared corpus (`<repo>/../shared/fixtures`): every event renders as an Adaptive Card
 * message within Teams' limits, the main amount is scaled for its currency, no e-mail shows unmasked, and hostile
 * customer text forms no Markdown, link, mention or card function. Without the corpus one test says so.
 */
import { buildMessage } from '../../../src/core/buildMessage';
import type { RenderOptions } from '../../../src/core/types';
import { escapeTeamsMarkdown } from '../../../src/platforms/teams/escape';
import { teamsPlatform } from '../../../src/platforms/teams/platform';
import type { TeamsRendering } from '../../../src/platforms/teams/render';
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
import { teamsMarkdownTexts } from '../cardTexts';

const OPTIONS: RenderOptions = { actionSecret: 'conformance-button-secret', now: () => Date.UTC(2024, 0, 15, 12) };
const MENTION = { type: 'user' as const, id: '0f8fad5b-d9cb-469f-a165-70867728950e' };
const UNESCAPED = /(?<!\\)(?:\\\\)*(?:\*\*|[*_[\]()<>`{}])/;

function render(envelope: unknown) {
	const message = buildMessage(envelope, OPTIONS);
	const rendering = teamsPlatform.render(message, { mention: MENTION }) as TeamsRendering;
	return { message, rendering, json: JSON.stringify(rendering) };
}

if (!CORPUS_AVAILABLE) {
	describe('Teams conformance over ../shared/fixtures', () => {
		it('is not run: the shared corpus is absent', () => {
			process.stderr.write(`teams/conformance.test.ts: ${EVENTS_DIR} is absent, so the corpus was not checked.\n`);
			expect(CORPUS_AVAILABLE).toBe(false);
		});
	});
} else {
	const fixtures = loadCorpus();
	const names = fixtures.map((fixture) => fixture.name);
	const byName = new Map(fixtures.map((fixture) => [fixture.name, fixture]));

	describe('Teams conformance over ../shared/fixtures', () => {
		it.each(names)('%s renders an Adaptive Card 1.5 within the Teams limits', (name) => {
			const { rendering } = render(byName.get(name)?.envelope);
			expect(rendering.attachments[0].content.version).toBe('1.5');
			expect(teamsPlatform.limitProblems(rendering)).toEqual([]);
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
				expect(json).toContain(JSON.stringify(escapeTeamsMarkdown(expected)).slice(1, -1));
			}
		});

		it.each(names)('%s shows no e-mail unmasked and keeps hostile text inert', (name) => {
			const fixture = byName.get(name)!;
			expect(fixture.emails.filter((email) => render(fixture.envelope).json.includes(email))).toEqual([]);
			const { rendering, json } = render(hostile(fixture));
			expect(teamsPlatform.limitProblems(rendering)).toEqual([]);
			for (const text of teamsMarkdownTexts(rendering)) {
				// Our own mention is the only `<at>`; every mark of customer text is escaped.
				expect(text.replace(`<at>${MENTION.id}</at>`, '')).not.toMatch(UNESCAPED);
				expect(text).not.toContain('www.evil');
			}
			expect(rendering.attachments[0].content.msteams.entities).toHaveLength(1);
			for (const secret of [HOSTILE.email, '4242 4242 4242 4242', HOSTILE.secret]) expect(json).not.toContain(secret);
		});
	});
}
