import { createHash } from 'node:crypto';

import { ACTION_DESCRIPTIONS, isActionKind } from './actions';
import { escapeMrkdwn } from './escape';
import { Redactor } from './redact';

/**
 * What happens after someone acts from the chat: the Idempotency-Key that makes a double click act once, and the
 * words that replace the buttons ("Payment retried by @alice at 10:32 — succeeded") and go into the audit thread.
 */

export interface ClickIdentity {
	action: string;
	objectId: string;
	/** The message the button was on: channel and ts. */
	channelId?: string;
	messageTs?: string;
	userId?: string;
}

/**
 * A Stripe `Idempotency-Key` derived from what was clicked (action, object, message, user): a double click or
 * Slack's retry of the same click sends the same key, so Stripe does the thing once (keys live at least 24 h).
 * @see https://docs.stripe.com/api/idempotent_requests
 */
export function clickIdempotencyKey(click: ClickIdentity): string {
	const material = [click.action, click.objectId, click.channelId ?? '', click.messageTs ?? '', click.userId ?? ''].join('\u001f');
	return `scc-${createHash('sha256').update(material).digest('hex')}`;
}

/** How an outcome reads: what was done when it worked, what was tried when it did not. */
const OUTCOME_WORDS: Readonly<Record<string, { done: string; tried: string }>> = {
	'invoice.retry': { done: 'Payment retried', tried: 'Payment retry' },
	'invoice.send': { done: 'Invoice sent to the customer', tried: 'Sending the invoice' },
	'invoice.void': { done: 'Invoice voided', tried: 'Voiding the invoice' },
	'invoice.mark_uncollectible': { done: 'Invoice marked uncollectible', tried: 'Marking the invoice uncollectible' },
	'refund.create': { done: 'Refund created', tried: 'Refund' },
	'dispute.respond': { done: 'Dispute evidence saved', tried: 'Saving dispute evidence' },
	'dispute.submit': { done: 'Dispute evidence submitted', tried: 'Submitting the dispute evidence' },
	'dispute.accept': { done: 'Dispute accepted', tried: 'Accepting the dispute' },
	'checkout_session.create': { done: 'Checkout link created', tried: 'Creating a Checkout link' },
	'payment_link.create': { done: 'Payment link created', tried: 'Creating a payment link' },
	'customer.summary': { done: 'Billing summary shown', tried: 'Billing summary' },
};

export interface ActionOutcome {
	action: string;
	succeeded: boolean;
	/** Short result or failure reason, e.g. `paid`, `card_declined: insufficient_funds`. */
	detail?: string;
	/** Slack user id of who clicked; shown as a mention (ids come from Slack's signed request, not from customers). */
	userId?: string;
	at: Date;
	timeZone?: string;
	locale?: string;
}

function timeOf(outcome: ActionOutcome): string {
	try {
		return new Intl.DateTimeFormat(outcome.locale ?? 'en-GB', {
			hour: '2-digit',
			minute: '2-digit',
			timeZone: outcome.timeZone ?? 'UTC',
			timeZoneName: 'short',
		}).format(outcome.at);
	} catch {
		return `${outcome.at.toISOString().slice(11, 16)} UTC`;
	}
}

/** `Payment retried by <@U123> at 10:32 UTC — succeeded (paid)`, as Slack mrkdwn. */
export function describeOutcome(outcome: ActionOutcome): string {
	const fallback = isActionKind(outcome.action) ? ACTION_DESCRIPTIONS[outcome.action].label : 'Action';
	const words = OUTCOME_WORDS[outcome.action] ?? { done: fallback, tried: fallback };
	const by = outcome.userId && /^[UW][A-Z0-9]{2,}$/.test(outcome.userId) ? ` by <@${outcome.userId}>` : '';
	const result = outcome.succeeded ? 'succeeded' : 'failed';
	// Stripe's error messages can echo what was sent (an e-mail, a card number typed into a field): scrubbed too.
	const detail = outcome.detail ? ` (${escapeMrkdwn(new Redactor().text(outcome.detail, 'detail') ?? '')})` : '';
	const what = outcome.succeeded ? words.done : words.tried;
	return `${outcome.succeeded ? ':white_check_mark:' : ':x:'} ${what}${by} at ${timeOf(outcome)} — ${result}${detail}`;
}

type Block = Record<string, unknown> & { type: string };

/**
 * The original message with its buttons replaced by the outcome, for `chat.update`. Everything else stays as it
 * was, so the alert keeps its facts and links.
 */
export function blocksWithOutcome(originalBlocks: unknown, outcomeText: string): Block[] {
	const blocks = Array.isArray(originalBlocks)
		? (originalBlocks.filter((block) => typeof block === 'object' && block !== null) as Block[])
		: [];
	const kept = blocks.filter((block) => block.type !== 'actions');
	kept.push({ type: 'context', elements: [{ type: 'mrkdwn', text: outcomeText.slice(0, 2000) }] });
	return kept.slice(-50);
}
