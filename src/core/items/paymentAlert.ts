import type { BurstDecision } from '../burst';
import { isRecord } from '../records';
import type { AddressedRoute } from '../routing';
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

/** Slack's rendering of the alert: the text and the Block Kit blocks. */
export interface RenderedAlert {
	text: string;
	blocks?: unknown[];
}

/**
 * What Payment Alert emits, one item per Stripe event, and the chosen platform's posting node reads: the neutral
 * message, where it goes (in that platform's terms), the event in short, the buttons, the id of the chat platform
 * it is rendered for (Payment Alert's Chat Platform, src/platforms/index.ts) and that rendering under the same id
 * (`slack`, `discord`, …: `{ text, … }` in the platform's format).
 */
export interface PaymentAlertItem extends Record<string, unknown> {
	message: ChatMessage;
	route: AddressedRoute;
	event: AlertEventSummary;
	buttons: { attached: number; reason?: string };
	/** Set when Payment Alert claimed the event (Skip Repeated Events) and the alert is still to be posted. */
	eventClaim?: EventClaimFields;
	/** Set when Payment Alert collapses bursts; `mode: 'collapse'` items are counted in a summary, not posted. */
	burst?: BurstDecision;
	/** The id of the platform the alert is rendered for; its rendering is the item's field of that name. */
	platform: string;
	/** Set when the platform is Slack. */
	slack?: RenderedAlert;
}

function shapeProblem(json: Record<string, unknown>, field: string, what: string): string[] {
	return field in json && json[field] !== undefined && !isRecord(json[field])
		? [`"${field}" (${what}) is not an object`]
		: [];
}

/** When the item names its platform, that platform's rendering must be there: it is what the posting node posts. */
function platformProblems(json: Record<string, unknown>): string[] {
	if (json.platform === undefined) return [];
	if (typeof json.platform !== 'string' || json.platform === '') {
		return ['"platform" (the chat platform the alert was rendered for) is not text'];
	}
	// A Slack rendering that is there is checked above, with Slack's words.
	if (json.platform === 'slack' && json.slack !== undefined) return [];
	const rendering = Object.prototype.hasOwnProperty.call(json, json.platform) ? json[json.platform] : undefined;
	return isRecord(rendering) && typeof rendering.text === 'string'
		? []
		: [`"${json.platform}.text" (the alert rendered for the item's platform, "${json.platform}") is not text`];
}

/**
 * What a posting node reads must have its shape: the rendered message, the route, the alert and the burst decision.
 * Each may be left out by an item built by hand: without a route it is posted where the node says, and a node that
 * needs the rendered message says so itself ("Custom Text/Blocks" is the other way to give one). An item that names
 * its `platform` carries that platform's rendering; which platform a node posts for it checks itself
 * (`wrongPlatformProblem`, src/platforms/index.ts).
 */
export const PAYMENT_ALERT_ITEM: ItemContract<Partial<PaymentAlertItem>> = {
	emittedBy: 'Payment Alert',
	problems(json) {
		const problems: string[] = [];
		if (json.slack !== undefined && (!isRecord(json.slack) || typeof json.slack.text !== 'string')) {
			problems.push('"slack.text" (the alert rendered for Slack) is not text');
		}
		problems.push(...platformProblems(json));
		problems.push(...shapeProblem(json, 'message', 'the alert'));
		problems.push(...shapeProblem(json, 'route', 'the route decision'));
		problems.push(...shapeProblem(json, 'burst', 'the burst decision'));
		return problems;
	},
};
