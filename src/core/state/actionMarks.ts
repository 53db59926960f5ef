import type { StateStore } from './stateStore';

/**
 * One effect per button, whoever clicks. The Idempotency-Key makes Stripe act once per button for 24 hours; this
 * mark makes every later click act zero times for as long as the button is valid, and tells who did it and when:
 * 1. **claim**: set-if-absent `pending` (who, when, a token) with a short lease, before anything is sent;
 * 2. **complete** (`done`, kept for `keepMs`) after Stripe acted, or **release** after it refused or nothing was
 *    done, so the button can be used again.
 * A click that finds the mark is answered from it and acts on nothing. An execution that dies between claim and
 * completion leaves a lease that runs out; the next click then acts with the same Idempotency-Key, so Stripe answers
 * from its record instead of acting twice.
 */

export interface ActionMarkTiming {
	/** How long a claim holds without completing; longer than a Stripe call with its retries. */
	leaseMs: number;
	/** How long a done mark is kept; at least as long as a button is valid. */
	keepMs: number;
}

/** Buttons expire after 30 days by default and after `MAX_BUTTON_AGE_DAYS` (365) at most: the mark outlasts them. */
export const DEFAULT_ACTION_MARK_TIMING: ActionMarkTiming = {
	leaseMs: 5 * 60_000,
	keepMs: 400 * 24 * 3_600_000,
};

/** What is stored: the state, who clicked, when, and the claim's token (only its owner may complete or release it). */
interface StoredMark {
	state: 'pending' | 'done';
	userId?: string;
	at: string;
	token: string;
}

export type ActionClaim =
	| { status: 'claimed'; key: string; value: string }
	| { status: 'done' | 'pending'; key: string; userId?: string; at: Date };

export interface ClaimActionInput {
	store: StateStore;
	/** The button's identity, e.g. its Idempotency-Key; never the person, so every clicker meets the same mark. */
	buttonKey: string;
	userId?: string;
	/** Unique per attempt (execution id + random): completing or releasing needs it. */
	token: string;
	timing?: Partial<ActionMarkTiming>;
	now?: () => number;
}

function markKey(buttonKey: string): string {
	return `action:${buttonKey}`;
}

function encode(mark: StoredMark): string {
	return JSON.stringify(mark);
}

function decode(value: string): StoredMark | undefined {
	try {
		const parsed = JSON.parse(value) as Partial<StoredMark>;
		if ((parsed.state === 'pending' || parsed.state === 'done') && typeof parsed.at === 'string') {
			return parsed as StoredMark;
		}
	} catch {
		// An unreadable mark is answered like a click in progress below: refusing is the safe reading.
	}
	return undefined;
}

/** Claims the button for this click, or says what another click already did or is doing. */
export async function claimAction(input: ClaimActionInput): Promise<ActionClaim> {
	const timing = { ...DEFAULT_ACTION_MARK_TIMING, ...input.timing };
	const key = markKey(input.buttonKey);
	const value = encode({
		state: 'pending',
		userId: input.userId,
		at: new Date((input.now ?? Date.now)()).toISOString(),
		token: input.token,
	});
	const existing = await input.store.putIfAbsent(key, value, timing.leaseMs);
	if (existing === undefined) return { status: 'claimed', key, value };
	const mark = decode(existing);
	if (!mark) return { status: 'pending', key, at: new Date((input.now ?? Date.now)()) };
	return { status: mark.state, key, userId: mark.userId, at: new Date(mark.at) };
}

/**
 * Turns this click's claim into the done mark, keeping who clicked and when the action happened.
 * @returns false when the claim was no longer this click's (its lease ran out and another click took it).
 */
export async function completeAction(
	store: StateStore,
	claim: Extract<ActionClaim, { status: 'claimed' }>,
	options: { timing?: Partial<ActionMarkTiming>; now?: () => number } = {},
): Promise<boolean> {
	const timing = { ...DEFAULT_ACTION_MARK_TIMING, ...options.timing };
	const pending = decode(claim.value) as StoredMark;
	const done = encode({ ...pending, state: 'done', at: new Date((options.now ?? Date.now)()).toISOString() });
	return await store.replaceIfEquals(claim.key, claim.value, done, timing.keepMs);
}

/** Gives the button back after Stripe refused or nothing was done, so it can be clicked again. */
export async function releaseAction(
	store: StateStore,
	claim: Extract<ActionClaim, { status: 'claimed' }>,
): Promise<void> {
	await store.deleteIfEquals(claim.key, claim.value);
}
