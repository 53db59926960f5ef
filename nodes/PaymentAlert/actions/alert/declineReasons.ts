import type { IExecuteFunctions } from 'n8n-workflow';

import type { PaymentFailureTarget } from '../../../../src/core/messages/invoice';
import type { PaymentFailureLookup } from '../../../../src/core/types';
import { createStripeClient, parseStripeCredential } from '../../../../src/stripe/client';
import { lookUpPaymentFailure } from '../../../../src/stripe/paymentFailure';
import { STRIPE_CREDENTIAL } from '../../../shared/stripeCredential';

/** Asks Stripe why a failed invoice payment failed (src/stripe/paymentFailure.ts); never throws. */
export type DeclineReasonLookup = (target: PaymentFailureTarget) => Promise<PaymentFailureLookup>;

/**
 * The look-up for one run of the node, or undefined when the node has no Stripe credential (the credential is
 * optional: alerts go out without it, as they did before). A credential that cannot be used, or a Stripe that
 * already timed out in this run, makes the look-up answer at once, so a batch of alerts is never held by seconds
 * per item.
 */
export async function declineReasonLookup(context: IExecuteFunctions): Promise<DeclineReasonLookup | undefined> {
	if (!context.getNode().credentials?.[STRIPE_CREDENTIAL]) return undefined;
	let stripe: ReturnType<typeof createStripeClient>;
	try {
		stripe = createStripeClient(parseStripeCredential(await context.getCredentials(STRIPE_CREDENTIAL)));
	} catch {
		// The credential's own check names the field to correct; the alert only says the look-up could not run.
		return async () => ({ lookedUp: 'failed', cause: 'the Stripe credential of Payment Alert needs fixing' });
	}
	let timedOut = false;
	return async (target) => {
		if (timedOut) return { lookedUp: 'timeout', cause: 'Stripe was too slow for an earlier alert of this run' };
		const lookup = await lookUpPaymentFailure(stripe, target);
		timedOut = lookup.lookedUp === 'timeout';
		return lookup;
	};
}
