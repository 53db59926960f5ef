import { humanize } from './messages/context';
import { optionalString } from './normalize';

/**
 * Why a card payment failed, in words, and what to do about it: one table for every message that shows a payment
 * failure (failed invoices, PaymentIntents, charges).
 *
 * `soft`: the bank may say yes later (no money today, a processing hiccup, a vague "do not honor"), so Stripe's own
 * retries are worth waiting for. `hard`: the same card will be declined again (lost, stolen, expired, wrong number,
 * fraud), so someone must ask the customer for another card; retrying it only adds declines, which card networks
 * count against the business.
 * @see https://docs.stripe.com/declines/codes
 * @see https://docs.stripe.com/declines/card#retrying-issuer-declines
 * @see https://docs.stripe.com/api/charges/object#charge_object-outcome
 */

export type DeclineClass = 'soft' | 'hard';

export interface DeclineExplanation {
	/** The code the explanation is for (`insufficient_funds`), as people search Stripe's docs for it. */
	code: string;
	/** `Insufficient funds`. */
	reason: string;
	declineClass: DeclineClass;
	/** What the team should do next. */
	advice: string;
}

/** What to do about a soft decline depends on whether Stripe will try again by itself (Billing's retry schedule). */
interface SoftAdvice {
	whileRetrying: string;
	withoutRetry: string;
}

interface DeclineEntry {
	reason: string;
	declineClass: DeclineClass;
	advice: string | SoftAdvice;
}

const WAIT_FOR_RETRIES: SoftAdvice = {
	whileRetrying: "Wait for Stripe's next retry; if it fails too, send the dunning e-mail.",
	withoutRetry: 'A later retry may succeed: retry the payment, or send the customer a payment link.',
};
const ASK_FOR_ANOTHER_CARD = 'Do not retry this card: ask the customer to pay with another card.';
const ASK_TO_UPDATE_CARD = 'Ask the customer to update the card details; retrying the same details fails again.';
const CUSTOMER_CALLS_BANK = 'Ask the customer to call their bank or to pay with another card.';

function soft(reason: string, advice: SoftAdvice | string = WAIT_FOR_RETRIES): DeclineEntry {
	return { reason, declineClass: 'soft', advice };
}

function hard(reason: string, advice = ASK_FOR_ANOTHER_CARD): DeclineEntry {
	return { reason, declineClass: 'hard', advice };
}

/** Stripe's decline codes (`decline_code`, a charge's `outcome.reason`) and the error codes that stand alone. */
const DECLINES: Readonly<Record<string, DeclineEntry>> = {
	// Soft: the bank may approve a later attempt.
	insufficient_funds: soft('Insufficient funds', {
		whileRetrying: "Wait for Stripe's next retry; if it fails too, ask the customer to top up or use another card.",
		withoutRetry: 'Ask the customer to top up or to use another card, then retry.',
	}),
	processing_error: soft('Processing error at the bank or Stripe'),
	try_again_later: soft('The bank asked to try again later'),
	reenter_transaction: soft('The bank could not process it this time'),
	issuer_not_available: soft('The bank could not be reached'),
	do_not_honor: soft('The bank declined without giving a reason'),
	generic_decline: soft('The bank declined without giving a reason'),
	call_issuer: soft('The bank declined without giving a reason', CUSTOMER_CALLS_BANK),
	no_action_taken: soft('The bank declined without giving a reason'),
	approve_with_id: soft('The bank could not authorise it this time'),
	card_velocity_exceeded: soft('Card balance or credit limit reached'),
	withdrawal_count_limit_exceeded: soft('Card limit reached'),
	// Hard: the same card will be declined again.
	lost_card: hard('Card reported lost'),
	stolen_card: hard('Card reported stolen'),
	pickup_card: hard('The bank asked to retain the card (likely lost or stolen)'),
	restricted_card: hard('Card restricted by the bank'),
	fraudulent: hard(
		'The bank suspects fraud',
		'Do not retry: check the payment for fraud before asking for another card.',
	),
	merchant_blacklist: hard("On this account's Radar block list"),
	security_violation: hard('Card blocked by the bank'),
	expired_card: hard('Card expired', 'Ask the customer to update the card: its expiry date has passed.'),
	incorrect_number: hard('Incorrect card number', ASK_TO_UPDATE_CARD),
	invalid_number: hard('Invalid card number', ASK_TO_UPDATE_CARD),
	incorrect_cvc: hard('Incorrect security code (CVC)', ASK_TO_UPDATE_CARD),
	invalid_cvc: hard('Invalid security code (CVC)', ASK_TO_UPDATE_CARD),
	invalid_expiry_month: hard('Invalid expiry month', ASK_TO_UPDATE_CARD),
	invalid_expiry_year: hard('Invalid expiry year', ASK_TO_UPDATE_CARD),
	incorrect_zip: hard('Incorrect postal code', ASK_TO_UPDATE_CARD),
	incorrect_pin: hard('Incorrect PIN', ASK_TO_UPDATE_CARD),
	invalid_pin: hard('Invalid PIN', ASK_TO_UPDATE_CARD),
	invalid_account: hard('Card or bank account invalid'),
	new_account_information_available: hard('The bank has new card details', ASK_TO_UPDATE_CARD),
	card_not_supported: hard('Card does not support this purchase'),
	currency_not_supported: hard('Card does not support this currency'),
	transaction_not_allowed: hard('The bank does not allow this purchase on the card', CUSTOMER_CALLS_BANK),
	not_permitted: hard('Payment not permitted by the bank', CUSTOMER_CALLS_BANK),
	service_not_allowed: hard('The bank does not allow this service on the card', CUSTOMER_CALLS_BANK),
	do_not_try_again: hard('The bank asked not to retry'),
	stop_payment_order: hard(
		'The customer stopped this payment at their bank',
		'Contact the customer before any retry: they stopped the payment.',
	),
	revocation_of_authorization: hard(
		'The customer revoked this recurring payment at their bank',
		'Contact the customer before any retry: they revoked the recurring payment.',
	),
	revocation_of_all_authorizations: hard(
		'The customer revoked all recurring payments at their bank',
		'Contact the customer before any retry: they revoked recurring payments.',
	),
	duplicate_transaction: hard(
		'An identical payment was made moments before',
		'Check whether the customer already paid before asking again.',
	),
	invalid_amount: hard('Amount refused by the bank', CUSTOMER_CALLS_BANK),
	authentication_required: hard(
		'The bank asks the customer to authenticate (3-D Secure)',
		'Send the invoice so the customer can confirm the payment with their bank.',
	),
	payment_intent_authentication_failure: hard(
		'The customer did not complete authentication (3-D Secure)',
		'Send the invoice so the customer can confirm the payment with their bank.',
	),
	offline_pin_required: hard('The card needs its PIN (card present only)'),
	online_or_offline_pin_required: hard('The card needs its PIN (card present only)'),
	testmode_decline: hard('A Stripe test card was used'),
	live_mode_test_card: hard('A Stripe test card was used in live mode'),
};

/** A charge Stripe's fraud screening (Radar) stopped before the bank saw it: `outcome.type` is `blocked`. */
const BLOCKED_BY_RADAR: DeclineEntry = hard(
	'Blocked by Stripe Radar as likely fraud',
	'Review the payment in the Dashboard: Radar blocks a retry of it too.',
);

/** The codes Stripe reports for one failed payment, from wherever they were read. */
export interface FailureCodes {
	/** `code` of the error (`card_declined`, `expired_card`), or a charge's `failure_code`. */
	code?: unknown;
	/** `decline_code`, or a charge's `outcome.reason` (the decline code for issuer declines). */
	declineCode?: unknown;
	/** A charge's `outcome.type`: `issuer_declined`, `blocked`, `invalid`, ... */
	outcomeType?: unknown;
}

/** Own properties only: an error code such as `constructor` must not find Object.prototype's members. */
function entryFor(code: string | undefined): DeclineEntry | undefined {
	return code !== undefined && Object.hasOwn(DECLINES, code) ? DECLINES[code] : undefined;
}

function explanation(code: string, entry: DeclineEntry, retryScheduled: boolean): DeclineExplanation {
	const { reason, declineClass, advice } = entry;
	const resolved = typeof advice === 'string' ? advice : retryScheduled ? advice.whileRetrying : advice.withoutRetry;
	return { code, reason, declineClass, advice: resolved };
}

/**
 * Reason, class and advice for a failure, the decline code first (it is the more specific), or undefined when its
 * codes are not in the table. `retryScheduled`: Stripe will retry the payment by itself (an invoice with a
 * `next_payment_attempt`).
 */
export function explainDecline(
	failure: FailureCodes,
	{ retryScheduled }: { retryScheduled: boolean },
): DeclineExplanation | undefined {
	const declineCode = optionalString(failure.declineCode);
	const code = optionalString(failure.code);
	if (failure.outcomeType === 'blocked') {
		return explanation(declineCode ?? code ?? 'blocked', BLOCKED_BY_RADAR, retryScheduled);
	}
	for (const candidate of [declineCode, code]) {
		const entry = entryFor(candidate);
		if (entry && candidate) return explanation(candidate, entry, retryScheduled);
	}
	return undefined;
}

/** `Soft decline (insufficient_funds): Wait for …`: class, code and advice in one line. */
export function declineAdvice(explained: DeclineExplanation): string {
	const declineClass = explained.declineClass === 'soft' ? 'Soft decline' : 'Hard decline';
	return `${declineClass} (${explained.code}): ${explained.advice}`;
}

/** `Card declined (insufficient_funds)`: the readable error code plus the raw decline code people search for. */
export function failureCodeText(code: unknown, declineCode: unknown): string | undefined {
	const readable = humanize(code);
	const decline = optionalString(declineCode);
	if (!readable) return decline;
	return decline && decline !== code ? `${readable} (${decline})` : readable;
}
