import { dateTimeFormat } from './dateText';
import { dashboardUrl } from './links';
import { formatMoney } from './money';
import type { StateStore } from './state/stateStore';
import type { ChatMessage } from './types';

/**
 * Dispute deadline reminders: a dispute that needs a response, with no evidence added or submitted, whose evidence
 * is due within 72 hours gets one reminder, and one more within 24 hours. "Once" holds across executions and
 * workers: the reminder is claimed in the state store (set-if-absent) before it is posted, marked sent after, and
 * given back when posting failed, so the next run tries again.
 */

export interface ReminderThreshold {
	id: '72h' | '24h';
	seconds: number;
}

/** Tightest first: a dispute first seen 10 hours before its deadline gets the 24-hour reminder only. */
export const REMINDER_THRESHOLDS: readonly ReminderThreshold[] = [
	{ id: '24h', seconds: 24 * 3600 },
	{ id: '72h', seconds: 72 * 3600 },
];

/** What a reminder reads of a dispute (Stripe's `evidence_details`). */
export interface ReminderDispute {
	id: string;
	status: string;
	amount: number;
	currency: string;
	reason: string;
	livemode: boolean;
	dueBy: number | null;
	hasEvidence: boolean;
	submissionCount: number;
}

/** A reminder is kept long after the deadline, so a dispute never gets a second one for the same threshold. */
export const REMINDER_KEEP_MS = 30 * 24 * 3_600_000;
/** A claim not confirmed within this time (a run that died while posting) may be taken by the next run. */
export const REMINDER_PENDING_MS = 5 * 60_000;

/** The threshold a dispute has crossed and still needs a reminder for, or undefined. */
export function reminderThreshold(dispute: ReminderDispute, nowSeconds: number): ReminderThreshold | undefined {
	if (dispute.status !== 'needs_response' && dispute.status !== 'warning_needs_response') return undefined;
	if (dispute.hasEvidence || dispute.submissionCount > 0) return undefined;
	if (dispute.dueBy === null || !Number.isFinite(dispute.dueBy) || dispute.dueBy <= nowSeconds) return undefined;
	const left = dispute.dueBy - nowSeconds;
	return REMINDER_THRESHOLDS.find((threshold) => left <= threshold.seconds);
}

/** One key per channel, dispute and threshold. */
export function reminderKey(channel: string, disputeId: string, threshold: ReminderThreshold['id']): string {
	return `dispute-reminder:${channel}:${disputeId}:${threshold}`;
}

export type ReminderClaim = { claimed: true; key: string; token: string } | { claimed: false; key: string };

/** Claims the reminder: only one of any number of executions running at once gets it. */
export async function claimReminder(store: StateStore, key: string, token: string): Promise<ReminderClaim> {
	const existing = await store.putIfAbsent(key, `pending:${token}`, REMINDER_PENDING_MS);
	return existing === undefined ? { claimed: true, key, token } : { claimed: false, key };
}

/** The reminder is out: kept for good (REMINDER_KEEP_MS). */
export async function confirmReminder(store: StateStore, claim: { key: string; token: string }, atMs: number) {
	return await store.replaceIfEquals(claim.key, `pending:${claim.token}`, `sent:${atMs}`, REMINDER_KEEP_MS);
}

/** Posting failed: the next run may try again. */
export async function releaseReminder(store: StateStore, claim: { key: string; token: string }) {
	return await store.deleteIfEquals(claim.key, `pending:${claim.token}`);
}

/** The reminder as a neutral message (rendered by the platform's renderer). */
export function reminderMessage(
	dispute: ReminderDispute,
	threshold: ReminderThreshold,
	options: { nowSeconds: number; account?: string; locale?: string; timeZone?: string },
): ChatMessage {
	const due = dispute.dueBy ?? options.nowSeconds;
	const dueText = dateTimeFormat(options).format(new Date(due * 1000));
	const hours = Math.max(1, Math.floor((due - options.nowSeconds) / 3600));
	const amount = formatMoney(dispute.amount, dispute.currency, { locale: options.locale });
	const url = dashboardUrl({
		objectType: 'dispute',
		objectId: dispute.id,
		livemode: dispute.livemode,
		account: options.account,
	});
	return {
		kind: 'dispute.reminder',
		category: 'dispute',
		eventType: `dispute reminder (${threshold.id})`,
		severity: threshold.id === '24h' ? 'critical' : 'warning',
		title: `Dispute evidence due in ${hours} h: ${amount}`,
		summary: `Evidence for dispute ${dispute.id} (${amount}, ${dispute.reason}) is due by ${dueText} and none has been submitted. Without a response the dispute is lost.`,
		fields: [
			{ label: 'Due by', value: dueText },
			{ label: 'Reason', value: dispute.reason },
		],
		links: url ? [{ label: 'Dispute in Stripe', url }] : [],
		actions: [],
		threadKey: `dispute:${dispute.id}`,
		eventId: `${dispute.id}:${threshold.id}`,
		objectId: dispute.id,
		objectType: 'dispute',
		occurredAt: new Date(options.nowSeconds * 1000).toISOString(),
		livemode: dispute.livemode,
		...(options.account ? { account: options.account } : {}),
		amount: { minor: dispute.amount, currency: dispute.currency, text: amount },
		redactionPolicy: 'standard',
		redactions: [],
		times: [{ text: dueText, at: due }],
	};
}
