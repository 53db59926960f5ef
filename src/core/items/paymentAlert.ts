import type { BurstDecision } from '../burst';
import { isRecord } from '../records';
import type { RouteDecision } from '../routing';
import type { StateStoreKind } from '../state/stateStore';
import type { ChatMessage } from '../types';
import type { ItemContract } from './contract';

/** The Stripe event an alert is about, in short. */
export interface AlertEventSummary {
	id: string;
	type: string;
	livemode: boolean;
	/** Unix seconds, as Stripe gives it. */
	created: number;
	account?: string;
	objectType?: string;
	objectId?: string;
}

/**
 * Payment Alert's claim on the event (src/core/state/eventClaims.ts). It travels on the item so that the node that
 * posts the alert completes it once the alert is out, or releases it when posting failed.
 */
export interface EventClaimFields {
	/** The event's key in the state store. */
	key: string;
	/** This attempt's claim token: only its holder completes or releases the claim. */
	token: string;
	/** The store that holds the claim; the posting node must use the same one. */
	store: StateStoreKind;
}

/** A chat platform's rendering of the alert (for Slack: the text and the Block Kit blocks). */
export interface RenderedAlert {
	text: string;
	blocks?: unknown[];
}

/**
 * What Payment Alert emits, one item per Stripe event, and Stripe Chat Slack reads: the neutral message, where it
 * goes, the event in short, the buttons, and the message rendered for each chat platform (src/platforms/index.ts),
 * under the platform's id (`slack`).
 */
export interface PaymentAlertItem extends Record<string, unknown> {
	message: ChatMessage;
	route: RouteDecision;
	event: AlertEventSummary;
	buttons: { attached: number; reason?: string };
	/** Set when Payment Alert claimed the event (Skip Repeated Events) and the alert is still to be posted. */
	eventClaim?: EventClaimFields;
	/** Set when Payment Alert collapses bursts; `mode: 'collapse'` items are counted in a summary, not posted. */
	burst?: BurstDecision;
	slack: RenderedAlert;
}

function shapeProblem(json: Record<string, unknown>, field: string, what: string): string[] {
	return field in json && json[field] !== undefined && !isRecord(json[field])
		? [`"${field}" (${what}) is not an object`]
		: [];
}

/**
 * What a posting node reads must have its shape: the rendered message, the route, the alert and the burst decision.
 * Each may be left out by an item built by hand: without a route it is posted where the node says, and a node that
 * needs the rendered message says so itself ("Custom Text/Blocks" is the other way to give one).
 */
export const PAYMENT_ALERT_ITEM: ItemContract<Partial<PaymentAlertItem>> = {
	emittedBy: 'Payment Alert',
	problems(json) {
		const problems: string[] = [];
		if (json.slack !== undefined && (!isRecord(json.slack) || typeof json.slack.text !== 'string')) {
			problems.push('"slack.text" (the alert rendered for Slack) is not text');
		}
		problems.push(...shapeProblem(json, 'message', 'the alert'));
		problems.push(...shapeProblem(json, 'route', 'the route decision'));
		problems.push(...shapeProblem(json, 'burst', 'the burst decision'));
		return problems;
	},
};
