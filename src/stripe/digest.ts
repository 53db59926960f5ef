import type Stripe from 'stripe';

import type { DigestDispute, DigestInput } from '../core/digest';

/**
 * Reads what the daily digest counts from Stripe's list endpoints, every page (the SDK's auto-pagination), with
 * the period as a `created` range. Disputes closed and payouts failed are read from the events of the period: a
 * dispute or payout object does not say when it closed or failed.
 * @see https://docs.stripe.com/api/pagination/auto
 * @see https://docs.stripe.com/api/events/list
 */

/** How many objects of one list are read at most, so a very busy account cannot hold the execution for ever. */
export const MAX_DIGEST_OBJECTS = 10_000;

function idOf(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
		return (value as { id: string }).id;
	}
	return undefined;
}

function asDispute(value: unknown): DigestDispute | undefined {
	const dispute = value as Partial<Stripe.Dispute> | undefined;
	if (!dispute || typeof dispute.id !== 'string' || typeof dispute.amount !== 'number') return undefined;
	return {
		id: dispute.id,
		amount: dispute.amount,
		currency: String(dispute.currency ?? ''),
		status: String(dispute.status ?? ''),
	};
}

/** Everything `computeDigest` needs for `from` ≤ created < `to` (Unix seconds), and the open invoices now. */
export async function readDigestInput(
	stripe: Stripe,
	period: { from: number; to: number; now: number },
): Promise<DigestInput> {
	const created = { gte: period.from, lt: period.to };
	const limit = { limit: MAX_DIGEST_OBJECTS };
	const [charges, openInvoices, disputes, refunds, events] = await Promise.all([
		stripe.charges.list({ created, limit: 100, expand: ['data.payment_intent'] }).autoPagingToArray(limit),
		stripe.invoices.list({ status: 'open', limit: 100 }).autoPagingToArray(limit),
		stripe.disputes.list({ created, limit: 100 }).autoPagingToArray(limit),
		stripe.refunds.list({ created, limit: 100 }).autoPagingToArray(limit),
		stripe.events
			.list({ created, types: ['charge.dispute.closed', 'payout.failed'], limit: 100 })
			.autoPagingToArray(limit),
	]);
	// One event per object: the latest says how it ended (events are listed newest first).
	const closed = new Map<string, DigestDispute>();
	const payouts = new Map<string, DigestInput['failedPayouts'][number]>();
	for (const event of events) {
		const object = event.data.object as unknown as Record<string, unknown>;
		if (event.type === 'charge.dispute.closed') {
			const dispute = asDispute(object);
			if (dispute && !closed.has(dispute.id)) closed.set(dispute.id, dispute);
		} else if (event.type === 'payout.failed' && typeof object.id === 'string' && !payouts.has(object.id)) {
			payouts.set(object.id, { id: object.id, amount: Number(object.amount), currency: String(object.currency) });
		}
	}
	return {
		...period,
		charges: charges.map((charge) => {
			const intent = charge.payment_intent;
			return {
				id: charge.id,
				status: charge.status,
				amount: charge.amount,
				currency: charge.currency,
				paymentIntent:
					intent && typeof intent === 'object'
						? { id: intent.id, status: intent.status }
						: idOf(intent)
							? { id: idOf(intent) as string, status: 'unknown' }
							: null,
			};
		}),
		openInvoices: openInvoices.map((invoice) => ({
			id: invoice.id ?? '',
			amountRemaining: invoice.amount_remaining,
			currency: invoice.currency,
			dueDate: invoice.due_date,
			attemptCount: invoice.attempt_count,
		})),
		disputesOpened: disputes.map((dispute) => asDispute(dispute)).filter((item): item is DigestDispute => !!item),
		disputesClosed: [...closed.values()],
		refunds: refunds.map((refund) => ({
			id: refund.id,
			amount: refund.amount,
			currency: refund.currency,
			status: refund.status ?? '',
		})),
		failedPayouts: [...payouts.values()],
	};
}

/** Disputes that may still need evidence: created in the last `days` days (evidence is due within weeks). */
export async function readDisputesAwaitingResponse(stripe: Stripe, now: number, days = 60): Promise<Stripe.Dispute[]> {
	const disputes = await stripe.disputes
		.list({ created: { gte: now - days * 86_400 }, limit: 100 })
		.autoPagingToArray({ limit: MAX_DIGEST_OBJECTS });
	return disputes.filter(
		(dispute) => dispute.status === 'needs_response' || dispute.status === 'warning_needs_response',
	);
}
