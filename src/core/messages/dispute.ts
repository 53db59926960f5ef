import { customerIdOf, idOf, pathValue } from '../normalize';
import { isRecord } from '../records';
import type { MessageAmount, StripeObject } from '../types';
import type { ActionDraft, MessageBuilder, MessageContext, MessageDraft } from './context';
import { field, humanize } from './context';
import { cardLabel, chargeMethodLabel, sentence, titled, topFields } from './payment';
import { teamActions } from './team';

/** Statuses Stripe uses for inquiries (retrieval requests) rather than chargebacks. */
const DISPUTE_STATUSES: Readonly<Record<string, string>> = {
	warning_needs_response: 'Inquiry, needs response',
	warning_under_review: 'Inquiry under review',
	warning_closed: 'Inquiry closed',
	needs_response: 'Needs response',
	under_review: 'Under review',
	charge_refunded: 'Charge refunded',
	won: 'Won',
	lost: 'Lost',
	prevented: 'Prevented',
};

const NEEDS_RESPONSE = new Set(['needs_response', 'warning_needs_response']);
const CLOSED = new Set(['won', 'lost', 'warning_closed', 'charge_refunded', 'prevented']);

type DisputeVariant = 'created' | 'updated' | 'closed' | 'funds_withdrawn' | 'funds_reinstated';

function statusLabel(status: string | undefined): string | undefined {
	return status ? (DISPUTE_STATUSES[status] ?? humanize(status)) : undefined;
}

function isInquiry(status: string | undefined): boolean {
	return typeof status === 'string' && status.startsWith('warning_');
}

/** The response deadline, `Mar 15, 2026, 11:59 PM UTC (in 5 days)`, or `(past due)` once it has passed. */
function deadline(context: MessageContext, dispute: StripeObject): { text: string; pastDue: boolean } | undefined {
	const dueBy = pathValue(dispute, ['evidence_details', 'due_by']);
	const date = context.date(dueBy);
	if (!date || typeof dueBy !== 'number') return undefined;
	const pastDue = pathValue(dispute, ['evidence_details', 'past_due']) === true || dueBy * 1000 <= context.now();
	return { text: `${date} (${pastDue ? 'past due' : context.relative(dueBy)})`, pastDue };
}

/** `Submitted twice`, `Saved, not submitted`, `None yet`. */
function evidenceState(dispute: StripeObject): string | undefined {
	const details = pathValue(dispute, ['evidence_details']);
	if (!isRecord(details)) return undefined;
	const count = typeof details.submission_count === 'number' ? details.submission_count : 0;
	if (count === 1) return 'Submitted once';
	if (count > 1) return `Submitted ${count} times`;
	return details.has_evidence === true ? 'Saved, not submitted' : 'None yet';
}

/**
 * The balance transaction behind a withdrawal (negative amount) or a reinstatement (positive amount):
 * `-$250.00 (fee $15.00, net -$265.00)`; a reinstatement's negative fee is the dispute fee given back.
 * Absent in API versions that only give `balance_transaction` as an id.
 */
function balanceChange(
	context: MessageContext,
	dispute: StripeObject,
	sign: -1 | 1,
): { text: string; net?: string } | undefined {
	const transactions = dispute.balance_transactions;
	if (!Array.isArray(transactions)) return undefined;
	const matching = transactions.filter(
		(entry): entry is StripeObject =>
			isRecord(entry) && typeof entry.amount === 'number' && Math.sign(entry.amount) === sign,
	);
	const latest = matching[matching.length - 1];
	if (!latest) return undefined;
	const amount = context.money(latest.amount, latest.currency);
	if (!amount) return undefined;
	const fee = typeof latest.fee === 'number' && latest.fee !== 0 ? latest.fee : undefined;
	const feeText =
		fee === undefined
			? undefined
			: fee < 0
				? `fee refunded ${context.money(-fee, latest.currency)}`
				: `fee ${context.money(fee, latest.currency)}`;
	const net =
		typeof latest.net === 'number' && latest.net !== latest.amount
			? context.money(latest.net, latest.currency)
			: undefined;
	const extras = [feeText, net && `net ${net}`].filter(Boolean).join(', ');
	return { text: extras ? `${amount} (${extras})` : amount, net };
}

function disputeActions(disputeId: string | undefined, amount: MessageAmount | undefined): ActionDraft[] {
	if (!disputeId) return [];
	return [
		{ id: 'dispute.respond', label: 'Submit evidence', style: 'primary', objectId: disputeId, objectType: 'dispute' },
		{
			id: 'dispute.accept',
			label: 'Accept dispute',
			style: 'danger',
			objectId: disputeId,
			objectType: 'dispute',
			confirm: {
				title: 'Accept this dispute?',
				text: `Accepting closes the dispute as lost: ${amount?.text ?? 'the disputed amount'} stays with the customer and no evidence can be sent afterwards. This cannot be undone.`,
				confirm: 'Accept dispute',
				deny: 'Cancel',
			},
		},
	];
}

function headline(variant: DisputeVariant, status: string | undefined): string {
	const noun = isInquiry(status) ? 'Inquiry' : 'Dispute';
	switch (variant) {
		case 'created':
			return `${noun} opened`;
		case 'updated':
			return `${noun} updated`;
		case 'funds_withdrawn':
			return 'Dispute funds withdrawn';
		case 'funds_reinstated':
			return 'Dispute funds reinstated';
		case 'closed':
			if (status === 'won') return 'Dispute won';
			if (status === 'lost') return 'Dispute lost';
			return `${noun} closed`;
	}
}

function severityOf(variant: DisputeVariant, status: string | undefined): MessageDraft['severity'] {
	switch (variant) {
		case 'created':
		case 'funds_withdrawn':
			return 'critical';
		case 'funds_reinstated':
			return 'success';
		case 'closed':
			if (status === 'won') return 'success';
			return status === 'lost' ? 'warning' : 'info';
		case 'updated':
			return status && NEEDS_RESPONSE.has(status) ? 'warning' : 'info';
	}
}

function closedSummary(status: string | undefined, about: string): string {
	switch (status) {
		case 'won':
			return `Dispute over ${about} closed in your favour`;
		case 'lost':
			return `Dispute over ${about} closed against you: the amount stays with the customer`;
		case 'warning_closed':
			return `Inquiry about ${about} closed without becoming a chargeback`;
		case 'charge_refunded':
			return `Dispute over ${about} closed: the payment was refunded`;
		default:
			return sentence(`Dispute over ${about} closed`, statusLabel(status));
	}
}

function disputeMessage(variant: DisputeVariant): MessageBuilder {
	return (context) => {
		const { object: dispute, event } = context;
		const disputeId = event.objectId;
		const amount = context.amount(dispute.amount, dispute.currency);
		const status = typeof dispute.status === 'string' ? dispute.status : undefined;
		const reason = humanize(dispute.reason);
		const charge = isRecord(dispute.charge) ? dispute.charge : undefined;
		const chargeId = idOf(dispute.charge);
		const paymentIntentId = idOf(dispute.payment_intent) ?? idOf(charge?.payment_intent);
		const method =
			(charge && chargeMethodLabel(charge)) ?? cardLabel(pathValue(dispute, ['payment_method_details', 'card']));
		const closed = variant === 'closed' || (status !== undefined && CLOSED.has(status));
		const needsResponse = status !== undefined && NEEDS_RESPONSE.has(status);
		// Once evidence is in (under review) or the case is closed, the deadline no longer asks anything of anyone.
		const due = needsResponse || (!status && !closed) ? deadline(context, dispute) : undefined;
		const previousStatus = typeof context.previous?.status === 'string' ? context.previous.status : undefined;
		const balance =
			variant === 'funds_withdrawn'
				? balanceChange(context, dispute, -1)
				: variant === 'funds_reinstated'
					? balanceChange(context, dispute, 1)
					: undefined;
		const amountText = amount?.text ?? 'the disputed amount';
		const about = reason ? `${amountText} (${reason})` : amountText;

		let summary: string;
		switch (variant) {
			case 'created':
				summary = sentence(
					isInquiry(status) ? `The card issuer asks about ${about}` : `The customer disputed ${about}`,
					due && (due.pastDue ? `response deadline ${due.text}` : `respond by ${due.text}`),
				);
				break;
			case 'updated':
				summary = sentence(
					previousStatus && previousStatus !== status
						? `Status changed from ${statusLabel(previousStatus)} to ${statusLabel(status)}`
						: `Dispute over ${about} updated`,
					due && (due.pastDue ? `response deadline ${due.text}` : `respond by ${due.text}`),
				);
				break;
			case 'closed':
				summary = closedSummary(status, about);
				break;
			case 'funds_withdrawn':
				summary = sentence(
					`${amountText} withdrawn from your balance while the dispute is open`,
					balance?.net && `net ${balance.net} with the dispute fee`,
				);
				break;
			case 'funds_reinstated':
				summary = sentence(`${amountText} returned to your balance`, balance?.net && `net ${balance.net}`);
				break;
		}

		return {
			category: 'dispute',
			severity: severityOf(variant, status),
			title: titled(headline(variant, status), amount),
			summary,
			fields: topFields([
				field('Amount', amount?.text),
				field('Reason', reason),
				field(closed ? 'Outcome' : 'Status', statusLabel(status)),
				field('Evidence due', due?.text),
				field('Evidence', variant === 'created' || variant === 'updated' ? evidenceState(dispute) : undefined),
				field('Balance change', balance?.text),
				field('Charge', chargeId),
				field('Payment intent', paymentIntentId),
				field('Payment method', method),
			]),
			links: [
				context.link('Open dispute', 'dispute', disputeId),
				chargeId
					? context.link('Open payment', 'charge', chargeId)
					: context.link('Open payment', 'payment_intent', paymentIntentId),
			],
			// Evidence cannot be submitted after the deadline, so the buttons would only fail.
			actions:
				(variant === 'created' || variant === 'updated') && needsResponse && !due?.pastDue
					? [
							...disputeActions(disputeId, amount),
							...teamActions({ id: disputeId, type: 'dispute' }, customerIdOf(context.event)),
						]
					: [],
			threadKey: disputeId ? `dispute:${disputeId}` : undefined,
			amount,
		};
	};
}

/**
 * Curated messages for a dispute's life: opened, updated, funds withdrawn, closed (won or lost), funds reinstated.
 * @see https://docs.stripe.com/api/disputes/object
 * @see https://docs.stripe.com/disputes/how-disputes-work
 */
export const DISPUTE_BUILDERS: Readonly<Record<string, MessageBuilder>> = {
	'charge.dispute.created': disputeMessage('created'),
	'charge.dispute.updated': disputeMessage('updated'),
	'charge.dispute.closed': disputeMessage('closed'),
	'charge.dispute.funds_withdrawn': disputeMessage('funds_withdrawn'),
	'charge.dispute.funds_reinstated': disputeMessage('funds_reinstated'),
};
