import { alert } from './alert';
import { checkoutSession } from './checkoutSession';
import { customer } from './customer';
import { dispute } from './dispute';
import { invoice } from './invoice';
import type { ResourceDefinition, StripeOperation } from './operation';
import { paymentLink } from './paymentLink';
import { refund } from './refund';
import { report } from './report';
import { slashCommand } from './slashCommand';

/** Every resource of the Stripe Action, in the order of its Resource list. */
export const RESOURCE_DEFINITIONS: ResourceDefinition[] = [
	alert,
	checkoutSession,
	customer,
	dispute,
	invoice,
	paymentLink,
	refund,
	report,
	slashCommand,
];

/** The operations the router runs, by resource and operation name. */
export const RESOURCES: Record<string, Record<string, StripeOperation>> = Object.fromEntries(
	RESOURCE_DEFINITIONS.map((resource) => [resource.option.value, resource.operations]),
);
