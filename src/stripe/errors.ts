import Stripe from 'stripe';

/** A Stripe failure in words a non-programmer can act on. Never contains a key. */
export interface StripeErrorDescription {
	/** `card_declined: insufficient_funds`, `resource_missing`, ... */
	code: string;
	message: string;
	hint: string;
	status?: number;
}

const KEY_PATTERN = /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9*]+/g;

function scrubKeys(text: string): string {
	return text.replace(KEY_PATTERN, (key) => `${key.slice(0, 8)}…`);
}

/**
 * Restricted keys fail with a message naming the permission that would allow the call
 * (`Having the 'rak_invoice_write' permission would allow this request to continue.`).
 * @see https://docs.stripe.com/keys#limit-access
 */
function missingPermission(message: string): string | undefined {
	return /'(rak_[a-z_]+)'/.exec(message)?.[1];
}

export function describeStripeError(error: unknown): StripeErrorDescription {
	if (error instanceof Stripe.errors.StripeError) {
		const message = scrubKeys(error.message ?? 'Stripe refused the request');
		const status = error.statusCode;
		if (error.type === 'StripeCardError' || error.code === 'card_declined') {
			const code = error.decline_code ? `${error.code ?? 'card_declined'}: ${error.decline_code}` : (error.code ?? 'card_declined');
			return {
				code,
				message,
				status,
				hint: 'The customer\'s bank declined the payment. Send the invoice (dunning e-mail) or a payment link so they can pay another way.',
			};
		}
		if (error.code === 'resource_missing' || status === 404) {
			return {
				code: 'resource_missing',
				message,
				status,
				hint: 'Stripe does not know this object in this account and mode. Check the ID, whether it is a test or live object, and the connected account in the credential.',
			};
		}
		const permission = missingPermission(message);
		if (status === 403 || permission) {
			return {
				code: 'permission_denied',
				message,
				status,
				hint: permission
					? `The restricted key in the Stripe credential lacks the "${permission}" permission. Stripe Dashboard → Developers → API keys → edit the key and allow it.`
					: 'The key in the Stripe credential may not do this. Give the restricted key the write permission for this resource.',
			};
		}
		if (status === 401) {
			return {
				code: 'authentication_failed',
				message,
				status,
				hint: 'Stripe did not accept the secret key: paste a current key into the Stripe credential.',
			};
		}
		if (status === 429) {
			return { code: 'rate_limited', message, status, hint: 'Stripe asked to slow down. Try again in a minute.' };
		}
		if (error.type === 'StripeIdempotencyError') {
			return {
				code: 'idempotency_error',
				message,
				status,
				hint: 'The same click was already used for a different request. Leave "Idempotency Key" empty so it is derived from the click.',
			};
		}
		if (error.type === 'StripeConnectionError') {
			return {
				code: 'connection_error',
				message,
				status,
				hint: 'Could not reach Stripe. Check the API base URL in the credential and the network of the n8n server.',
			};
		}
		return {
			code: error.code ?? error.type ?? 'stripe_error',
			message,
			status,
			hint: error.param ? `Stripe did not accept the field "${error.param}".` : 'See the message from Stripe.',
		};
	}
	const message = error instanceof Error ? scrubKeys(error.message) : 'Unknown error';
	return { code: 'error', message, hint: 'See the message.' };
}
