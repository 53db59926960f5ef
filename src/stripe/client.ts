import Stripe from 'stripe';

import { isLoopbackHost } from '../core/loopback';
import { parseList } from '../core/lists';

/**
 * The Stripe credential of this package (`stripeChatChannelApi`) as plain data, and the official SDK client built
 * from it. Free of n8n imports so that every node (trigger, actions) and the tests share one factory.
 */

export const DEFAULT_STRIPE_API_BASE_URL = 'https://api.stripe.com';

/** Identifies this package's requests in Stripe's logs. */
const APP_INFO = {
	name: 'n8n-nodes-stripe-chat-channel',
	url: 'https://github.com/stripe-chat-channel/n8n-nodes-stripe-chat-channel',
};

export interface StripeCredential {
	secretKey: string;
	/** Webhook signing secrets (`whsec_...`), several while one is being rotated. */
	signingSecrets: string[];
	/** Pinned API version, e.g. `2025-03-31.basil`; undefined uses the SDK's version. */
	apiVersion?: string;
	/** Connected account (`acct_...`) every API call acts on. */
	stripeAccount?: string;
	baseUrl: string;
}

export class StripeCredentialError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StripeCredentialError';
	}
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** Splits the secrets field: one per line, or separated by commas or spaces; blanks dropped, order kept. */
export function parseSigningSecrets(value: unknown): string[] {
	return parseList(text(value));
}

/**
 * Reads the decrypted credential data of `stripeChatChannelApi`.
 * @throws StripeCredentialError when a field is unusable, saying what to change.
 */
export function parseStripeCredential(data: Record<string, unknown>): StripeCredential {
	const secretKey = text(data.secretKey);
	if (!/^(sk|rk)_(test|live)_/.test(secretKey)) {
		throw new StripeCredentialError(
			'The Stripe secret key must start with sk_test_, sk_live_, rk_test_ or rk_live_ (Stripe Dashboard → Developers → API keys).',
		);
	}
	if (!/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.test(secretKey)) {
		throw new StripeCredentialError(
			'After its sk_…_ or rk_…_ prefix, a Stripe key has only letters and digits: copy the whole key again from Stripe Dashboard → Developers → API keys.',
		);
	}
	const stripeAccount = text(data.stripeAccount) || undefined;
	if (stripeAccount !== undefined && !/^acct_[A-Za-z0-9]+$/.test(stripeAccount)) {
		throw new StripeCredentialError('The connected account must be an account ID such as acct_1A2b3C, or left empty.');
	}
	const apiVersion = text(data.apiVersion) || undefined;
	if (apiVersion !== undefined && !/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(apiVersion)) {
		throw new StripeCredentialError(
			'The API version must look like 2025-03-31.basil or 2024-06-20, or be left empty to use the default.',
		);
	}
	const baseUrl = text(data.baseUrl) || DEFAULT_STRIPE_API_BASE_URL;
	return { secretKey, signingSecrets: parseSigningSecrets(data.signingSecrets), apiVersion, stripeAccount, baseUrl };
}

export interface StripeApiAddress {
	host: string;
	port: number;
	protocol: 'http' | 'https';
}

/**
 * Splits the credential's API base URL into what the SDK takes. Plain `http` is refused unless the host is the
 * loopback interface or the key is a test-mode key, so a live secret key never travels unencrypted.
 * @see https://github.com/stripe/stripe-node#configuration
 */
export function parseApiBaseUrl(baseUrl: string, secretKey: string): StripeApiAddress {
	if (!URL.canParse(baseUrl)) {
		throw new StripeCredentialError(`The API base URL "${baseUrl}" is not a URL; use ${DEFAULT_STRIPE_API_BASE_URL}.`);
	}
	const url = new URL(baseUrl);
	const protocol = url.protocol.replace(/:$/, '');
	if (protocol !== 'http' && protocol !== 'https') {
		throw new StripeCredentialError('The API base URL must start with https:// (or http:// for a local test server).');
	}
	if (url.pathname !== '/' || url.search !== '' || url.username !== '' || url.password !== '') {
		throw new StripeCredentialError(
			'The API base URL must be only a scheme, host and port (for example https://api.stripe.com); the SDK adds /v1/...',
		);
	}
	const isTestKey = /^(sk|rk)_test_/.test(secretKey);
	if (protocol === 'http' && !isLoopbackHost(url.hostname) && !isTestKey) {
		throw new StripeCredentialError(
			'Plain http:// is allowed only for localhost or with a test-mode key; use https:// so the live key stays encrypted.',
		);
	}
	const port = url.port === '' ? (protocol === 'https' ? 443 : 80) : Number(url.port);
	return { host: url.hostname, port, protocol };
}

export interface StripeClientOptions {
	/** Automatic retries of failed requests (the SDK adds idempotency keys to retried POSTs). Default 2. */
	maxNetworkRetries?: number;
	/** Request timeout in milliseconds. Default 20 s, well under n8n's own limits. */
	timeout?: number;
}

/**
 * The official Stripe client for a credential: host, port and protocol from the base URL, the pinned API version,
 * and the connected account when one is set.
 * @see https://github.com/stripe/stripe-node#configuration
 */
export function createStripeClient(credential: StripeCredential, options: StripeClientOptions = {}): Stripe {
	const address = parseApiBaseUrl(credential.baseUrl, credential.secretKey);
	return new Stripe(credential.secretKey, {
		host: address.host,
		port: address.port,
		protocol: address.protocol,
		// The SDK types only the version it was generated for; a pinned older version is a deliberate user choice.
		apiVersion: credential.apiVersion as Stripe.StripeConfig['apiVersion'],
		stripeAccount: credential.stripeAccount,
		maxNetworkRetries: options.maxNetworkRetries ?? 2,
		timeout: options.timeout ?? 20_000,
		appInfo: APP_INFO,
		telemetry: false,
	});
}

/** The HTTP status of a Stripe SDK error, if it has one. */
export function stripeErrorStatus(error: unknown): number | undefined {
	return error instanceof Stripe.errors.StripeError ? error.statusCode : undefined;
}

/** Whether a Stripe SDK error says the object does not exist (`resource_missing`, HTTP 404). */
export function isResourceMissing(error: unknown): boolean {
	return error instanceof Stripe.errors.StripeError && (error.code === 'resource_missing' || error.statusCode === 404);
}
