/**
 * Conformance over the external corpus in `<repo>/../shared/fixtures` (193 Stripe webhook payloads written by other
 * projects, API versions 2016 → 2023): every event renders, its Slack payload is valid Block Kit within Slack's
 * documented limits, the main amount is scaled for its currency, and no e-mail address shows unmasked.
 * The corpus is never copied into the repository; without it this file runs one test that says so.
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { buildMessage } from '../../src/core/buildMessage';
import { CURATED_BUILDERS } from '../../src/core/messages';
import { slackPlatform } from '../../src/platforms/slack/platform';
import { renderSlack } from '../../src/platforms/slack/render';
import type { SlackBlock, SlackPayload } from '../../src/platforms/slack/render';
import { renderText } from '../../src/core/render/text';
import type { ChatMessage, RenderOptions } from '../../src/core/types';
import {
	CORPUS_AVAILABLE,
	EVENTS_DIR,
	expectedMoney,
	FIXTURES,
	inCurrency,
	isRecord,
	loadCorpus,
	mainAmountOf,
} from '../support/corpus';
import type { Fixture, MainAmount } from '../support/corpus';

const SCHEMA_FILE = path.join(FIXTURES, 'slack', 'block-kit-message.schema.json');
const AVAILABLE = CORPUS_AVAILABLE && existsSync(SCHEMA_FILE);

/** Fixed clock and secret, so the corpus renders the same way on every run. */
const OPTIONS: RenderOptions = {
	actionSecret: 'conformance-button-secret',
	now: () => Date.UTC(2024, 0, 15, 12, 0, 0),
};

interface Rendered {
	message: ChatMessage;
	slack: SlackPayload;
	slackJson: string;
	text: string;
}

function render(envelope: unknown, options: RenderOptions = OPTIONS): Rendered {
	const message = buildMessage(envelope, options);
	const slack = renderSlack(message);
	return { message, slack, slackJson: JSON.stringify(slack), text: renderText(message) };
}

/** Slack's documented Block Kit limits, written out here independently of the renderer's own limits table. */
export function blockKitViolations(payload: SlackPayload): string[] {
	const problems: string[] = [];
	const check = (ok: boolean, problem: string) => {
		if (!ok) problems.push(problem);
	};
	check(typeof payload.text === 'string' && payload.text.length > 0, '`text` fallback is missing');
	check(payload.text.length < 4000, `\`text\` has ${payload.text.length} characters (keep under 4,000)`);
	check(payload.blocks.length <= 50, `${payload.blocks.length} blocks (max 50)`);
	let total = 0;
	const blocks = payload.blocks as Array<SlackBlock & { block_id?: string }>;
	blocks.forEach((block, index) => {
		const where = `block ${index} (${block.type})`;
		if (block.block_id !== undefined) check(block.block_id.length <= 255, `${where}: block_id over 255`);
		switch (block.type) {
			case 'header':
				check(block.text.text.length <= 150, `${where}: header text ${block.text.text.length} > 150`);
				total += block.text.text.length;
				break;
			case 'section':
				check(Boolean(block.text || block.fields?.length), `${where}: section without text or fields`);
				if (block.text) {
					check(block.text.text.length <= 3000, `${where}: section text ${block.text.text.length} > 3000`);
					check(block.text.text.length > 0, `${where}: empty section text`);
					total += block.text.text.length;
				}
				check((block.fields ?? []).length <= 10, `${where}: ${(block.fields ?? []).length} fields > 10`);
				for (const item of block.fields ?? []) {
					check(item.text.length <= 2000, `${where}: field text ${item.text.length} > 2000`);
					check(item.text.length > 0, `${where}: empty field`);
					total += item.text.length;
				}
				break;
			case 'context':
				check(block.elements.length <= 10, `${where}: ${block.elements.length} elements > 10`);
				check(block.elements.length > 0, `${where}: no elements`);
				for (const element of block.elements) total += element.text.length;
				break;
			case 'actions':
				check(block.elements.length <= 25, `${where}: ${block.elements.length} elements > 25`);
				for (const button of block.elements) {
					check(button.text.text.length <= 75, `${where}: button text ${button.text.text.length} > 75`);
					check(button.action_id.length <= 255, `${where}: action_id over 255`);
					if (button.value !== undefined) check(button.value.length <= 2000, `${where}: button value over 2000`);
					if (button.url !== undefined) check(button.url.length <= 3000, `${where}: button url over 3000`);
					if (button.confirm) {
						check(button.confirm.title.text.length <= 100, `${where}: confirm title over 100`);
						check(button.confirm.text.text.length <= 300, `${where}: confirm text over 300`);
						check(button.confirm.confirm.text.length <= 30, `${where}: confirm button over 30`);
						check(button.confirm.deny.text.length <= 30, `${where}: deny button over 30`);
					}
					total += button.text.text.length;
				}
				break;
			default:
				break;
		}
	});
	check(total <= 11_000, `${total} characters of text across blocks (budget 11,000)`);
	return problems;
}

const HOSTILE = {
	mention: '<!channel> please look',
	user: 'hi <@U0123ABCD>',
	link: '<https://evil.example/phish|Open the Stripe Dashboard>',
	email: 'victim.person@mailbox.example',
	card: 'card 4242 4242 4242 4242 here',
	secret: 'sk_live_51HostileSecretValue123456',
	bold: '*URGENT* _refund_ ~now~ `code`',
};
const HOSTILE_TEXT = Object.values(HOSTILE).join(' | ');

/** Puts hostile text in every customer-controlled field the corpus objects use. */
function hostile(fixture: Fixture): Record<string, unknown> {
	const object: Record<string, unknown> = { ...fixture.object };
	for (const key of [
		'description',
		'name',
		'customer_name',
		'statement_descriptor',
		'receipt_email',
		'email',
		'customer_email',
		'phone',
		'customer_phone',
		'footer',
		'client_reference_id',
	]) {
		object[key] = key.includes('email') ? HOSTILE.email : HOSTILE_TEXT;
	}
	object.metadata = { note: HOSTILE_TEXT, [HOSTILE.mention]: HOSTILE.link };
	object.billing_details = {
		name: HOSTILE_TEXT,
		email: HOSTILE.email,
		phone: '+44 20 7946 0958',
		address: { line1: HOSTILE_TEXT, city: 'Leeds', country: 'GB' },
	};
	object.customer_details = {
		name: HOSTILE_TEXT,
		email: HOSTILE.email,
		address: { line1: HOSTILE_TEXT, country: 'GB' },
	};
	object.customer_address = { line1: HOSTILE_TEXT, city: 'Leeds', postal_code: 'LS1 4AP', country: 'GB' };
	object.shipping = { name: HOSTILE_TEXT, address: { line1: HOSTILE_TEXT, city: 'Leeds', country: 'GB' } };
	object.custom_fields = [
		{ key: 'note', label: { custom: HOSTILE_TEXT, type: 'custom' }, text: { value: HOSTILE_TEXT } },
	];
	object.last_payment_error = { code: 'card_declined', message: HOSTILE_TEXT };
	object.failure_message = HOSTILE_TEXT;
	return { ...fixture.envelope, data: { ...(fixture.envelope.data as Record<string, unknown>), object } };
}

/**
 * The `text` fallback and the text objects of the given types. Slack parses mentions, links and formatting in
 * `mrkdwn` and the fallback; `plain_text` (header, buttons) is shown as typed, so `<!channel>` there is inert.
 */
function slackTexts(payload: SlackPayload, types: ReadonlyArray<'mrkdwn' | 'plain_text'>): string[] {
	const texts: string[] = [payload.text];
	const visit = (value: unknown): void => {
		if (Array.isArray(value)) value.forEach(visit);
		else if (isRecord(value)) {
			if (types.includes(value.type as 'mrkdwn') && typeof value.text === 'string') texts.push(value.text);
			Object.values(value).forEach(visit);
		}
	};
	visit(payload.blocks);
	return texts;
}

if (!AVAILABLE) {
	describe('conformance over ../shared/fixtures', () => {
		it('is not run: the shared corpus is absent', () => {
			process.stderr.write(
				`conformance.test.ts: ${EVENTS_DIR} or ${SCHEMA_FILE} is absent, so the external conformance corpus was not checked.\n`,
			);
			expect(AVAILABLE).toBe(false);
		});
	});
} else {
	const fixtures = loadCorpus();
	const byName = new Map(fixtures.map((fixture) => [fixture.name, fixture]));
	const names = fixtures.map((fixture) => fixture.name);
	const renderedCache = new Map<string, Rendered>();
	const rendered = (name: string): Rendered => {
		let result = renderedCache.get(name);
		if (!result) {
			result = render((byName.get(name) as Fixture).envelope);
			renderedCache.set(name, result);
		}
		return result;
	};
	const withAmount = fixtures
		.filter((fixture) => mainAmountOf(fixture, rendered(fixture.name).message.objectType))
		.map((fixture) => fixture.name);
	const withEmails = fixtures.filter((fixture) => fixture.emails.length > 0).map((fixture) => fixture.name);
	let validateSlack: ValidateFunction;

	beforeAll(() => {
		const ajv = new Ajv({ strict: false, allErrors: true });
		validateSlack = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
	});

	describe('conformance over ../shared/fixtures', () => {
		it('finds the corpus and its event files', () => {
			expect(fixtures.length).toBeGreaterThanOrEqual(100);
			expect(withAmount.length).toBeGreaterThan(50);
			expect(withEmails.length).toBeGreaterThan(10);
		});

		it.each(names)('%s renders as Slack blocks and as text', (name) => {
			const result = render(byName.get(name)?.envelope);
			expect(result.message.eventType).toBe((byName.get(name)?.envelope as { type: string }).type);
			expect(result.text.length).toBeGreaterThan(0);
			expect(result.slack.blocks.length).toBeGreaterThan(0);
		});

		it.each(names.filter((name) => CURATED_BUILDERS[(byName.get(name)?.envelope as { type: string }).type]))(
			'%s gets its curated message, not the generic fallback',
			(name) => {
				const { message } = rendered(name);
				expect(message.kind).toBe(message.eventType);
			},
		);

		it.each(names)('%s is valid Block Kit (schema from @slack/types)', (name) => {
			const valid = validateSlack(rendered(name).slack);
			expect(valid ? [] : validateSlack.errors).toEqual([]);
		});

		it.each(names)('%s stays within the Block Kit limits', (name) => {
			expect(blockKitViolations(rendered(name).slack)).toEqual([]);
			expect(slackPlatform.limitProblems(rendered(name).slack)).toEqual([]);
		});

		it.each(withAmount)('%s shows its main amount scaled for its currency', (name) => {
			const fixture = byName.get(name) as Fixture;
			const { message, text, slack } = rendered(name);
			const main = mainAmountOf(fixture, message.objectType) as MainAmount;
			expect(message.amount).toBeDefined();
			expect(message.amount?.currency).toBe(main.currency);
			expect(main.values).toContain(message.amount?.minor);
			const expected = expectedMoney(message.amount?.minor as number, main.currency);
			expect(message.amount?.text).toBe(expected);
			expect(text).toContain(expected);
			expect(slackTexts(slack, ['mrkdwn', 'plain_text']).join('\n')).toContain(expected);
		});

		describe.each(['jpy', 'krw', 'bhd', 'kwd', 'isk'])('the same events in %s', (currency) => {
			it.each(withAmount)('%s scales the main amount', (name) => {
				const fixture = inCurrency(byName.get(name) as Fixture, currency);
				const result = render(fixture.envelope);
				const main = mainAmountOf(fixture, result.message.objectType) as MainAmount;
				expect(result.message.amount?.currency).toBe(currency);
				expect(main.values).toContain(result.message.amount?.minor);
				const expected = expectedMoney(result.message.amount?.minor as number, currency);
				expect(result.message.amount?.text).toBe(expected);
				expect(result.text).toContain(expected);
			});
		});

		it.each(withEmails)('%s shows no e-mail address unmasked', (name) => {
			const fixture = byName.get(name) as Fixture;
			const { slackJson, text, message } = rendered(name);
			for (const email of fixture.emails) {
				expect({ email, inSlack: slackJson.includes(email), inText: text.includes(email) }).toEqual({
					email,
					inSlack: false,
					inText: false,
				});
			}
			expect(message.redactionPolicy).toBe('standard');
		});

		it.each(names)('%s keeps hostile customer text inert', (name) => {
			const fixture = byName.get(name) as Fixture;
			const result = render(hostile(fixture));
			expect(validateSlack(result.slack) ? [] : validateSlack.errors).toEqual([]);
			expect(blockKitViolations(result.slack)).toEqual([]);
			const shown = slackTexts(result.slack, ['mrkdwn']).join('\n');
			expect(shown).not.toContain('<!channel>');
			expect(shown).not.toContain('<@U0123ABCD>');
			expect(shown).not.toContain('<https://evil.example');
			expect(shown).not.toMatch(/(^|[^\u200B\w])\*URGENT\*/);
			for (const output of [result.slackJson, result.text]) {
				expect(output).not.toContain(HOSTILE.email);
				expect(output).not.toContain('4242 4242 4242 4242');
				expect(output).not.toContain(HOSTILE.secret);
			}
		});
	});
}
