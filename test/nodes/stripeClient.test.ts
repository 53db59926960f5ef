import Stripe from 'stripe';

import {
	createStripeClient,
	isResourceMissing,
	parseApiBaseUrl,
	parseSigningSecrets,
	parseStripeCredential,
	StripeCredentialError,
	stripeErrorStatus,
} from '../../src/stripe/client';
import { FakeStripe, MAX_WEBHOOK_ENDPOINTS, parseStripeForm } from '../support/fakeStripe';

describe('parseStripeCredential', () => {
	const base = { secretKey: 'rk_test_abc123', signingSecrets: '', apiVersion: '', stripeAccount: '', baseUrl: '' };

	it('reads a minimal credential with defaults', () => {
		expect(parseStripeCredential(base)).toEqual({
			secretKey: 'rk_test_abc123',
			signingSecrets: [],
			apiVersion: undefined,
			stripeAccount: undefined,
			baseUrl: 'https://api.stripe.com',
		});
	});

	it('splits several signing secrets by lines, commas or spaces', () => {
		expect(parseSigningSecrets(' whsec_a\nwhsec_b, whsec_c \r\n\n')).toEqual(['whsec_a', 'whsec_b', 'whsec_c']);
		expect(parseSigningSecrets(undefined)).toEqual([]);
	});

	it.each<[string, Record<string, string>, RegExp]>([
		['a publishable key', { secretKey: 'pk_live_abc' }, /must start with sk_test_/],
		['an empty key', { secretKey: '' }, /must start with sk_test_/],
		['an account that is not an id', { stripeAccount: 'My Shop' }, /acct_1A2b3C/],
		['a malformed API version', { apiVersion: 'latest' }, /2025-03-31\.basil/],
	])('refuses %s with a message that says what to change', (_name, override, message) => {
		expect(() => parseStripeCredential({ ...base, ...override })).toThrow(StripeCredentialError);
		expect(() => parseStripeCredential({ ...base, ...override })).toThrow(message);
	});
});

describe('parseApiBaseUrl', () => {
	it.each<[string, string, { host: string; port: number; protocol: string }]>([
		['https://api.stripe.com', 'sk_live_x', { host: 'api.stripe.com', port: 443, protocol: 'https' }],
		[
			'https://stripe-proxy.internal:8443/',
			'sk_live_x',
			{ host: 'stripe-proxy.internal', port: 8443, protocol: 'https' },
		],
		['http://127.0.0.1:12111', 'sk_live_x', { host: '127.0.0.1', port: 12111, protocol: 'http' }],
		['http://localhost:12111', 'sk_live_x', { host: 'localhost', port: 12111, protocol: 'http' }],
		['http://stripe-mock:12111', 'sk_test_x', { host: 'stripe-mock', port: 12111, protocol: 'http' }],
	])('splits %s', (url, key, expected) => {
		expect(parseApiBaseUrl(url, key)).toEqual(expected);
	});

	it.each<[string, string]>([
		['not a url', 'sk_test_x'],
		['ftp://api.stripe.com', 'sk_test_x'],
		['https://api.stripe.com/v1', 'sk_test_x'],
		['https://user:pass@api.stripe.com', 'sk_test_x'],
		['http://stripe-proxy.example.com', 'sk_live_x'],
	])('refuses %s (key %s)', (url, key) => {
		expect(() => parseApiBaseUrl(url, key)).toThrow(StripeCredentialError);
	});
});

describe('createStripeClient against the fake Stripe API', () => {
	const fake = new FakeStripe();
	beforeAll(async () => await fake.start());
	afterAll(async () => await fake.stop());
	beforeEach(() => {
		fake.state.webhookEndpoints.clear();
		fake.requests.length = 0;
	});

	function client(override: Partial<{ apiVersion: string; stripeAccount: string; secretKey: string }> = {}) {
		return createStripeClient({ secretKey: 'sk_test_client1', signingSecrets: [], baseUrl: fake.baseUrl, ...override });
	}

	it('sends the key, the pinned API version and the connected account', async () => {
		await client({ apiVersion: '2025-03-31.basil', stripeAccount: 'acct_1Conn' }).webhookEndpoints.list({ limit: 1 });
		const [request] = fake.requests;
		expect(request.headers.authorization).toBe('Bearer sk_test_client1');
		expect(request.headers['stripe-version']).toBe('2025-03-31.basil');
		expect(request.headers['stripe-account']).toBe('acct_1Conn');
	});

	it("returns the secret only at creation, and 404 resource_missing afterwards in Stripe's shape", async () => {
		const stripe = client();
		const created = await stripe.webhookEndpoints.create({
			url: 'https://n8n.example.com/a',
			enabled_events: ['invoice.paid'],
		});
		expect(created.secret).toMatch(/^whsec_/);
		expect((await stripe.webhookEndpoints.retrieve(created.id)).secret).toBeUndefined();
		await stripe.webhookEndpoints.del(created.id);
		const error = await stripe.webhookEndpoints.retrieve(created.id).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
		expect(isResourceMissing(error)).toBe(true);
		expect(stripeErrorStatus(error)).toBe(404);
	});

	it('refuses a group wildcard in enabled_events like Stripe does', async () => {
		const error = await client()
			.webhookEndpoints.create({ url: 'https://n8n.example.com/b', enabled_events: ['invoice.*' as 'invoice.paid'] })
			.catch((caught: unknown) => caught);
		expect(stripeErrorStatus(error)).toBe(400);
	});

	it('replays the first answer for a repeated Idempotency-Key', async () => {
		const stripe = client();
		const params = { url: 'https://n8n.example.com/c', enabled_events: ['invoice.paid' as const] };
		const first = await stripe.webhookEndpoints.create(params, { idempotencyKey: 'activation-1' });
		const second = await stripe.webhookEndpoints.create(params, { idempotencyKey: 'activation-1' });
		expect(second.id).toBe(first.id);
		expect(fake.state.webhookEndpoints.size).toBe(1);
	});

	it('enforces the 16-endpoint cap', async () => {
		const stripe = client();
		for (let index = 0; index < MAX_WEBHOOK_ENDPOINTS; index += 1) {
			await stripe.webhookEndpoints.create({ url: `https://n8n.example.com/${index}`, enabled_events: ['*'] });
		}
		const error = await stripe.webhookEndpoints
			.create({ url: 'https://n8n.example.com/17', enabled_events: ['*'] })
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
		expect((error as Error).message).toContain('maximum of 16');
	});

	it('answers 429 for the next request when told to, and the client reports it', async () => {
		fake.failNext(1, 429);
		const error = await client()
			.webhookEndpoints.list()
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
		expect((await client().webhookEndpoints.list()).data).toEqual([]);
	});

	it('lists with pagination across more than one page', async () => {
		const stripe = client();
		for (let index = 0; index < 5; index += 1) {
			await stripe.webhookEndpoints.create({ url: `https://n8n.example.com/p${index}`, enabled_events: ['*'] });
		}
		const urls: string[] = [];
		for await (const endpoint of stripe.webhookEndpoints.list({ limit: 2 })) urls.push(endpoint.url);
		expect(urls).toHaveLength(5);
		expect(new Set(urls).size).toBe(5);
	});
});

describe('parseStripeForm', () => {
	it('parses arrays, nested objects and plain fields like Stripe', () => {
		expect(
			parseStripeForm(
				'url=https%3A%2F%2Fx%2Fy&enabled_events[0]=invoice.paid&enabled_events[1]=charge.failed&metadata[a]=b&metadata%5Bc%5D=d&deep[x][0][y]=z&connect=true',
			),
		).toEqual({
			url: 'https://x/y',
			enabled_events: ['invoice.paid', 'charge.failed'],
			metadata: { a: 'b', c: 'd' },
			deep: { x: [{ y: 'z' }] },
			connect: 'true',
		});
	});
});
