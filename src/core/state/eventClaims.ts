import type { StateStore } from './stateStore';
import { waitFor } from './waitFor';

/**
 * At-least-once ingestion, exactly-once alerts. Stripe delivers every event at least once and retries until it
 * gets a 2xx; an alert must go out once. So an event is handled in two steps:
 * 1. **claim**: set-if-absent `processing:<token>` with a lease. Only one execution gets it, however many
 *    deliveries of the event arrive at once.
 * 2. **complete** (`done:<time>|<token>`, kept for `keepMs`) when its alert was posted or deliberately suppressed,
 *    or **release** when it failed, so that Stripe's redelivery (the workflow answered with an error) is handled
 *    anew. One alert may go to several posting nodes (two Slack channels): the first to post completes the claim,
 *    the others complete it again (the same attempt: no warning), and one that fails after another completed it
 *    reopens it, so that the redelivery reaches the node that failed (each node's record of its post keeps it from
 *    posting again: postedAlerts.ts).
 * A delivery that finds the event in flight waits for the other execution to finish: done → it is a duplicate;
 * released or lease expired → it claims the event itself; still in flight after `waitMs` → `inFlight`, and the
 * caller answers Stripe with an error so that the event comes again later. An execution that dies (worker killed,
 * n8n restarted) never completes: its lease runs out and the next redelivery is handled.
 */

export interface EventClaimTiming {
	/** How long a claim holds without completing; must outlast the slowest execution (Slack rate-limit waits). */
	leaseMs: number;
	/** How long a handled event is remembered, so a late redelivery is still recognised. */
	keepMs: number;
	/** How long a delivery waits for another execution that holds the same event. */
	waitMs: number;
	/** Pause between looks while waiting. */
	pollMs: number;
}

export const DEFAULT_EVENT_CLAIM_TIMING: EventClaimTiming = {
	leaseMs: 15 * 60_000,
	// Stripe retries for up to 3 days; a week covers that with room.
	keepMs: 7 * 24 * 3_600_000,
	waitMs: 20_000,
	pollMs: 100,
};

export type EventClaim =
	| { status: 'claimed'; key: string; token: string }
	| { status: 'duplicate'; key: string; handledAt?: string }
	| { status: 'inFlight'; key: string };

export interface ClaimEventInput {
	store: StateStore;
	/** Scope of de-duplication, e.g. the workflow id: two workflows may each handle the same event. */
	scope: string;
	eventId: string;
	/** Unique per attempt (e.g. execution id + random), so only this attempt can complete or release its claim. */
	token: string;
	timing?: Partial<EventClaimTiming>;
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
}

const PROCESSING = 'processing:';
const DONE = 'done:';
/** Between the time and the token of a completed claim; an ISO time has none. */
const DONE_BY = '|';

const doneBy = (token: string, now: number) => `${DONE}${new Date(now).toISOString()}${DONE_BY}${token}`;
/** Whether a stored value is this attempt's completion. Completions written before the token was kept have none. */
const isDoneBy = (value: string | undefined, token: string) =>
	value !== undefined && value.startsWith(DONE) && value.endsWith(`${DONE_BY}${token}`);

/** The store key of an event in a scope. */
export function eventClaimKey(scope: string, eventId: string): string {
	return `event:${scope}:${eventId}`;
}

/**
 * Whose events a Payment Alert claims: the workflow's, per chat platform. Two Payment Alerts in one workflow that
 * send the same events to two platforms (Slack and Teams) each claim them; one scope would let the first mark the
 * event handled and the second drop its alert as a repeat. Slack's scope is the workflow's alone, as before the
 * choice, so claims made before it still count.
 */
export function eventClaimScope(workflowId: string, platformId: string): string {
	return platformId === 'slack' ? workflowId : `${workflowId}:${platformId}`;
}

/** Claims an event for this attempt, waiting for another attempt that holds it (see the file comment). */
export async function claimEvent(input: ClaimEventInput): Promise<EventClaim> {
	const timing = { ...DEFAULT_EVENT_CLAIM_TIMING, ...input.timing };
	const key = eventClaimKey(input.scope, input.eventId);
	const mine = PROCESSING + input.token;
	const settled = await waitFor<EventClaim>(
		async () => {
			let current: string | undefined;
			try {
				current = await input.store.putIfAbsent(key, mine, timing.leaseMs);
			} catch (error: unknown) {
				// The store may have stored the claim after all (it answered too late): give it back, so that Stripe's
				// redelivery is not refused as "in flight" until the lease runs out. Best effort: the lease covers the rest.
				await input.store.deleteIfEquals(key, mine).catch(() => undefined);
				throw error;
			}
			if (current === undefined) return { status: 'claimed', key, token: input.token };
			if (current.startsWith(DONE)) {
				return { status: 'duplicate', key, handledAt: current.slice(DONE.length).split(DONE_BY)[0] || undefined };
			}
			return undefined;
		},
		{ ...timing, now: input.now, sleep: input.sleep },
	);
	return settled ?? { status: 'inFlight', key };
}

/**
 * Marks a claimed event handled. Also when its lease ran out meanwhile and no other attempt took it: the alert is
 * out, and Stripe, which timed out on this slow run, will deliver the event again. Completing it again in the same
 * attempt (another posting node of the alert) is a success.
 * @returns false when the lease ran out and another attempt took the event over (it may post the alert again).
 */
export async function completeEvent(
	store: StateStore,
	claim: { key: string; token: string },
	options: { keepMs?: number; now?: () => number } = {},
): Promise<boolean> {
	const done = doneBy(claim.token, (options.now ?? Date.now)());
	const keepMs = options.keepMs ?? DEFAULT_EVENT_CLAIM_TIMING.keepMs;
	if (await store.replaceIfEquals(claim.key, PROCESSING + claim.token, done, keepMs)) return true;
	const current = await store.putIfAbsent(claim.key, done, keepMs);
	return current === undefined || isDoneBy(current, claim.token);
}

/**
 * Gives a claimed event back, so its redelivery is handled again: this attempt's claim, or its completion when
 * another posting node of the same alert completed it before this one failed. Does nothing to another attempt's.
 */
export async function releaseEvent(store: StateStore, claim: { key: string; token: string }): Promise<boolean> {
	if (await store.deleteIfEquals(claim.key, PROCESSING + claim.token)) return true;
	const current = await store.get(claim.key);
	return isDoneBy(current, claim.token) && (await store.deleteIfEquals(claim.key, current as string));
}
