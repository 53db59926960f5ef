import type { ChatAddressing, Mention } from './addressing';
import { minorUnitDigits } from './money';
import type { NormalizedEvent } from './normalize';
import { isRecord } from './records';
import { matchesEventPattern } from './stripeEventTypes';
import type { ChatMessage, Severity } from './types';

/**
 * Routing rules as data: which channel an alert goes to, whom it mentions, whether it is dropped.
 * Rules are checked in order and the first rule whose event patterns and conditions all match decides.
 * Every decision carries a `reason` written for the person reading the n8n execution log. Channels and mentions
 * are named in one chat platform's terms; what they look like is that platform's `ChatAddressing`
 * (src/core/addressing.ts), which the caller passes in.
 */

/** An amount in the currency's minor unit (as Stripe sends it) with its lower-case ISO 4217 code. */
export interface AmountCondition {
	minor: number;
	currency: string;
}

export type ModeCondition = 'live' | 'test' | 'any';

/** In `accounts`, stands for the platform's own events (those without a connected `account`). */
export const PLATFORM_ACCOUNT = 'platform';

export interface MetadataCondition {
	key: string;
	value: string;
}

export interface RoutingConditions {
	/** Matches when the alert's amount is at least this much, in the same currency only. */
	amountAtLeast?: AmountCondition;
	/** Matches when the alert's amount is at most this much, in the same currency only. */
	amountAtMost?: AmountCondition;
	/** Live or test mode; `any` (the default) matches both. */
	mode?: ModeCondition;
	/** Connected account ids (`acct_…`) and/or `platform` for the platform's own events; an empty list matches none. */
	accounts?: string[];
	/** Connected account ids (and/or `platform`) whose events never match. */
	exceptAccounts?: string[];
	/** Every pair must equal the Stripe object's `metadata[key]` exactly. */
	metadata?: MetadataCondition[];
}

export interface RoutingRule {
	name?: string;
	/** Event type patterns: `*`, `invoice.*`, or an exact type such as `charge.dispute.created`. */
	events: string[];
	conditions?: RoutingConditions;
	action: 'route' | 'suppress';
	/** A channel in the platform's terms (Slack: an id `C…` or a name `#payments`). The default channel when empty. */
	channel?: string;
	mention?: Mention;
	/** Replaces the severity the message builder chose. */
	severity?: Severity;
}

export interface RoutingDefaults {
	channel?: string;
}

export interface RouteDecision {
	/** Name of the rule that decided (or its position, `rule 2`, when unnamed). */
	rule?: string;
	/** The channel as the platform's addressing normalised it. */
	channel?: string;
	/** The matched rule's mention, as configured; only one the platform's addressing can format. */
	mention?: Mention;
	severity: Severity;
	suppressed: boolean;
	/** Why, in words an ops person can act on. */
	reason: string;
}

const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info', 'success'];
const MODES: readonly ModeCondition[] = ['live', 'test', 'any'];
const MENTION_TYPES: readonly Mention['type'][] = ['user', 'usergroup', 'here', 'channel'];

/** `*`, or dot-separated lower-case segments optionally ending in `.*` (`invoice.*`, `charge.dispute.created`). */
const EVENT_PATTERN = /^(?:\*|[a-z0-9_]+(?:\.[a-z0-9_]+)*(?:\.\*)?)$/;
const ACCOUNT_PATTERN = /^acct_[A-Za-z0-9]+$/;
const CURRENCY_PATTERN = /^[a-z]{3}$/;

/**
 * Converts an amount typed by people in major units (`50` EUR, `5000` JPY, `12.34` BHD) into Stripe's minor unit
 * for that currency. Returns undefined for a negative or non-finite amount or a malformed currency code.
 * @see https://docs.stripe.com/currencies#zero-decimal
 */
export function amountFromMajorUnits(major: number, currency: string): AmountCondition | undefined {
	const code = currency.trim().toLowerCase();
	if (!Number.isFinite(major) || major < 0 || !CURRENCY_PATTERN.test(code)) return undefined;
	return { minor: Math.round(major * 10 ** minorUnitDigits(code)), currency: code };
}

function ruleLabel(rule: RoutingRule, index: number): string {
	const name = rule.name?.trim();
	return name ? `'${name}'` : `${index + 1}`;
}

function validateAmount(label: string, which: string, amount: AmountCondition | undefined, errors: string[]): void {
	if (!amount) return;
	if (!Number.isInteger(amount.minor) || amount.minor < 0) {
		errors.push(`Rule ${label}: the ${which} amount must be zero or more`);
	}
	if (!CURRENCY_PATTERN.test(amount.currency)) {
		errors.push(`Rule ${label}: the ${which} amount needs a three-letter currency code such as EUR or USD`);
	}
}

function validateConditions(label: string, conditions: RoutingConditions, errors: string[]): void {
	validateAmount(label, 'minimum', conditions.amountAtLeast, errors);
	validateAmount(label, 'maximum', conditions.amountAtMost, errors);
	const { amountAtLeast: least, amountAtMost: most } = conditions;
	if (least && most && least.currency === most.currency && least.minor > most.minor) {
		errors.push(`Rule ${label}: the minimum amount is larger than the maximum amount, so the rule never matches`);
	}
	if (conditions.mode !== undefined && !MODES.includes(conditions.mode)) {
		errors.push(`Rule ${label}: mode must be live, test or any`);
	}
	for (const account of conditions.accounts ?? []) {
		if (account !== PLATFORM_ACCOUNT && !ACCOUNT_PATTERN.test(account)) {
			errors.push(
				`Rule ${label}: "${account}" is not a connected account id: use acct_… or "${PLATFORM_ACCOUNT}" for your own account's events`,
			);
		}
	}
	for (const pair of conditions.metadata ?? []) {
		if (!pair.key.trim()) errors.push(`Rule ${label}: a metadata condition has no key`);
	}
}

function validateMention(label: string, mention: Mention, addressing: ChatAddressing, errors: string[]): void {
	if (!MENTION_TYPES.includes(mention.type)) {
		errors.push(`Rule ${label}: mention must be a user, a user group, @here or @channel`);
		return;
	}
	const problem = addressing.describeMentionProblem(mention);
	if (problem) errors.push(`Rule ${label}: "${mention.id ?? ''}" ${problem}`);
}

/**
 * Checks rules, in the terms of the platform whose `addressing` is given, before they are used, and returns every
 * problem as a sentence naming the rule; empty when all is well.
 */
export function validateRules(
	rules: readonly RoutingRule[],
	addressing: ChatAddressing,
	defaults: RoutingDefaults = {},
): string[] {
	const errors: string[] = [];
	const defaultChannelProblem = defaults.channel?.trim() && addressing.describeChannelProblem(defaults.channel.trim());
	if (defaultChannelProblem) errors.push(`The default channel "${defaults.channel}" ${defaultChannelProblem}`);
	rules.forEach((rule, index) => {
		const label = ruleLabel(rule, index);
		if (rule.action !== 'route' && rule.action !== 'suppress') {
			errors.push(`Rule ${label}: the action must be "route" or "suppress"`);
		}
		const patterns = rule.events.map((pattern) => pattern.trim()).filter((pattern) => pattern !== '');
		if (patterns.length === 0) {
			errors.push(`Rule ${label}: choose at least one event type (or * for every event)`);
		}
		for (const pattern of patterns) {
			if (!EVENT_PATTERN.test(pattern)) {
				errors.push(
					`Rule ${label}: "${pattern}" is not an event type pattern. Use an exact type (invoice.payment_failed), a group ending in .* (invoice.*) or * for every event`,
				);
			}
		}
		const channelProblem = rule.channel?.trim() && addressing.describeChannelProblem(rule.channel.trim());
		if (channelProblem) errors.push(`Rule ${label}: "${rule.channel}" ${channelProblem}`);
		if (rule.mention) validateMention(label, rule.mention, addressing, errors);
		if (rule.severity !== undefined && !SEVERITIES.includes(rule.severity)) {
			errors.push(`Rule ${label}: severity must be critical, warning, info or success`);
		}
		if (rule.conditions) validateConditions(label, rule.conditions, errors);
	});
	return errors;
}

/** The conditions that look only at the event (not at the alert built from it), and which one failed. */
export type EventCondition = 'mode' | 'accounts' | 'metadata';
export type EventConditions = Pick<RoutingConditions, 'mode' | 'accounts' | 'exceptAccounts' | 'metadata'>;

/**
 * Why the event does not meet `conditions`, or undefined when it does. Also the Stripe Event Trigger's filters,
 * which name the Stripe object to read metadata from (a thin event's fetched object).
 */
export function eventConditionMismatch(
	conditions: EventConditions,
	event: Pick<NormalizedEvent, 'livemode' | 'account' | 'object'>,
): { condition: EventCondition; reason: string } | undefined {
	const mode = conditions.mode ?? 'any';
	if (mode === 'live' && !event.livemode) {
		return { condition: 'mode', reason: 'it is for live mode and this is a test-mode event' };
	}
	if (mode === 'test' && event.livemode) {
		return { condition: 'mode', reason: 'it is for test mode and this is a live-mode event' };
	}
	const account = event.account ?? PLATFORM_ACCOUNT;
	if (conditions.accounts && !conditions.accounts.includes(account)) {
		const reason = event.account
			? `the event comes from another account (${event.account})`
			: "it is for connected accounts and this event is the platform's own";
		return { condition: 'accounts', reason };
	}
	if (conditions.exceptAccounts?.includes(account)) {
		return { condition: 'accounts', reason: `it leaves out events of ${event.account ?? 'the platform'}` };
	}
	const metadata = isRecord(event.object.metadata) ? event.object.metadata : {};
	for (const pair of conditions.metadata ?? []) {
		// Metadata is customer data: the reason names the key from the rule, never the value found in the event.
		if (metadata[pair.key] !== pair.value) {
			return { condition: 'metadata', reason: `metadata "${pair.key}" does not have the value the rule asks for` };
		}
	}
	return undefined;
}

/** Why a rule's conditions did not match, or undefined when they all match. */
function conditionMismatch(
	conditions: RoutingConditions,
	message: ChatMessage,
	event: NormalizedEvent,
): string | undefined {
	for (const [limit, which] of [
		[conditions.amountAtLeast, 'at least'],
		[conditions.amountAtMost, 'at most'],
	] as const) {
		if (!limit) continue;
		const amount = message.amount;
		if (!amount) return `it needs an amount and this ${event.type} event has none`;
		if (amount.currency !== limit.currency) {
			return `it compares amounts in ${limit.currency.toUpperCase()} and this event is in ${amount.currency.toUpperCase()}`;
		}
		const fits = which === 'at least' ? amount.minor >= limit.minor : amount.minor <= limit.minor;
		if (!fits) return `the amount ${amount.text} is not ${which} the rule's limit`;
	}
	return eventConditionMismatch(conditions, event)?.reason;
}

const TEST_MODE_MENTION_NOTE = "; no one mentioned: a test-mode event mentions only when the rule's mode is test";

/**
 * Decides where an alert goes: the first rule whose event patterns and conditions match wins; with no match, the
 * default channel. Amount conditions compare only amounts in the same currency. Mentions come only from the rules,
 * and a test-mode event mentions no one unless the matching rule's mode is `test`: a test dispute must not page the
 * team that answers real ones. Channels are normalised by the `addressing` of the platform the rules are written for.
 */
export function routeMessage(
	message: ChatMessage,
	event: NormalizedEvent,
	rules: readonly RoutingRule[],
	addressing: ChatAddressing,
	defaults: RoutingDefaults = {},
): RouteDecision {
	const defaultChannel = addressing.normalizeChannel(defaults.channel);
	let nearMiss: string | undefined;
	for (const [index, rule] of rules.entries()) {
		if (!rule.events.some((pattern) => matchesEventPattern(pattern.trim(), event.type))) continue;
		const label = ruleLabel(rule, index);
		const mismatch = rule.conditions ? conditionMismatch(rule.conditions, message, event) : undefined;
		if (mismatch) {
			nearMiss ??= `rule ${label} did not apply: ${mismatch}`;
			continue;
		}
		const ruleName = rule.name?.trim() || `rule ${index + 1}`;
		const severity = rule.severity ?? message.severity;
		if (rule.action === 'suppress') {
			return { rule: ruleName, severity, suppressed: true, reason: `suppressed by rule ${label}` };
		}
		const ruleChannel = addressing.normalizeChannel(rule.channel);
		const channel = ruleChannel ?? defaultChannel;
		const decision: RouteDecision = { rule: ruleName, severity, suppressed: false, reason: '' };
		if (channel) decision.channel = channel;
		// A test-mode event pages no one unless the rule is written for test mode: its mention is for real trouble.
		const mentionHeld = !event.livemode && rule.conditions?.mode !== 'test';
		if (addressing.formatMention(rule.mention) && !mentionHeld) decision.mention = rule.mention;
		const heldNote = mentionHeld && addressing.formatMention(rule.mention) ? TEST_MODE_MENTION_NOTE : '';
		if (!channel) {
			decision.reason = `matched rule ${label}, but it has no channel and no default channel is set: set a channel on the rule or a default channel`;
		} else {
			decision.reason = `matched rule ${label}${ruleChannel ? '' : `; default channel ${channel}`}${heldNote}`;
		}
		return decision;
	}
	const missNote = nearMiss ? ` (${nearMiss})` : '';
	if (defaultChannel) {
		return {
			channel: defaultChannel,
			severity: message.severity,
			suppressed: false,
			reason: `no rule matched${missNote}; default channel ${defaultChannel}`,
		};
	}
	return {
		severity: message.severity,
		suppressed: false,
		reason: `no rule matched${missNote} and no default channel: set a default channel or add a rule`,
	};
}

/** A route decision as Payment Alert's item carries it: the mention in the platform's syntax (Slack: `<!here>`). */
export interface AddressedRoute extends Omit<RouteDecision, 'mention'> {
	mention?: string;
}

/** The decision with its mention formatted by the platform's `addressing`, for the platform's posting node. */
export function addressRoute(decision: RouteDecision, addressing: ChatAddressing): AddressedRoute {
	const { mention, ...route } = decision;
	const formatted = addressing.formatMention(mention);
	return formatted ? { ...route, mention: formatted } : route;
}
