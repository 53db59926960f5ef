import fc from 'fast-check';

import {
	lookupAnswerMessage,
	lookupChoicesMessage,
	lookupMissMessage,
	lookupUsageMessage,
	parseLookupQuery,
} from '../../src/core/lookup';
import type { CustomerSnapshot } from '../../src/core/lookup';
import { renderSlack } from '../../src/platforms/slack/render';
import { luhnCheckDigit } from '../support/luhn';

/**
 * `/stripe` reads text anyone in the workspace types, and shows customer data Stripe holds. Whatever either holds,
 * the answer must not ping, link, format as ours, or show a card number or an unmasked e-mail.
 */

const cardNumber = fc
	.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 })
	.map((digits) => `4${digits.slice(1).join('')}`)
	.map((body) => `${body}${luhnCheckDigit(body)}`);

const email = fc
	.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{2,10}$/), fc.stringMatching(/^[a-z]{2,8}$/))
	.map(([local, domain]) => `${local}@${domain}.com`);

const markup = fc.constantFrom(
	'<!channel>',
	'<!here>',
	'<@U0123ABCD>',
	'<!subteam^S0123>',
	'<https://evil.example|Stripe login>',
	'*bold*',
	'`code`',
	':rotating_light:',
	'&lt;!channel&gt;',
	'\u202e',
	'\u200b',
	'\n',
	'<mailto:a@b.co|a@b.co>',
);

/** Hostile text: pieces of markup, card numbers, e-mails and arbitrary text, in any order. */
const hostile = fc
	.array(
		fc.oneof(markup, cardNumber, email, fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 })),
		{
			maxLength: 8,
		},
	)
	.map((parts) => parts.join(' '));

/** What must never be in a rendered answer built from hostile input. */
function problemsIn(rendered: unknown, cards: string[], emails: string[]): string[] {
	const text = JSON.stringify(rendered);
	const problems: string[] = [];
	// Our own syntax only: links to the Dashboard and date tokens.
	for (const match of text.matchAll(/<([^>]*)>/g)) {
		if (!/^(https:\/\/dashboard\.stripe\.com\/|!date\^)/.test(match[1])) problems.push(`markup ${match[0]}`);
	}
	const digits = text.replace(/[\s-]/g, '');
	for (const card of cards) if (digits.includes(card)) problems.push(`card ${card}`);
	for (const address of emails) if (text.includes(address)) problems.push(`e-mail ${address}`);
	// Our severity icon once at most: a typed one is broken up by the escaping.
	if ((text.match(/:rotating_light:/g) ?? []).length > 1) problems.push('our emoji');
	return problems;
}

function found(text: string, pattern: RegExp): string[] {
	return [...text.matchAll(pattern)].map((match) => match[0]);
}

describe('parseLookupQuery', () => {
	it('accepts only a known id prefix with letters and digits, or a plain e-mail address', () => {
		fc.assert(
			fc.property(fc.oneof(hostile, fc.string()), (typed) => {
				const query = parseLookupQuery(typed);
				if (query.kind === 'object') expect(query.id).toMatch(/^(cus|in|pi|ch|py|du|dp)_[A-Za-z0-9]+$/);
				if (query.kind === 'email') expect(query.email).toMatch(/^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+$/);
			}),
		);
	});

	it.each([
		['jane@example.com', { kind: 'email', email: 'jane@example.com' }],
		['  cus_Pq123  ', { kind: 'object', objectType: 'customer', id: 'cus_Pq123' }],
		['du_1Abc', { kind: 'object', objectType: 'dispute', id: 'du_1Abc' }],
		['<mailto:jane@example.com|jane@example.com>', { kind: 'email', email: 'jane@example.com' }],
		['<mailto:jane@example.com|evil@example.com>', { kind: 'invalid', reason: 'shape' }],
		['cus_123 extra', { kind: 'invalid', reason: 'shape' }],
		['sub_123', { kind: 'invalid', reason: 'shape' }],
		['jane@example.com<!channel>', { kind: 'invalid', reason: 'shape' }],
		['', { kind: 'invalid', reason: 'empty' }],
	])('reads %j', (typed, expected) => {
		expect(parseLookupQuery(typed)).toEqual(expected);
	});
});

describe('the answer to hostile text', () => {
	it('shows no markup, card number or unmasked e-mail, whatever is typed', () => {
		fc.assert(
			fc.property(hostile, (typed) => {
				const cards = found(typed, /\d{16}/g);
				const emails = found(typed, /[a-z][a-z0-9.]{2,10}@[a-z]{2,8}\.com/g);
				const query = parseLookupQuery(typed);
				const message = query.kind === 'invalid' ? lookupUsageMessage(typed) : lookupMissMessage(query);
				expect(problemsIn(renderSlack(message), cards, emails)).toEqual([]);
			}),
			{ numRuns: 300 },
		);
	});

	it('shows no markup, card number or unmasked e-mail from what Stripe holds about the customer', () => {
		fc.assert(
			fc.property(hostile, hostile, email, cardNumber, (name, reason, address, card) => {
				const snapshot: CustomerSnapshot = {
					customerId: 'cus_Hostile1',
					livemode: false,
					name: `${name} ${card}`,
					email: address,
					delinquent: true,
					openInvoices: [
						{ id: 'in_1', number: name, amountDue: 5000, currency: 'jpy', dueDate: 1_790_000_000, failed: true },
					],
					recentPayments: [{ id: 'pi_1', amount: 12340, currency: 'bhd', status: reason, created: 1_790_000_000 }],
					subscriptions: [{ id: 'sub_1', status: reason, cancelAtPeriodEnd: false }],
					openDisputes: [
						{
							id: 'du_1',
							amount: 100,
							currency: 'eur',
							reason,
							status: 'needs_response',
							dueBy: 1_790_100_000,
							hasEvidence: false,
						},
					],
				};
				const cards = [card, ...found(`${name} ${reason}`, /\d{16}/g)];
				const emails = [address, ...found(`${name} ${reason}`, /[a-z][a-z0-9.]{2,10}@[a-z]{2,8}\.com/g)];
				const options = { actionSecret: 'a-button-secret-of-thirty-two-chars!', channelId: 'C0SUPPORT' };
				expect(problemsIn(renderSlack(lookupAnswerMessage(snapshot, options)), cards, emails)).toEqual([]);
				const choices = [
					{ id: 'cus_A1', name: `${name} ${card}`, email: address, livemode: false },
					{ id: 'cus_B2', name: reason, email: address, livemode: false },
				];
				expect(problemsIn(renderSlack(lookupChoicesMessage(address, choices, options)), cards, emails)).toEqual([]);
			}),
			{ numRuns: 150 },
		);
	});
});
