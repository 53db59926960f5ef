import { dashboardUrl, eventDashboardUrl } from '../links';
import type { NormalizedEvent } from '../normalize';
import { isRecord } from '../records';
import type { ItemContract } from './contract';

/**
 * What the Stripe Event Trigger emits and Payment Alert reads: the event exactly as Stripe sent it (so expressions
 * written for n8n's own Stripe Trigger keep working) plus camelCase convenience fields, which can never collide with
 * Stripe's snake_case fields. A snapshot event carries `data.object`; a thin event (`object: "v2.core.event"`)
 * carries `related_object` instead, and `relatedObject` when the trigger fetched it.
 */
export interface StripeEventItem extends Record<string, unknown> {
	id: string;
	object: 'event' | 'v2.core.event';
	type: string;
	data?: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
	account: string | null;
	objectId: string | null;
	objectType: string | null;
	/** When Stripe created the event, ISO 8601; null when the event says nothing. */
	createdAt: string | null;
	dashboardUrl: string | null;
	eventDashboardUrl: string | null;
	/** A thin event's object, read from Stripe when "Expand Thin Events" is on. */
	relatedObject?: unknown;
}

function isThin(json: Record<string, unknown>): boolean {
	return json.object === 'v2.core.event';
}

/** Only what Payment Alert cannot do without; it reads the convenience fields itself from the event. */
export const STRIPE_EVENT_ITEM: ItemContract<StripeEventItem> = {
	emittedBy: 'Stripe Event Trigger',
	problems(json) {
		const problems: string[] = [];
		if (typeof json.type !== 'string' || json.type === '') {
			problems.push('"type" (the Stripe event type, e.g. invoice.payment_failed) is missing');
		}
		if (isThin(json)) {
			if (typeof json.id !== 'string' || json.id === '') problems.push('the thin event has no "id"');
		} else if (!isRecord(json.data) || !isRecord(json.data.object)) {
			problems.push('"data.object" (the Stripe object the event is about) is missing');
		}
		return problems;
	},
};

function isoTime(unixSeconds: number): string | null {
	return unixSeconds > 0 ? new Date(unixSeconds * 1000).toISOString() : null;
}

/**
 * Builds the item from a Stripe event and its normalised reading: the Stripe Event Trigger for a delivery, Stripe
 * Webhook Health for a missed event it recovers, so Payment Alert treats both alike.
 */
export function stripeEventItem(
	event: Record<string, unknown>,
	normalized: NormalizedEvent,
	relatedObject?: unknown,
): StripeEventItem {
	const target = {
		objectType: normalized.objectType,
		objectId: normalized.objectId,
		livemode: normalized.livemode,
		account: normalized.account,
	};
	// `event` is the event exactly as Stripe sent it (its id, type and object included), read by `normalizeEvent`.
	const item: Record<string, unknown> = {
		...event,
		account: normalized.account ?? null,
		objectId: normalized.objectId ?? null,
		objectType: normalized.objectType ?? null,
		createdAt: isoTime(normalized.created),
		dashboardUrl: dashboardUrl(target) ?? null,
		eventDashboardUrl: eventDashboardUrl(normalized) ?? null,
		...(relatedObject === undefined ? {} : { relatedObject }),
	};
	return item as StripeEventItem;
}
