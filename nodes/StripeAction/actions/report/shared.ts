import { STRIPE_CREDENTIAL } from '../common';
import type { OperationContext } from '../operation';

/** Live or test mode and the connected account of the node's Stripe credential, for Dashboard links. */
export async function credentialScope(operation: OperationContext): Promise<{ livemode: boolean; account?: string }> {
	const data = await operation.ctx.getCredentials(STRIPE_CREDENTIAL);
	const account = String(data.stripeAccount ?? '').trim();
	return {
		livemode: /^(sk|rk)_live_/.test(String(data.secretKey ?? '')),
		...(account ? { account } : {}),
	};
}
