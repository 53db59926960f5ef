import { dateTimeFormat } from './dateText';
import { dashboardListUrl } from './links';
import { formatMoney } from './money';
import type { ChatMessage, MessageField, MessageLink, MessageTime, Severity } from './types';

/**
 * The daily digest ("no spam, just signal"): what happened to the money in a period, per currency, computed from
 * what Stripe's list endpoints return for the period (src/stripe/digest.ts reads them), never from what alerts
 * were posted. Amounts stay integers in each currency's minor unit until they are formatted.
 */

/** A charge created in the period, with the state of its PaymentIntent now (to tell a recovered failure). */
export interface DigestCharge {
	id: string;
	status: string;
	amount: number;
	currency: string;
	/** The PaymentIntent's id and status now; a failed charge whose PaymentIntent later succeeded was recovered. */
	paymentIntent?: { id: string; status: string } | null;
}

export interface DigestInvoice {
	id: string;
	amountRemaining: number;
	currency: string;
	dueDate: number | null;
	attemptCount: number;
}

export interface DigestDispute {
	id: string;
	amount: number;
	currency: string;
	status: string;
}

export interface DigestRefund {
	id: string;
	amount: number;
	currency: string;
	status: string;
}

export interface DigestPayout {
	id: string;
	amount: number;
	currency: string;
}

export interface DigestInput {
	/** Unix seconds: the period is `from` ≤ created < `to`. */
	from: number;
	to: number;
	/** Unix seconds: when the open invoices were read (past due is before this). */
	now: number;
	charges: DigestCharge[];
	openInvoices: DigestInvoice[];
	disputesOpened: DigestDispute[];
	/** Disputes closed in the period (`charge.dispute.closed` events), with their final status. */
	disputesClosed: DigestDispute[];
	refunds: DigestRefund[];
	/** Payouts that failed in the period (`payout.failed` events). */
	failedPayouts: DigestPayout[];
}

/** A count and a sum in one currency's minor unit. */
export interface Tally {
	count: number;
	amount: number;
}

export type DigestMetric =
	| 'failedPayments'
	| 'recovered'
	| 'atRisk'
	| 'disputesOpened'
	| 'disputesWon'
	| 'disputesLost'
	| 'refunds'
	| 'failedPayouts';

export const DIGEST_METRICS: readonly DigestMetric[] = [
	'failedPayments',
	'recovered',
	'atRisk',
	'disputesOpened',
	'disputesWon',
	'disputesLost',
	'refunds',
	'failedPayouts',
];

export interface DigestSummary {
	from: number;
	to: number;
	/** Per metric, per lower-case currency code. */
	totals: Record<DigestMetric, Record<string, Tally>>;
}

/** Refunds that did or will return money (a failed or cancelled refund returned nothing). */
const COUNTED_REFUND_STATUSES = new Set(['succeeded', 'pending', 'requires_action']);

function add(totals: Record<string, Tally>, currency: string, amount: number): void {
	const code = currency.toLowerCase();
	const tally = (totals[code] ??= { count: 0, amount: 0 });
	tally.count += 1;
	tally.amount += amount;
}

/**
 * Counts and sums per currency. A payment that failed several times in the period (Stripe's retries) counts once,
 * with its amount once: its PaymentIntent is the payment; a charge without one is its own payment. It counts as
 * recovered when its PaymentIntent has succeeded since.
 */
export function computeDigest(input: DigestInput): DigestSummary {
	const totals = Object.fromEntries(DIGEST_METRICS.map((metric) => [metric, {}])) as DigestSummary['totals'];
	const failed = new Map<string, DigestCharge>();
	for (const charge of input.charges) {
		if (charge.status !== 'failed') continue;
		const key = charge.paymentIntent?.id ?? charge.id;
		if (!failed.has(key)) failed.set(key, charge);
	}
	for (const charge of failed.values()) {
		add(totals.failedPayments, charge.currency, charge.amount);
		if (charge.paymentIntent?.status === 'succeeded') add(totals.recovered, charge.currency, charge.amount);
	}
	for (const invoice of input.openInvoices) {
		const pastDue = invoice.dueDate !== null && invoice.dueDate < input.now;
		if (pastDue || invoice.attemptCount > 0) add(totals.atRisk, invoice.currency, invoice.amountRemaining);
	}
	for (const dispute of input.disputesOpened) add(totals.disputesOpened, dispute.currency, dispute.amount);
	for (const dispute of input.disputesClosed) {
		if (dispute.status === 'won') add(totals.disputesWon, dispute.currency, dispute.amount);
		if (dispute.status === 'lost') add(totals.disputesLost, dispute.currency, dispute.amount);
	}
	for (const refund of input.refunds) {
		if (COUNTED_REFUND_STATUSES.has(refund.status)) add(totals.refunds, refund.currency, refund.amount);
	}
	for (const payout of input.failedPayouts) add(totals.failedPayouts, payout.currency, payout.amount);
	return { from: input.from, to: input.to, totals };
}

const LABELS: Readonly<Record<DigestMetric, string>> = {
	failedPayments: 'Failed payments',
	recovered: 'Recovered since',
	atRisk: 'Revenue at risk (open invoices past due or failed)',
	disputesOpened: 'Disputes opened',
	disputesWon: 'Disputes won',
	disputesLost: 'Disputes lost',
	refunds: 'Refunds',
	failedPayouts: 'Failed payouts',
};

export interface DigestMessageOptions {
	livemode: boolean;
	account?: string;
	locale?: string;
	timeZone?: string;
}

/** `2 · ¥5,000` per currency, currencies in alphabetical order, one a line. */
function tallyText(tallies: Record<string, Tally>, locale: string | undefined): string {
	return Object.keys(tallies)
		.sort()
		.map((currency) => `${tallies[currency].count} · ${formatMoney(tallies[currency].amount, currency, { locale })}`)
		.join('\n');
}

function countOf(tallies: Record<string, Tally>): number {
	return Object.values(tallies).reduce((sum, tally) => sum + tally.count, 0);
}

/** The digest as one neutral message: a line of counts, a field per metric that had anything, filtered links. */
export function digestMessage(summary: DigestSummary, options: DigestMessageOptions): ChatMessage {
	const { totals } = summary;
	const format = dateTimeFormat(options);
	const fromText = format.format(new Date(summary.from * 1000));
	const toText = format.format(new Date(summary.to * 1000));
	const times: MessageTime[] = [
		{ text: fromText, at: summary.from },
		{ text: toText, at: summary.to },
	];
	const failed = countOf(totals.failedPayments);
	const recovered = countOf(totals.recovered);
	const parts = [
		`${failed} failed payment${failed === 1 ? '' : 's'}${failed > 0 ? ` (${recovered} recovered)` : ''}`,
		`${countOf(totals.atRisk)} open invoice${countOf(totals.atRisk) === 1 ? '' : 's'} at risk`,
		`${countOf(totals.disputesOpened)} dispute${countOf(totals.disputesOpened) === 1 ? '' : 's'} opened, ${countOf(totals.disputesWon)} won, ${countOf(totals.disputesLost)} lost`,
		`${countOf(totals.refunds)} refund${countOf(totals.refunds) === 1 ? '' : 's'}`,
		`${countOf(totals.failedPayouts)} failed payout${countOf(totals.failedPayouts) === 1 ? '' : 's'}`,
	];
	const fields: MessageField[] = DIGEST_METRICS.filter((metric) => countOf(totals[metric]) > 0).map((metric) => ({
		label: LABELS[metric],
		value: tallyText(totals[metric], options.locale),
	}));
	const severity: Severity =
		countOf(totals.disputesOpened) > 0 || countOf(totals.failedPayouts) > 0
			? 'warning'
			: failed > recovered
				? 'warning'
				: 'info';
	const period = { gte: summary.from, lt: summary.to };
	const target = { livemode: options.livemode, account: options.account };
	const links: MessageLink[] = [
		{
			label: 'Failed payments',
			url: dashboardListUrl({ ...target, list: 'payments', status: 'failed', created: period }),
		},
		{ label: 'Open invoices', url: dashboardListUrl({ ...target, list: 'invoices', status: 'open' }) },
		{ label: 'Disputes', url: dashboardListUrl({ ...target, list: 'disputes', created: period }) },
		{ label: 'Refunds', url: dashboardListUrl({ ...target, list: 'payments', status: 'refunded', created: period }) },
		{ label: 'Failed payouts', url: dashboardListUrl({ ...target, list: 'payouts', status: 'failed' }) },
	].filter((link): link is MessageLink => link.url !== undefined);
	return {
		kind: 'digest',
		category: 'other',
		eventType: 'digest',
		severity,
		title: `Stripe digest: ${fromText} – ${toText}`,
		summary: `${parts.join('; ')}.`,
		fields,
		links,
		actions: [],
		threadKey: `digest:${summary.from}`,
		eventId: `${summary.from}-${summary.to}`,
		occurredAt: new Date(summary.to * 1000).toISOString(),
		livemode: options.livemode,
		...(options.account ? { account: options.account } : {}),
		redactionPolicy: 'standard',
		redactions: [],
		times,
	};
}
