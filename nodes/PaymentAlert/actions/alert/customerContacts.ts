import type { IExecuteFunctions } from 'n8n-workflow';

import { createStripeClient, parseStripeCredential } from '../../../../src/stripe/client';
import { customerMetadata } from '../../../../src/stripe/customerContact';
import { STRIPE_CREDENTIAL } from '../../../shared/stripeCredential';

/** Reads a customer's metadata for the "Last contacted" line; undefined when it could not (never throws). */
export type CustomerMetadataLookup = (customerId: string) => Promise<Record<string, string> | undefined>;

/** An alert never waits longer than this for the line; the decline reason's look-up has the same kind of budget. */
const LOOKUP_BUDGET_MS = 1_500;

/**
 * The look-up for one run, with Payment Alert's optional Stripe credential, or undefined without one. After one
 * look-up ran out of time the run asks no more, so a batch of alerts is never held by seconds per item.
 */
export async function customerMetadataLookup(context: IExecuteFunctions): Promise<CustomerMetadataLookup | undefined> {
	if (!context.getNode().credentials?.[STRIPE_CREDENTIAL]) return undefined;
	let stripe: ReturnType<typeof createStripeClient>;
	try {
		stripe = createStripeClient(parseStripeCredential(await context.getCredentials(STRIPE_CREDENTIAL)));
	} catch {
		return undefined;
	}
	let slow = false;
	return async (customerId) => {
		if (slow) return undefined;
		const started = Date.now();
		const metadata = await customerMetadata(stripe, customerId, { timeoutMs: LOOKUP_BUDGET_MS });
		slow = metadata === undefined && Date.now() - started >= LOOKUP_BUDGET_MS;
		return metadata;
	};
}
