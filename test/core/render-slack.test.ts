import fs from 'node:fs';
import path from 'node:path';

import Ajv from 'ajv';

import { shorten, shortenEscaped, SLACK_LIMITS } from '../../src/core/render/limits';
import { isSlackMention, renderSlack } from '../../src/platforms/slack/render';
import type { SlackBlock, SlackPayload } from '../../src/platforms/slack/render';
import type { ChatMessage, MessageAction } from '../../src/core/types';
import { chatMessage } from '../fixtures/core/builders';

const SCHEMA_PATH = path.resolve(__dirname, '../../../shared/fixtures/slack/block-kit-message.schema.json');
const HAS_SCHEMA = fs.existsSync(SCHEMA_PATH);

function blockText(block: SlackBlock): number {
	switch (block.type) {
		case 'header':
			return block.text.text.length;
		case 'section':
			return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((sum, item) => sum + item.text.length, 0);
		case 'context':
			return block.elements.reduce((sum, item) => sum + item.text.length, 0);
		case 'actions':
			return block.elements.reduce((sum, item) => sum + item.text.text.length, 0);
		default:
			return 0;
	}
}

function totalText(payload: SlackPayload): number {
	return payload.blocks.reduce((sum, block) => sum + blockText(block), 0);
}

function mrkdwnTexts(payload: SlackPayload): string[] {
	const texts = [payload.text];
	for (const block of payload.blocks) {
		if (block.type === 'section') {
			if (block.text) texts.push(block.text.text);
			for (const item of block.fields ?? []) texts.push(item.text);
		}
		if (block.type === 'context') for (const element of block.elements) texts.push(element.text);
	}
	return texts;
}

/** Asserts every Block Kit limit Slack documents for these blocks on a rendered payload. */
function expectWithinSlackLimits(payload: SlackPayload): void {
	expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
	expect(payload.text.length).toBeLessThan(4000);
	expect(payload.text.length).toBeGreaterThan(0);
	expect(totalText(payload)).toBeLessThanOrEqual(SLACK_LIMITS.totalBlockTextBudget);
	for (const block of payload.blocks) {
		if ('block_id' in block && block.block_id !== undefined) expect(block.block_id.length).toBeLessThanOrEqual(255);
		switch (block.type) {
			case 'header':
				expect(block.text.text.length).toBeLessThanOrEqual(150);
				break;
			case 'section':
				expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
				expect((block.fields ?? []).length).toBeLessThanOrEqual(10);
				for (const item of block.fields ?? []) expect(item.text.length).toBeLessThanOrEqual(2000);
				break;
			case 'context':
				expect(block.elements.length).toBeLessThanOrEqual(10);
				for (const element of block.elements) expect(element.text.length).toBeLessThanOrEqual(2000);
				break;
			case 'actions':
				expect(block.elements.length).toBeLessThanOrEqual(25);
				for (const element of block.elements) {
					expect(element.text.text.length).toBeLessThanOrEqual(75);
					expect(element.action_id.length).toBeLessThanOrEqual(255);
					expect((element.value ?? '').length).toBeLessThanOrEqual(2000);
					expect((element.url ?? '').length).toBeLessThanOrEqual(3000);
					if (element.confirm) {
						expect(element.confirm.title.text.length).toBeLessThanOrEqual(100);
						expect(element.confirm.text.text.length).toBeLessThanOrEqual(300);
						expect(element.confirm.confirm.text.length).toBeLessThanOrEqual(30);
						expect(element.confirm.deny.text.length).toBeLessThanOrEqual(30);
					}
				}
				break;
			default:
				break;
		}
	}
}

/** Every `&` in escaped text starts a whole entity: shortening never leaves `&am…`. */
function expectWholeEntities(text: string): void {
	expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
}

function action(index: number, overrides: Partial<MessageAction> = {}): MessageAction {
	return {
		id: 'invoice.retry',
		label: `Retry payment ${index}`,
		style: 'primary',
		ref: { action: 'invoice.retry', objectId: `in_${index}`, objectType: 'invoice', livemode: true },
		value: `v1.${'A'.repeat(120)}.${index}`,
		...overrides,
	};
}

const LONG_TEXT = 'Lorem ipsum & <dolor> sit amet '.repeat(400);
const url = (index: number) => `https://dashboard.stripe.com/test/invoices/in_${index}`;

const HUGE_CASES: Array<[string, Partial<ChatMessage>]> = [
	['a 500-character title', { title: 'T'.repeat(500) }],
	['a 12,000-character summary', { summary: LONG_TEXT }],
	[
		'fields with 10,000-character values',
		{ fields: [1, 2, 3].map((n) => ({ label: `Note ${n}`, value: 'v'.repeat(10000) })) },
	],
	['40 fields', { fields: Array.from({ length: 40 }, (_, n) => ({ label: `Field ${n}`, value: LONG_TEXT })) }],
	['300 links', { links: Array.from({ length: 300 }, (_, n) => ({ label: `Link ${n} & more`, url: url(n) })) }],
	['40 actions', { actions: Array.from({ length: 40 }, (_, n) => action(n, { label: 'B'.repeat(200) })) }],
	[
		'long confirm dialogs',
		{
			actions: [
				action(1, {
					confirm: { title: 'T'.repeat(500), text: 'x'.repeat(900), confirm: 'Y'.repeat(90), deny: 'N'.repeat(90) },
				}),
			],
		},
	],
	[
		'everything huge at once',
		{
			title: 'T'.repeat(500),
			summary: LONG_TEXT,
			fields: Array.from({ length: 40 }, (_, n) => ({
				label: `Field ${n} ${'L'.repeat(300)}`,
				value: 'v & '.repeat(2500),
			})),
			links: Array.from({ length: 300 }, (_, n) => ({ label: `Link ${n}`, url: url(n) })),
			actions: Array.from({ length: 40 }, (_, n) => action(n, { label: 'B'.repeat(200) })),
			redactions: Array.from({ length: 40 }, (_, n) => ({ field: `metadata.k${n}`, kind: `kind_${n}` })),
			account: 'acct_1Connected',
			livemode: false,
		},
	],
];

describe('renderSlack within Block Kit limits', () => {
	it.each(HUGE_CASES)('keeps every limit with %s', (_case, overrides) => {
		expectWithinSlackLimits(renderSlack(chatMessage(overrides), { mention: '<!here>' }));
	});

	it('keeps a button for each of the first 25 actions and leaves the rest out', () => {
		const payload = renderSlack(chatMessage({ actions: Array.from({ length: 40 }, (_, n) => action(n)) }));
		const actions = payload.blocks.filter((block) => block.type === 'actions');
		expect(actions).toHaveLength(1);
		const elements = actions[0].type === 'actions' ? actions[0].elements : [];
		expect(elements.map((element) => element.value)).toEqual(Array.from({ length: 25 }, (_, n) => action(n).value));
	});

	it('leaves out a button without a signed value, or with one too long for Slack', () => {
		const payload = renderSlack(
			chatMessage({ actions: [action(1, { value: undefined }), action(2, { value: 'v'.repeat(2001) }), action(3)] }),
		);
		const elements = payload.blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []));
		expect(elements.map((element) => element.value)).toEqual([action(3).value]);
	});

	it('never cuts a URL: an overlong one is dropped whole, the others stay whole', () => {
		const overlong = `https://dashboard.stripe.com/test/invoices/in_${'x'.repeat(3100)}`;
		const message = chatMessage({
			links: [
				{ label: 'Open invoice', url: url(1) },
				{ label: 'Too long', url: overlong },
				{ label: 'Not https', url: 'http://dashboard.stripe.com/invoices/in_2' },
				{ label: 'Injected', url: 'https://x.example/a|<!channel>' },
				{ label: 'View event', url: 'https://dashboard.stripe.com/test/events/evt_1AbC' },
			],
		});
		const all = mrkdwnTexts(renderSlack(message)).join('\n');
		expect(all).toContain(`<${url(1)}|Open invoice>`);
		expect(all).toContain('<https://dashboard.stripe.com/test/events/evt_1AbC|View event>');
		expect(all).not.toContain('in_xxx');
		expect(all).not.toContain('Too long');
		expect(all).not.toContain('Not https');
		expect(all).not.toContain('<!channel>');
	});

	it('keeps as many whole links as fit when there are hundreds, in order', () => {
		const links = Array.from({ length: 300 }, (_, n) => ({ label: `Link ${n}`, url: url(n) }));
		const payload = renderSlack(chatMessage({ links }));
		const rendered = [
			...mrkdwnTexts(payload)
				.join('\n')
				.matchAll(/<(https:[^|>]+)\|([^>]*)>/g),
		];
		expect(rendered.length).toBeGreaterThan(10);
		rendered.forEach((match, index) => {
			expect(match[1]).toBe(url(index));
			expect(match[2]).toBe(`Link ${index}`);
		});
	});

	it('writes the fallback text without a dangling colon when the summary is empty', () => {
		expect(renderSlack(chatMessage({ severity: 'success', title: 'Charge succeeded', summary: '' })).text).toBe(
			'✅ Charge succeeded',
		);
	});

	it('never cuts ids in the footer', () => {
		const payload = renderSlack(
			chatMessage({
				eventId: 'evt_1MtHbELkdIwHu7ixAbCdEfGh',
				eventType: 'invoice.payment_failed',
				account: 'acct_1Connected00',
			}),
		);
		const all = mrkdwnTexts(payload).join('\n');
		expect(all).toContain('invoice.payment_failed · evt_1MtHbELkdIwHu7ixAbCdEfGh');
		expect(all).toContain('acct_1Connected00');
	});

	it.each([
		['a summary', { summary: '&'.repeat(5000) }],
		['a summary of angle brackets', { summary: '<>'.repeat(3000) }],
		['field values', { fields: Array.from({ length: 10 }, () => ({ label: 'A&B', value: '&'.repeat(3000) })) }],
		['a title', { title: '&'.repeat(5000) }],
	])('never ends shortened text in half an entity (%s)', (_case, overrides) => {
		for (const text of mrkdwnTexts(renderSlack(chatMessage(overrides)))) expectWholeEntities(text);
	});
});

describe('renderSlack mentions', () => {
	it.each([
		['<@U123ABC>', true],
		['<@W123ABC>', true],
		['<!subteam^S0614TZR7>', true],
		['<!here>', true],
		['<!channel>', true],
		['<https://evil|x>', false],
		['<!everyone>', false],
		['<@U123ABC> <!channel>', false],
		['@channel', false],
		['<#C123ABC>', false],
		['<!subteam^S0614TZR7|@team>', false],
		['', false],
	])('accepts %p as a mention: %p', (mention, accepted) => {
		expect(isSlackMention(mention)).toBe(accepted);
		const payload = renderSlack(chatMessage({ summary: 'Payment failed' }), { mention });
		const section = payload.blocks.find((block) => block.type === 'section');
		const text = section?.type === 'section' ? (section.text?.text ?? '') : '';
		if (accepted) {
			expect(text.startsWith(`${mention} `)).toBe(true);
			expect(payload.text.startsWith(`${mention} `)).toBe(true);
		} else {
			expect(text.startsWith(':information_source: Payment failed')).toBe(true);
			expect(payload.text).not.toContain('<http');
			expect(payload.text).not.toContain('<!');
		}
	});
});

describe('renderSlack footer', () => {
	function footerOf(message: ChatMessage): string {
		const blocks = renderSlack(message).blocks;
		const last = blocks[blocks.length - 1];
		expect(last.type).toBe('context');
		return last.type === 'context' ? last.elements.map((element) => element.text).join(' | ') : '';
	}

	it.each([
		['redaction off', { redactionPolicy: 'off' }, /Redaction is off/, /Redacted/],
		[
			'standard with redactions',
			{
				redactionPolicy: 'standard',
				redactions: [
					{ field: 'customer_email', kind: 'email' },
					{ field: 'metadata.note', kind: 'email' },
					{ field: 'description', kind: 'card_number' },
				],
			},
			/Redacted \(standard\): email, card_number/,
			/Redaction is off/,
		],
		[
			'strict with a name',
			{ redactionPolicy: 'strict', redactions: [{ field: 'name', kind: 'name' }] },
			/Redacted \(strict\): name/,
			/Redaction is off/,
		],
		[
			'standard with nothing to hide',
			{ redactionPolicy: 'standard', redactions: [] },
			/invoice\.paid · evt_1AbC/,
			/Redact/,
		],
		['a test-mode event', { livemode: false }, /\*Test mode\*/, /Live/],
		['a live event', { livemode: true }, /evt_1AbC/, /Test mode/],
		['a Connect event', { account: 'acct_1Conn' }, /Account acct_1Conn/, /Test mode/],
	] as Array<[string, Partial<ChatMessage>, RegExp, RegExp]>)('describes %s', (_case, overrides, present, absent) => {
		const footer = footerOf(chatMessage(overrides));
		expect(footer).toMatch(present);
		expect(footer).not.toMatch(absent);
	});
});

describe('shorten and shortenEscaped', () => {
	it.each([
		['short', 10, 'short'],
		['exactly ten', 11, 'exactly ten'],
		['a sentence with several words in it', 20, 'a sentence with…'],
		['abcdefghijklmnopqrstuvwxyz', 10, 'abcdefghi…'],
		['abc', 1, 'a'],
		['abc', 0, ''],
	])('shortens %p to %i characters: %p', (text, max, expected) => {
		expect(shorten(text, max)).toBe(expected);
		expect(shorten(text, max).length).toBeLessThanOrEqual(max);
	});

	it.each(Array.from({ length: 12 }, (_, n) => n + 5))('never leaves half an entity when cutting at %i', (max) => {
		const escaped = 'ab&amp;cd&lt;ef&gt;gh&amp;ij&amp;';
		const result = shortenEscaped(escaped, max);
		expect(result.length).toBeLessThanOrEqual(max);
		expectWholeEntities(result);
	});

	it('does not leave a lone zero-width space before the ellipsis', () => {
		expect(shortenEscaped(`abcd\u200B*\u200Befgh`, 6)).not.toMatch(/\u200B…$/);
	});
});

(HAS_SCHEMA ? describe : describe.skip)(
	`renderSlack against the Block Kit JSON Schema${HAS_SCHEMA ? '' : ` (skipped: ${SCHEMA_PATH} is absent)`}`,
	() => {
		const validate = HAS_SCHEMA
			? new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')))
			: undefined;

		it('the schema refuses a payload that is not Block Kit (so the check can fail)', () => {
			expect(validate?.({ text: 'x', blocks: [{ type: 'section', fields: 'not an array' }] })).toBe(false);
		});

		it.each([
			['a plain message', {}],
			[
				'a message with buttons and confirm dialogs',
				{
					actions: [
						action(1),
						action(2, {
							style: 'danger',
							confirm: { title: 'Refund?', text: 'Refunds €50.00', confirm: 'Refund', deny: 'Cancel' },
						}),
					],
				},
			],
			['a message without fields and links', { fields: [], links: [] }],
			[
				'a test-mode Connect message with redactions',
				{ livemode: false, account: 'acct_1', redactions: [{ field: 'email', kind: 'email' }] },
			],
			...HUGE_CASES,
		] as Array<[string, Partial<ChatMessage>]>)('validates %s', (_case, overrides) => {
			const payload = renderSlack(chatMessage(overrides), { mention: '<@U123ABC>' });
			const valid = validate?.(payload);
			expect(validate?.errors ?? []).toEqual([]);
			expect(valid).toBe(true);
		});
	},
);

describe('renderSlack against spoofed alerts', () => {
	const payload = renderSlack(
		chatMessage({
			severity: 'info',
			title: 'New customer: 🚨 Jane :rotating_light:',
			summary: 'see www.example-refunds.com #general',
			fields: [{ label: 'Name', value: 'Jane :fire:' }],
		}),
	);

	it('shows customer text verbatim: no automatic links to URLs or channels', () => {
		for (const block of payload.blocks) {
			if (block.type === 'section') {
				for (const text of [block.text, ...(block.fields ?? [])].filter(Boolean)) expect(text?.verbatim).toBe(true);
			}
			if (block.type === 'context') for (const element of block.elements) expect(element.verbatim).toBe(true);
		}
	});

	it('puts only its own emoji in the header and the notification text', () => {
		const header = payload.blocks[0];
		expect(header).toEqual({
			type: 'header',
			text: { type: 'plain_text', text: 'ℹ️ New customer: Jane :rotating_light:', emoji: false },
		});
		expect(payload.text.startsWith('ℹ️ New customer: Jane :\u200Brotating_light:')).toBe(true);
	});

	it('keeps emoji codes in customer text from turning into emoji', () => {
		expect(JSON.stringify(payload.blocks)).not.toMatch(/:fire:/);
	});
});
