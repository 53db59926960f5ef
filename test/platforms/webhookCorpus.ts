/**
 * Hostile customer text for the Teams and Google Chat conformance tests; the corpus itself is read by
 * test/support/corpus.ts.
 */
import type { Fixture } from '../support/corpus';

export {
	CORPUS_AVAILABLE,
	EMAIL,
	EVENTS_DIR,
	expectedMoney,
	inCurrency,
	loadCorpus,
	mainAmountOf,
} from '../support/corpus';
export type { Fixture } from '../support/corpus';

/** Hostile customer text for Teams and Google Chat: Markdown, HTML, mentions, links, card functions. */
export const HOSTILE = {
	teamsMention: '<at>Alice</at> please look',
	chatMention: '<users/all> and <users/123456789>',
	markdownLink: '[Open the Stripe Dashboard](https://evil.example/phish)',
	html: '<a href="https://evil.example">click</a> <b>bold</b>',
	chatLink: '<https://evil.example/phish|Open>',
	bareLink: 'www.evil.example/phish',
	email: 'victim.person@mailbox.example',
	card: 'card 4242 4242 4242 4242 here',
	secret: 'sk_live_51HostileSecretValue123456',
	bold: '**URGENT** _refund_ ~now~ `code` {{DATE(2026-01-01T00:00:00Z)}}',
};
const HOSTILE_TEXT = Object.values(HOSTILE).join(' | ');

/** Puts hostile text in every customer-controlled field the corpus objects use. */
export function hostile(fixture: Fixture): Record<string, unknown> {
	const object: Record<string, unknown> = { ...fixture.object };
	for (const key of ['description', 'name', 'customer_name', 'statement_descriptor', 'footer', 'client_reference_id']) {
		object[key] = HOSTILE_TEXT;
	}
	for (const key of ['receipt_email', 'email', 'customer_email']) object[key] = HOSTILE.email;
	object.metadata = { note: HOSTILE_TEXT, [HOSTILE.teamsMention]: HOSTILE.markdownLink };
	object.billing_details = {
		name: HOSTILE_TEXT,
		email: HOSTILE.email,
		address: { line1: HOSTILE_TEXT, country: 'GB' },
	};
	object.customer_details = { name: HOSTILE_TEXT, email: HOSTILE.email };
	object.shipping = { name: HOSTILE_TEXT, address: { line1: HOSTILE_TEXT, city: 'Leeds', country: 'GB' } };
	object.last_payment_error = { code: 'card_declined', message: HOSTILE_TEXT };
	object.failure_message = HOSTILE_TEXT;
	return { ...fixture.envelope, data: { ...(fixture.envelope.data as Record<string, unknown>), object } };
}
