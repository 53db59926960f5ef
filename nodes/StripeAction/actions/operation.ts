import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type Stripe from 'stripe';

import type { StateStore } from '../../../src/core/state/stateStore';
import type { ChatItem } from '../../../src/core/items/chatInteraction';

/**
 * What one Stripe Action operation is, in one file (`actions/<resource>/<operation>.operation.ts`, see
 * docs/ARCHITECTURE.md, "Stripe Action operations"): its entry in the Operation list, what the router, the click guard
 * and the audit trail need to know about it (`meta`), its parameters and what it does.
 */

export type Resource =
	| 'invoice'
	| 'refund'
	| 'dispute'
	| 'checkoutSession'
	| 'paymentLink'
	| 'customer'
	| 'slashCommand'
	| 'report'
	| 'alert';

/**
 * How an operation's result is shown in Slack when "Report Outcome in Slack" is on:
 * `message` replaces the clicked message's buttons with the outcome and records it in the thread,
 * `thread` only replies in the thread (e.g. a billing summary), `note` adds the outcome to the clicked message while
 * its buttons stay (a team action: "Handled by @alice") and records it in the thread, `none` reports nothing.
 */
export type ReportMode = 'message' | 'thread' | 'note' | 'none';

/** What an operation hands back to the router. */
export interface ActionResult {
	result: IDataObject;
	/** Short result for the outcome line: `paid`, `€50.00 refunded`, ... */
	detail?: string;
	/** A link people pay with (Checkout Session, Payment Link). */
	url?: string;
	/** Thread reply text for `thread` reports and extra lines for `message` reports (Slack mrkdwn, already escaped). */
	threadText?: string;
	/** Stripe answered from its idempotency store: the same click already acted. */
	replayed?: boolean;
	/** The operation wrote its own thread reply (an escalation's mention): the router adds none. */
	threadReplyPosted?: boolean;
	/** The operation talked to Slack itself (e.g. /pay answered through the response URL). */
	slackReportError?: string;
	/** The operation finished without acting (e.g. a /pay amount that could not be read). */
	notDone?: {
		reason: string;
		/** A code for the refusal, e.g. `unknown_product` (catalogue checkout). */
		refused?: string;
	};
	/** The money the action is about, when its Stripe result does not say (a Payment Link's price). */
	money?: { minor: number; currency: string };
}

/** Lives for one execution only: nothing is kept in process memory between executions (queue mode). */
export interface RunState {
	stripe?: Stripe;
	/** Opened on the first click that acts; connections are pooled per process by the store itself. */
	stateStore?: StateStore;
}

export interface OperationContext {
	ctx: IExecuteFunctions;
	itemIndex: number;
	item: ChatItem;
	state: RunState;
	/** Set by the operation when it sends an Idempotency-Key, so the router can show it, also on failure. */
	idempotencyKey?: string;
	/** The Stripe object the item acts on, noted by `requireId` for the audit record, also on failure. */
	objectId?: string;
}

/** What the router, the click guard and the audit trail read about an operation: declared once, in its own file. */
export interface OperationMeta {
	/** The action words used in the outcome line, the audit record and the derived Idempotency-Key (`invoice.retry`). */
	action: string;
	report: ReportMode;
	/**
	 * Whether the call changes something at Stripe: it then takes an Idempotency-Key, and a click acts once (the
	 * button is claimed before Stripe is called) and only for the button made for it.
	 */
	mutating: boolean;
	/** Button actions besides `action` whose clicks this operation serves (a payment page for "Send payment link"). */
	alsoServes?: string[];
	/**
	 * Runs before anything else (click checks included): a refusal to return instead of acting, e.g. an AI Agent's
	 * tool call with arguments the operation does not take.
	 */
	screen?(operation: OperationContext): IDataObject | undefined;
	/** Tells the person a failure the router cannot write back (e.g. /pay answers through the response URL). */
	reportFailure?(operation: OperationContext, message: string): Promise<string | undefined>;
}

/** The exports of an `<operation>.operation.ts` file. */
export interface StripeOperation {
	/** Its entry in the resource's Operation list; `value` is the n8n-visible operation name. */
	option: INodePropertyOptions & { value: string };
	meta: OperationMeta;
	/** Its parameters, shown only for this resource and operation. */
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, operation: OperationContext): Promise<ActionResult>;
}

export interface ResourceDefinition {
	/** Its entry in the Resource list. */
	option: INodePropertyOptions & { value: Resource };
	operations: Record<string, StripeOperation>;
	/** The resource's Operation list followed by the parameters of each of its operations. */
	description: INodeProperties[];
}

/** Shows an operation's parameters only when its resource and operation are chosen. */
export function forOperation(resource: Resource, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties);
}

/** A resource from its operation files, listed in the order the Operation list shows them. */
export function defineResource(
	option: ResourceDefinition['option'],
	defaultOperation: string,
	operations: StripeOperation[],
): ResourceDefinition {
	return {
		option,
		operations: Object.fromEntries(operations.map((operation) => [operation.option.value, operation])),
		description: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [option.value] } },
				options: operations.map((operation) => operation.option),
				default: defaultOperation,
			},
			...operations.flatMap((operation) => operation.description),
		],
	};
}
