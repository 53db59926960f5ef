import fc from 'fast-check';

import { printable } from '../../../src/core/foldText';
import { escapeTeamsMarkdown } from '../../../src/platforms/teams/escape';
import { TEAMS_LIMITS, teamsLimitProblems, teamsRequestBody } from '../../../src/platforms/teams/limits';
import { teamsPlatform } from '../../../src/platforms/teams/platform';
import { renderTeams } from '../../../src/platforms/teams/render';
import { jsonBytes } from '../../../src/platforms/webhookText';
import { chatMessage } from '../../fixtures/core/builders';
import { teamsMarkdownTexts } from '../cardTexts';
import { RENDER_CASES } from '../webhookRenderCases';

const ENTRA_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/**
 * Markup customer text could form in Adaptive Card Markdown, Teams mentions and card functions, unless escaped:
 * an unescaped mark is one not preceded by an odd run of backslashes.
 */
const UNESCAPED = /(?<!\\)(?:\\\\)*(?:\*\*|[*_[\]()<>`{}])/;

describe('Teams rendering', () => {
	it.each(RENDER_CASES.map((item) => [item.type, item.currency, item]))(
		'%s in %s: an Adaptive Card 1.5 message with the amount, within 28 KB',
		(_type, _currency, item) => {
			const rendering = renderTeams(item.message);
			const card = rendering.attachments[0];
			expect(rendering.type).toBe('message');
			expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
			expect(card.content).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
			expect(item.message.amount?.text.replace(/\s/g, ' ')).toBe(item.amountText);
			expect(JSON.stringify(card.content)).toContain(escapeTeamsMarkdown(item.message.amount?.text ?? ''));
			expect(teamsLimitProblems(rendering)).toEqual([]);
			expect(JSON.stringify(rendering)).not.toContain('jane.doe@example.com');
		},
	);

	it.each([
		['critical', 'Attention'],
		['warning', 'Warning'],
		['success', 'Good'],
		['info', 'Accent'],
	] as const)('shows severity %s as the title colour %s', (severity, color) => {
		const title = renderTeams(chatMessage({ severity })).attachments[0].content.body[0];
		expect(title).toMatchObject({ type: 'TextBlock', color, weight: 'Bolder' });
	});

	it('turns the links into Action.OpenUrl buttons and leaves signed buttons out (webhooks receive no clicks)', () => {
		const message = chatMessage({
			actions: [
				{
					id: 'invoice.retry',
					label: 'Retry',
					ref: { action: 'invoice.retry', objectId: 'in_1', objectType: 'invoice', livemode: false },
					value: 'v1.signed',
					compactValue: 'c1.x',
				},
			],
			links: [
				{ label: 'Open invoice', url: 'https://dashboard.stripe.com/test/invoices/in_1' },
				{ label: 'Not ours', url: 'javascript:alert(1)' },
			],
		});
		const { actions } = renderTeams(message).attachments[0].content;
		expect(actions).toEqual([
			{ type: 'Action.OpenUrl', title: 'Open invoice', url: 'https://dashboard.stripe.com/test/invoices/in_1' },
		]);
		expect(teamsPlatform.buttons).toBe('links');
	});

	it('mentions a configured Entra object id with <at> and its entity, and nothing else', () => {
		const rendering = renderTeams(chatMessage(), { mention: { type: 'user', id: ENTRA_ID } });
		const { content } = rendering.attachments[0];
		expect(content.body[1]).toMatchObject({ text: expect.stringMatching(new RegExp(`^<at>${ENTRA_ID}</at> `)) });
		expect(content.msteams.entities).toEqual([
			{ type: 'mention', text: `<at>${ENTRA_ID}</at>`, mentioned: { id: ENTRA_ID, name: ENTRA_ID } },
		]);
		for (const mention of [
			{ type: 'user' as const, id: 'U0123ABCD' },
			{ type: 'user' as const, id: '<at>x</at>' },
			{ type: 'here' as const },
			{ type: 'usergroup' as const, id: ENTRA_ID },
		]) {
			const other = renderTeams(chatMessage(), { mention }).attachments[0].content;
			expect(other.msteams.entities).toBeUndefined();
			expect(JSON.stringify(other)).not.toContain('<at>');
		}
	});

	it('keeps customer Markdown, links, mentions and card functions inert', () => {
		const hostile =
			'**bold** _it_ [click](https://evil.example) <at>Alice</at> {{DATE(2026-01-01T00:00:00Z)}} www.evil.example\n- item\n# head';
		const rendering = renderTeams(
			chatMessage({ title: hostile, summary: hostile, fields: [{ label: hostile, value: hostile }] }),
		);
		for (const text of teamsMarkdownTexts(rendering)) {
			expect(text).not.toMatch(UNESCAPED);
			expect(text).not.toContain('<at>');
			expect(text).not.toContain('www.evil');
			expect(text).not.toContain('\n');
			expect(text).not.toMatch(/^[-#]/);
		}
		expect(rendering.attachments[0].content.msteams.entities).toBeUndefined();
	});

	it('escapes arbitrary text so that no mark stays unescaped and the text reads the same', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), (text) => {
				const escaped = escapeTeamsMarkdown(text);
				expect(escaped).not.toMatch(UNESCAPED);
				// Unescaping gives back the text (line breaks as spaces, zero-width spaces aside).
				const shown = escaped.replace(/\\(.)/g, '$1').replace(/\u200B/g, '');
				expect(shown).toBe(printable(text).replace(/\s*[\r\n]+\s*/g, ' '));
			}),
		);
	});

	it('renders hostile strings anywhere in a message within the limits and with every mark escaped', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (title, value) => {
				const rendering = renderTeams(
					chatMessage({ title, summary: value, fields: [{ label: title, value }], account: value }),
				);
				expect(teamsLimitProblems(rendering)).toEqual([]);
				for (const text of teamsMarkdownTexts(rendering)) expect(text).not.toMatch(UNESCAPED);
			}),
			{ numRuns: 200 },
		);
	});

	it('keeps a message with huge fields within 28 KB, sharing the room between the facts', () => {
		const big = '€'.repeat(5000) + '*'.repeat(5000);
		const fields = Array.from({ length: 30 }, (_, index) => ({ label: `Field ${index} ${big}`, value: big }));
		const rendering = renderTeams(chatMessage({ summary: big, title: big, fields }));
		expect(jsonBytes(teamsRequestBody(rendering))).toBeLessThanOrEqual(TEAMS_LIMITS.messageBytes);
		expect(teamsLimitProblems(rendering)).toEqual([]);
		const facts = rendering.attachments[0].content.body.find((element) => element.type === 'FactSet');
		expect(facts).toMatchObject({ facts: expect.any(Array) });
		expect((facts as { facts: unknown[] }).facts).toHaveLength(TEAMS_LIMITS.facts);
	});

	it('names what breaks the limits', () => {
		const rendering = renderTeams(chatMessage());
		const tooBig = {
			...rendering,
			attachments: [{ ...rendering.attachments[0], padding: 'x'.repeat(30_000) }],
		};
		expect(teamsLimitProblems(tooBig)).toEqual([expect.stringContaining('bytes of JSON (at most 28672)')]);
		expect(teamsLimitProblems({ text: '' })).toEqual([
			'the `text` fallback is empty',
			'the message carries no Adaptive Card attachment',
		]);
	});
});
