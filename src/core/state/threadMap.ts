import { keepLeaseAlive } from './lease';
import type { LeaseKeeper } from './lease';
import type { StateStore } from './stateStore';
import { waitFor } from './waitFor';
import type { Waiting } from './waitFor';

/**
 * The thread map: which Slack message starts the thread of a Stripe object (`invoice:in_123` in `C0PAYMENTS` →
 * `ts`), so that a later event about the object replies there with one `chat.postMessage` instead of searching the
 * channel's history. Kept in the state store, shared by every execution and worker.
 *
 * Two executions racing on a new object must make one thread, not two: the first to claim the key
 * (set-if-absent `pending:<token>`) posts the parent and records its `ts`; the others wait for that `ts` and reply
 * in its thread. When the parent could not be posted, the claim is given back and the next one tries.
 */

export interface ThreadParent {
	ts: string;
	/** Unix seconds of the event the parent shows; only a newer event replaces what it shows. */
	occurredAt?: number;
}

export interface ThreadMapTiming {
	/** How long a claim to post a parent holds before others may try (a Slack post normally takes well under 1 s). */
	pendingMs: number;
	/** How long the thread of an object is remembered after its last event (disputes run for months). */
	keepMs: number;
	/** How long an execution waits for another one that is posting the parent. */
	waitMs: number;
	pollMs: number;
}

export const DEFAULT_THREAD_MAP_TIMING: ThreadMapTiming = {
	pendingMs: 60_000,
	keepMs: 120 * 24 * 3_600_000,
	waitMs: 20_000,
	pollMs: 100,
};

export type ThreadClaim =
	| { role: 'parent'; key: string; token: string }
	| { role: 'reply'; key: string; parent: ThreadParent; recorded: string };

/** Thrown when another execution is still posting the parent after the wait: retrying later finds its thread. */
export class ThreadBusyError extends Error {
	constructor(readonly threadKey: string) {
		super(`Another execution is still starting the thread for ${threadKey}`);
		this.name = 'ThreadBusyError';
	}
}

const PENDING = 'pending:';

export function threadMapKey(channel: string, threadKey: string): string {
	return `thread:${channel}:${threadKey}`;
}

function parseParent(recorded: string): ThreadParent | undefined {
	try {
		const value = JSON.parse(recorded) as Partial<ThreadParent>;
		if (typeof value.ts !== 'string' || !value.ts) return undefined;
		return typeof value.occurredAt === 'number' ? { ts: value.ts, occurredAt: value.occurredAt } : { ts: value.ts };
	} catch {
		return undefined;
	}
}

function waitingOf(input: ThreadMapInput, timing: ThreadMapTiming): Waiting {
	return { waitMs: timing.waitMs, pollMs: timing.pollMs, now: input.now, sleep: input.sleep };
}

export interface ThreadMapInput {
	store: StateStore;
	/** Channel ID (names are resolved first, so `#payments` and `C0PAYMENTS` share threads). */
	channel: string;
	threadKey: string;
	timing?: Partial<ThreadMapTiming>;
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
}

/**
 * Finds the object's thread, or makes this execution the one to start it.
 * @throws ThreadBusyError when another execution holds the claim for longer than the wait.
 */
export async function claimThread(input: ThreadMapInput & { token: string }): Promise<ThreadClaim> {
	const timing = { ...DEFAULT_THREAD_MAP_TIMING, ...input.timing };
	const key = threadMapKey(input.channel, input.threadKey);
	const claim = await waitFor<ThreadClaim>(
		async () => {
			const recorded = await input.store.putIfAbsent(key, PENDING + input.token, timing.pendingMs);
			if (recorded === undefined) return { role: 'parent', key, token: input.token };
			if (recorded.startsWith(PENDING)) return undefined;
			const parent = parseParent(recorded);
			if (parent) return { role: 'reply', key, parent, recorded };
			// Unreadable (written by something else): replace it with a new thread rather than fail every event.
			if (await input.store.replaceIfEquals(key, recorded, PENDING + input.token, timing.pendingMs)) {
				return { role: 'parent', key, token: input.token };
			}
			return undefined;
		},
		waitingOf(input, timing),
	);
	if (!claim) throw new ThreadBusyError(input.threadKey);
	return claim;
}

/** Records the parent this execution posted. */
export async function recordThreadParent(
	store: StateStore,
	claim: { key: string; token: string },
	parent: ThreadParent,
	keepMs = DEFAULT_THREAD_MAP_TIMING.keepMs,
): Promise<void> {
	const recorded = JSON.stringify(parent);
	// Even if the claim expired meanwhile, the posted parent is the better answer for later events.
	if (!(await store.replaceIfEquals(claim.key, PENDING + claim.token, recorded, keepMs))) {
		await store.put(claim.key, recorded, keepMs);
	}
}

/** The parent recorded for an object's thread, if one was posted (not while another execution is posting it). */
export async function readThreadParent(
	store: StateStore,
	channel: string,
	threadKey: string,
): Promise<ThreadParent | undefined> {
	const recorded = await store.get(threadMapKey(channel, threadKey));
	return recorded === undefined ? undefined : parseParent(recorded);
}

/**
 * Records a parent found in Slack after the execution that posted it died before recording it: its claim would
 * otherwise run out, and the next event would start a second thread. A parent recorded meanwhile is kept.
 */
export async function adoptThreadParent(
	store: StateStore,
	channel: string,
	threadKey: string,
	parent: ThreadParent,
	keepMs = DEFAULT_THREAD_MAP_TIMING.keepMs,
): Promise<void> {
	const key = threadMapKey(channel, threadKey);
	const adopted = JSON.stringify(parent);
	const recorded = await store.putIfAbsent(key, adopted, keepMs);
	if (recorded?.startsWith(PENDING)) await store.replaceIfEquals(key, recorded, adopted, keepMs);
}

/** Gives up the claim to post the parent (the post failed), so that the next event starts the thread. */
export async function releaseThreadClaim(store: StateStore, claim: { key: string; token: string }): Promise<void> {
	await store.deleteIfEquals(claim.key, PENDING + claim.token);
}

/**
 * Keeps this execution's claim to post the parent while the post is slow (a Slack call waiting out a rate limit
 * for minutes): otherwise the claim runs out and the next event starts a second thread.
 */
export function holdThreadClaim(
	store: StateStore,
	claim: { key: string; token: string },
	pendingMs = DEFAULT_THREAD_MAP_TIMING.pendingMs,
): LeaseKeeper {
	return keepLeaseAlive(store, claim.key, PENDING + claim.token, pendingMs);
}

export type ParentUpdate = 'updated' | 'newerShown' | 'busy' | 'gone';

/**
 * Edits the parent to show this event, one execution at a time per thread, and only when the event is not older
 * than the one the parent shows. Stripe's events arrive in no order, and two edits in flight land in either
 * order, so the check and the edit happen under a lock (renewed while `edit` waits on Slack): recording the
 * newest event after editing was not enough, an older edit could land last.
 * @returns `updated`; `newerShown` (left as it is); `busy` (another execution kept editing for longer than the
 * wait); `gone` (the thread was forgotten meanwhile).
 */
export async function updateThreadParent(
	input: ThreadMapInput & { token: string; occurredAt?: number },
	edit: (parent: ThreadParent) => Promise<void>,
): Promise<ParentUpdate> {
	const timing = { ...DEFAULT_THREAD_MAP_TIMING, ...input.timing };
	const key = threadMapKey(input.channel, input.threadKey);
	const lockKey = `thread-edit:${input.channel}:${input.threadKey}`;
	const locked = await waitFor(
		async () =>
			(await input.store.putIfAbsent(lockKey, input.token, timing.pendingMs)) === undefined ? true : undefined,
		waitingOf(input, timing),
	);
	if (!locked) return 'busy';
	const lease = keepLeaseAlive(input.store, lockKey, input.token, timing.pendingMs);
	try {
		const recorded = await input.store.get(key);
		const parent = recorded === undefined ? undefined : parseParent(recorded);
		if (recorded === undefined || !parent) return 'gone';
		const { occurredAt } = input;
		if (occurredAt !== undefined && parent.occurredAt !== undefined && occurredAt < parent.occurredAt)
			return 'newerShown';
		await edit(parent);
		const shown: ThreadParent = { ts: parent.ts, occurredAt: occurredAt ?? parent.occurredAt };
		await input.store.replaceIfEquals(key, recorded, JSON.stringify(shown), timing.keepMs);
		return 'updated';
	} finally {
		await lease.stop();
		await input.store.deleteIfEquals(lockKey, input.token);
	}
}
