import type { MessageBuilder } from './context';
import { CHECKOUT_BUILDERS } from './checkout';
import { CUSTOMER_BUILDERS } from './customer';
import { DISPUTE_BUILDERS } from './dispute';
import { FRAUD_BUILDERS } from './fraud';
import { INVOICE_BUILDERS } from './invoice';
import { PAYMENT_BUILDERS } from './payment';
import { PAYOUT_BUILDERS } from './payout';
import { SUBSCRIPTION_BUILDERS } from './subscription';

/** Curated messages by event type; every other type gets the generic message. */
export const CURATED_BUILDERS: Readonly<Record<string, MessageBuilder>> = {
	...INVOICE_BUILDERS,
	...SUBSCRIPTION_BUILDERS,
	...CUSTOMER_BUILDERS,
	...DISPUTE_BUILDERS,
	...PAYMENT_BUILDERS,
	...CHECKOUT_BUILDERS,
	...PAYOUT_BUILDERS,
	...FRAUD_BUILDERS,
};

export { genericMessage } from './generic';
