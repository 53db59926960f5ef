/**
 * A payment's `last_payment_error.message` is written by banks and Stripe for the customer and may echo what was
 * typed at checkout: untrusted text. Whether it comes from a look-up at Stripe (basil invoices), from the event's
 * expanded PaymentIntent (older invoices) or from a `payment_intent.payment_failed` event, a hostile message — card
 * numbers, e-mail addresses, API keys, Slack mentions, links, formatting and emoji codes — never reaches any output
 * unredacted, nor Slack unescaped.
 *
 * A failure prints fast-check's seed and path; replay it with DECLINE_SEED=<seed> DECLINE_PATH=<path>.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { buildMessage } from '../../src/core/buildMessage';
import { renderSlack } from '../../src/platforms/slack/render';
import { renderText } from '../../src/core/render/text';
import type { PaymentFailureLookup, RedactionPolicy, RenderOptions } from '../../src/core/types';
import { luhnCheckDigit } from '../support/luhn';

const CASES = Number(process.env.DECLINE_CASES) || 400;
const REPLAY = process.env.DECLINE_SEED
	? { seed: Number(process.env.DECLINE_SEED), path: process.env.DECLINE_PATH }
	: process.env.CI
		? { seed: 20_261_202 }
		: {};
const NOW = () => (1_781_000_000 + 60) * 1000;

type Event = { data: { object: Record<string, unknown> } } & Record<string, unknown>;

function loadEvent(name: string): Event {
	return JSON.parse(readFileSync(path.join(__dirname, '../fixtures/events', `${name}.json`), 'utf8')) as Event;
}

interface Failure {
	code?: string;
	declineCode?: string;
	message: string;
}

/** The three ways a message reaches an alert. */
const CARRIERS: Record<string, (failure: Failure) => { event: Event; options: RenderOptions }> = {
	'looked up at Stripe (basil invoice)': (failure) => {
		const paymentFailure: PaymentFailureLookup = { lookedUp: 'found', ...failure };
		return { event: loadEvent('invoice.payment_failed__2025-03-31.basil'), options: { paymentFailure } };
	},
	"the event's expanded PaymentIntent (2020 invoice)": (failure) => {
		const event = loadEvent('invoice.payment_failed__2020-08-27_expanded_charge');
		event.data.object.charge = 'ch_3TestPf2020Aa';
		event.data.object.payment_intent = {
			id: 'pi_3TestPf2020Aa',
			object: 'payment_intent',
			last_payment_error: { code: failure.code, decline_code: failure.declineCode, message: failure.message },
		};
		return { event, options: {} };
	},
	'payment_intent.payment_failed': (failure) => {
		const event = loadEvent('payment_intent.payment_failed__card_declined_eur');
		event.data.object.last_payment_error = {
			code: failure.code,
			decline_code: failure.declineCode,
			message: failure.message,
		};
		return { event, options: {} };
	},
};

/** One hostile piece, and how to tell from an output that it got through. */
interface Hostile {
	text: string;
	/** Customer data (removed or masked in every output), or chat syntax (escaped in Slack's output). */
	kind: 'customer data' | 'chat syntax';
	/** True when the output shows the piece as it was sent. */
	leaked: (output: string) => boolean;
}

const cardNumber: fc.Arbitrary<Hostile> = fc
	.record({
		body: fc.stringMatching(/^4[0-9]{14}$/),
		separator: fc.constantFrom('', ' ', '-', '\u00A0', '.'),
	})
	.map(({ body, separator }) => {
		const pan = body + luhnCheckDigit(body);
		const written = (pan.match(/.{1,4}/g) ?? []).join(separator);
		return {
			text: `card ${written}`,
			kind: 'customer data' as const,
			leaked: (output) => output.replace(/[^0-9]/g, '').includes(pan.slice(0, 12)),
		};
	});

const email: fc.Arbitrary<Hostile> = fc
	.tuple(fc.stringMatching(/^[a-z]{5,8}[0-9]{2}$/), fc.constantFrom('example.com', 'bücher.de', 'mail.example.co.uk'))
	.map(([local, domain]) => ({
		text: `write to ${local}@${domain}`,
		kind: 'customer data' as const,
		leaked: (output) => output.toLowerCase().includes(local.slice(1)),
	}));

const secret: fc.Arbitrary<Hostile> = fc
	.tuple(fc.constantFrom('sk_live_', 'rk_live_', 'whsec_', 'xoxb-'), fc.stringMatching(/^[A-Za-z0-9]{24,32}$/))
	.map(([prefix, body]) => ({
		text: `key ${prefix}${body}`,
		kind: 'customer data' as const,
		leaked: (output) => output.includes(body.slice(0, 16)),
	}));

/** Slack control syntax: only our own Dashboard and hosted-invoice links may open with `<` in Slack's output. */
const slackSyntax: fc.Arbitrary<Hostile> = fc
	.constantFrom(
		'<!channel>',
		'<!here>',
		'<!everyone>',
		'<@U0123ABCD>',
		'<!subteam^S0123ABCD>',
		'<https://evil.example/pay|Update your card>',
		'<#C0123ABCD>',
	)
	.map((text) => ({
		text,
		kind: 'chat syntax' as const,
		// Our own markup only: Dashboard links and date tokens (`<!date^<unix>^…|…>`, built from the event's times).
		leaked: (output) =>
			/<(?!https:\/\/(?:dashboard|invoice)\.stripe\.com\/|!date\^\d+\^\{date_short_pretty\} at \{time\}\|)/.test(
				output,
			),
	}));

/** Formatting and emoji codes show as typed: the mark that would open a span is escaped. */
const markup: fc.Arbitrary<Hostile> = fc
	.tuple(fc.constantFrom('*', '_', '~', '`', '```'), fc.stringMatching(/^[a-z]{4,8}$/))
	.map(([mark, word]) => ({
		text: `${mark}zq${word}${mark} :fire:`,
		kind: 'chat syntax' as const,
		leaked: (output) => output.includes(`${mark}zq${word}`) || output.includes(':fire:'),
	}));

const hostile = fc.oneof(cardNumber, email, secret, slackSyntax, markup);

const failure = fc.record({
	pieces: fc.array(hostile, { minLength: 1, maxLength: 3 }),
	code: fc.constantFrom(undefined, 'card_declined', 'expired_card', 'brand_new_error'),
	declineCode: fc.constantFrom(undefined, 'insufficient_funds', 'lost_card', 'brand_new_decline'),
	policy: fc.constantFrom<RedactionPolicy>('standard', 'strict'),
});

/** Every string of a rendered value, one per line. */
function strings(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Array.isArray(value)) for (const item of value) strings(item, out);
	else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) strings(item, out);
	return out;
}

describe('a hostile decline message never reaches an alert unredacted or unescaped', () => {
	it.each(Object.keys(CARRIERS))('%s', (carrier) => {
		let shown = 0;
		fc.assert(
			fc.property(failure, ({ pieces, code, declineCode, policy }) => {
				const message = `zqstartqz ${pieces.map((piece) => piece.text).join(' ')}`;
				const { event, options } = CARRIERS[carrier]({ code, declineCode, message });
				const built = buildMessage(event, { redaction: policy, now: NOW, ...options });
				const slack = strings(renderSlack(built)).join('\n');
				const plain = [strings(built).join('\n'), renderText(built)].join('\n');
				if (slack.includes('zqstartqz')) shown += 1;
				for (const piece of pieces) {
					if (piece.leaked(slack)) throw new Error(`Slack shows ${JSON.stringify(piece.text)}:\n${slack}`);
					if (piece.kind === 'customer data' && piece.leaked(plain)) {
						throw new Error(`the model or the text shows ${JSON.stringify(piece.text)}:\n${plain}`);
					}
				}
			}),
			{ numRuns: CASES, ...REPLAY },
		);
		// The property means something only if the message is shown at all: for codes the table does not know, it is.
		expect(shown).toBeGreaterThan(0);
	});
});
