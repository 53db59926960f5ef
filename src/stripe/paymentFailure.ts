import Stripe from 'stripe';

import type { PaymentFailureTarget } from '../core/messages/invoice';
import { withoutUndefined } from '../core/records';
import type { PaymentFailureLookup } from '../core/types';

/**
 * Why a failed invoice payment failed, read from Stripe for events that do not say it (API versions from
 * `2025-03-31.basil` on carry only the payment's id, older ones at most the charge's or PaymentIntent's id). The
 * alert waits for this, so the whole look-up has one time budget, every request is made once (no retries), and
 * anything that goes wrong becomes a short cause in the result instead of an error that would stop the alert.
 * @see https://docs.stripe.com/api/invoice-payment/list
 * @see https://docs.stripe.com/api/payment_intents/object#payment_intent_object-last_payment_error
 * @see https://docs.stripe.com/api/charges/object#charge_object-outcome
 */

/** Long enough for two or three reads from Stripe (typically 200–500 ms each), short enough not to hold an alert. */
export const DEFAULT_PAYMENT_FAILURE_BUDGET_MS = 2_000;

/** How long after the deadline the backstop waits for the requests' own timeouts to report. */
const BACKSTOP_GRACE_MS = 250;

export interface PaymentFailureLookupOptions {
	/** Time for the whole look-up, all requests together. */
	budgetMs?: number;
	now?: () => number;
}

/** The budget ran out before the next request could start. */
class OutOfTime extends Error {}

type Failure = Extract<PaymentFailureLookup, { lookedUp: 'found' }>;

function idOf(value: string | { id: string } | null | undefined): string | undefined {
	if (!value) return undefined;
	return typeof value === 'string' ? value : value.id;
}

function seconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(1))} s`;
}

/** A few words on why the look-up found nothing: the status and Stripe's error code, never Stripe's message. */
function missed(error: unknown, budgetMs: number): PaymentFailureLookup {
	const timedOut =
		error instanceof OutOfTime ||
		(error instanceof Stripe.errors.StripeConnectionError && /timeout/i.test(error.message ?? ''));
	if (timedOut) return { lookedUp: 'timeout', cause: `no answer within ${seconds(budgetMs)}` };
	if (error instanceof Stripe.errors.StripeConnectionError)
		return { lookedUp: 'failed', cause: 'could not reach Stripe' };
	if (error instanceof Stripe.errors.StripeError) {
		const status = error.statusCode;
		const cause =
			status === 429
				? 'Stripe asked to slow down (429)'
				: status === 401
					? 'Stripe did not accept the key (401)'
					: status === 403
						? 'the key may not read payments (403)'
						: status === 404
							? 'Stripe does not know the payment (404)'
							: `Stripe answered ${status ?? 'with an error'}`;
		return { lookedUp: 'failed', cause };
	}
	return { lookedUp: 'failed', cause: 'unexpected error' };
}

/** The payment of the latest attempt: the newest of the invoice's payments that is not paid. */
async function latestUnpaidPayment(
	stripe: Stripe,
	invoiceId: string,
	requestOptions: () => Stripe.RequestOptions,
): Promise<{ paymentIntentId?: string; chargeId?: string } | undefined> {
	const payments = await stripe.invoicePayments.list({ invoice: invoiceId, limit: 10 }, requestOptions());
	const latest = payments.data.filter((payment) => payment.status !== 'paid').sort((a, b) => b.created - a.created)[0];
	if (!latest) return undefined;
	return { paymentIntentId: idOf(latest.payment.payment_intent), chargeId: idOf(latest.payment.charge) };
}

function chargeFailure(charge: Stripe.Charge): Omit<Failure, 'lookedUp'> {
	return {
		code: charge.failure_code ?? undefined,
		// For issuer declines `outcome.reason` is the decline code; for Radar blocks, the risk that blocked it.
		declineCode: charge.outcome?.reason ?? undefined,
		message: charge.failure_message ?? undefined,
		outcomeType: charge.outcome?.type ?? undefined,
		networkStatus: charge.outcome?.network_status ?? undefined,
	};
}

function found(failure: Omit<Failure, 'lookedUp'>): PaymentFailureLookup {
	if (!failure.code && !failure.declineCode && !failure.message) {
		return { lookedUp: 'failed', cause: 'Stripe shows no error on the payment' };
	}
	return { lookedUp: 'found', ...withoutUndefined(failure) };
}

async function lookUp(
	stripe: Stripe,
	target: PaymentFailureTarget,
	requestOptions: () => Stripe.RequestOptions,
): Promise<PaymentFailureLookup> {
	const payment =
		target.paymentIntentId || target.chargeId
			? target
			: await latestUnpaidPayment(stripe, target.invoiceId, requestOptions);
	if (payment?.paymentIntentId) {
		const intent = await stripe.paymentIntents.retrieve(payment.paymentIntentId, {}, requestOptions());
		const error = intent.last_payment_error;
		const fromIntent = {
			code: error?.code ?? undefined,
			declineCode: error?.decline_code ?? undefined,
			message: error?.message ?? undefined,
		};
		const chargeId = error?.charge ?? idOf(intent.latest_charge);
		if (!chargeId) return found(fromIntent);
		// The charge only adds its outcome (a Radar block, whether the bank saw it): without it the reason stands.
		try {
			const charge = chargeFailure(await stripe.charges.retrieve(chargeId, {}, requestOptions()));
			return found({ ...charge, ...withoutUndefined(fromIntent) });
		} catch {
			return found(fromIntent);
		}
	}
	if (payment?.chargeId)
		return found(chargeFailure(await stripe.charges.retrieve(payment.chargeId, {}, requestOptions())));
	return { lookedUp: 'failed', cause: 'Stripe lists no unpaid payment for the invoice' };
}

/**
 * The failure of the invoice's latest payment attempt, or why it could not be read, within `budgetMs` (default 2 s)
 * for all requests together. Never throws.
 */
export async function lookUpPaymentFailure(
	stripe: Stripe,
	target: PaymentFailureTarget,
	options: PaymentFailureLookupOptions = {},
): Promise<PaymentFailureLookup> {
	const budgetMs = options.budgetMs ?? DEFAULT_PAYMENT_FAILURE_BUDGET_MS;
	const now = options.now ?? Date.now;
	const deadline = now() + budgetMs;
	// Each request gets the time that is left, once: a retry would wait on Stripe's back-off with the alert held.
	const requestOptions = (): Stripe.RequestOptions => {
		const remaining = Math.ceil(deadline - now());
		if (remaining <= 0) throw new OutOfTime();
		return { maxNetworkRetries: 0, timeout: remaining };
	};
	let timer: NodeJS.Timeout | undefined;
	// The requests' own timeouts end them at the deadline, and what was read before stands (a PaymentIntent's error
	// when its charge is slow). This backstop is for an answer that trickles in, which keeps resetting a socket's
	// idle timeout.
	const backstop = new Promise<PaymentFailureLookup>((resolve) => {
		timer = setTimeout(() => resolve(missed(new OutOfTime(), budgetMs)), budgetMs + BACKSTOP_GRACE_MS);
	});
	try {
		return await Promise.race([
			lookUp(stripe, target, requestOptions).catch((error: unknown) => missed(error, budgetMs)),
			backstop,
		]);
	} finally {
		clearTimeout(timer);
	}
}
