import type { AlertCategory } from './types';

import type { StateStore } from './state/stateStore';

/**
 * Burst collapse: past a threshold of alerts of one kind within a time window, post one summary and count the rest
 * ("+37 more payment failures in the last 5 minutes") instead of flooding a channel.
 *
 * The count lives in the state store (state/stateStore.ts) as a set per kind and window: each event takes the
 * next arrival position atomically (`ordinal`), and the same event always gets the same position. So counts are
 * exact however many executions and workers run at once, and Stripe's redelivery of an event whose alert failed
 * is not counted twice. The first `threshold` positions post on their own; every later one is counted in the
 * window's summary (state/burstSummary.ts keeps that one message in step with the count).
 *
 * Windows are fixed ("tumbling", aligned to the Unix epoch, so 5-minute windows start at :00, :05, …): a burst
 * across a boundary gets two windows, at most twice the threshold of single posts plus two summaries. The window
 * is chosen by processing time (the injected clock), not the event's `created`: flooding is about when alerts
 * reach the channel, and Stripe's retries of old events would otherwise land in long-closed windows.
 */

export interface BurstSettings {
	/** How many alerts of one kind per window post on their own; the rest are counted in one summary. */
	threshold: number;
	windowMinutes: number;
}

export interface BurstLabel {
	one: string;
	other: string;
}

export interface BurstInput {
	store: StateStore;
	/** Keeps counts of different workflows apart, e.g. the workflow id. */
	scope: string;
	/** What counts as "one kind": the node uses the destination channel and the event type. */
	kind: string;
	/** The event being counted: a redelivered event keeps its position. */
	eventId: string;
	/** Noun for the summary, e.g. `{one: 'payment failure', other: 'payment failures'}`. */
	label: BurstLabel;
	settings: BurstSettings;
	/** Injected clock, ms since the epoch. */
	now: () => number;
}

export interface BurstDecision {
	/** `post`: send this alert as usual; `collapse`: count it in the window's summary message instead. */
	mode: 'post' | 'collapse';
	/** The window's count in the state store; also identifies its summary message (one per kind and window). */
	burstKey: string;
	/** This alert's position among alerts of its kind in the window, from 1. */
	ordinal: number;
	/** ISO time the window started. */
	windowStart: string;
	/** ISO time the window ends. */
	windowEnd: string;
	threshold: number;
	/** Alerts of this kind and window counted in the summary up to this one (0 for posts). */
	collapsedCount: number;
	windowMinutes: number;
	/** Noun for the summary line, which the Slack node rewrites with the window's latest count. */
	label: BurstLabel;
	/** The summary line as of this alert, e.g. `+37 more payment failures in the last 5 minutes`. */
	summaryText?: string;
}

export class BurstSettingsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BurstSettingsError';
	}
}

const MAX_WINDOW_MINUTES = 24 * 60;

const CATEGORY_LABELS: Readonly<Record<Exclude<AlertCategory, 'other'>, BurstLabel>> = {
	paymentFailed: { one: 'payment failure', other: 'payment failures' },
	dispute: { one: 'dispute', other: 'disputes' },
	invoicePaid: { one: 'paid invoice', other: 'paid invoices' },
	customerUpdated: { one: 'customer update', other: 'customer updates' },
};

/** Noun for a summary line: `payment failures` for the known categories, `"payout.paid" events` otherwise. */
export function burstLabelFor(category: AlertCategory, eventType: string): BurstLabel {
	if (category !== 'other') return CATEGORY_LABELS[category];
	return { one: `${eventType} event`, other: `${eventType} events` };
}

/** Checks the settings and returns readable problems; empty when they are usable. */
export function validateBurstSettings(settings: BurstSettings): string[] {
	const errors: string[] = [];
	if (!Number.isInteger(settings.threshold) || settings.threshold < 0) {
		errors.push('Burst threshold must be a whole number of alerts, 0 or more (0 sends every alert into the summary)');
	}
	if (
		!Number.isInteger(settings.windowMinutes) ||
		settings.windowMinutes < 1 ||
		settings.windowMinutes > MAX_WINDOW_MINUTES
	) {
		errors.push(`Burst window must be a whole number of minutes from 1 to ${MAX_WINDOW_MINUTES}`);
	}
	return errors;
}

function minutesText(minutes: number): string {
	return minutes === 1 ? 'minute' : `${minutes} minutes`;
}

/** `+37 more payment failures in the last 5 minutes`. */
export function burstSummaryText(collapsedCount: number, label: BurstLabel, windowMinutes: number): string {
	const noun = collapsedCount === 1 ? label.one : label.other;
	return `+${collapsedCount} more ${noun} in the last ${minutesText(windowMinutes)}`;
}

/** How long a window's count outlives the window, so a late alert of a closed window still finds it. */
const WINDOW_COUNT_GRACE_MS = 60 * 60_000;

/**
 * Decides whether an alert is posted on its own or counted in its window's summary, by taking the event's
 * position in the window's count. The first `threshold` alerts of a kind per window post; every later one collapses.
 * @throws BurstSettingsError for an unusable threshold or window.
 */
export async function decideBurst(input: BurstInput): Promise<BurstDecision> {
	const errors = validateBurstSettings(input.settings);
	if (errors.length > 0) throw new BurstSettingsError(errors.join('; '));
	const { threshold, windowMinutes } = input.settings;
	const windowMs = windowMinutes * 60_000;
	const windowStartMs = Math.floor(input.now() / windowMs) * windowMs;
	const burstKey = `burst:${input.scope}:${input.kind}:${windowStartMs}`;
	const ordinal = await input.store.ordinal(burstKey, input.eventId, windowMs + WINDOW_COUNT_GRACE_MS);
	const decision: BurstDecision = {
		mode: ordinal <= threshold ? 'post' : 'collapse',
		burstKey,
		ordinal,
		windowStart: new Date(windowStartMs).toISOString(),
		windowEnd: new Date(windowStartMs + windowMs).toISOString(),
		threshold,
		collapsedCount: Math.max(0, ordinal - threshold),
		windowMinutes,
		label: input.label,
	};
	if (decision.mode === 'collapse') {
		decision.summaryText = burstSummaryText(decision.collapsedCount, input.label, windowMinutes);
	}
	return decision;
}
