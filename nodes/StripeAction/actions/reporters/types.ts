import type { ResolvedHeadline } from '../../../../src/core/actionOutcome';
import type { ChatItem } from '../../../../src/core/items/chatInteraction';
import type { OperationContext, ReportMode } from '../operation';

/** What an action's outcome looks like in the chat, in the clicking platform's markup (built by the router). */
export interface OutcomeReport {
	mode: ReportMode;
	outcomeText: string;
	threadText?: string;
	/** A replayed click already wrote its thread reply; updating the message again is harmless, replying is not. */
	skipThreadReply?: boolean;
	/** When the action resolved the alert (a failed payment paid on retry): its header and status line say so. */
	headline?: ResolvedHeadline;
}

/**
 * How Stripe Action writes back to the chat platform a click came from (the item's `platform`, Slack when absent).
 * Failures never undo or repeat the Stripe call: they come back as readable text for the item's
 * `slackReportError`, and no secret is ever in that text.
 */
export interface OutcomeReporter {
	/** Whether the item comes from a click (or a form opened by one) on a message this reporter can write back to. */
	canReport(item: ChatItem, mode: ReportMode): boolean;
	/** The clicked message shows the outcome instead of its buttons (`message` mode), and a reply records it. */
	report(operation: OperationContext, report: OutcomeReport): Promise<string | undefined>;
	/** Tells only the person who clicked (a refused or repeated click); undefined when done or not possible. */
	answerPrivately(operation: OperationContext, text: string): Promise<string | undefined>;
}
