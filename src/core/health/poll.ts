import type { StateStore } from '../state/stateStore';
import { matchesAnyEventPattern } from '../stripeEventTypes';
import type { ChatMessage, Severity } from '../types';
import { diagnoseEndpoints, type DiagnoseOptions, type EndpointProblem, type EndpointView } from './endpoints';
import {
	endpointProblemMessage,
	endpointResolvedMessage,
	undeliveredMessage,
	type HealthMessageOptions,
} from './messages';
import {
	groupUndelivered,
	mergeGroups,
	pollWindow,
	recoveryWindow,
	type EventView,
	type PollWindow,
	type UndeliveredGroup,
} from './undelivered';

/**
 * One poll of the Stripe Webhook Health trigger, with Stripe and the clock injected: look at the endpoints, list
 * the events Stripe could not deliver since the last poll, and decide what to report. What was already reported
 * lives in the state store, not in workflow static data (n8n saves a poller's static data only when it emits, and
 * not on other main processes), so a restart or a leader change between main processes neither loses nor repeats
 * a report:
 * - one poll at a time per trigger (a lock with a lease), so two main processes briefly both leading do not both
 *   report;
 * - the cursor (upper bound of the last window) and the open incidents are written after everything was decided,
 *   just before the items are handed to n8n. A crash before that repeats the window on the next poll (nothing was
 *   emitted); only a crash in the instant between the write and n8n starting the execution loses a report.
 * - an incident is reported when it opens, reminded about at most every `reminderMs`, and reported again when it
 *   resolves ("enabled again", "deliveries work again").
 * - missed events (`recover`) are either the events Stripe could not deliver since the last poll, or (`unhandled`)
 *   every event of the chosen types, delivered or not, that no Payment Alert of this workflow holds or handled. The
 *   second also catches what n8n acknowledged without running the workflow: while it starts, n8n answers every
 *   request 200 ("n8n is starting up") before any workflow runs, and Stripe never sends those events again.
 */

export interface HealthPollFetchers<E extends EventView> {
	listEndpoints(): Promise<EndpointView[]>;
	/** Every event in the window with `delivery_success=false`, all pages. */
	listUndelivered(window: PollWindow): Promise<E[]>;
	/** Whether at least one event in the window was delivered (`delivery_success=true`). */
	anyDelivered(window: PollWindow): Promise<boolean>;
}

/**
 * With `recover`, missed events are the ones Stripe could not deliver since the last poll (also one a Payment Alert
 * already handled, which it then skips); with this too, every event of the chosen types in the recovery window (see
 * `recoveryWindow`), delivered or not, and the undelivered ones, that still need recovering.
 */
export interface UnhandledRecovery<E extends EventView> {
	/** Every event of the chosen types in the window, delivered or not, all pages. */
	listRecent(window: Pick<PollWindow, 'after' | 'upTo'>): Promise<E[]>;
	/**
	 * Whether an event still needs recovering: the workflow's Stripe Event Trigger would have let it through, and a
	 * Payment Alert it goes to holds no claim on it.
	 */
	needsRecovery(event: E): Promise<boolean>;
	/** How far back each poll looks at events Stripe delivered. */
	lookbackSeconds: number;
	/**
	 * Unix seconds before which no event is recovered, e.g. when the webhook endpoint that receives the events was
	 * created (a workflow switched off and on again gets a new one: what came meanwhile was not for it).
	 */
	notBefore?: number;
	/** At most this many events a poll; the rest come with the next poll. */
	maxPerPoll?: number;
}

export interface HealthPollInput<E extends EventView> extends HealthPollFetchers<E> {
	store: StateStore;
	/** One trigger: the workflow and node ids. */
	scope: string;
	/** Unix milliseconds. */
	now: number;
	checkEndpoints: boolean;
	checkDeliveries: boolean;
	/** Return the undelivered events matching `recoverPatterns` (empty: every type) for replay. */
	recover: boolean;
	recoverPatterns: readonly string[];
	/** Also recover events that were delivered but never handled (see `UnhandledRecovery`). */
	unhandled?: UnhandledRecovery<E>;
	/** False for a manual test run in the editor: report what is found, remember nothing. */
	persist: boolean;
	diagnose: DiagnoseOptions;
	message: Omit<HealthMessageOptions, 'now'>;
	/** Seconds to stay behind the clock (see `pollWindow`). */
	lagSeconds?: number;
	/** How often a lasting delivery failure is reported again. */
	reminderMs?: number;
	/** A manual run without a cursor looks back this far. */
	manualLookbackSeconds?: number;
	/** Unique per poll, for the lock. */
	token: string;
}

export type ReportStatus = 'opened' | 'reminder' | 'resolved';

export interface HealthReport {
	kind: string;
	status: ReportStatus;
	severity: Severity;
	incident: string;
	message: ChatMessage;
	endpoint?: { id: string; url: string };
	undelivered?: UndeliveredGroup;
}

export interface HealthPollResult<E extends EventView> {
	/** `busy`: another poll of this trigger holds the lock; nothing was read or reported. */
	status: 'done' | 'busy';
	reports: HealthReport[];
	events: E[];
	window?: PollWindow;
}

export const DEFAULT_LAG_SECONDS = 30;
export const DEFAULT_REMINDER_MS = 60 * 60_000;
/**
 * One poll's execution posts its events one after another; 100 stay well within Payment Alert's Processing Timeout
 * even at Telegram's 20 messages a minute per group.
 */
export const DEFAULT_MAX_RECOVERED_PER_POLL = 100;
const KEEP_MS = 31 * 86_400_000;
const LOCK_MS = 5 * 60_000;

interface OpenEndpointIncident {
	kind: EndpointProblem['kind'];
	text: string;
	endpointId?: string;
	url?: string;
}

interface DeliveryIncident {
	group: UndeliveredGroup;
	lastReportAt: number;
}

export const healthKeys = (scope: string) => ({
	lock: `health-lock:${scope}`,
	cursor: `health-cursor:${scope}`,
	/** Upper bound of the first window that looked for unhandled events: nothing before it is recovered. */
	since: `health-since:${scope}`,
	/** Up to when every event was looked at for recovery (behind the cursor when a poll had more than it may hand over). */
	recovered: `health-recovered:${scope}`,
	endpoints: `health-endpoints:${scope}`,
	deliveries: `health-deliveries:${scope}`,
});

function parse<T>(value: string | undefined): T | undefined {
	if (value === undefined) return undefined;
	try {
		return JSON.parse(value) as T;
	} catch {
		return undefined;
	}
}

function endpointReports(
	problems: EndpointProblem[],
	open: Record<string, OpenEndpointIncident>,
	options: HealthMessageOptions,
): { reports: HealthReport[]; open: Record<string, OpenEndpointIncident> } {
	const reports: HealthReport[] = [];
	const next: Record<string, OpenEndpointIncident> = {};
	for (const problem of problems) {
		next[problem.incident] = {
			kind: problem.kind,
			text: problem.text,
			endpointId: problem.endpointId,
			url: problem.url,
		};
		if (Object.hasOwn(open, problem.incident)) continue;
		reports.push({
			kind: problem.kind,
			status: 'opened',
			severity: problem.severity,
			incident: problem.incident,
			message: endpointProblemMessage(problem, options),
			...(problem.endpointId && problem.url ? { endpoint: { id: problem.endpointId, url: problem.url } } : {}),
		});
	}
	for (const [incident, was] of Object.entries(open)) {
		if (Object.hasOwn(next, incident)) continue;
		reports.push({
			kind: `${was.kind}_resolved`,
			status: 'resolved',
			severity: 'success',
			incident,
			message: endpointResolvedMessage({ incident, ...was }, options),
			...(was.endpointId && was.url ? { endpoint: { id: was.endpointId, url: was.url } } : {}),
		});
	}
	return { reports, open: next };
}

/** The events, once each and oldest first (alerts read better and threads start right), that still need recovering. */
async function stillMissed<E extends EventView>(
	events: readonly E[],
	needsRecovery: (event: E) => Promise<boolean>,
): Promise<E[]> {
	const byId = new Map(events.map((event) => [event.id, event]));
	const found: E[] = [];
	for (const event of byId.values()) if (await needsRecovery(event)) found.push(event);
	return found.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
}

const finiteOr = (value: string | undefined, fallback: number | undefined): number | undefined => {
	const parsed = Number(value ?? Number.NaN);
	return Number.isFinite(parsed) ? parsed : fallback;
};

/** Runs one poll; see the file comment. Stripe errors are thrown, and then nothing is remembered. */
export async function runHealthPoll<E extends EventView>(input: HealthPollInput<E>): Promise<HealthPollResult<E>> {
	const keys = healthKeys(input.scope);
	const { store } = input;
	if (input.persist && (await store.putIfAbsent(keys.lock, input.token, LOCK_MS)) !== undefined) {
		return { status: 'busy', reports: [], events: [] };
	}
	try {
		const options: HealthMessageOptions = { ...input.message, now: input.now };
		const nowSeconds = Math.floor(input.now / 1000);
		const lag = input.lagSeconds ?? DEFAULT_LAG_SECONDS;
		const cursor = Number((await store.get(keys.cursor)) ?? Number.NaN);
		const last = Number.isFinite(cursor)
			? cursor
			: input.persist
				? undefined
				: nowSeconds - lag - (input.manualLookbackSeconds ?? 86_400);
		const window = pollWindow(last, nowSeconds, lag);
		const reports: HealthReport[] = [];

		let openEndpoints: Record<string, OpenEndpointIncident> | undefined;
		if (input.checkEndpoints) {
			const problems = diagnoseEndpoints(await input.listEndpoints(), input.diagnose);
			const before = parse<Record<string, OpenEndpointIncident>>(await store.get(keys.endpoints)) ?? {};
			const outcome = endpointReports(problems, before, options);
			reports.push(...outcome.reports);
			openEndpoints = outcome.open;
		}

		const recoverable = (event: E) =>
			input.recoverPatterns.length === 0 || matchesAnyEventPattern(input.recoverPatterns, event.type);
		const unhandled = input.recover ? input.unhandled : undefined;
		// A trigger that never polled (also in a manual run) starts now: nothing from before it is recovered.
		const since = unhandled
			? Math.max(
					finiteOr(await store.get(keys.since), Number.isFinite(cursor) ? cursor : window.upTo) as number,
					unhandled.notBefore ?? Number.NEGATIVE_INFINITY,
				)
			: window.upTo;
		let recoveredUpTo: number | undefined;

		let events: E[] = [];
		let deliveries: DeliveryIncident | null | undefined;
		let undelivered: E[] = [];
		if ((input.checkDeliveries || input.recover) && window.upTo > window.after) {
			undelivered = await input.listUndelivered(window);
		}
		if (unhandled) {
			const recent = recoveryWindow({
				since,
				lastUpTo: finiteOr(await store.get(keys.recovered), last),
				upTo: window.upTo,
				lookbackSeconds: unhandled.lookbackSeconds,
				nowSeconds,
			});
			const listed = recent.upTo > recent.after ? await unhandled.listRecent(recent) : [];
			const candidates = [...undelivered, ...listed].filter((event) => event.created > since && recoverable(event));
			const missed = await stillMissed(candidates, unhandled.needsRecovery);
			const max = Math.max(1, unhandled.maxPerPoll ?? DEFAULT_MAX_RECOVERED_PER_POLL);
			events = missed.slice(0, max);
			// The rest come with the next poll, which starts from the first event left out (of its second: `after` is
			// exclusive; those handed over now are claimed by then).
			recoveredUpTo = missed.length > max ? Math.min(missed[max].created - 1, recent.upTo) : recent.upTo;
		} else if (input.recover) {
			events = undelivered.filter(recoverable);
		}
		if (input.checkDeliveries && window.upTo > window.after) {
			const incident = `deliveries:${input.scope}`;
			const before = parse<DeliveryIncident>(await store.get(keys.deliveries));
			const group = groupUndelivered(undelivered);
			if (group && !before) {
				reports.push({
					kind: 'deliveries_failing',
					status: 'opened',
					severity: 'critical',
					incident,
					undelivered: group,
					message: undeliveredMessage(group, 'failing', { ...options, incident, replayed: input.recover }),
				});
				deliveries = { group, lastReportAt: input.now };
			} else if (group && before) {
				const merged = mergeGroups(before.group, group) as UndeliveredGroup;
				const remind = input.now - before.lastReportAt >= (input.reminderMs ?? DEFAULT_REMINDER_MS);
				if (remind) {
					reports.push({
						kind: 'deliveries_failing',
						status: 'reminder',
						severity: 'critical',
						incident,
						undelivered: merged,
						message: undeliveredMessage(merged, 'still_failing', { ...options, incident, replayed: input.recover }),
					});
				}
				deliveries = { group: merged, lastReportAt: remind ? input.now : before.lastReportAt };
			} else if (before && (await input.anyDelivered(window))) {
				reports.push({
					kind: 'deliveries_recovered',
					status: 'resolved',
					severity: 'success',
					incident,
					undelivered: before.group,
					message: undeliveredMessage(before.group, 'recovered', { ...options, incident, replayed: input.recover }),
				});
				deliveries = null;
			}
		}

		if (input.persist) {
			// Everything decided: remember it just before the items are handed to n8n (see the file comment).
			if (openEndpoints) await store.put(keys.endpoints, JSON.stringify(openEndpoints), KEEP_MS);
			if (deliveries === null) await store.deleteIfEquals(keys.deliveries, (await store.get(keys.deliveries)) ?? '');
			else if (deliveries) await store.put(keys.deliveries, JSON.stringify(deliveries), KEEP_MS);
			await store.put(keys.cursor, String(window.upTo), KEEP_MS);
			if (unhandled) {
				await store.put(keys.since, String(since), KEEP_MS);
				if (recoveredUpTo !== undefined) await store.put(keys.recovered, String(recoveredUpTo), KEEP_MS);
			}
		}
		return { status: 'done', reports, events, window };
	} finally {
		if (input.persist) await store.deleteIfEquals(keys.lock, input.token);
	}
}
