import type Stripe from 'stripe';

import { contactMetadata } from '../core/customerContact';
import type { CustomerContact } from '../core/customerContact';
import type { CallOptions } from './actions';

/**
 * Notes a contact on the Stripe customer: `POST /v1/customers/:id` with the `scc_contacted_*` metadata keys only,
 * so the account's own metadata stays as it is (Stripe merges metadata key by key).
 * @see https://docs.stripe.com/api/customers/update
 */
export async function markCustomerContacted(
	stripe: Stripe,
	customerId: string,
	contact: CustomerContact,
	options: CallOptions = {},
) {
	const request = options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {};
	return await stripe.customers.update(customerId, { metadata: contactMetadata(contact) }, request);
}

/**
 * The customer's metadata, for the next alert's "last contacted" line, within a time budget and without retries:
 * an alert never waits long for it, and a failed look-up says nothing (the alert goes out without the line).
 */
export async function customerMetadata(
	stripe: Stripe,
	customerId: string,
	options: { timeoutMs: number },
): Promise<Record<string, string> | undefined> {
	try {
		const customer = await stripe.customers.retrieve(
			customerId,
			{},
			{ timeout: options.timeoutMs, maxNetworkRetries: 0 },
		);
		return 'deleted' in customer && customer.deleted ? undefined : (customer as Stripe.Customer).metadata;
	} catch {
		return undefined;
	}
}
