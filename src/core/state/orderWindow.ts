import type { StateStore } from './stateStore';

/**
 * At most one checkout per customer within a short window, whatever the model does: a set-if-absent mark per chat
 * (channel, account, sender), taken before Stripe is called. Two messages of the same customer handled at the same
 * moment, or a model that calls the tool twice, meet the mark and create nothing. The mark is given back when Stripe
 * refused, so the customer can try again at once.
 */

export type OrderWindowClaim =
	| { status: 'claimed'; key: string; value: string }
	| { status: 'taken'; key: string; since?: Date };

export interface ClaimOrderWindowInput {
	store: StateStore;
	/** Separates workflows and nodes that share a store. */
	scope: string;
	chat: { channel: string; accountId?: string; senderId: string };
	windowMs: number;
	/** Unique per attempt: only its owner may give the mark back. */
	token: string;
	now?: () => number;
}

function windowKey(input: ClaimOrderWindowInput): string {
	const { channel, accountId, senderId } = input.chat;
	return `order-window:${input.scope}:${channel}:${accountId ?? ''}:${senderId}`;
}

export async function claimOrderWindow(input: ClaimOrderWindowInput): Promise<OrderWindowClaim> {
	const key = windowKey(input);
	const value = JSON.stringify({ at: new Date((input.now ?? Date.now)()).toISOString(), token: input.token });
	const existing = await input.store.putIfAbsent(key, value, input.windowMs);
	if (existing === undefined) return { status: 'claimed', key, value };
	let since: Date | undefined;
	try {
		const at = (JSON.parse(existing) as { at?: unknown }).at;
		if (typeof at === 'string' && !Number.isNaN(Date.parse(at))) since = new Date(at);
	} catch {
		// An unreadable mark still holds the window: refusing is the safe reading.
	}
	return { status: 'taken', key, since };
}

/** Gives the window back (only this attempt's mark), e.g. after Stripe refused the session. */
export async function releaseOrderWindow(
	store: StateStore,
	claim: Extract<OrderWindowClaim, { status: 'claimed' }>,
): Promise<void> {
	await store.deleteIfEquals(claim.key, claim.value);
}
