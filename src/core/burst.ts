import type { AlertCategory } from './types';

/**
 * Burst collapse: past a threshold of alerts of one kind within a time window, post one summary and count the rest
 * ("+37 more payment failures in the last 5 minutes") instead of flooding a channel.
 *
 * State lives in n8n's database, never in process memory or workflow static data (both are lost or unsafe in
 * queue mode, N8N-RUNTIME.md). The only durable primitive an action node has is n8n's de-duplication store,
 * `helpers.checkProcessedAndRecord(keys)`: it records every key it is given and says which ones were already
 * there. There is no read without a write, and no counter. So a window's count is kept as "slots":
 * `burst:<kind>:<windowStart>:<n>` recorded for n = 1, 2, 3, …; an alert's ordinal is the slot it claims, which is
 * the first slot after the recorded prefix.
 *
 * Finding that slot with one key per call would cost n store calls for the n-th alert (n² for a burst). Instead:
 * - one call probes slots 1..PROBE_BATCH at once, which settles every alert below the threshold in one call;
 * - past that, single probes gallop (×GALLOP_FACTOR) to bracket the end of the prefix, then rounds of
 *   PROBE_BATCH evenly spaced probes narrow the bracket until it is a run of consecutive slots.
 * That is O(log n) store calls per alert (13 at most for the 500th, one check included). Every probe records its key, so the keys a
 * probe recorded without claiming them are forgotten again right after (`helpers.removeProcessed`).
 *
 * Trade-offs, all documented for the lead and the README:
 * - Exact when the node's executions run one after another. n8n's store is read-then-write without locks, so
 *   overlapping executions trade exactness for progress: two of them can claim the same slot (an undercount of
 *   one; n8n may also keep only one of two concurrent writes), and one can see another's probe keys in the moment
 *   before they are forgotten, take them for claims and claim a higher slot (an overcount that leaves a gap).
 *   Galloping on such keys would run away exponentially, so a galloped claim is checked against the slots right
 *   below it and, failing that, the search steps up batch by batch: the overcount stays within about PROBE_BATCH
 *   per overlapping execution, later alerts refill low gaps first, and nothing ever counts past `maxSlots`.
 *   When the search cannot settle, the decision says `approximate` instead of failing the alert.
 * - Posts stay bounded whatever the overlap: an alert posts on its own only when it claimed a slot up to the
 *   threshold, and a slot is claimed once per set of overlapping executions, so a window posts at most
 *   `threshold` × (executions overlapping on one slot) single alerts; every other alert is only counted.
 * - Windows are fixed ("tumbling", aligned to the Unix epoch, so 5-minute windows start at :00, :05, …). A burst
 *   across a boundary gets two windows: at most twice the threshold of single posts plus two summaries.
 * - The window is chosen by processing time (the injected clock), not the event's `created`: flooding is about when
 *   alerts reach the channel, and Stripe's retries of old events would otherwise land in long-closed windows.
 * - Slot keys share the node's de-duplication history, which n8n trims oldest-first. A window holding more alerts
 *   than the history can keep loses its lowest slots, and later alerts may claim them again: at most `threshold`
 *   extra single posts per history-size alerts.
 */

/** The durable key store: n8n's de-duplication history in the node; a Map in tests. */
export interface BurstKeyStore {
	/** Records every key; resolves with the keys that were already recorded before this call. */
	checkAndRecord(keys: readonly string[]): Promise<ReadonlySet<string>>;
	/** Removes keys recorded by a probe that did not claim them. */
	forget(keys: readonly string[]): Promise<void>;
}

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
	store: BurstKeyStore;
	/** What counts as "one kind": the node uses the destination channel and the event type. */
	kind: string;
	/** Noun for the summary, e.g. `{one: 'payment failure', other: 'payment failures'}`. */
	label: BurstLabel;
	settings: BurstSettings;
	/** Injected clock, ms since the epoch. */
	now: () => number;
	/** Upper bound of a window's count, normally the store's history size; default DEFAULT_MAX_SLOTS. */
	maxSlots?: number;
}

export interface BurstDecision {
	/** `post`: send this alert as usual; `collapse`: count it in the window's summary message instead. */
	mode: 'post' | 'collapse';
	/** Identifies the window's summary message (one per kind and window), e.g. for Slack message metadata. */
	burstKey: string;
	/** This alert's position among alerts of its kind in the window, from 1. */
	ordinal: number;
	/** ISO time the window started. */
	windowStart: string;
	/** ISO time the window ends. */
	windowEnd: string;
	threshold: number;
	/** Alerts of this kind and window counted in the summary so far, this one included (0 for posts). */
	collapsedCount: number;
	/** True for the first collapsed alert: the summary is posted; later alerts update it with their text. */
	startsSummary: boolean;
	/** Set when overlapping executions kept the count from settling: `ordinal` is an estimate. */
	approximate?: true;
	/** The summary line for collapsed alerts, e.g. `+37 more payment failures in the last 5 minutes`. */
	summaryText?: string;
}

export class BurstSettingsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BurstSettingsError';
	}
}

/** Slots probed by the first call; alerts up to this ordinal are settled in one call. */
export const PROBE_BATCH = 8;
/** How fast single probes move up while looking for the end of the recorded prefix. */
export const GALLOP_FACTOR = 4;
/**
 * The most slots one window can count: the store cannot keep more keys than its history anyway, and the bound keeps
 * overlapping executions (each seeing the others' probe keys) from galloping without limit.
 */
export const DEFAULT_MAX_SLOTS = 10_000;
/** A safety stop: one execution converges in under 40 rounds even for millions of alerts. */
const MAX_ROUNDS = 64;

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
	if (!Number.isInteger(settings.windowMinutes) || settings.windowMinutes < 1 || settings.windowMinutes > MAX_WINDOW_MINUTES) {
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

/** Probes for the next round: a batch of consecutive slots, a gallop step, or a spread across the bracket. */
function nextProbes(lastPresent: number, firstAbsent: number | undefined, gallop: boolean, maxSlots: number): number[] {
	const consecutive = (count: number) => Array.from({ length: count }, (_, index) => lastPresent + index + 1);
	if (firstAbsent === undefined) {
		if (gallop) return [Math.min(lastPresent * GALLOP_FACTOR, maxSlots)];
		return consecutive(Math.min(PROBE_BATCH, maxSlots - lastPresent));
	}
	const span = firstAbsent - lastPresent;
	if (span <= PROBE_BATCH) return consecutive(span);
	const probes = new Set<number>();
	for (let index = 1; index <= PROBE_BATCH; index += 1) {
		probes.add(lastPresent + Math.floor((index * span) / (PROBE_BATCH + 1)));
	}
	return [...probes].sort((a, b) => a - b);
}

export interface SlotClaim {
	/** The claimed slot, or, when `claimed` is false, the best estimate of the next free one. */
	slot: number;
	/** False when overlapping executions kept the search from settling; nothing was recorded then. */
	claimed: boolean;
}

interface SearchState {
	store: BurstKeyStore;
	keyOf: (slot: number) => string;
	maxSlots: number;
	rounds: number;
}

/**
 * One search for the first free slot. With `gallop`, a full first batch sends single probes up ×GALLOP_FACTOR;
 * without, the search steps up batch by batch. Returns the claimed slot and whether galloping led to it.
 */
async function searchSlot(state: SearchState, gallopAllowed: boolean): Promise<SlotClaim & { galloped: boolean }> {
	const { store, keyOf, maxSlots } = state;
	// Slot 0 stands for "nothing recorded yet" and is never stored.
	let lastPresent = 0;
	let firstAbsent: number | undefined;
	let gallop = false;
	let galloped = false;
	for (let first = true; state.rounds < MAX_ROUNDS && lastPresent < maxSlots; first = false) {
		state.rounds += 1;
		const probes = nextProbes(lastPresent, firstAbsent, gallop, maxSlots);
		galloped ||= gallop && firstAbsent === undefined;
		const present = await store.checkAndRecord(probes.map(keyOf));
		const absentIndex = probes.findIndex((slot) => !present.has(keyOf(slot)));
		const recordedNow = probes.filter((slot) => !present.has(keyOf(slot)));
		if (absentIndex === -1) {
			lastPresent = probes[probes.length - 1];
			if (firstAbsent !== undefined && firstAbsent <= lastPresent) {
				// Another execution filled the bracket meanwhile: the end is near, so step up instead of galloping.
				firstAbsent = undefined;
				gallop = false;
			} else if (firstAbsent === undefined) {
				gallop = gallopAllowed && (first || gallop);
			}
			continue;
		}
		const absent = probes[absentIndex];
		const below = absentIndex > 0 ? probes[absentIndex - 1] : lastPresent;
		if (absent === below + 1) {
			const unclaimed = recordedNow.filter((slot) => slot !== absent);
			if (unclaimed.length > 0) await store.forget(unclaimed.map(keyOf));
			return { slot: absent, claimed: true, galloped };
		}
		await store.forget(recordedNow.map(keyOf));
		lastPresent = below;
		firstAbsent = absent;
	}
	return { slot: Math.min(lastPresent + 1, maxSlots + 1), claimed: false, galloped };
}

/**
 * Whether the PROBE_BATCH slots below a claimed slot are all recorded, as they are below a real prefix. Galloping
 * can be misled by another execution's probe keys (seen in the moment before they are forgotten); those sit
 * alone, so a gap right below the claim gives them away.
 */
async function prefixBelowIsDense(state: SearchState, slot: number): Promise<boolean> {
	const probes = Array.from({ length: PROBE_BATCH }, (_, index) => slot - PROBE_BATCH + index);
	state.rounds += 1;
	const present = await state.store.checkAndRecord(probes.map(state.keyOf));
	const recordedNow = probes.filter((probe) => !present.has(state.keyOf(probe)));
	if (recordedNow.length > 0) await state.store.forget(recordedNow.map(state.keyOf));
	return recordedNow.length === 0;
}

/**
 * Claims the next slot of a window: records `<prefix><n>` for the first n after the recorded prefix.
 * Probe keys recorded on the way are forgotten again. A claim reached by galloping is checked against the slots
 * right below it; when they are not all there, the claim is given back and the search steps up batch by batch
 * from slot 1 (slower, but other executions' probe keys can only mislead it by one batch).
 * When the window already holds `maxSlots`, or overlap keeps the search from settling within MAX_ROUNDS, it returns
 * an unclaimed estimate rather than failing the alert.
 */
export async function claimSlot(store: BurstKeyStore, prefix: string, maxSlots = DEFAULT_MAX_SLOTS): Promise<SlotClaim> {
	const state: SearchState = { store, keyOf: (slot) => `${prefix}${slot}`, maxSlots, rounds: 0 };
	const fast = await searchSlot(state, true);
	if (!fast.galloped) return { slot: fast.slot, claimed: fast.claimed };
	if (fast.claimed) {
		if (await prefixBelowIsDense(state, fast.slot)) return { slot: fast.slot, claimed: true };
		await store.forget([state.keyOf(fast.slot)]);
	}
	const stepped = await searchSlot(state, false);
	return { slot: stepped.slot, claimed: stepped.claimed };
}

/**
 * Decides whether an alert is posted on its own or counted in its window's summary, by claiming its ordinal in the
 * durable store. The first `threshold` alerts of a kind per window post; every later one collapses.
 * @throws BurstSettingsError for an unusable threshold or window.
 */
export async function decideBurst(input: BurstInput): Promise<BurstDecision> {
	const errors = validateBurstSettings(input.settings);
	if (errors.length > 0) throw new BurstSettingsError(errors.join('; '));
	const { threshold, windowMinutes } = input.settings;
	const windowMs = windowMinutes * 60_000;
	const windowStartMs = Math.floor(input.now() / windowMs) * windowMs;
	const burstKey = `burst:${input.kind}:${windowStartMs}`;
	const { slot: ordinal, claimed } = await claimSlot(input.store, `${burstKey}:`, input.maxSlots);
	const decision: BurstDecision = {
		mode: ordinal <= threshold ? 'post' : 'collapse',
		burstKey,
		ordinal,
		windowStart: new Date(windowStartMs).toISOString(),
		windowEnd: new Date(windowStartMs + windowMs).toISOString(),
		threshold,
		collapsedCount: Math.max(0, ordinal - threshold),
		startsSummary: claimed && ordinal === threshold + 1,
	};
	if (!claimed) decision.approximate = true;
	if (decision.mode === 'collapse') {
		const text = burstSummaryText(decision.collapsedCount, input.label, windowMinutes);
		decision.summaryText = claimed ? text : `${text} (about: many alerts arrived at once)`;
	}
	return decision;
}
