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
 * (1, 2, 4, 8, … more), so a burst of n alerts costs about log2(n) summaries, each with the exact count at the time.
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

/** Posts a new summary when the count is new or has doubled since the last one (see the file comment). */
export async function syncWebhookBurstSummary(input: WebhookBurstInput): Promise<WebhookBurstResult> {
	const result = await syncBurstSummary({
		store: input.store,
		burstKey: input.burstKey,
		channel: webhookIdentity(input.platformId, input.webhookUrl),
		threshold: input.threshold,
		token: input.token,
		write: async (count, existing) => {
			const shown = postedCountOf(existing?.ts);
			if (shown !== undefined && count < shown * 2) return existing?.ts as string;
			await input.post(burstSummaryText(count, input.label, input.windowMinutes));
			return `posted:${count}`;
		},
	});
	const shownCount = postedCountOf(result.ts);
	const action = result.action === 'updated' ? 'counted' : result.action;
	return { action, count: result.count, ...(shownCount !== undefined ? { shownCount } : {}) };
}
