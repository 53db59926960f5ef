import { isRecord } from '../records';
import type { MessageBuilder } from './context';
import { field, humanize } from './context';
import { cardLabel, sentence, shorten, titled, topFields } from './payment';

const METHODS: Readonly<Record<string, string>> = {
	standard: 'Standard',
	instant: 'Instant',
};

/** `Example Bank •••• 6789` when the destination is expanded, else its `ba_…` / `card_…` id. */
function destinationLabel(destination: unknown): string | undefined {
	if (typeof destination === 'string') return destination || undefined;
	if (!isRecord(destination)) return undefined;
	if (destination.object === 'card') return cardLabel(destination);
	const last4 =
		typeof destination.last4 === 'string' && /^\d{4}$/.test(destination.last4) ? destination.last4 : undefined;
	const bank =
		typeof destination.bank_name === 'string' && destination.bank_name ? destination.bank_name : 'Bank account';
	return last4 ? `${bank} •••• ${last4}` : bank;
}

function payoutMessage(variant: 'paid' | 'failed'): MessageBuilder {
	return (context) => {
		const { object: payout, event, redactor } = context;
		const amount = context.amount(payout.amount, payout.currency);
		const arrival = context.date(payout.arrival_date);
		const destination = destinationLabel(payout.destination);
		const method = typeof payout.method === 'string' ? (METHODS[payout.method] ?? humanize(payout.method)) : undefined;
		const failureCode = typeof payout.failure_code === 'string' ? payout.failure_code : undefined;
		// Bank-supplied text: scrubbed like any free text.
		const failureMessage = shorten(redactor.text(payout.failure_message, 'failure_message'));
		const failed = variant === 'failed';
		const failure = failed && failureCode ? `${humanize(failureCode)} (${failureCode})` : undefined;
		return {
			category: 'other',
			severity: failed ? 'critical' : 'success',
			title: titled(failed ? 'Payout failed' : 'Payout paid', amount),
			summary: failed
				? sentence(failureMessage ?? humanize(failureCode) ?? 'The bank did not accept the payout', destination)
				: sentence(
						amount && `${amount.text} sent`,
						destination && `to ${destination}`,
						arrival && `arrival ${arrival}`,
					),
			fields: topFields([
				field('Amount', amount?.text),
				field(failed ? 'Expected arrival' : 'Arrival', arrival),
				field('Failure', failure),
				field('Message', failed ? failureMessage : undefined),
				field('Destination', destination),
				field('Method', method),
				field('Type', humanize(payout.type)),
				field('Description', shorten(redactor.text(payout.description, 'description'))),
				field('Statement descriptor', shorten(redactor.text(payout.statement_descriptor, 'statement_descriptor'))),
			]),
			links: [context.link('Open payout', 'payout', event.objectId)],
			threadKey: event.objectId ? `payout:${event.objectId}` : undefined,
			amount,
		};
	};
}

/**
 * Curated messages for payouts to the merchant's (or a connected account's) bank.
 * @see https://docs.stripe.com/api/payouts/object
 * @see https://docs.stripe.com/payouts#payout-failures
 */
export const PAYOUT_BUILDERS: Readonly<Record<string, MessageBuilder>> = {
	'payout.paid': payoutMessage('paid'),
	'payout.failed': payoutMessage('failed'),
};
