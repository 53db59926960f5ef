import { createHash } from 'node:crypto';

import { burstSummaryText } from '../core/burst';
import type { BurstLabel } from '../core/burst';
import { syncBurstSummary } from '../core/state/burstSummary';
import type { StateStore } from '../core/state/stateStore';

/**
 * A collapsed burst on a webhook platform (Microsoft Teams, Google Chat). Slack keeps one summary message per burst
 * and edits it up to the exact count; an incoming webhook can only post, never edit. So the same count in the
 * state store (src/core/state/burstSummary.ts: one writer at a time, counts only move up) decides when to post a
 * new summary: at the first collapsed alert and whenever the count has doubled since the last summary posted
 * (1, 2, 4, 8, … more), so a burst of n alerts costs about log2(n) summaries. Each says its count is a lower bound
 * and when the next one comes (`webhookBurstSummaryText`): a burst of 63 shows "+32 more … at least", as a posted
 * message cannot be changed; the first alert of the kind in the next window posts the final 63
 * (`closePreviousBurstWindow`).
 * Google Chat threads them under one key per burst; Teams shows them as separate messages.
 */

export interface WebhookBurstInput {
	store: StateStore;
	/** The webhook the summaries go to; only a digest of it is kept. */
	webhookUrl: string;
	/** `teams`, `gchat`: keeps the two platforms' summaries apart for one burst. */
	platformId: string;
	burstKey: string;
	threshold: number;
	label: BurstLabel;
	windowMinutes: number;
	/** Unique per execution. */
	token: string;
	/** Posts the summary text. */
	post: (text: string) => Promise<void>;
}

export interface WebhookBurstResult {
	/** `posted`: a summary went out now; `counted`: the count grew but not enough for a new summary;
	 * `unchanged`: nothing new; `deferred`: another execution holds the summary's lock and will post it. */
	action: 'posted' | 'counted' | 'unchanged' | 'deferred';
	/** The collapsed count as far as this execution knows. */
	count: number;
	/** The count the last summary posted shows. */
	shownCount?: number;
}

/** The state store records the posted count in the summary's `ts` slot, as `posted:<count>`. */
const POSTED_MARK = /^posted:(\d+)$/;

const postedCountOf = (ts: string | undefined): number | undefined => {
	const match = ts ? POSTED_MARK.exec(ts) : null;
	return match ? Number(match[1]) : undefined;
};

/** A name for the webhook in the state store that does not reveal its URL (the URL is a secret). */
export function webhookIdentity(platformId: string, webhookUrl: string): string {
	return `${platformId}:${createHash('sha256').update(webhookUrl).digest('hex').slice(0, 16)}`;
}

/**
 * The summary line for a webhook: the count so far, said to be a lower bound, and the count at which the next
 * summary is posted, so nobody reads a stale count as the burst's total.
 */
export function webhookBurstSummaryText(count: number, label: BurstLabel, windowMinutes: number): string {
	return `${burstSummaryText(count, label, windowMinutes)}, at least: this summary cannot be updated, so a new one is posted if the count reaches ${count * 2}`;
}

/** Posts a new summary when the count is new or has doubled since the last one (see the file comment). */
export async function syncWebhookBurstSummary(input: WebhookBurstInput): Promise<WebhookBurstResult> {
	const identity = webhookIdentity(input.platformId, input.webhookUrl);
	const result = await syncBurstSummary({
		store: input.store,
		burstKey: input.burstKey,
		channel: identity,
		threshold: input.threshold,
		token: input.token,
		write: async (count, existing) => {
			const shown = postedCountOf(existing?.ts);
			if (shown !== undefined && count < shown * 2) return existing?.ts as string;
			await input.post(webhookBurstSummaryText(count, input.label, input.windowMinutes));
			await input.store.put(postedCountKey(identity, input.burstKey), String(count), POSTED_COUNT_KEEP_MS);
			return `posted:${count}`;
		},
	});
	const shownCount = postedCountOf(result.ts);
	const action = result.action === 'updated' ? 'counted' : result.action;
	return { action, count: result.count, ...(shownCount !== undefined ? { shownCount } : {}) };
}

/** How long the count a window's last summary showed is kept: longer than the window's count itself (burst.ts). */
const POSTED_COUNT_KEEP_MS = 26 * 3_600_000;

const postedCountKey = (identity: string, burstKey: string) => `webhook-burst-posted:${identity}:${burstKey}`;

/** The key of the window before a burst key's window: keys end in their window's start, ms (src/core/burst.ts). */
export function previousBurstKey(burstKey: string, windowMinutes: number): string | undefined {
	const match = /^(.+):(\d+)$/.exec(burstKey);
	return match ? `${match[1]}:${Number(match[2]) - windowMinutes * 60_000}` : undefined;
}

/** The closing line of a window whose last summary showed less than its final count. */
export function webhookBurstFinalText(count: number, label: BurstLabel, windowMinutes: number): string {
	return `${burstSummaryText(count, label, windowMinutes).replace(' in the last ', ' in the previous ')} (final count)`;
}

export type WebhookBurstCloseInput = Omit<WebhookBurstInput, 'burstKey'> & {
	/** The burst key of the alert at hand: the window before its window is closed. */
	burstKey: string;
};

/**
 * Brings the previous window's summaries up to its final count, once, on the first alert of the same kind in the
 * next window (an alert posted on its own or collapsed): until then nothing tells a webhook platform the burst is
 * over. Posts when that window's last summary showed less than its count; returns the final count it posted.
 * A window with no alert of its kind right after it keeps its "at least" summary (webhookBurstSummaryText).
 */
export async function closePreviousBurstWindow(input: WebhookBurstCloseInput): Promise<number | undefined> {
	const previous = previousBurstKey(input.burstKey, input.windowMinutes);
	if (!previous) return undefined;
	const identity = webhookIdentity(input.platformId, input.webhookUrl);
	const shown = Number(await input.store.get(postedCountKey(identity, previous)));
	if (!Number.isInteger(shown) || shown <= 0) return undefined;
	const count = Math.max(0, (await input.store.size(previous)) - input.threshold);
	if (count <= shown) return undefined;
	const closedKey = `webhook-burst-closed:${identity}:${previous}`;
	if ((await input.store.putIfAbsent(closedKey, input.token, POSTED_COUNT_KEEP_MS)) !== undefined) return undefined;
	try {
		await input.post(webhookBurstFinalText(count, input.label, input.windowMinutes));
	} catch (error: unknown) {
		// Not posted: the next alert (or Stripe's redelivery of this one) tries again.
		await input.store.deleteIfEquals(closedKey, input.token);
		throw error;
	}
	await input.store.put(postedCountKey(identity, previous), String(count), POSTED_COUNT_KEEP_MS);
	return count;
}
