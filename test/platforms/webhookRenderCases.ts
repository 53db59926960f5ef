/** Events in several currencies and of several types, for the Teams and Google Chat render tables. */
import { buildMessage } from '../../src/core/buildMessage';
import type { ChatMessage } from '../../src/core/types';
import { envelope, fixedNow } from '../fixtures/core/builders';

export interface RenderCase {
	type: string;
	currency: string;
	/** The main amount as people read it. */
	amountText: string;
	message: ChatMessage;
}

const OBJECTS: Record<string, (currency: string, amount: number) => Record<string, unknown>> = {
	'invoice.payment_failed': (currency, amount) => ({
		id: 'in_1Render',
		object: 'invoice',
		currency,
		amount_due: amount,
		amount_remaining: amount,
		attempt_count: 2,
		customer: 'cus_1Render',
		customer_email: 'jane.doe@example.com',
		number: 'INV-0042',
		next_payment_attempt: Math.floor(fixedNow() / 1000) + 86_400,
	}),
	'charge.dispute.created': (currency, amount) => ({
		id: 'du_1Render',
		object: 'dispute',
		currency,
		amount,
		charge: 'ch_1Render',
		reason: 'fraudulent',
		status: 'needs_response',
		evidence_details: { due_by: Math.floor(fixedNow() / 1000) + 7 * 86_400 },
	}),
	'charge.failed': (currency, amount) => ({
		id: 'ch_1Render',
		object: 'charge',
		currency,
		amount,
		failure_code: 'card_declined',
		outcome: { reason: 'insufficient_funds', type: 'issuer_declined' },
		billing_details: { email: 'jane.doe@example.com', name: 'Jane *Doe*' },
	}),
	'invoice.paid': (currency, amount) => ({
		id: 'in_2Render',
		object: 'invoice',
		currency,
		amount_paid: amount,
		amount_due: amount,
		customer: 'cus_1Render',
		number: 'INV-0043',
	}),
};

const CURRENCIES: Array<{ currency: string; minor: number; text: string }> = [
	{ currency: 'usd', minor: 123_456, text: '$1,234.56' },
	{ currency: 'jpy', minor: 5000, text: '¥5,000' },
	{ currency: 'bhd', minor: 12_340, text: 'BHD 12.340' },
	{ currency: 'eur', minor: 5000, text: '€50.00' },
];

export const RENDER_CASES: RenderCase[] = Object.entries(OBJECTS).flatMap(([type, object]) =>
	CURRENCIES.map(({ currency, minor, text }) => ({
		type,
		currency,
		amountText: text,
		message: buildMessage(envelope(type, object(currency, minor)), {
			actionSecret: 'render-secret',
			now: fixedNow,
		}),
	})),
);
