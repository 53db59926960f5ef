import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import { buildMessage } from '../../../src/core/buildMessage';
import type { ChatMessage } from '../../../src/core/types';
import { chatPlatform } from '../../../src/platforms';
import { telegramAddressing } from '../../../src/platforms/telegram/addressing';
import { TELEGRAM_LIMITS, telegramLimitProblems, telegramVisibleText } from '../../../src/platforms/telegram/limits';
import { escapeTelegramHtml, FORM_ACTIONS, renderTelegram } from '../../../src/platforms/telegram/render';
import type { TelegramRendering } from '../../../src/platforms/telegram/render';

const EVENTS = path.resolve(__dirname, '../../fixtures/events');
const SECRET = 'telegram-render-button-secret-0123456789';
const NOW = () => Date.UTC(2026, 0, 15, 12, 0, 0);

function eventOf(name: string): Record<string, unknown> {
	return JSON.parse(readFileSync(path.join(EVENTS, name), 'utf8')) as Record<string, unknown>;
}

function render(name: string): { message: ChatMessage; rendering: TelegramRendering } {
	const message = buildMessage(eventOf(name), { actionSecret: SECRET, now: NOW });
	return { message, rendering: renderTelegram(message) };
}

/** The tags a rendering may contain: ours, and only these. */
const OWN_TAG = /<(?:\/?(?:b|i)|a href="tg:\/\/user\?id=\d+"|\/a)>/g;

describe('Telegram rendering of the repository events', () => {
	const names = readdirSync(EVENTS).filter((name) => name.endsWith('.json'));

	it.each(names)('renders %s within the Bot API limits, with the amount and only our tags', (name) => {
		const { message, rendering } = render(name);
		expect(telegramLimitProblems(rendering)).toEqual([]);
		expect(rendering.parse_mode).toBe('HTML');
		expect(rendering.text.replace(OWN_TAG, '')).not.toMatch(/[<>]/);
		if (message.amount) expect(telegramVisibleText(rendering.text)).toContain(message.amount.text);
		for (const row of rendering.reply_markup?.inline_keyboard ?? []) {
			for (const button of row) {
				if (button.callback_data) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
				if (button.url) expect(button.url).toMatch(/^https:\/\//);
			}
		}
	});

	it.each([
		['invoice.payment_failed__2025-03-31.basil.json', 'invoice.retry'],
		['charge.dispute.created__fraudulent_usd_live.json', undefined],
	])('%s: one callback button per signed compact action, link buttons for the Dashboard', (name, action) => {
		const { message, rendering } = render(name);
		const buttons = (rendering.reply_markup?.inline_keyboard ?? []).flat();
		const callbacks = buttons.filter((button) => button.callback_data);
		expect(callbacks.map((button) => button.callback_data)).toEqual(
			message.actions.flatMap((item) => (item.compactValue && !FORM_ACTIONS.has(item.id) ? [item.compactValue] : [])),
		);
		if (action) expect(message.actions.some((item) => item.id === action && item.compactValue)).toBe(true);
		expect(buttons.some((button) => button.url?.startsWith('https://dashboard.stripe.com/'))).toBe(true);
	});

	it.each([
		['charge.dispute.created__inquiry_jpy_connect.json', '¥'],
		['charge.refunded__full_bhd.json', 'BHD'],
		['charge.dispute.updated__past_due_krw.json', '₩'],
		['charge.dispute.closed__won_eur.json', '€'],
	])('%s shows the amount in its currency (%s)', (name, symbol) => {
		const { message, rendering } = render(name);
		expect(message.amount?.text).toContain(symbol);
		expect(telegramVisibleText(rendering.text)).toContain(message.amount?.text);
	});

	it('leaves out the buttons that open a form (Telegram has none): no Submit evidence, Accept stays', () => {
		const event = eventOf('charge.dispute.created__fraudulent_usd_live.json') as {
			livemode: boolean;
			data: { object: Record<string, unknown> };
		};
		event.livemode = false;
		event.data.object.evidence_details = { due_by: NOW() / 1000 + 7 * 86400, has_evidence: false };
		const message = buildMessage(event, { actionSecret: SECRET, now: NOW });
		expect(message.actions.map((action) => action.id)).toContain('dispute.respond');
		const labels = (renderTelegram(message).reply_markup?.inline_keyboard ?? []).flat().map((button) => button.text);
		expect(labels).toContain('⚠️ Accept dispute');
		expect(labels).not.toContain('Submit evidence');
	});

	it('has no callback buttons without a signing secret, and none for a Connect account', () => {
		const unsigned = renderTelegram(buildMessage(eventOf('invoice.payment_failed__2025-03-31.basil.json')));
		expect((unsigned.reply_markup?.inline_keyboard ?? []).flat().every((button) => button.url)).toBe(true);
		const connect = render('charge.dispute.created__inquiry_jpy_connect.json').rendering;
		expect((connect.reply_markup?.inline_keyboard ?? []).flat().some((button) => button.callback_data)).toBe(false);
	});
});

describe('Telegram mentions and addressing', () => {
	const platform = chatPlatform('telegram');
	const message = buildMessage(eventOf('invoice.payment_failed__2025-03-31.basil.json'), { now: NOW });

	it('mentions a configured numeric user id as a text mention, and nothing else', () => {
		expect(platform.render(message, { mention: { type: 'user', id: '123456789' } }).text).toMatch(
			/^<a href="tg:\/\/user\?id=123456789">user 123456789<\/a> <b>/,
		);
		for (const mention of [
			{ type: 'user' as const, id: '12"><b>x' },
			{ type: 'user' as const, id: 'U0123ABCD' },
			{ type: 'here' as const },
			{ type: 'channel' as const },
			{ type: 'usergroup' as const, id: '123' },
		]) {
			expect(platform.render(message, { mention }).text).toMatch(/^<b>/);
			expect(telegramAddressing.describeMentionProblem(mention)).toBeDefined();
		}
		expect(renderTelegram(message, { mention: '<a href="https://evil.example">x</a>' }).text).toMatch(/^<b>/);
	});

	it.each([
		['-1001234567890', '-1001234567890'],
		['123456789', '123456789'],
		['@payments_alerts', '@payments_alerts'],
		['payments_alerts', '@payments_alerts'],
		['#payments', undefined],
		['-12ab', undefined],
		['@ab', undefined],
	])('takes the chat %s as %s', (given, expected) => {
		expect(telegramAddressing.normalizeChannel(given)).toBe(expected);
		expect(telegramAddressing.describeChannelProblem(given) === undefined).toBe(expected !== undefined);
	});

	it('names an actor only by a numeric user id', () => {
		expect(telegramAddressing.nameActor('42')).toBe('<a href="tg://user?id=42">user 42</a>');
		expect(telegramAddressing.nameActor('U0123')).toBeUndefined();
		expect(telegramAddressing.nameActor(undefined)).toBeUndefined();
	});
});

describe('Telegram limits', () => {
	const base = buildMessage(eventOf('charge.failed__hostile_eur.json'), { actionSecret: SECRET, now: NOW });

	it('keeps a message with huge customer text within 4,096 characters after entity parsing', () => {
		const huge = '<&>"@x '.repeat(3000);
		const message: ChatMessage = {
			...base,
			title: `😀${huge}`,
			summary: huge,
			fields: Array.from({ length: 40 }, (_, index) => ({ label: `Field ${index} ${huge}`, value: `😀${huge}` })),
		};
		const rendering = renderTelegram(message);
		expect(telegramVisibleText(rendering.text).length).toBeLessThanOrEqual(TELEGRAM_LIMITS.messageText);
		expect(telegramLimitProblems(rendering)).toEqual([]);
		// Cut before escaping: no half entity, no lone surrogate.
		expect(rendering.text).not.toMatch(/&(?!(?:lt|gt|amp|quot);)/);
		expect(rendering.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
		expect(rendering.text).toContain('<i>');
	});

	it('reports what breaks the limits', () => {
		expect(
			telegramLimitProblems({
				text: 'x'.repeat(4097),
				reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'y'.repeat(65) }], []] },
			} as TelegramRendering),
		).toEqual([
			'the text has 4097 characters after entity parsing (at most 4096)',
			'keyboard row 0 button 0 has 65 bytes of callback_data (1 to 64)',
			'keyboard row 1 is empty',
		]);
		expect(telegramVisibleText('<b>a&lt;&amp;&#33;</b>')).toBe('a<&!');
	});
});

/** Hostile strings: HTML, entities, mentions, bot commands, emoji, control characters. */
const hostilePiece = fc.constantFrom(
	'<b>',
	'</b>',
	'<a href="https://evil.example">',
	'</a>',
	'&lt;',
	'&amp;',
	'&#60;',
	'&quot;',
	'"',
	"'",
	'@admin',
	'/start',
	'<tg-spoiler>',
	'<code>',
	'😀',
	'\u0000',
	'\u202E',
	'tg://user?id=1',
	'https://evil.example/pay',
	'evil.example',
	' ',
	'\n',
);
const hostileText = fc
	.array(fc.oneof(hostilePiece, fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 })), {
		maxLength: 30,
	})
	.map((parts) => parts.join(''));

describe('Escaping customer text for Telegram HTML (property)', () => {
	it('no tag or entity of the input survives: the visible text is the input, only neutralised', () => {
		fc.assert(
			fc.property(hostileText, (text) => {
				const escaped = escapeTelegramHtml(text);
				expect(escaped).not.toMatch(/[<>"]/);
				expect(escaped).not.toMatch(/&(?!(?:lt|gt|amp|quot);)/);
				expect(escaped).not.toMatch(/@[A-Za-z0-9_]/);
				expect(escaped).not.toMatch(/(?:^|[\s(])\/[A-Za-z]/);
				expect(escaped).not.toMatch(/:\/\/|[\p{L}\p{N}]\.\p{L}/u);
				// What Telegram shows is what the customer typed, less control characters and plus word joiners.
				expect(telegramVisibleText(escaped).replace(/\u2060/g, '')).toBe(
					text.replace(/(?![\n\t])\p{Cc}|[\u202A-\u202E\u2066-\u2069]/gu, ''),
				);
			}),
			{ numRuns: 500 },
		);
	});

	it('a whole message of hostile fields carries only our own tags and stays within the limits', () => {
		fc.assert(
			fc.property(hostileText, hostileText, hostileText, (title, summary, value) => {
				const message: ChatMessage = {
					...buildMessage(eventOf('charge.failed__hostile_eur.json'), { actionSecret: SECRET, now: NOW }),
					title,
					summary,
					fields: [{ label: value, value: summary }],
					links: [{ label: title, url: 'https://dashboard.stripe.com/test/payments/ch_1' }],
				};
				const rendering = renderTelegram(message);
				expect(rendering.text.replace(OWN_TAG, '')).not.toMatch(/[<>]/);
				expect(telegramLimitProblems(rendering)).toEqual([]);
			}),
			{ numRuns: 300 },
		);
	});
});
