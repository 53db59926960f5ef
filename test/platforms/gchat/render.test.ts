import fc from 'fast-check';

import { escapeGoogleChatHtml, neutralizeGoogleChatText } from '../../../src/platforms/gchat/escape';
import { GOOGLE_CHAT_LIMITS, googleChatLimitProblems } from '../../../src/platforms/gchat/limits';
import { googleChatPlatform } from '../../../src/platforms/gchat/platform';
import { renderGoogleChat } from '../../../src/platforms/gchat/render';
import { jsonBytes } from '../../../src/platforms/webhookText';
import { chatMessage } from '../../fixtures/core/builders';
import { googleChatCardTexts } from '../cardTexts';
import { RENDER_CASES } from '../webhookRenderCases';

const OUR_TAGS = /<\/?b>|<font color="#[0-9a-f]{6}">|<\/font>/g;

describe('Google Chat rendering', () => {
	it.each(RENDER_CASES.map((item) => [item.type, item.currency, item]))(
		'%s in %s: a cardsV2 message with the amount, within 32,000 bytes',
		(_type, _currency, item) => {
			const rendering = renderGoogleChat(item.message);
			expect(rendering.cardsV2).toHaveLength(1);
			expect(rendering.cardsV2[0].cardId).toMatch(/^stripe-evt_/);
			expect(item.message.amount?.text.replace(/\s/g, ' ')).toBe(item.amountText);
			expect(JSON.stringify(rendering.cardsV2)).toContain(escapeGoogleChatHtml(item.message.amount?.text ?? ''));
			expect(googleChatLimitProblems(rendering)).toEqual([]);
			expect(JSON.stringify(rendering)).not.toContain('jane.doe@example.com');
		},
	);

	it('turns links into openLink buttons and leaves signed buttons out (webhooks receive no clicks)', () => {
		const rendering = renderGoogleChat(
			chatMessage({
				links: [
					{ label: 'Open invoice', url: 'https://dashboard.stripe.com/test/invoices/in_1' },
					{ label: 'Bad', url: 'http://plain.example' },
				],
			}),
		);
		const buttonLists = rendering.cardsV2[0].card.sections.flatMap((section) =>
			section.widgets.filter((widget) => 'buttonList' in widget),
		);
		expect(buttonLists).toEqual([
			{
				buttonList: {
					buttons: [
						{
							text: 'Open invoice',
							onClick: { openLink: { url: 'https://dashboard.stripe.com/test/invoices/in_1' } },
						},
					],
				},
			},
		]);
		expect(googleChatPlatform.buttons).toBe('links');
	});

	it.each([
		[{ type: 'user' as const, id: '123456789012345678901' }, '<users/123456789012345678901> '],
		[{ type: 'user' as const, id: 'users/1234567' }, '<users/1234567> '],
		[{ type: 'here' as const }, '<users/all> '],
		[{ type: 'channel' as const }, '<users/all> '],
		[{ type: 'user' as const, id: 'U0123ABCD' }, undefined],
		[{ type: 'user' as const, id: '123> <users/all' }, undefined],
		[{ type: 'usergroup' as const, id: '1234567' }, undefined],
	])('puts the mention %j in front of the text only from a configured id', (mention, prefix) => {
		const { text } = renderGoogleChat(chatMessage(), { mention });
		if (prefix) expect(text.startsWith(prefix)).toBe(true);
		else expect(text).not.toContain('<');
	});

	it('keeps customer HTML, links, mentions and formatting inert', () => {
		const hostile =
			'<b>x</b> <a href="https://evil.example">click</a> <users/all> <https://evil.example|Open> *bold* & www.evil.example';
		const rendering = renderGoogleChat(
			chatMessage({ title: hostile, summary: hostile, fields: [{ label: hostile, value: hostile }] }),
		);
		for (const text of googleChatCardTexts(rendering)) {
			expect(text.replace(OUR_TAGS, '')).not.toMatch(/[<>]/);
			expect(text).not.toContain('www.evil');
		}
		expect(rendering.text).not.toMatch(/[<>]/);
		expect(rendering.text).not.toMatch(/\*(?!\u200B)/);
		expect(rendering.cardsV2[0].card.header.title).not.toMatch(/[<>]/);
	});

	it('escapes arbitrary text into HTML that opens no tag and reads the same', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 200 }), (text) => {
				const escaped = escapeGoogleChatHtml(text);
				expect(escaped).not.toMatch(/[<>"]/);
				expect(escaped).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
				const neutral = neutralizeGoogleChatText(text);
				expect(neutral).not.toMatch(/[<>]/);
				expect(neutral).not.toMatch(/[*_~`](?!\u200B)/);
			}),
		);
	});

	it('renders hostile strings anywhere in a message within the limits', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (title, value) => {
				const rendering = renderGoogleChat(
					chatMessage({ title, summary: value, fields: [{ label: title, value }], account: value }),
				);
				expect(googleChatLimitProblems(rendering)).toEqual([]);
				for (const text of googleChatCardTexts(rendering)) expect(text.replace(OUR_TAGS, '')).not.toMatch(/[<>]/);
			}),
			{ numRuns: 200 },
		);
	});

	it('keeps a message with huge fields within 32,000 bytes', () => {
		const big = '€'.repeat(5000) + '<'.repeat(5000);
		const fields = Array.from({ length: 30 }, (_, index) => ({ label: `Field ${index} ${big}`, value: big }));
		const rendering = renderGoogleChat(chatMessage({ summary: big, title: big, fields }));
		expect(jsonBytes(rendering)).toBeLessThanOrEqual(GOOGLE_CHAT_LIMITS.messageBudgetBytes);
		expect(googleChatLimitProblems(rendering)).toEqual([]);
	});

	it('names what breaks the limits', () => {
		const rendering = renderGoogleChat(chatMessage());
		expect(googleChatLimitProblems({ ...rendering, text: 'x'.repeat(5000) })).toEqual([
			'the `text` has 5000 characters (at most 4096)',
		]);
		expect(googleChatLimitProblems({ text: 'x' })).toEqual(['the message has no cardsV2 card']);
	});
});
