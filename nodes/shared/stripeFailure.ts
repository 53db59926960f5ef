import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import Stripe from 'stripe';

import { describeStripeError } from '../../src/stripe/errors';

/** What a node says about a failed Stripe call, in its own words. */
export interface StripeFailureWording {
	/** What could not be done, e.g. "Could not register the Stripe webhook endpoint". */
	failure: string;
	/** What to do when Stripe refused a restricted key (403): the permissions the node needs. */
	forbidden: string;
	/** What happens next when Stripe could not be reached, e.g. "Try again." or "The next poll tries again." */
	retry: string;
}

/**
 * A failed Stripe call as an n8n error that says what to do: Stripe's answer as a NodeApiError with its HTTP status,
 * anything else (Stripe unreachable) as a NodeOperationError. n8n's own errors pass through unchanged.
 */
export function stripeFailure(node: INode, error: unknown, wording: StripeFailureWording): Error {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof Stripe.errors.StripeError) {
		const { message } = describeStripeError(error);
		const status = error.statusCode;
		let description = `Stripe answered: ${message}`;
		if (status === 401) description = 'Stripe did not accept the secret key. Copy it again from Developers → API keys.';
		if (status === 403) description = wording.forbidden;
		if (/maximum of 16/i.test(message)) {
			description =
				'Stripe allows 16 webhook endpoints per account and all are used. Delete unused ones in Stripe Dashboard → Developers → Webhooks.';
		}
		return new NodeApiError(node, { message, code: error.code ?? null } as JsonObject, {
			message: wording.failure,
			description,
			httpCode: status === undefined ? undefined : String(status),
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, `${wording.failure}: ${message}`, {
		description: `Check that n8n can reach the Stripe API (the credential's API Base URL). ${wording.retry}`,
	});
}
