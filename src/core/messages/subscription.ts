import { idOf, optionalString, pathValue } from '../normalize';
import { isRecord } from '../records';
import type { MessageAmount, MessageField, Severity, StripeObject } from '../types';
import type { MessageBuilder, MessageContext, MessageDraft } from './context';
import { field, humanize } from './context';
import { clip, expandedCustomerDisplay } from './customer';

/** One priced item of a subscription: a `price` (2018+) or a legacy `plan`. */
interface PlanLine {
	label?: string;
	unitAmount?: number;
	quantity: number;
	currency?: string;
	interval?: string;
	intervalCount: number;
}

function numberOr<T>(value: unknown, fallback: T): number | T {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function planLineOf(context: MessageContext, price: StripeObject, quantity: number, path: string): PlanLine {
	const product = price.product;
	const label =
		context.redactor.text(optionalString(price.nickname), `${path}.nickname`) ??
		(isRecord(product) ? context.redactor.text(optionalString(product.name), `${path}.product.name`) : idOf(product)) ??
		context.redactor.text(optionalString(price.name), `${path}.name`) ??
		idOf(price);
	return {
		label: clip(label, 60),
		unitAmount: numberOr(price.unit_amount, undefined) ?? numberOr(price.amount, undefined),
		quantity,
		currency: optionalString(price.currency),
		interval: optionalString(pathValue(price, ['recurring', 'interval'])) ?? optionalString(price.interval),
		intervalCount:
			numberOr(pathValue(price, ['recurring', 'interval_count']), undefined) ?? numberOr(price.interval_count, 1),
	};
}

/**
 * The priced items of a subscription (or of its `previous_attributes`): `items.data[].price` since 2018,
 * `items.data[].plan` or the top-level `plan` + `quantity` before.
 * @see https://docs.stripe.com/api/subscriptions/object#subscription_object-items
 */
function planLines(context: MessageContext, subscription: StripeObject, path: string): PlanLine[] {
	const items = pathValue(subscription, ['items', 'data']);
	if (Array.isArray(items) && items.length > 0) {
		return items.filter(isRecord).flatMap((item) => {
			const price = isRecord(item.price) ? item.price : isRecord(item.plan) ? item.plan : undefined;
			return price ? [planLineOf(context, price, numberOr(item.quantity, 1), `${path}items.price`)] : [];
		});
	}
	if (isRecord(subscription.plan)) {
		return [planLineOf(context, subscription.plan, numberOr(subscription.quantity, 1), `${path}plan`)];
	}
	return [];
}

/** `Pro`, `Pro + 2 more`: which plans, without quantities. */
function planName(lines: PlanLine[]): string | undefined {
	const first = lines[0];
	if (!first?.label) return undefined;
	return lines.length > 1 ? `${first.label} + ${lines.length - 1} more` : first.label;
}

/** `Pro × 3` for a single item bought several times, else the plan name. */
function planLabel(lines: PlanLine[]): string | undefined {
	const name = planName(lines);
	return name && lines.length === 1 && lines[0].quantity > 1 ? `${name} × ${lines[0].quantity}` : name;
}

/** Identifies the prices (not the quantities) of a subscription, to tell a plan change from a seat change. */
function priceIdentity(lines: PlanLine[]): string {
	return lines
		.map((line) => [line.label, line.unitAmount, line.currency, line.interval, line.intervalCount].join('|'))
		.join(',');
}

function perInterval(interval: string, count: number): string {
	return count > 1 ? `every ${count} ${interval}s` : `/ ${interval}`;
}

/**
 * What the subscription costs per billing period: Σ unit amount × quantity when every item shares currency and
 * interval; undefined for usage-based (metered, tiered) prices, whose amount is only known at invoicing.
 */
function periodPrice(context: MessageContext, lines: PlanLine[]): { amount?: MessageAmount; text?: string } {
	const first = lines[0];
	if (!first || first.interval === undefined) return {};
	const comparable = lines.every(
		(line) =>
			line.unitAmount !== undefined &&
			line.currency === first.currency &&
			line.interval === first.interval &&
			line.intervalCount === first.intervalCount,
	);
	if (!comparable) return { text: 'usage-based or mixed prices' };
	const total = lines.reduce((sum, line) => sum + (line.unitAmount ?? 0) * line.quantity, 0);
	const amount = context.amount(total, first.currency);
	return amount ? { amount, text: `${amount.text} ${perInterval(first.interval, first.intervalCount)}` } : {};
}

function totalQuantity(lines: PlanLine[]): number {
	return lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** Since `2025-03-31.basil` the billing period lives on each item, no longer on the subscription. */
function currentPeriodEnd(subscription: StripeObject): unknown {
	return subscription.current_period_end ?? pathValue(subscription, ['items', 'data', '0', 'current_period_end']);
}

interface SubscriptionFacts {
	id?: string;
	plan: string;
	price: { amount?: MessageAmount; text?: string };
	status?: string;
	customer?: string;
	customerId?: string;
	periodEnd?: string;
}

function factsOf(context: MessageContext): SubscriptionFacts {
	const subscription = context.object;
	const lines = planLines(context, subscription, '');
	const customerId = idOf(subscription.customer);
	return {
		id: context.event.objectId,
		plan: planLabel(lines) ?? context.event.objectId ?? 'subscription',
		price: periodPrice(context, lines),
		status: humanize(subscription.status),
		customer: expandedCustomerDisplay(context, subscription.customer) ?? customerId,
		customerId,
		periodEnd: context.date(currentPeriodEnd(subscription)),
	};
}

function dateWithRelative(context: MessageContext, unixSeconds: unknown): string | undefined {
	const date = context.date(unixSeconds);
	if (!date) return undefined;
	const relative = context.relative(unixSeconds);
	return relative ? `${date} (${relative})` : date;
}

/** The parts every subscription message shares; each builder adds what its event is about. */
function subscriptionDraft(
	context: MessageContext,
	facts: SubscriptionFacts,
	parts: { severity: Severity; title: string; summary: string; fields: Array<MessageField | undefined> },
): MessageDraft {
	return {
		category: 'other',
		severity: parts.severity,
		title: clip(parts.title, 80),
		summary: clip(parts.summary, 200),
		fields: [
			field('Plan', facts.plan),
			field('Price', facts.price.text),
			field('Status', facts.status),
			field('Customer', facts.customer),
			...parts.fields,
		]
			.filter((entry) => entry !== undefined)
			.slice(0, 10),
		links: [
			context.link('Open subscription', 'subscription', facts.id),
			context.link('Open customer', 'customer', facts.customerId),
		],
		threadKey: `subscription:${facts.id ?? context.event.id}`,
		amount: facts.price.amount,
	};
}

function joinParts(parts: Array<string | undefined>): string {
	return parts.filter(Boolean).join(' · ');
}

const subscriptionCreated: MessageBuilder = (context) => {
	const facts = factsOf(context);
	const subscription = context.object;
	const trialEnd = subscription.status === 'trialing' ? context.date(subscription.trial_end) : undefined;
	return subscriptionDraft(context, facts, {
		severity: 'info',
		title: `New subscription: ${facts.plan}`,
		summary: joinParts([
			facts.price.text,
			facts.status ? `status ${facts.status.toLowerCase()}` : undefined,
			trialEnd ? `trial until ${trialEnd}` : undefined,
			subscription.status === 'incomplete' ? 'waiting for the first payment' : undefined,
		]),
		fields: [field('Trial ends', trialEnd), field('Current period ends', facts.periodEnd)],
	});
};

/** Statuses that mean money is not coming in: worth a warning in the channel. */
const TROUBLED_STATUSES: ReadonlySet<string> = new Set([
	'past_due',
	'unpaid',
	'incomplete_expired',
	'canceled',
	'paused',
]);

/** previous_attributes keys this builder explains itself, or that change on every renewal without news value. */
const EXPLAINED_CHANGES: ReadonlySet<string> = new Set([
	'status',
	'items',
	'plan',
	'quantity',
	'cancel_at_period_end',
	'cancel_at',
	'canceled_at',
	'cancellation_details',
	'trial_end',
	'pause_collection',
	'current_period_start',
	'current_period_end',
	'latest_invoice',
	'updated',
]);

function describeUpdate(context: MessageContext, facts: SubscriptionFacts, previous: StripeObject) {
	const subscription = context.object;
	const changes: Array<MessageField | undefined> = [];
	const changed: string[] = [];
	if ('status' in previous) {
		changed.push('status');
		changes.push(field('Status was', humanize(previous.status) ?? 'none'));
	}
	if ('items' in previous || 'plan' in previous) {
		const before = planLines(context, previous, 'previous_attributes.');
		const after = planLines(context, subscription, '');
		if (before.length && priceIdentity(before) !== priceIdentity(after)) {
			changed.push('plan');
			const side = (lines: PlanLine[]) => {
				const price = periodPrice(context, lines).text;
				const name = planName(lines) ?? 'unknown';
				return price ? `${name} (${price})` : name;
			};
			changes.push(field('Plan change', `${side(before)} → ${side(after)}`));
		}
		if (before.length && totalQuantity(before) !== totalQuantity(after) && !('quantity' in previous)) {
			changed.push('quantity');
			changes.push(field('Quantity', `${totalQuantity(before)} → ${totalQuantity(after)}`));
		}
	}
	if (typeof previous.quantity === 'number') {
		changed.push('quantity');
		changes.push(field('Quantity', `${previous.quantity} → ${numberOr(subscription.quantity, '?')}`));
	}
	if ('cancel_at_period_end' in previous) {
		changed.push('cancellation');
		changes.push(
			field(
				'Cancellation',
				subscription.cancel_at_period_end === true
					? `cancels at period end${facts.periodEnd ? ` (${facts.periodEnd})` : ''}`
					: 'cancellation withdrawn',
			),
		);
	} else if ('cancel_at' in previous) {
		changed.push('cancellation');
		const cancelAt = context.date(subscription.cancel_at);
		changes.push(field('Cancellation', cancelAt ? `cancels on ${cancelAt}` : 'cancellation withdrawn'));
	}
	if ('trial_end' in previous) {
		changed.push('trial end');
		changes.push(
			field(
				'Trial ends',
				`${context.date(previous.trial_end) ?? 'none'} → ${context.date(subscription.trial_end) ?? 'none'}`,
			),
		);
	}
	if ('pause_collection' in previous) {
		changed.push('collection');
		const behavior = pathValue(subscription, ['pause_collection', 'behavior']);
		changes.push(field('Collection', behavior ? `paused (${humanize(behavior)?.toLowerCase()})` : 'resumed'));
	}
	if ('current_period_end' in previous) {
		changed.push('billing period');
		changes.push(field('Renewed', facts.periodEnd ? `period now ends ${facts.periodEnd}` : 'new billing period'));
	}
	const others = Object.keys(previous).filter((key) => !EXPLAINED_CHANGES.has(key));
	changed.push(...others.map((key) => humanize(key)?.toLowerCase() ?? key));
	changes.push(field('Also changed', clip(others.map((key) => humanize(key) ?? key).join(', '))));
	return { changes, changed };
}

function updatedTitle(context: MessageContext, facts: SubscriptionFacts, previous: StripeObject): string {
	const subscription = context.object;
	if ('cancel_at_period_end' in previous) {
		return subscription.cancel_at_period_end === true
			? `Subscription set to cancel: ${facts.plan}`
			: `Subscription cancellation withdrawn: ${facts.plan}`;
	}
	if ('status' in previous && facts.status) return `Subscription ${facts.status.toLowerCase()}: ${facts.plan}`;
	if ('items' in previous || 'plan' in previous) return `Subscription plan changed: ${facts.plan}`;
	return `Subscription updated: ${facts.plan}`;
}

/**
 * `customer.subscription.updated`: what changed, from `previous_attributes` (status, plan/price, quantity,
 * cancellation at period end, trial, pause), with the plan and price as they are now.
 * @see https://docs.stripe.com/billing/subscriptions/webhooks#events
 */
const subscriptionUpdated: MessageBuilder = (context) => {
	const facts = factsOf(context);
	const subscription = context.object;
	const previous = context.previous ?? {};
	const { changes, changed } = describeUpdate(context, facts, previous);
	const troubled =
		(typeof subscription.status === 'string' && 'status' in previous && TROUBLED_STATUSES.has(subscription.status)) ||
		('cancel_at_period_end' in previous && subscription.cancel_at_period_end === true);
	return subscriptionDraft(context, facts, {
		severity: troubled ? 'warning' : 'info',
		title: updatedTitle(context, facts, previous),
		summary: joinParts([
			changed.length ? `Changed: ${[...new Set(changed)].join(', ')}` : 'Subscription changed',
			facts.price.text,
		]),
		fields: [...changes, field('Current period ends', facts.periodEnd)],
	});
};

/**
 * `customer.subscription.deleted`: the subscription ended. `cancellation_details.reason` and `feedback` are
 * Stripe enums; `comment` is the customer's own words and goes through the redactor.
 * @see https://docs.stripe.com/api/subscriptions/object#subscription_object-cancellation_details
 */
const subscriptionDeleted: MessageBuilder = (context) => {
	const facts = factsOf(context);
	const subscription = context.object;
	const reason = humanize(pathValue(subscription, ['cancellation_details', 'reason']));
	const feedback = humanize(pathValue(subscription, ['cancellation_details', 'feedback']));
	const comment = clip(
		context.redactor.text(
			optionalString(pathValue(subscription, ['cancellation_details', 'comment'])),
			'cancellation_details.comment',
		),
	);
	const ended = context.date(subscription.ended_at ?? subscription.canceled_at);
	return subscriptionDraft(context, facts, {
		severity: 'warning',
		title: `Subscription canceled: ${facts.plan}`,
		summary: joinParts([
			reason ? `Reason: ${reason.toLowerCase()}` : 'Reason not given',
			feedback ? `feedback: ${feedback.toLowerCase()}` : undefined,
			facts.price.text ? `was ${facts.price.text}` : undefined,
		]),
		fields: [field('Reason', reason), field('Feedback', feedback), field('Comment', comment), field('Ended', ended)],
	});
};

/**
 * `customer.subscription.trial_will_end`: sent three days before `trial_end`, the moment to check that the
 * customer has a payment method.
 * @see https://docs.stripe.com/billing/subscriptions/trials#trial-ending
 */
const subscriptionTrialWillEnd: MessageBuilder = (context) => {
	const facts = factsOf(context);
	const trialEnd = context.object.trial_end;
	const when = context.relative(trialEnd);
	return subscriptionDraft(context, facts, {
		severity: 'warning',
		title: `Trial ends ${when ?? 'soon'}: ${facts.plan}`,
		summary: joinParts([
			context.date(trialEnd) ? `Trial ends ${context.date(trialEnd)}` : 'Trial ends soon',
			facts.price.text ? `then ${facts.price.text}` : undefined,
		]),
		fields: [field('Trial ends', dateWithRelative(context, trialEnd))],
	});
};

const subscriptionPaused: MessageBuilder = (context) => {
	const facts = factsOf(context);
	const resumesAt = context.date(pathValue(context.object, ['pause_collection', 'resumes_at']));
	return subscriptionDraft(context, facts, {
		severity: 'warning',
		title: `Subscription paused: ${facts.plan}`,
		summary: joinParts(['No invoices are paid while paused', resumesAt ? `resumes ${resumesAt}` : undefined]),
		fields: [field('Resumes', resumesAt), field('Paused since', context.date(context.event.created))],
	});
};

const subscriptionResumed: MessageBuilder = (context) => {
	const facts = factsOf(context);
	return subscriptionDraft(context, facts, {
		severity: 'info',
		title: `Subscription resumed: ${facts.plan}`,
		summary: joinParts([facts.status ? `Status ${facts.status.toLowerCase()}` : 'Resumed', facts.price.text]),
		fields: [field('Current period ends', facts.periodEnd)],
	});
};

export const SUBSCRIPTION_BUILDERS: Readonly<Record<string, MessageBuilder>> = {
	'customer.subscription.created': subscriptionCreated,
	'customer.subscription.updated': subscriptionUpdated,
	'customer.subscription.deleted': subscriptionDeleted,
	'customer.subscription.trial_will_end': subscriptionTrialWillEnd,
	'customer.subscription.paused': subscriptionPaused,
	'customer.subscription.resumed': subscriptionResumed,
};
