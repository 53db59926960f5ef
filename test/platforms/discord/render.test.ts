/**
 * The Discord renderer over the local event fixtures (every event type and currency they hold), hostile customer
 * text (table and fast-check properties), huge messages, mentions and buttons.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import fc from 'fast-check';

import { buildMessage } from '../../../src/core/buildMessage';
import { verifyCompactActionValue } from '../../../src/core/compactActionValue';
import { discordAddressing, allowedMentionsFor } from '../../../src/platforms/discord/addressing';
import { DISCORD_LIMITS, discordLimitProblems, embedCharacters } from '../../../src/platforms/discord/limits';
import { escapeDiscordMarkdown } from '../../../src/platforms/discord/markdown';
import { bindButtons } from '../../../src/platforms/discord/messages';
import { discordPlatform } from '../../../src/platforms/discord/platform';
import { BUTTON_STYLE, messagePayload, renderDiscord, SEVERITY_COLOR } from '../../../src/platforms/discord/render';
import type { DiscordRendering } from '../../../src/platforms/discord/render';
import { chatPlatform } from '../../../src/platforms';
import type { ChatMessage } from '../../../src/core/types';
import { chatMessage, fixedNow, HOSTILE_TEXT } from '../../fixtures/core/builders';
import { markdownTexts, markupProblem, shownAs } from './discordChecks';

const SECRET = 'discord-render-test-secret';
const EVENTS_DIR = path.resolve(__dirname, '../../fixtures/events');
const EVENT_FILES = readdirSync(EVENTS_DIR).filter((name) => name.endsWith('.json'));

function renderFile(name: string): { message: ChatMessage; rendering: DiscordRendering } {
	const envelope = JSON.parse(readFileSync(path.join(EVENTS_DIR, name), 'utf8')) as unknown;
	const message = buildMessage(envelope, { actionSecret: SECRET, now: fixedNow });
	return { message, rendering: renderDiscord(message) };
}

describe('renderDiscord over the event fixtures', () => {
	it.each(EVENT_FILES)('renders %s within Discord limits, with the amount and colour of the message', (name) => {
		const { message, rendering } = renderFile(name);
		expect(discordLimitProblems(rendering)).toEqual([]);
		const [embed] = rendering.embeds;
		expect(embed.color).toBe(SEVERITY_COLOR[message.severity]);
		expect(rendering.allowed_mentions).toEqual({ parse: [], replied_user: false });
		if (message.amount) {
			// The amount shows as the core formatted it for its currency (escaped, so compare what Discord shows).
			const shown = [rendering.content, embed.title, embed.description, ...(embed.fields ?? []).map((f) => f.value)]
				.map((text) => shownAs(text ?? ''))
				.join('\n');
			expect(shown).toContain(message.amount.text);
		}
		for (const row of rendering.components) {
			for (const button of row.components) {
				if (button.style === BUTTON_STYLE.link) expect(button.url).toMatch(/^https:\/\//);
				else
					expect(
						verifyCompactActionValue(button.custom_id ?? '', { secret: SECRET, channelId: '' }).action,
					).toBeTruthy();
			}
		}
	});
});

describe('renderDiscord', () => {
	it('shows a message as one embed with its fields, footer, time and Dashboard link buttons', () => {
		const rendering = renderDiscord(chatMessage({ severity: 'critical', livemode: false }));
		expect(rendering.text).toBe(rendering.content);
		expect(rendering.content).toBe('🚨 Invoice paid: €50.00');
		const [embed] = rendering.embeds;
		expect(embed).toMatchObject({
			title: '🚨 Invoice paid: €50.00',
			description: 'Invoice INV\\-0001 · Subscription'.replace('\\-', '-'),
			url: 'https://dashboard.stripe.com/test/invoices/in_1',
			color: SEVERITY_COLOR.critical,
			fields: [{ name: 'Amount paid', value: '€50.00', inline: true }],
			timestamp: '2026-01-15T12:00:00.000Z',
		});
		expect(embed.footer?.text).toBe('Test mode  ·  invoice.paid · evt_1AbC');
		expect(rendering.components).toEqual([
			{
				type: 1,
				components: [
					{ type: 2, style: 5, label: 'Open invoice', url: 'https://dashboard.stripe.com/test/invoices/in_1' },
				],
			},
		]);
		expect(Object.keys(messagePayload(rendering)).sort()).toEqual([
			'allowed_mentions',
			'components',
			'content',
			'embeds',
		]);
	});

	it('makes a button only from a compact value, styled by the action', () => {
		const ref = { action: 'invoice.retry' as const, objectId: 'in_1', objectType: 'invoice', livemode: true };
		const rendering = renderDiscord(
			chatMessage({
				actions: [
					{ id: 'invoice.retry', label: 'Retry payment', style: 'primary', ref, compactValue: 'c1.0.in_1.abc.1.MAC' },
					{ id: 'refund.create', label: 'Refund', style: 'danger', ref, value: 'v1.only-slack' },
				],
			}),
		);
		expect(rendering.components[0].components[0]).toEqual({
			type: 2,
			style: BUTTON_STYLE.primary,
			label: 'Retry payment',
			custom_id: 'c1.0.in_1.abc.1.MAC',
		});
		expect(rendering.components[0].components).toHaveLength(2);
	});

	it('puts at most five buttons in a row and five rows in a message, each custom_id once', () => {
		const ref = { action: 'invoice.retry' as const, objectId: 'in_1', objectType: 'invoice', livemode: true };
		const actions = Array.from({ length: 30 }, (_, index) => ({
			id: 'invoice.retry' as const,
			label: `Button ${index}`,
			ref,
			compactValue: `c1.0.in_${index % 28}.x.1.M`,
		}));
		const rendering = renderDiscord(chatMessage({ actions, links: [] }));
		expect(rendering.components).toHaveLength(5);
		expect(rendering.components.every((row) => row.components.length <= 5)).toBe(true);
		expect(discordLimitProblems(rendering)).toEqual([]);
	});

	it.each([
		['a long title', { title: 'T'.repeat(5000) }],
		['a long summary', { summary: 'S '.repeat(6000) }],
		[
			'25+ long fields',
			{ fields: Array.from({ length: 40 }, (_, i) => ({ label: `L${i} `.repeat(200), value: 'v '.repeat(900) })) },
		],
		[
			'everything long',
			{
				title: '*'.repeat(3000),
				summary: '_'.repeat(9000),
				fields: Array.from({ length: 30 }, () => ({ label: '#'.repeat(400), value: '>'.repeat(2000) })),
			},
		],
		[
			'long links',
			{
				links: [
					{ label: 'L'.repeat(200), url: `https://dashboard.stripe.com/${'x'.repeat(600)}` },
					{ label: 'ok', url: 'https://dashboard.stripe.com/ok' },
				],
			},
		],
	])('keeps every Discord limit with %s', (_case, overrides: Partial<ChatMessage>) => {
		const rendering = renderDiscord(chatMessage(overrides));
		expect(discordLimitProblems(rendering)).toEqual([]);
		expect(embedCharacters(rendering.embeds[0] as Record<string, unknown>)).toBeLessThanOrEqual(
			DISCORD_LIMITS.embedTotal,
		);
		expect(rendering.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
	});

	it.each([
		[
			{ type: 'user' as const, id: '123456789012345678' },
			'<@123456789012345678> ',
			{ parse: [], users: ['123456789012345678'], replied_user: false },
		],
		[
			{ type: 'usergroup' as const, id: '223456789012345678' },
			'<@&223456789012345678> ',
			{ parse: [], roles: ['223456789012345678'], replied_user: false },
		],
		[{ type: 'here' as const }, '@here ', { parse: ['everyone'], replied_user: false }],
		[{ type: 'channel' as const }, '@everyone ', { parse: ['everyone'], replied_user: false }],
		[{ type: 'user' as const, id: 'U0123ABCD' }, '', { parse: [], replied_user: false }],
		[{ type: 'usergroup' as const, id: '<@&1>' }, '', { parse: [], replied_user: false }],
	])(
		'mentions %j only in Discord syntax from a configured id, and allows only that mention',
		(mention, prefix, allowed) => {
			const rendering = discordPlatform.render(chatMessage(), { mention });
			expect(rendering.text.startsWith(`${prefix}ℹ️`)).toBe(true);
			expect((rendering as DiscordRendering).allowed_mentions).toEqual(allowed);
			expect(allowedMentionsFor(mention)).toEqual(allowed);
		},
	);

	it('shows the dates the core wrote as Discord timestamps, in each reader’s own time zone', () => {
		const rendering = renderDiscord(
			chatMessage({
				summary: 'Retry on Jun 10, 2026, 10:13 AM UTC',
				fields: [{ label: 'Next retry', value: 'Jun 10, 2026, 10:13 AM UTC (in 2 days)' }],
				times: [{ text: 'Jun 10, 2026, 10:13 AM UTC', at: 1_781_086_380 }],
			}),
		);
		expect(rendering.embeds[0].description).toBe('Retry on <t:1781086380:f>');
		expect(rendering.embeds[0].fields?.[0].value).toBe('<t:1781086380:f> \\(in 2 days\\)');
	});

	it('is registered as the discord platform', () => {
		expect(chatPlatform('discord')).toBe(discordPlatform);
		expect(discordPlatform.buttons).toBe('interactive');
	});
});

describe('Discord addressing', () => {
	it.each([
		['123456789012345678', undefined],
		['12345678901234567890', undefined],
		['1234567890123456', 'is not a Discord channel id'],
		['#payments', 'is not a Discord channel id'],
		['C0123ABCD', 'is not a Discord channel id'],
	])('takes %s as a channel: %s', (channel, problem) => {
		const described = discordAddressing.describeChannelProblem(channel);
		if (problem) expect(described).toContain(problem);
		else expect(described).toBeUndefined();
		expect(discordAddressing.normalizeChannel(channel)).toBe(problem ? undefined : channel);
	});

	it('names an actor only by a snowflake', () => {
		expect(discordAddressing.nameActor('123456789012345678')).toBe('<@123456789012345678>');
		expect(discordAddressing.nameActor('@everyone')).toBeUndefined();
		expect(discordAddressing.nameActor(undefined)).toBeUndefined();
	});
});

describe('escapeDiscordMarkdown', () => {
	it.each([
		['**bold** and __underline__', '\\*\\*bold\\*\\* and \\_\\_underline\\_\\_'],
		['||spoiler||', '\\|\\|spoiler\\|\\|'],
		['[Refund here](https://evil.example)', '\\[Refund here\\]\\(https:\u200B//evil.example\\)'],
		['@everyone pay now', '@\u200Beveryone pay now'],
		['hi @here', 'hi @\u200Bhere'],
		[
			'<@123456789012345678> <@&1> <#2> <:kek:3> <a:x:4> <t:5> </cmd:6>',
			'<\u200B@123456789012345678> <\u200B@&1> <\u200B#2> <\u200B:kek:3> <\u200Ba:x:4> <\u200Bt:5> <\u200B/cmd:6>',
		],
		['<id:customize> <id:browse> <ID:guide>', '<\u200Bid:customize> <\u200Bid:browse> <\u200BID:guide>'],
		['# Heading\n> quote\n- item\n-# small\n1. first', '\\# Heading\n\\> quote\n\\- item\n\\-# small\n1\\. first'],
		['back\\slash', 'back\\\\slash'],
		['cus_123 j***@example.com 2024-01-15', 'cus\\_123 j\\*\\*\\*@example.com 2024-01-15'],
		['\u001b[31mred\u202Eevil', '[31mredevil'.replace('[', '\\[')],
	])('escapes %j', (input, expected) => {
		expect(escapeDiscordMarkdown(input)).toBe(expected);
		expect(markupProblem(escapeDiscordMarkdown(input))).toBeUndefined();
	});

	it('shows the Slack hostile text as typed', () => {
		const escaped = escapeDiscordMarkdown(HOSTILE_TEXT);
		expect(markupProblem(escaped)).toBeUndefined();
		expect(shownAs(escaped)).toBe(HOSTILE_TEXT);
	});

	const hostile = fc.oneof(
		fc.string({ unit: fc.constantFrom(...'\\*_~`|[]()<>@#:/-+.1 \nahtvid&everyone'.split('')), maxLength: 80 }),
		fc.constantFrom(
			'@everyone',
			'@here',
			'<@123456789012345678>',
			'<@&123456789012345678>',
			'<#123456789012345678>',
			'<id:customize>',
			'[x](https://e.vil)',
			'# h',
			'> q',
			'||s||',
			'```js```',
		),
		fc.string({ maxLength: 60 }),
	);
	const hostileText = fc.array(hostile, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

	it('leaves no mention, markup or bare URL in any escaped text (property)', () => {
		fc.assert(
			fc.property(hostileText, (text) => {
				const escaped = escapeDiscordMarkdown(text);
				expect(markupProblem(escaped)).toBeUndefined();
			}),
			{ numRuns: 2000 },
		);
	});

	it('shows printable customer text exactly as typed (property)', () => {
		fc.assert(
			fc.property(hostileText, (text) => {
				const printableText = text.replace(/(?![\n\t])\p{Cc}|[\u202A-\u202E\u2066-\u2069]|\u200B/gu, '');
				expect(shownAs(escapeDiscordMarkdown(printableText))).toBe(printableText);
			}),
			{ numRuns: 1000 },
		);
	});

	it('keeps hostile text in every field of a rendered message from formatting or pinging, within limits (property)', () => {
		fc.assert(
			fc.property(
				hostileText,
				hostileText,
				fc.array(fc.tuple(hostileText, hostileText), { maxLength: 30 }),
				(title, summary, fields) => {
					const rendering = renderDiscord(
						chatMessage({ title, summary, fields: fields.map(([label, value]) => ({ label, value })) }),
						{ mention: { type: 'user', id: '123456789012345678' } },
					);
					expect(discordLimitProblems(rendering)).toEqual([]);
					const [mention, ...rest] = markdownTexts(rendering);
					expect(markupProblem(mention.replace(/^<@123456789012345678> /, ''))).toBeUndefined();
					for (const text of rest) expect(markupProblem(text)).toBeUndefined();
					expect(rendering.allowed_mentions).toEqual({ parse: [], users: ['123456789012345678'], replied_user: false });
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('bindButtons', () => {
	const invoiceEvent = () =>
		JSON.parse(
			readFileSync(
				path.join(EVENTS_DIR, EVENT_FILES.find((name) => name.startsWith('invoice.payment_failed')) ?? ''),
				'utf8',
			),
		);

	it('re-signs compact values for the channel they are posted in, keeping their issue time', () => {
		const message = buildMessage(invoiceEvent(), { actionSecret: SECRET, now: fixedNow });
		const rendering = renderDiscord(message);
		const bound = bindButtons(messagePayload(rendering), '123456789012345678', SECRET);
		expect(bound.dropped).toBe(0);
		const customIds = bound.payload.components
			.flatMap((row) => row.components)
			.flatMap((button) => button.custom_id ?? []);
		expect(customIds.length).toBeGreaterThan(0);
		for (const customId of customIds) {
			expect(customId.startsWith('cb.')).toBe(true);
			expect(customId.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
			const ref = verifyCompactActionValue(customId, { secret: SECRET, channelId: '123456789012345678' });
			expect(ref.issuedAt).toBe(Math.floor(fixedNow() / 1000));
			expect(() => verifyCompactActionValue(customId, { secret: SECRET, channelId: '999999999999999999' })).toThrow();
		}
	});

	it.each([
		['without a button signing secret', undefined, /no Button Signing Secret/],
		['signed with another secret', 'another-button-signing-secret', /did not verify/],
	])('leaves out every action button it cannot bind (%s), keeping the link buttons', (_case, secret, reason) => {
		const rendering = renderDiscord(buildMessage(invoiceEvent(), { actionSecret: SECRET, now: fixedNow }));
		const buttons = (payload: { components: Array<{ components: Array<{ custom_id?: string; url?: string }> }> }) =>
			payload.components.flatMap((row) => row.components);
		const actionButtons = buttons(messagePayload(rendering)).filter((button) => button.custom_id).length;
		expect(actionButtons).toBeGreaterThan(0);

		const bound = bindButtons(messagePayload(rendering), '123456789012345678', secret);
		expect(bound.dropped).toBe(actionButtons);
		expect(bound.droppedBecause).toMatch(reason);
		expect(buttons(bound.payload).length).toBeGreaterThan(0);
		expect(buttons(bound.payload).every((button) => button.url && !button.custom_id)).toBe(true);
		expect(bound.payload.components.every((row) => row.components.length > 0)).toBe(true);
	});
});
