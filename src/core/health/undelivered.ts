/**
 * Events Stripe could not deliver (`GET /v1/events?delivery_success=false`), grouped for one message: how many, of
 * which types, from when to when, and how many endpoints still wait for them (`pending_webhooks`).
 * `delivery_success=false` is account-wide: an event counts when any endpoint has not received it yet.
 * @see https://docs.stripe.com/api/events/list
 */

/** The fields of a Stripe event this file reads. */
export interface EventView {
	id: string;
	type: string;
	created: number;
	livemode?: boolean;
	pending_webhooks?: number;
}

export interface TypeCount {
	type: string;
	count: number;
}

export interface UndeliveredGroup {
	total: number;
	/** Most frequent first, then by name. */
	byType: TypeCount[];
	/** Unix seconds of the oldest and newest event. */
	firstCreated: number;
	lastCreated: number;
	/** Sum of `pending_webhooks`: deliveries Stripe still owes. */
	pendingDeliveries: number;
	livemode: boolean;
}

/** Stripe lists events of the last 30 days only. */
export const EVENT_HORIZON_SECONDS = 30 * 86_400;

/** Groups undelivered events by type; undefined when there are none. */
export function groupUndelivered(events: readonly EventView[]): UndeliveredGroup | undefined {
	if (events.length === 0) return undefined;
	const counts = new Map<string, number>();
	let first = Number.POSITIVE_INFINITY;
	let last = 0;
	let pending = 0;
	for (const event of events) {
		counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
		first = Math.min(first, event.created);
		last = Math.max(last, event.created);
		pending += Math.max(0, event.pending_webhooks ?? 0);
	}
	const byType = [...counts.entries()]
		.map(([type, count]) => ({ type, count }))
		.sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
	return {
		total: events.length,
		byType,
		firstCreated: first,
		lastCreated: last,
		pendingDeliveries: pending,
		livemode: events.some((event) => event.livemode === true),
	};
}

/** Adds a later group to an earlier one (an incident that goes on over several polls). */
export function mergeGroups(
	earlier: UndeliveredGroup | undefined,
	later: UndeliveredGroup | undefined,
): UndeliveredGroup | undefined {
	if (!earlier) return later;
	if (!later) return earlier;
	const counts = new Map<string, number>();
	for (const { type, count } of [...earlier.byType, ...later.byType]) counts.set(type, (counts.get(type) ?? 0) + count);
	return {
		total: earlier.total + later.total,
		byType: [...counts.entries()]
			.map(([type, count]) => ({ type, count }))
			.sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
		firstCreated: Math.min(earlier.firstCreated, later.firstCreated),
		lastCreated: Math.max(earlier.lastCreated, later.lastCreated),
		pendingDeliveries: later.pendingDeliveries,
		livemode: earlier.livemode || later.livemode,
	};
}

/** `12 invoice.payment_failed, 3 charge.dispute.created and 4 more types` (at most `max` types named). */
export function describeTypes(byType: readonly TypeCount[], max = 4): string {
	const named = byType.slice(0, max).map(({ type, count }) => `${count} ${type}`);
	const rest = byType.length - named.length;
	return rest > 0 ? `${named.join(', ')} and ${rest} more type${rest === 1 ? '' : 's'}` : named.join(', ');
}

export interface PollWindow {
	/** Exclusive lower bound, unix seconds. */
	after: number;
	/** Inclusive upper bound, unix seconds. */
	upTo: number;
	/** True when the last poll is older than Stripe's 30-day horizon: events before `after` can no longer be listed. */
	clipped: boolean;
}

/**
 * The time window of one poll: from the last poll's upper bound to `lag` seconds ago. The lag leaves Stripe time
 * to make its first delivery attempt and to list the newest events, so an event is neither counted while its first
 * delivery is still on the way nor skipped because it was listed late.
 */
export function pollWindow(lastUpTo: number | undefined, nowSeconds: number, lagSeconds: number): PollWindow {
	const upTo = nowSeconds - lagSeconds;
	const horizon = nowSeconds - EVENT_HORIZON_SECONDS + 60;
	const start = lastUpTo ?? upTo;
	return { after: Math.max(start, horizon), upTo: Math.max(upTo, start), clipped: start < horizon };
}

/** Stripe retries an event it could not deliver for up to 3 days; a catch-up after a pause looks no further back. */
export const RETRY_HORIZON_SECONDS = 3 * 86_400;

/**
 * The window in which a poll looks for events, delivered or not, that never became an alert: the last
 * `lookbackSeconds` up to the poll's own upper bound, and everything since the last poll when that is longer ago
 * (n8n was down), but never further back than Stripe's 3 days of retries nor before `since`, the first poll of the
 * trigger (an event from before it was switched on was never meant for it).
 */
export function recoveryWindow(input: {
	since: number;
	lastUpTo: number | undefined;
	upTo: number;
	lookbackSeconds: number;
	nowSeconds: number;
}): Pick<PollWindow, 'after' | 'upTo'> {
	const lookback = input.upTo - Math.max(0, input.lookbackSeconds);
	const wanted = input.lastUpTo === undefined ? lookback : Math.min(input.lastUpTo, lookback);
	const floor = Math.max(input.since, input.nowSeconds - RETRY_HORIZON_SECONDS);
	return { after: Math.min(Math.max(wanted, floor), input.upTo), upTo: input.upTo };
}
