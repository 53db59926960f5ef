/**
 * Why the Stripe Event Trigger refused a delivery, in the few categories a person can act on. The trigger's
 * precise reasons (`no_match`, `timestamp_too_old`, …) stay in the item; the category picks the message and is
 * the unit of rate limiting (one item per category per minute).
 */

export type RejectionCategory = 'bad_signature' | 'stale' | 'no_secret' | 'wrong_content_type' | 'malformed';

const CATEGORIES: Readonly<Record<string, RejectionCategory>> = {
	no_match: 'bad_signature',
	missing_header: 'bad_signature',
	malformed_header: 'bad_signature',
	no_v1_signature: 'bad_signature',
	timestamp_too_old: 'stale',
	timestamp_in_future: 'stale',
	no_secret: 'no_secret',
	unsupported_content_type: 'wrong_content_type',
	empty_body: 'malformed',
	invalid_json: 'malformed',
	not_an_event: 'malformed',
};

/** The category of a trigger's reject reason, or undefined for refusals that are not the sender's fault. */
export function rejectionCategory(reason: string): RejectionCategory | undefined {
	return Object.hasOwn(CATEGORIES, reason) ? CATEGORIES[reason] : undefined;
}

/** How long one report per category stands for all refusals of that category. */
export const REJECTION_REPORT_INTERVAL_MS = 60_000;

/** The state-store key that rate-limits reports of one category for one trigger. */
export function rejectionReportKey(scope: string, category: RejectionCategory): string {
	return `rejected:${scope}:${category}`;
}
