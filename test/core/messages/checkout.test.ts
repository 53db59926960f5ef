import { CHECKOUT_BUILDERS } from '../../../src/core/messages/checkout';
import type { Expected } from './paymentTestKit';
import { build, expectMessage, fieldMap, linkMap, loadEvent, visibleText } from './paymentTestKit';

const TEST = 'https://dashboard.stripe.com/test';
const BHD = 'BHD\u00a012.340';

const FIXTURES = [
	'checkout.session.completed__payment_eur',
	'checkout.session.completed__subscription_usd_connect',
	'checkout.session.completed__setup',
	'checkout.session.completed__async_pending_jpy',
	'checkout.session.expired__gbp',
	'checkout.session.async_payment_succeeded__krw',
	'checkout.session.async_payment_failed__bhd',
];

const cases: Array<[string, Expected]> = [
	[
		'checkout.session.completed__payment_eur',
		{
			title: 'Checkout completed: €50.00',
			summary: 'Jane Doe completed checkout for €50.00',
			severity: 'success',
			category: 'other',
			threadKey: 'checkout.session:cs_test_a1PaymentEur0001',
			amount: { minor: 5000, currency: 'eur', text: '€50.00' },
			fields: {
				Mode: 'One-time payment',
				'Payment status': 'Paid',
				'Customer name': 'Jane Doe',
				'Customer e-mail': 'j***@example.com',
				Customer: 'cus_TestEu0003',
				Reference: 'user-42',
				Metadata: 'order_id: 1042, note: call +1 *** *** **23 or j***@example.com',
				'Payment intent': 'pi_3CheckoutEur0001',
			},
			links: {
				'Open payment': `${TEST}/payments/pi_3CheckoutEur0001`,
				'Open customer': `${TEST}/customers/cus_TestEu0003`,
			},
			actions: [],
		},
	],
	[
		'checkout.session.completed__subscription_usd_connect',
		{
			title: 'Subscription checkout completed: $29.00',
			severity: 'success',
			category: 'other',
			threadKey: 'checkout.session:cs_live_a1SubscriptionUsd0001',
			fields: { Mode: 'Subscription', Subscription: 'sub_1CheckoutUsd0001', 'Customer e-mail': 'b***@example.com' },
			links: {
				'Open subscription': 'https://dashboard.stripe.com/acct_1ConnectUs0002/subscriptions/sub_1CheckoutUsd0001',
				'Open customer': 'https://dashboard.stripe.com/acct_1ConnectUs0002/customers/cus_LiveUs0003',
				'Open invoice': 'https://dashboard.stripe.com/acct_1ConnectUs0002/invoices/in_1CheckoutUsd0001',
			},
		},
	],
	[
		'checkout.session.completed__setup',
		{
			title: 'Checkout completed: payment method saved',
			summary: 'j***@example.com saved a payment method',
			severity: 'success',
			category: 'other',
			threadKey: 'checkout.session:cs_test_c1SetupMode0001',
			amount: null,
			fields: { Mode: 'Save payment method', 'Payment status': 'No payment required' },
			absentFields: ['Amount', 'Customer name'],
		},
	],
	[
		'checkout.session.completed__async_pending_jpy',
		{
			title: 'Checkout completed, payment pending: ¥5,000',
			summary: 'Hanako Example completed checkout for ¥5,000 · the payment is still processing',
			severity: 'info',
			category: 'other',
			threadKey: 'checkout.session:cs_test_a1KonbiniJpy0001',
			amount: { minor: 5000, currency: 'jpy', text: '¥5,000' },
			fields: { 'Payment status': 'Unpaid' },
		},
	],
	[
		'checkout.session.expired__gbp',
		{
			title: 'Checkout expired: £19.99',
			summary: 's***@example.com left checkout without paying £19.99',
			severity: 'info',
			category: 'other',
			threadKey: 'checkout.session:cs_test_a1ExpiredGbp0001',
			fields: { 'Customer e-mail': 's***@example.com' },
			actions: [
				{
					id: 'payment_link.create',
					style: 'primary',
					objectId: 'cs_test_a1ExpiredGbp0001',
					objectType: 'checkout.session',
				},
				{ id: 'customer.summary', objectId: 'cus_TestGb0003', objectType: 'customer' },
			],
		},
	],
	[
		'checkout.session.async_payment_succeeded__krw',
		{
			title: 'Checkout payment succeeded: ₩30,000',
			summary: 'The delayed payment of ₩30,000 from Minjun Example arrived',
			severity: 'success',
			category: 'other',
			threadKey: 'checkout.session:cs_test_a1AsyncKrw0001',
			amount: { minor: 30000, currency: 'krw', text: '₩30,000' },
			actions: [],
		},
	],
	[
		'checkout.session.async_payment_failed__bhd',
		{
			title: `Checkout payment failed: ${BHD}`,
			summary: `The delayed payment of ${BHD} from Layla Example failed`,
			severity: 'warning',
			category: 'paymentFailed',
			threadKey: 'checkout.session:cs_test_a1AsyncBhd0001',
			amount: { minor: 12340, currency: 'bhd', text: BHD },
			fields: { Metadata: 'card: [card number removed], api: [secret removed]' },
			actions: [
				{
					id: 'payment_link.create',
					style: 'primary',
					objectId: 'cs_test_a1AsyncBhd0001',
					objectType: 'checkout.session',
				},
				{ id: 'customer.summary', objectId: 'cus_TestBh0001', objectType: 'customer' },
			],
		},
	],
];

describe('Checkout messages', () => {
	it.each(cases)('%s', (fixture, expected) => {
		expectMessage(build(fixture), expected);
	});

	it.each(FIXTURES)('%s never shows or links the customer payment page', (fixture) => {
		const event = loadEvent(fixture);
		const session = event.data.object;
		session.url = `https://checkout.stripe.com/c/pay/${String(session.id)}#secretFragment`;
		session.after_expiration = { recovery: { enabled: true, url: 'https://buy.stripe.com/r/test_RecoveryLink' } };
		const message = build(event, { redaction: 'off' });
		expect(JSON.stringify(message)).not.toMatch(/checkout\.stripe\.com|buy\.stripe\.com|secretFragment/);
		for (const url of Object.values(linkMap(message))) expect(url).toMatch(/^https:\/\/dashboard\.stripe\.com\//);
	});

	it('redacts metadata values and keys and the client reference, and says where', () => {
		const event = loadEvent('checkout.session.completed__payment_eur');
		event.data.object.client_reference_id = 'ref for sam@example.com';
		event.data.object.metadata = { 'eve@example.com': 'x', note: 'card 4242 4242 4242 4242', other: 'a', more: 'b' };
		const message = build(event);
		expect(fieldMap(message)).toMatchObject({
			Reference: 'ref for s***@example.com',
			Metadata: 'e***@example.com: x, note: card [card number removed], other: a (+1 more)',
		});
		expect(message.redactions).toEqual(
			expect.arrayContaining([
				{ field: 'client_reference_id', kind: 'email' },
				{ field: 'metadata', kind: 'email' },
				{ field: 'metadata.note', kind: 'card_number' },
			]),
		);
	});

	it('shortens a long metadata value', () => {
		const event = loadEvent('checkout.session.completed__payment_eur');
		event.data.object.metadata = { note: 'x'.repeat(300) };
		expect(fieldMap(build(event)).Metadata).toBe(`note: ${'x'.repeat(59)}…`);
	});

	it.each([
		['standard', 'Jane Doe completed checkout for €50.00', 'Jane Doe'],
		['strict', 'cus_TestEu0003 completed checkout for €50.00', '[name hidden]'],
		['off', 'Jane Doe completed checkout for €50.00', 'Jane Doe'],
	] as const)('names the customer under the %s policy', (policy, summary, name) => {
		const message = build('checkout.session.completed__payment_eur', { redaction: policy });
		expect(message.summary).toBe(summary);
		expect(fieldMap(message)['Customer name']).toBe(name);
		if (policy === 'strict') expect(visibleText(message)).not.toMatch(/Jane|jane/);
	});

	it('keeps a hostile customer name raw for the renderer to escape', () => {
		const event = loadEvent('checkout.session.completed__payment_eur');
		(event.data.object.customer_details as Record<string, unknown>).name = '<!channel> *x*';
		const message = build(event);
		expect(message.summary).toBe('<!channel> *x* completed checkout for €50.00');
		expect(fieldMap(message)['Customer name']).toBe('<!channel> *x*');
	});

	it.each(Object.keys(CHECKOUT_BUILDERS))('%s tolerates a nearly empty session', (type) => {
		const message = build({
			id: 'evt_1MinimalCheckout',
			object: 'event',
			type,
			created: 1773100000,
			livemode: false,
			data: { object: { id: 'cs_test_minimal', object: 'checkout.session', customer_details: 'odd', metadata: [] } },
		});
		expect(message.kind).toBe(type);
		expect(message.threadKey).toBe('checkout.session:cs_test_minimal');
		expect(visibleText(message)).not.toMatch(/undefined|NaN|null/);
	});
});
