import type { IHookFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseStripeCredential, StripeCredentialError, type StripeCredential } from '../../src/stripe/client';

export const STRIPE_CREDENTIAL = 'stripeChatChannelApi';

/** The Stripe credential of a trigger, checked, or an n8n error that names the field to correct. */
export async function readStripeCredential(
	context: IHookFunctions | IPollFunctions | IWebhookFunctions,
): Promise<StripeCredential> {
	try {
		return parseStripeCredential(await context.getCredentials(STRIPE_CREDENTIAL));
	} catch (error: unknown) {
		const message = error instanceof Error ? error.message : String(error);
		throw new NodeOperationError(context.getNode(), message, {
			description:
				error instanceof StripeCredentialError
					? 'Open the Stripe credential of this trigger and correct the field named above.'
					: 'Choose a Stripe (Chat Channel) credential in this trigger.',
		});
	}
}
