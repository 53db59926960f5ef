import { createHash } from 'node:crypto';

import { ACTION_DESCRIPTIONS, isActionKind } from './actions';
import type { ChatAddressing } from './addressing';
import { Redactor } from './redact';

/**
 * What happens after someone acts from the chat: the Idempotency-Key that makes a double click act once, and the
 * words that replace the buttons ("Payment retried by @alice at 10:32 — succeeded") and go into the audit thread.
 */

/** What was clicked, whoever clicked it: the button (action and object) and the message it was on. */
export interface ClickIdentity {
	action: string;
	objectId: string;
	/** The message the button was on: channel and ts (for a form, its view ID; for a command, its trigger ID). */
	channelId?: string;
	messageTs?: string;
}

/**
 * A Stripe `Idempotency-Key` derived from what was clicked (action, object, message), not from who clicked: a
 * double click, Slack's retry of the click and a second person's click on the same button send the same key, so
 * Stripe does the thing once (keys live at least 24 h).
 * @see https://docs.stripe.com/api/idempotent_requests
 */
export function clickIdempotencyKey(click: ClickIdentity): string {
	const material = [click.action, click.objectId, click.channelId ?? '', click.messageTs ?? ''].join('\u001f');
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
	'alert.claim': { done: 'Handled', tried: 'Taking the alert' },
	'customer.contacted': { done: 'Customer contacted', tried: 'Marking the customer contacted' },
	'alert.escalate': { done: 'Escalated', tried: 'Escalating' },
	'ticket.create': { done: 'Ticket requested', tried: 'Requesting a ticket' },
	'ticket.link': { done: 'Ticket created', tried: 'Writing the ticket link' },
};

/** Team actions say who did what, not whether it "succeeded": `Handled by @alice at 10:32`. */
const NOTE_ACTIONS: ReadonlySet<string> = new Set([
	'alert.claim',
	'customer.contacted',
	'alert.escalate',
	'ticket.create',
	'ticket.link',
]);

export interface ActionOutcome {
	action: string;
	succeeded: boolean;
	/** Short result or failure reason, e.g. `paid`, `card_declined: insufficient_funds`. */
	detail?: string;
	/** The chat platform's id of who clicked (from its signed request, not from customers), named by its addressing. */
	userId?: string;
	at: Date;
	timeZone?: string;
	locale?: string;
}

type When = Pick<ActionOutcome, 'at' | 'timeZone' | 'locale'>;

/** The time of `when` in the voice's way: the reader's own zone where the platform can, else as written. */
function shownTime(when: When, voice: OutcomeVoice, withDate = false): string {
	const written = timeOf(when, withDate);
	return voice.time ? voice.time(when.at, written, withDate) : written;
}

function timeOf(when: When, withDate = false): string {
	try {
		return new Intl.DateTimeFormat(when.locale ?? 'en-GB', {
			...(withDate ? { day: 'numeric', month: 'short', year: 'numeric' } : {}),
			hour: '2-digit',
			minute: '2-digit',
			timeZone: when.timeZone ?? 'UTC',
			timeZoneName: 'short',
		}).format(when.at);
	} catch {
		const iso = when.at.toISOString();
		return `${withDate ? `${iso.slice(0, 10)} ` : ''}${iso.slice(11, 16)} UTC`;
	}
}

function wordsFor(action: string): { done: string; tried: string } {
	const fallback = isActionKind(action) ? ACTION_DESCRIPTIONS[action].label : 'Action';
	return OUTCOME_WORDS[action] ?? { done: fallback, tried: fallback };
}

/**
 * How a chat platform words an outcome: who acted (its addressing's `nameActor`), text from Stripe escaped for its
 * markup, and its icons. Each platform has one (`ChatPlatform.voice`, src/platforms/<id>/platform.ts).
 */
export interface OutcomeVoice extends Pick<ChatAddressing, 'nameActor'> {
	/** Text that may carry anything (a Stripe error's detail), escaped for the platform's markup. */
	escape(text: string): string;
	icons: { succeeded: string; failed: string; info: string; busy: string; warning: string };
	/**
	 * A moment shown in each reader's own time zone where the platform can (Slack's date tokens), around `written`,
	 * the time as written in n8n's zone; absent: the written time as it is.
	 */
	time?(at: Date, written: string, withDate: boolean): string;
}

/** Icons for platforms that show Unicode emoji as they are (Slack has its own `:shortcodes:`). */
export const UNICODE_OUTCOME_ICONS: OutcomeVoice['icons'] = {
	succeeded: '✅',
	failed: '❌',
	info: 'ℹ️',
	busy: '⏳',
	warning: '⚠️',
};

/** ` by <@U123>` (Slack); nothing when the platform cannot name the id, so no text can become a mention. */
function byWhom(userId: string | undefined, voice: OutcomeVoice): string {
	const actor = voice.nameActor(userId);
	return actor ? ` by ${actor}` : '';
}

/** `✅ Payment retried by <@U123> at 10:32 UTC — succeeded (paid)`, in the clicking platform's `voice`. */
export function describeOutcome(outcome: ActionOutcome, voice: OutcomeVoice): string {
	const words = wordsFor(outcome.action);
	const result = outcome.succeeded ? 'succeeded' : 'failed';
	// Stripe's error messages can echo what was sent (an e-mail, a card number typed into a field): scrubbed too.
	const detail = outcome.detail ? ` (${voice.escape(new Redactor().text(outcome.detail, 'detail') ?? '')})` : '';
	const what = outcome.succeeded ? words.done : words.tried;
	const icon = outcome.succeeded ? voice.icons.succeeded : voice.icons.failed;
	if (outcome.succeeded && NOTE_ACTIONS.has(outcome.action)) {
		return `${icon} ${what}${byWhom(outcome.userId, voice)} at ${shownTime(outcome, voice)}${detail}`;
	}
	return `${icon} ${what}${byWhom(outcome.userId, voice)} at ${shownTime(outcome, voice)} — ${result}${detail}`;
}

/**
 * How an alert's header and status line read once an action resolved what it was about: a failed payment paid on
 * retry is `Recovered`, no longer `failed`. Undefined when the outcome changes nothing the header says.
 */
export interface ResolvedHeadline {
	/** Replaces the header's words before the first `: ` (the amount after it stays). */
	header: string;
	/** Replaces the status line under the header, in the platform's markup. */
	status: string;
}

export function resolvedHeadline(outcome: ActionOutcome, voice: OutcomeVoice): ResolvedHeadline | undefined {
	if (outcome.action !== 'invoice.retry' || !outcome.succeeded || outcome.detail !== 'paid') return undefined;
	return {
		header: 'Recovered',
		status: `${voice.icons.succeeded} Recovered — paid on retry${byWhom(outcome.userId, voice)} at ${shownTime(outcome, voice)}`,
	};
}

/** What another click on the same button already did or is doing, for the private answer to a later click. */
export interface EarlierAction extends When {
	action: string;
	state: 'done' | 'pending';
	userId?: string;
}

/**
 * `Already done: Refund created by <@U123> at 2 Dec 2026, 10:32 UTC. Nothing was done again.`, or, while the
 * first click is still at work, `<@U123> is doing this right now (Refund, since 10:32 UTC). Nothing else was done.`
 */
export function describeEarlierAction(earlier: EarlierAction, voice: OutcomeVoice): string {
	const words = wordsFor(earlier.action);
	if (earlier.state === 'done') {
		return `${voice.icons.info} Already done: ${words.done}${byWhom(earlier.userId, voice)} at ${shownTime(earlier, voice, true)}. Nothing was done again.`;
	}
	const who = voice.nameActor(earlier.userId) ?? 'Someone';
	return `${voice.icons.busy} ${who} is doing this right now (${words.tried}, since ${shownTime(earlier, voice)}). Nothing else was done.`;
}

type Block = Record<string, unknown> & { type: string };

/** The words of a header after its emoji and before `: ` (`🚨 Invoice payment failed: €50.00` → the amount stays). */
function resolvedHeaderText(original: string, headline: ResolvedHeadline): string {
	const separator = original.indexOf(': ');
	return `✅ ${headline.header}${separator >= 0 ? original.slice(separator) : ''}`.slice(0, 150);
}

/**
 * The original message with its buttons replaced by the outcome, for `chat.update`. Everything else stays as it
 * was, so the alert keeps its facts and links; when the outcome resolved the alert (`headline`), the header and
 * the status line under it say so instead of the problem they announced.
 */
export function blocksWithOutcome(
	originalBlocks: unknown,
	outcomeText: string,
	headline?: ResolvedHeadline,
	options: { keepButtons?: boolean } = {},
): Block[] {
	const blocks = Array.isArray(originalBlocks)
		? (originalBlocks.filter((block) => typeof block === 'object' && block !== null) as Block[])
		: [];
	const note: Block = { type: 'context', elements: [{ type: 'mrkdwn', text: outcomeText.slice(0, 2000) }] };
	if (options.keepButtons) {
		// A team note ("Handled by @alice"): the buttons stay usable, the note goes just above them.
		const at = blocks.findIndex((block) => block.type === 'actions');
		const noted = [...blocks];
		noted.splice(at >= 0 ? at : noted.length, 0, note);
		return noted.slice(-50);
	}
	const kept = blocks.filter((block) => block.type !== 'actions');
	if (headline) {
		const headerIndex = kept.findIndex((block) => block.type === 'header');
		const header = kept[headerIndex] as (Block & { text?: { text?: unknown } }) | undefined;
		if (header && typeof header.text?.text === 'string') {
			kept[headerIndex] = { ...header, text: { ...header.text, text: resolvedHeaderText(header.text.text, headline) } };
			const status = kept[headerIndex + 1] as (Block & { text?: { type?: unknown } }) | undefined;
			if (status?.type === 'section' && status.text?.type === 'mrkdwn') {
				kept[headerIndex + 1] = { ...status, text: { type: 'mrkdwn', text: headline.status.slice(0, 3000) } };
			}
		}
	}
	kept.push(note);
	return kept.slice(-50);
}
