import { keepLeaseAlive } from './lease';
import type { StateStore } from './stateStore';
import { waitFor } from './waitFor';

/**
 * Keeps a burst window's one summary message ("+37 more payment failures …") in step with its exact count
 * (burst.ts). Slack has no compare-and-set, so writes to the message are serialised by a lock in the state store:
 * - the execution that gets the lock reads the count, posts or edits the message, records `{ts, count}`, and
 *   repeats while the count moved on meanwhile; after releasing the lock it looks once more and takes the lock
 *   again if the count grew;
 * - an execution that finds the lock taken waits until the message shows its count (the holder's last look
 *   comes after the lock was seen taken, so it sees that count), or takes the lock itself once it is free. Its
 *   event counts as handled only then: a holder killed mid-write (n8n crashed) would otherwise leave every alert
 *   that deferred to it counted in the store, handled, and missing from the message for good. Waiting too long
 *   (a holder stuck behind Slack's rate limits, or dead with its lease still running) throws
 *   `BurstSummaryBusyError`: the event is given back and Stripe delivers it again.
 * The message so only ever moves up and ends showing the window's final count. When a write fails (Slack down),
 * the lock is released and the error goes to the caller, whose event is then redelivered by Stripe and writes
 * again. The holder renews the lock while it works (a Slack write may wait out rate limits far longer than the
 * lock's lease), and the lease covers an execution that dies while holding it.
 */

export interface ShownSummary {
	/** `ts` of the summary message. */
	ts: string;
	/** The count it shows. */
	count: number;
}

export interface BurstSummarySyncInput {
	store: StateStore;
	/** The window's count key (BurstDecision.burstKey). */
	burstKey: string;
	/** Channel ID: a window routed to two channels has a summary in each. */
	channel: string;
	/** Alerts up to the threshold were posted on their own and are not in the summary's count. */
	threshold: number;
	/** Unique per attempt, so that only this attempt releases its lock. */
	token: string;
	/** Posts the summary (no `existing`, or it is gone) or edits it; resolves with the message's `ts`. */
	write: (count: number, existing: ShownSummary | undefined) => Promise<string>;
	lockMs?: number;
	keepMs?: number;
	/** How long an execution that finds the lock taken waits for the message to show its count, and how often it looks. */
	waitMs?: number;
	pollMs?: number;
}

/** Another execution has held the summary's lock for longer than this one waits: the caller gives its event back. */
export class BurstSummaryBusyError extends Error {
	constructor(waitedMs: number) {
		super(
			`The burst summary was being written by another execution for longer than ${Math.round(waitedMs / 1000)} s, ` +
				'so this alert is not counted as shown yet; Stripe delivers it again',
		);
		this.name = 'BurstSummaryBusyError';
	}
}

export interface BurstSummarySyncResult {
	/** `posted`/`updated`: this execution wrote; `unchanged`: it already showed this count or more; `deferred`: another execution wrote it. */
	action: 'posted' | 'updated' | 'unchanged' | 'deferred';
	/** The count the message shows after this execution's writes (as far as it knows). */
	count: number;
	ts?: string;
}

const DEFAULT_LOCK_MS = 60_000;
const DEFAULT_KEEP_MS = 26 * 3_600_000;
const DEFAULT_WAIT_MS = 20_000;
const DEFAULT_POLL_MS = 50;

function summaryKey(channel: string, burstKey: string): string {
	return `burst-summary:${channel}:${burstKey}`;
}

function readShown(recorded: string | undefined): ShownSummary | undefined {
	if (!recorded) return undefined;
	try {
		const value = JSON.parse(recorded) as Partial<ShownSummary>;
		return typeof value.ts === 'string' && typeof value.count === 'number'
			? { ts: value.ts, count: value.count }
			: undefined;
	} catch {
		return undefined;
	}
}

/** Brings the window's summary message up to the window's count (see the file comment). */
export async function syncBurstSummary(input: BurstSummarySyncInput): Promise<BurstSummarySyncResult> {
	const { store, token } = input;
	const lockKey = `burst-lock:${input.channel}:${input.burstKey}`;
	const shownKey = summaryKey(input.channel, input.burstKey);
	const countNow = async () => Math.max(0, (await store.size(input.burstKey)) - input.threshold);
	const lockMs = input.lockMs ?? DEFAULT_LOCK_MS;
	let result: BurstSummarySyncResult | undefined;
	/** Waits for the holder: the message shows `target` (settled), or the lock is free to take (undefined). */
	const waitForHolder = async (target: number): Promise<BurstSummarySyncResult | undefined> => {
		const waitMs = input.waitMs ?? DEFAULT_WAIT_MS;
		const settled = await waitFor<BurstSummarySyncResult | 'free'>(
			async () => {
				const shown = readShown(await store.get(shownKey));
				if (shown && shown.count >= target) return { action: 'deferred', count: shown.count, ts: shown.ts };
				return (await store.get(lockKey)) === undefined ? 'free' : undefined;
			},
			{ waitMs, pollMs: input.pollMs ?? DEFAULT_POLL_MS },
		);
		if (settled === undefined) throw new BurstSummaryBusyError(waitMs);
		return settled === 'free' ? undefined : settled;
	};
	// No cap on the rounds: a new round only follows an alert that deferred to this holder, and that alert relies
	// on it (a cap left the summary behind for good when the last alert of a burst arrived in the last round).
	for (;;) {
		if ((await store.putIfAbsent(lockKey, token, lockMs)) !== undefined) {
			// This execution already wrote its count when `result` is set: the new holder writes the later ones.
			if (result) return result;
			const shownByHolder = await waitForHolder(await countNow());
			if (shownByHolder) return shownByHolder;
			continue;
		}
		const lease = keepLeaseAlive(store, lockKey, token, lockMs);
		try {
			// Once the lock was lost (its renewals failed for a whole lease), its new holder brings the summary up.
			while (!lease.lost) {
				const count = await countNow();
				const shown = readShown(await store.get(shownKey));
				if (shown && shown.count >= count) {
					result ??= { action: 'unchanged', count: shown.count, ts: shown.ts };
					break;
				}
				const ts = await input.write(count, shown);
				await store.put(shownKey, JSON.stringify({ ts, count }), input.keepMs ?? DEFAULT_KEEP_MS);
				// A new `ts` means a new message (the old one was deleted in Slack).
				result = { action: shown?.ts === ts ? 'updated' : 'posted', count, ts };
			}
		} finally {
			await lease.stop();
			await store.deleteIfEquals(lockKey, token);
		}
		const shown = readShown(await store.get(shownKey));
		if (shown && shown.count >= (await countNow())) break;
	}
	return result ?? { action: 'deferred', count: await countNow() };
}
