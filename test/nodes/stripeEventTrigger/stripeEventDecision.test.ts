import Stripe from 'stripe';

import {
	decideStripeDelivery,
	type DeliveryInput,
	type DeliveryOutcome,
	type DeliverySettings,
} from '../../../src/triggers/stripeEvent';
import { FakeStripe, resourceMissing } from '../../support/fakeStripe';
import {
	connectDisputeCreated,
	invoicePaymentFailed,
	JSON_HEADERS,
	newSigningSecret,
	now,
	NOW_SECONDS,
	settings,
	sign,
	thinMeterEvent,
	v1Of,
} from './support';

const SECRET = newSigningSecret();
const OLD_SECRET = newSigningSecret();
const ATTACKER_SECRET = newSigningSecret();
const BODY = JSON.stringify(invoicePaymentFailed);

interface Delivery {
	body: string | Buffer | undefined;
	headers: Record<string, string | string[] | undefined>;
	secrets?: string[];
	settings?: Partial<DeliverySettings>;
}

function signedDelivery(body: string, secret = SECRET, timestamp = NOW_SECONDS): Delivery {
	return { body, headers: { ...JSON_HEADERS, 'stripe-signature': sign(body, secret, timestamp) } };
}

async function deliver(delivery: Delivery, extra: Partial<DeliveryInput> = {}): Promise<DeliveryOutcome> {
	return await decideStripeDelivery({
		rawBody: typeof delivery.body === 'string' ? Buffer.from(delivery.body, 'utf8') : delivery.body,
		headers: delivery.headers,
		secrets: delivery.secrets ?? [SECRET],
		settings: settings(delivery.settings),
		now,
		...extra,
	});
}

const goodSignature = sign(BODY, SECRET);
const tampered = BODY.replace('"amount_due":4900', '"amount_due":1');

/** Every way a request can be forged, mutated, replayed or unsigned: none may produce workflow data. */
const HOSTILE: Array<[string, Delivery, number, string]> = [
	['an unsigned request', { body: BODY, headers: { ...JSON_HEADERS } }, 400, 'missing_header'],
	[
		'an empty signature header',
		{ body: BODY, headers: { ...JSON_HEADERS, 'stripe-signature': '' } },
		400,
		'missing_header',
	],
	[
		'two signature headers',
		{ body: BODY, headers: { ...JSON_HEADERS, 'stripe-signature': [goodSignature, goodSignature] } },
		400,
		'malformed_header',
	],
	[
		'a header that is not t=,v1=',
		{ body: BODY, headers: { ...JSON_HEADERS, 'stripe-signature': 'sha256=abc' } },
		400,
		'malformed_header',
	],
	[
		'a header without timestamp',
		{ body: BODY, headers: { ...JSON_HEADERS, 'stripe-signature': `v1=${v1Of(goodSignature)}` } },
		400,
		'malformed_header',
	],
	[
		'only a v0 signature',
		{ body: BODY, headers: { ...JSON_HEADERS, 'stripe-signature': `t=${NOW_SECONDS},v0=${v1Of(goodSignature)}` } },
		400,
		'no_v1_signature',
	],
	['a request signed with another secret', signedDelivery(BODY, ATTACKER_SECRET), 401, 'no_match'],
	[
		'a tampered amount',
		{ body: tampered, headers: { ...JSON_HEADERS, 'stripe-signature': goodSignature } },
		401,
		'no_match',
	],
	[
		'a tampered event type',
		{ body: BODY.replace('payment_failed', 'paid'), headers: { ...JSON_HEADERS, 'stripe-signature': goodSignature } },
		401,
		'no_match',
	],
	[
		'a body with a trailing newline',
		{ body: `${BODY}\n`, headers: { ...JSON_HEADERS, 'stripe-signature': goodSignature } },
		401,
		'no_match',
	],
	[
		'a re-serialised body',
		{
			body: JSON.stringify(invoicePaymentFailed, null, 2),
			headers: { ...JSON_HEADERS, 'stripe-signature': goodSignature },
		},
		401,
		'no_match',
	],
	[
		'a signature moved to a fresh timestamp',
		{ body: BODY, headers: { ...JSON_HEADERS, 'stripe-signature': `t=${NOW_SECONDS + 1},v1=${v1Of(goodSignature)}` } },
		401,
		'no_match',
	],
	[
		'a signature of the body alone',
		{ body: BODY, headers: { ...JSON_HEADERS, 'stripe-signature': `t=${NOW_SECONDS},v1=${'ab'.repeat(32)}` } },
		401,
		'no_match',
	],
	['a replay six minutes later', signedDelivery(BODY, SECRET, NOW_SECONDS - 360), 401, 'timestamp_too_old'],
	['a replay a day later', signedDelivery(BODY, SECRET, NOW_SECONDS - 86_400), 401, 'timestamp_too_old'],
	['a timestamp ten minutes ahead', signedDelivery(BODY, SECRET, NOW_SECONDS + 600), 401, 'timestamp_in_future'],
	['a valid request when no secret is known', { ...signedDelivery(BODY), secrets: [] }, 401, 'no_secret'],
	[
		'a valid request when only blank secrets are known',
		{ ...signedDelivery(BODY), secrets: ['', ' '] },
		401,
		'no_secret',
	],
	[
		'a stale replay under a tighter tolerance',
		{ ...signedDelivery(BODY, SECRET, NOW_SECONDS - 61), settings: { toleranceSeconds: 60 } },
		401,
		'timestamp_too_old',
	],
	[
		'a text/plain body',
		{ body: BODY, headers: { 'content-type': 'text/plain', 'stripe-signature': goodSignature } },
		415,
		'unsupported_content_type',
	],
	[
		'a form-encoded body',
		{ body: BODY, headers: { 'content-type': 'application/x-www-form-urlencoded', 'stripe-signature': goodSignature } },
		415,
		'unsupported_content_type',
	],
	[
		'a request without content type',
		{ body: BODY, headers: { 'stripe-signature': goodSignature } },
		415,
		'unsupported_content_type',
	],
	[
		'a JSON look-alike media type',
		{ body: BODY, headers: { 'content-type': 'application/jsonp', 'stripe-signature': goodSignature } },
		415,
		'unsupported_content_type',
	],
	['an empty body', signedDelivery(''), 400, 'empty_body'],
	[
		'a missing body',
		{ body: undefined, headers: { ...JSON_HEADERS, 'stripe-signature': goodSignature } },
		400,
		'empty_body',
	],
	['a signed body that is not JSON', signedDelivery('id=evt_1&type=invoice.paid'), 400, 'invalid_json'],
	['a signed JSON array', signedDelivery('[]'), 400, 'not_an_event'],
	['a signed JSON object that is no event', signedDelivery('{"hello":"world"}'), 400, 'not_an_event'],
	[
		'a signed data.object without envelope',
		signedDelivery(JSON.stringify(invoicePaymentFailed.data.object)),
		400,
		'not_an_event',
	],
	[
		'a signed event without id',
		signedDelivery(JSON.stringify({ ...invoicePaymentFailed, id: undefined })),
		400,
		'not_an_event',
	],
];

describe('decideStripeDelivery: the fail-closed matrix', () => {
	it.each(HOSTILE)('refuses %s and produces no workflow data', async (_name, delivery, status, reason) => {
		const outcome = await deliver(delivery);
		expect(outcome).toMatchObject({ action: 'reject', status, reason });
		expect(outcome).not.toHaveProperty('output');
	});

	it('refuses every hostile request even when every filter would let it through', async () => {
		for (const [, delivery] of HOSTILE) {
			const outcome = await deliver({ ...delivery, settings: { ...delivery.settings, events: ['*'] } });
			expect(outcome.action).toBe('reject');
		}
	});

	it('never echoes a secret in a refusal', async () => {
		for (const [, delivery] of HOSTILE) {
			const outcome = await deliver({ ...delivery, secrets: delivery.secrets ?? [SECRET, OLD_SECRET] });
			const text = JSON.stringify(outcome);
			expect(text).not.toContain(SECRET);
			expect(text).not.toContain(OLD_SECRET);
		}
	});
});

describe('decideStripeDelivery: verified events', () => {
	it('accepts a request signed by the Stripe SDK and adds convenience fields', async () => {
		const outcome = await deliver(signedDelivery(BODY));
		expect(outcome.action).toBe('accept');
		if (outcome.action !== 'accept') return;
		expect(outcome.output).toEqual({
			...invoicePaymentFailed,
			account: null,
			objectId: 'in_1Q2w3E4r5T6y7U8i',
			objectType: 'invoice',
			createdAt: new Date((NOW_SECONDS - 5) * 1000).toISOString(),
			dashboardUrl: 'https://dashboard.stripe.com/invoices/in_1Q2w3E4r5T6y7U8i',
			eventDashboardUrl: 'https://dashboard.stripe.com/events/evt_1Q2w3E4r5T6y7U8i',
		});
	});

	it('links Connect test-mode events to the connected account in test mode', async () => {
		const outcome = await deliver(signedDelivery(JSON.stringify(connectDisputeCreated)));
		expect(outcome).toMatchObject({
			action: 'accept',
			output: {
				account: 'acct_1Connected',
				objectType: 'dispute',
				dashboardUrl: 'https://dashboard.stripe.com/acct_1Connected/test/disputes/du_1Dispute',
			},
		});
	});

	it.each<[string, string, string[], number]>([
		['the old secret while Stripe still signs with both', 'both', [OLD_SECRET], 0],
		['the new secret while Stripe still signs with both', 'both', [SECRET], 0],
		['the stored endpoint secret behind a credential secret', 'new', [OLD_SECRET, SECRET], 1],
		['the credential secret behind a stored endpoint secret', 'old', [SECRET, OLD_SECRET], 1],
	])('accepts during a rotation with %s', async (_name, signedWith, secrets, secretIndex) => {
		const oldV1 = v1Of(sign(BODY, OLD_SECRET));
		const newV1 = v1Of(sign(BODY, SECRET));
		const v1s = signedWith === 'both' ? [oldV1, newV1] : signedWith === 'new' ? [newV1] : [oldV1];
		const header = [`t=${NOW_SECONDS}`, ...v1s.map((v1) => `v1=${v1}`)].join(',');
		const outcome = await deliver({ body: BODY, headers: { ...JSON_HEADERS, 'stripe-signature': header }, secrets });
		expect(outcome).toMatchObject({ action: 'accept', secretIndex });
	});

	it('accepts a content type in upper case and with parameters', async () => {
		const delivery = signedDelivery(BODY);
		delivery.headers['content-type'] = 'Application/JSON; charset=UTF-8';
		expect((await deliver(delivery)).action).toBe('accept');
	});

	it('passes duplicates on unchanged: the same event delivered twice gives two items with the same id', async () => {
		// Stripe retries with the same body and a new signature; de-duplication by id happens in Payment Alert.
		const first = await deliver(signedDelivery(BODY, SECRET, NOW_SECONDS - 10));
		const retry = await deliver(signedDelivery(BODY, SECRET, NOW_SECONDS));
		expect(first.action).toBe('accept');
		expect(retry.action).toBe('accept');
		if (first.action === 'accept' && retry.action === 'accept') expect(retry.output.id).toBe(first.output.id);
	});
});

describe('decideStripeDelivery: filters', () => {
	const live = JSON.stringify(invoicePaymentFailed);
	const connectTest = JSON.stringify(connectDisputeCreated);
	it.each<[string, string, Partial<DeliverySettings>, 'accept' | 'ignore', string]>([
		['an exact type', live, { events: ['invoice.payment_failed'] }, 'accept', ''],
		['a group wildcard', live, { events: ['invoice.*'] }, 'accept', ''],
		['a sub-group wildcard', connectTest, { events: ['charge.dispute.*'] }, 'accept', ''],
		['another type', live, { events: ['invoice.paid', 'charge.*'] }, 'ignore', 'event_type_not_selected'],
		['no events chosen', live, { events: [] }, 'ignore', 'event_type_not_selected'],
		['live only, live event', live, { livemode: 'live' }, 'accept', ''],
		['test only, live event', live, { livemode: 'test' }, 'ignore', 'livemode_filtered'],
		['live only, test event', connectTest, { livemode: 'live' }, 'ignore', 'livemode_filtered'],
		['own account only, Connect event', connectTest, { accountFilter: 'platformOnly' }, 'ignore', 'account_filtered'],
		['own account only, own event', live, { accountFilter: 'platformOnly' }, 'accept', ''],
		['listed accounts, listed', connectTest, { accountFilter: 'include', accounts: ['acct_1Connected'] }, 'accept', ''],
		[
			'listed accounts, own event',
			live,
			{ accountFilter: 'include', accounts: ['acct_1Connected'] },
			'ignore',
			'account_filtered',
		],
		[
			'excluded accounts, excluded',
			connectTest,
			{ accountFilter: 'exclude', accounts: ['acct_1Connected'] },
			'ignore',
			'account_filtered',
		],
		['excluded accounts, other', connectTest, { accountFilter: 'exclude', accounts: ['acct_9Other'] }, 'accept', ''],
		[
			'metadata that matches',
			live,
			{
				metadata: [
					{ key: 'plan', value: 'enterprise' },
					{ key: 'region', value: 'eu' },
				],
			},
			'accept',
			'',
		],
		[
			'metadata with another value',
			live,
			{ metadata: [{ key: 'plan', value: 'Enterprise' }] },
			'ignore',
			'metadata_filtered',
		],
		[
			'metadata the object lacks',
			connectTest,
			{ metadata: [{ key: 'plan', value: 'enterprise' }] },
			'ignore',
			'metadata_filtered',
		],
	])('%s', async (_name, body, filter, action, reason) => {
		const outcome = await deliver({ ...signedDelivery(body), settings: filter });
		expect(outcome.action).toBe(action);
		if (action === 'ignore') expect(outcome).toMatchObject({ reason });
	});
});

describe('decideStripeDelivery: thin events', () => {
	const body = JSON.stringify(thinMeterEvent);
	const fake = new FakeStripe();
	const meter = {
		id: 'mtr_test_61R9',
		object: 'billing.meter',
		display_name: 'API calls',
		metadata: { plan: 'enterprise' },
	};

	beforeAll(async () => {
		fake.route('GET', '/v1/billing/meters/:id', (request) =>
			request.params.id === meter.id
				? { status: 200, body: meter }
				: resourceMissing('billing meter', request.params.id),
		);
		await fake.start();
	});
	afterAll(async () => await fake.stop());

	const fetchWithRealClient = async (related: { url: string }) => {
		const stripe = new Stripe('sk_test_thin', {
			host: '127.0.0.1',
			port: fake.port,
			protocol: 'http',
			maxNetworkRetries: 0,
		});
		return (await stripe.rawRequest('GET', related.url)) as unknown;
	};

	it('verifies a thin event like any other and passes it on without fetching', async () => {
		const outcome = await deliver(signedDelivery(body), { fetchRelatedObject: fetchWithRealClient });
		expect(outcome).toMatchObject({
			action: 'accept',
			output: { id: thinMeterEvent.id, objectId: 'mtr_test_61R9', objectType: 'billing.meter', account: null },
		});
		expect(outcome).not.toHaveProperty('output.relatedObject');
		expect(fake.requests).toHaveLength(0);
	});

	it('refuses a tampered thin event', async () => {
		const outcome = await deliver({
			body: body.replace('mtr_test_61R9', 'mtr_test_other'),
			headers: { ...JSON_HEADERS, 'stripe-signature': sign(body, SECRET) },
		});
		expect(outcome).toMatchObject({ action: 'reject', reason: 'no_match' });
	});

	it('fetches the related object through the Stripe API when asked to', async () => {
		const outcome = await deliver(
			{
				...signedDelivery(body),
				settings: { expandThinEvents: true, metadata: [{ key: 'plan', value: 'enterprise' }] },
			},
			{ fetchRelatedObject: fetchWithRealClient },
		);
		expect(outcome).toMatchObject({ action: 'accept', output: { relatedObject: meter } });
		expect(fake.requestsTo('GET', '/v1/billing/meters/mtr_test_61R9')).toHaveLength(1);
	});

	it('answers 503 so Stripe retries when the related object cannot be read', async () => {
		const missing = JSON.stringify({
			...thinMeterEvent,
			related_object: { id: 'mtr_gone', type: 'billing.meter', url: '/v1/billing/meters/mtr_gone' },
		});
		const outcome = await deliver(
			{ ...signedDelivery(missing), settings: { expandThinEvents: true } },
			{ fetchRelatedObject: fetchWithRealClient },
		);
		expect(outcome).toMatchObject({ action: 'reject', status: 503, reason: 'related_object_unavailable' });
	});
});
