import { PAYMENT_BUILDERS } from '../../../src/core/messages/payment';
import type { Expected } from './paymentTestKit';
import { build, expectMessage, fieldMap, loadEvent, visibleText } from './paymentTestKit';

const TEST = 'https://dashboard.stripe.com/test';
const BHD = 'BHD\u00a012.340';

/** The team's buttons on an alert someone works (issue 13): take it, contacted (with a customer), escalate, ticket. */
const team = (objectId: string, objectType: string, customerId?: string) => [
	{ id: 'alert.claim', objectId, objectType },
	...(customerId ? [{ id: 'customer.contacted', objectId: customerId, objectType: 'customer' }] : []),
	{ id: 'alert.escalate', objectId, objectType },
	{ id: 'ticket.create', objectId, objectType },
];

const cases: Array<[string, Expected]> = [
	[
		'payment_intent.succeeded__usd_connect_live',
		{
			title: 'Payment succeeded: $120.00',
			summary: '$120.00 received · from cus_TestUs0001 · Order 1042 for j***@example.com, call +1 *** *** **23',
			severity: 'success',
			category: 'other',
			threadKey: 'payment_intent:pi_3SucceededUsd0001',
			amount: { minor: 12000, currency: 'usd', text: '$120.00' },
			fields: { Customer: 'cus_TestUs0001', 'Receipt e-mail': 'j***@example.com', Charge: 'ch_3SucceededUsd0001' },
			links: {
				'Open payment': 'https://dashboard.stripe.com/acct_1ConnectUs0001/payments/pi_3SucceededUsd0001',
				'Open customer': 'https://dashboard.stripe.com/acct_1ConnectUs0001/customers/cus_TestUs0001',
				'View event': 'https://dashboard.stripe.com/acct_1ConnectUs0001/events/evt_1PayTest0011Fixture',
			},
			actions: [
				{ id: 'refund.create', style: 'danger', objectId: 'pi_3SucceededUsd0001', objectType: 'payment_intent' },
			],
		},
	],
	[
		'payment_intent.succeeded__jpy_legacy_charges',
		{
			title: 'Payment succeeded: ¥5,000',
			severity: 'success',
			category: 'other',
			threadKey: 'payment_intent:pi_1SucceededJpy0001',
			amount: { minor: 5000, currency: 'jpy', text: '¥5,000' },
			fields: { 'Payment method': 'Mastercard •••• 4444', Charge: 'ch_1SucceededJpy0001' },
			links: { 'Open payment': `${TEST}/payments/pi_1SucceededJpy0001` },
			actions: [
				{ id: 'refund.create', style: 'danger', objectId: 'pi_1SucceededJpy0001', objectType: 'payment_intent' },
			],
		},
	],
	[
		'payment_intent.payment_failed__card_declined_eur',
		{
			title: 'Payment failed: €50.00',
			summary: 'Your card has insufficient funds. · Visa •••• 9995 · cus_TestEu0001',
			severity: 'warning',
			category: 'paymentFailed',
			threadKey: 'payment_intent:pi_3FailedEur0001',
			amount: { minor: 5000, currency: 'eur', text: '€50.00' },
			fields: {
				Error: 'Card declined (insufficient_funds)',
				Message: 'Your card has insufficient funds.',
				'What to do':
					'Soft decline (insufficient_funds): Ask the customer to top up or to use another card, then retry.',
				'Payment method': 'Visa •••• 9995',
				Customer: 'cus_TestEu0001',
			},
			links: { 'Open customer': `${TEST}/customers/cus_TestEu0001` },
			actions: [
				{ id: 'payment_link.create', style: 'primary', objectId: 'pi_3FailedEur0001', objectType: 'payment_intent' },
				{ id: 'customer.summary', objectId: 'cus_TestEu0001', objectType: 'customer' },
				...team('pi_3FailedEur0001', 'payment_intent', 'cus_TestEu0001'),
			],
		},
	],
	[
		'payment_intent.payment_failed__hostile_gbp',
		{
			title: 'Payment failed: £19.99',
			severity: 'warning',
			category: 'paymentFailed',
			threadKey: 'payment_intent:pi_3FailedGbp0001',
			fields: {
				Error: 'Expired card',
				'What to do': 'Hard decline (expired_card): Ask the customer to update the card: its expiry date has passed.',
				Description: 'Card [card number removed], key [secret removed], mail e***@example.com',
				'Receipt e-mail': 'e***@example.com',
			},
			absentFields: ['Payment method'],
		},
	],
	[
		'payment_intent.requires_action__redirect_gbp',
		{
			title: 'Payment needs customer action: £89.00',
			summary:
				"The customer must act before the payment can complete: Complete the payment on the bank's page · cus_TestGb0002",
			severity: 'warning',
			category: 'paymentFailed',
			threadKey: 'payment_intent:pi_3ActionGbp0001',
			fields: { 'Next step': "Complete the payment on the bank's page" },
			actions: [{ id: 'customer.summary', objectId: 'cus_TestGb0002', objectType: 'customer' }],
		},
	],
	[
		'payment_intent.requires_action__sdk_krw',
		{
			title: 'Payment needs customer action: ₩50,000',
			severity: 'warning',
			category: 'paymentFailed',
			threadKey: 'payment_intent:pi_3ActionKrw0001',
			amount: { minor: 50000, currency: 'krw', text: '₩50,000' },
			fields: { 'Next step': 'Authenticate with the bank (e.g. 3-D Secure)' },
			absentFields: ['Customer'],
			actions: [],
		},
	],
	[
		'charge.failed__insufficient_funds_usd',
		{
			title: 'Charge failed: $25.00',
			summary: 'Your card has insufficient funds. · Visa •••• 0341 · cus_TestUs0002',
			severity: 'warning',
			category: 'paymentFailed',
			threadKey: 'payment_intent:pi_3FailedUsd0001',
			fields: {
				Error: 'Card declined (insufficient_funds)',
				Message: 'Your card has insufficient funds.',
				'What to do':
					'Soft decline (insufficient_funds): Ask the customer to top up or to use another card, then retry.',
				'Payment method': 'Visa •••• 0341',
				'Billing name': 'Jane Doe',
				'Billing e-mail': 'j***@example.com',
				'Billing phone': '+1 *** *** **99',
				'Billing address': 'Springfield, US',
			},
			absentFields: ['Receipt e-mail'],
			links: { 'Open payment': `${TEST}/payments/ch_3FailedUsd0001` },
			actions: [
				{ id: 'payment_link.create', style: 'primary', objectId: 'ch_3FailedUsd0001', objectType: 'charge' },
				{ id: 'customer.summary', objectId: 'cus_TestUs0002', objectType: 'customer' },
				...team('ch_3FailedUsd0001', 'charge', 'cus_TestUs0002'),
			],
		},
	],
	[
		'charge.failed__hostile_eur',
		{
			title: 'Charge failed: €42.00',
			severity: 'warning',
			category: 'paymentFailed',
			threadKey: 'charge:ch_1HostileEur0001',
			fields: {
				Error: 'Incorrect cvc',
				'What to do':
					'Hard decline (incorrect_cvc): Ask the customer to update the card details; retrying the same details fails again.',
				'Billing name': '<!channel> *x*',
				'Receipt e-mail': 'e***@example.com',
				'Billing address': 'Berlin, DE',
			},
			actions: [
				{ id: 'payment_link.create', style: 'primary', objectId: 'ch_1HostileEur0001', objectType: 'charge' },
				...team('ch_1HostileEur0001', 'charge'),
			],
		},
	],
	[
		'charge.succeeded__krw',
		{
			title: 'Charge succeeded: ₩50,000',
			summary: '₩50,000 charged · American Express •••• 8431 · cus_TestKr0001',
			severity: 'success',
			category: 'other',
			threadKey: 'payment_intent:pi_3SucceededKrw0001',
			amount: { minor: 50000, currency: 'krw', text: '₩50,000' },
			actions: [{ id: 'refund.create', style: 'danger', objectId: 'ch_3SucceededKrw0001', objectType: 'charge' }],
		},
	],
	[
		'charge.succeeded__legacy_source_2016',
		{
			title: 'Charge succeeded: $9.99',
			severity: 'success',
			category: 'other',
			threadKey: 'charge:ch_18LegacyUsd0001',
			fields: { 'Payment method': 'Visa •••• 4242', Customer: 'cus_LegacyUs0001' },
			absentFields: ['Payment intent', 'Billing name'],
			actions: [{ id: 'refund.create', style: 'danger', objectId: 'ch_18LegacyUsd0001', objectType: 'charge' }],
		},
	],
	[
		'charge.refunded__partial_eur',
		{
			title: 'Partial refund: €20.00 of €50.00',
			summary: 'Partial refund: €20.00 of €50.00 · to Visa •••• 4242 · €30.00 kept · Requested by customer',
			severity: 'info',
			category: 'other',
			threadKey: 'payment_intent:pi_3RefundEur0001',
			amount: { minor: 2000, currency: 'eur', text: '€20.00' },
			fields: {
				Refunded: '€20.00',
				'Charge amount': '€50.00',
				Refund: 'Partial',
				'Latest refund': 're_3RefundEur0001',
			},
			actions: [],
		},
	],
	[
		'charge.refunded__full_bhd',
		{
			title: `Full refund: ${BHD}`,
			severity: 'info',
			category: 'other',
			threadKey: 'payment_intent:pi_3RefundBhd0001',
			amount: { minor: 12340, currency: 'bhd', text: BHD },
			fields: { Refunded: BHD, Refund: 'Full' },
			absentFields: ['Reason'],
		},
	],
	[
		'refund.created__usd',
		{
			title: 'Refund created: $15.00',
			summary: '$15.00 refund · Duplicate · status pending · ch_3CreatedUsd0001',
			severity: 'info',
			category: 'other',
			threadKey: 'payment_intent:pi_3CreatedUsd0001',
			fields: {
				Status: 'Pending',
				Reason: 'Duplicate',
				Charge: 'ch_3CreatedUsd0001',
				'Payment intent': 'pi_3CreatedUsd0001',
			},
			links: {
				'Open refund': `${TEST}/refunds/re_3CreatedUsd0001`,
				'Open payment': `${TEST}/payments/ch_3CreatedUsd0001`,
			},
		},
	],
	[
		'refund.failed__eur',
		{
			title: 'Refund failed: €20.00',
			summary: 'The refund could not reach the customer: Expired or canceled card · ch_3FailedEur0002',
			severity: 'warning',
			category: 'other',
			threadKey: 'payment_intent:pi_3FailedEur0002',
			fields: { Status: 'Failed', 'Failure reason': 'Expired or canceled card', Reason: 'Requested by customer' },
		},
	],
	[
		'charge.refund.updated__gbp_legacy',
		{
			title: 'Refund updated: £5.00',
			severity: 'info',
			category: 'other',
			threadKey: 'charge:ch_1UpdatedGbp0001',
			fields: { Status: 'Succeeded', Charge: 'ch_1UpdatedGbp0001' },
			absentFields: ['Payment intent'],
			links: { 'Open refund': `${TEST}/refunds/re_1UpdatedGbp0001` },
		},
	],
];

describe('payment, charge and refund messages', () => {
	it.each(cases)('%s', (fixture, expected) => {
		expectMessage(build(fixture), expected);
	});

	it('keeps hostile billing text raw for the renderer to escape, and lists what was hidden', () => {
		const message = build('charge.failed__hostile_eur');
		expect(fieldMap(message).Description).toBe(
			'Call me at +4* ** **** **58 or mail e***@example.com; card [card number removed]; key [secret removed]',
		);
		expect(visibleText(message)).not.toMatch(/4242 4242 4242 4242|sk_live_|eve@example\.com|7946 0958/);
		expect(message.redactions).toEqual(
			expect.arrayContaining([
				{ field: 'description', kind: 'secret' },
				{ field: 'description', kind: 'card_number' },
				{ field: 'description', kind: 'email' },
				{ field: 'description', kind: 'phone' },
				{ field: 'receipt_email', kind: 'email' },
			]),
		);
	});

	it.each([
		['standard', 'Jane Doe', 'j***@example.com', 'Springfield, US'],
		['strict', '[name hidden]', '[email hidden]', 'US'],
		['off', 'Jane Doe', 'jane.doe@example.com', '1 Example Street, Apt 4, 62701, Springfield, IL, US'],
	] as const)('billing details under the %s policy', (policy, name, email, address) => {
		const message = build('charge.failed__insufficient_funds_usd', { redaction: policy });
		expect(fieldMap(message)).toMatchObject({
			'Billing name': name,
			'Billing e-mail': email,
			'Billing address': address,
		});
		expect(message.redactionPolicy).toBe(policy);
		if (policy === 'off') expect(message.redactions).toEqual([]);
		if (policy === 'strict') {
			expect(visibleText(message)).not.toContain('Jane');
			expect(message.redactions).toContainEqual({ field: 'billing_details.name', kind: 'name' });
		}
	});

	it('shows hostile descriptions raw only when redaction is off', () => {
		const message = build('payment_intent.payment_failed__hostile_gbp', { redaction: 'off' });
		expect(fieldMap(message).Description).toBe(
			'Card 4242 4242 4242 4242, key sk_live_51HostileKeyAbc123XYZ, mail eve@example.com',
		);
		expect(message.redactions).toEqual([]);
	});

	it.each([
		['charge.failed__insufficient_funds_usd', 'failure_message', 'Message'],
		['payment_intent.payment_failed__card_declined_eur', 'last_payment_error.message', 'Message'],
	])('%s scrubs the decline message too (%s)', (fixture, path, label) => {
		const event = loadEvent(fixture);
		const object = event.data.object;
		const hostile = 'Declined for eve@example.com, card 4242 4242 4242 4242';
		if (path === 'failure_message') object.failure_message = hostile;
		else (object.last_payment_error as Record<string, unknown>).message = hostile;
		const message = build(event);
		expect(fieldMap(message)[label]).toBe('Declined for e***@example.com, card [card number removed]');
		expect(message.summary).toContain('Declined for e***@example.com');
		expect(message.redactions).toEqual(
			expect.arrayContaining([
				{ field: path, kind: 'email' },
				{ field: path, kind: 'card_number' },
			]),
		);
	});

	it('never shows the customer-side authentication URL or the client secret', () => {
		const message = build('payment_intent.requires_action__redirect_gbp', { redaction: 'off' });
		expect(JSON.stringify(message)).not.toMatch(/hooks\.stripe\.com|_secret_|example\.com\/checkout/);
	});

	it('asks for confirmation before a refund', () => {
		const [refund] = build('charge.succeeded__krw').actions;
		expect(refund.confirm).toEqual({
			title: 'Refund this payment?',
			text: 'Refunds ₩50,000 to American Express •••• 8431. The customer gets the money back in 5–10 days; this cannot be undone.',
			confirm: 'Refund',
			deny: 'Cancel',
		});
	});

	it.each([
		[
			'a declined card with a decline code',
			{ code: 'card_declined', decline_code: 'do_not_honor' },
			'Card declined (do_not_honor)',
		],
		['an error without a decline code', { code: 'processing_error' }, 'Processing error'],
		['only a decline code', { decline_code: 'fraudulent' }, 'fraudulent'],
	])('names %s', (_case, error, expected) => {
		const event = loadEvent('payment_intent.payment_failed__card_declined_eur');
		event.data.object.last_payment_error = error;
		const message = build(event);
		expect(fieldMap(message).Error).toBe(expected);
		expect(message.fields.find((entry) => entry.label === 'Payment method')).toBeUndefined();
	});

	it.each([
		[
			'a SEPA debit',
			{ type: 'sepa_debit', sepa_debit: { last4: '3000', bank_code: '37040044' } },
			'Sepa debit •••• 3000',
		],
		['a card without last4', { type: 'card', card: { brand: 'unionpay' } }, 'UnionPay'],
		['a bogus last4', { type: 'card', card: { brand: 'visa', last4: '<!here>' } }, 'Visa'],
	])('labels %s', (_case, details, expected) => {
		const event = loadEvent('charge.succeeded__krw');
		event.data.object.payment_method_details = details;
		expect(fieldMap(build(event))['Payment method']).toBe(expected);
	});

	it.each(Object.keys(PAYMENT_BUILDERS))('%s tolerates a nearly empty object', (type) => {
		const objectType = type.startsWith('payment_intent')
			? 'payment_intent'
			: type.includes('refund.')
				? 'refund'
				: 'charge';
		const message = build({
			id: 'evt_1MinimalPayment',
			object: 'event',
			type,
			created: 1773100000,
			livemode: true,
			data: {
				object: {
					id: 'obj_1Minimal',
					object: objectType,
					amount: '12',
					last_payment_error: 'oops',
					billing_details: null,
					refunds: null,
				},
			},
		});
		expect(message.kind).toBe(type);
		expect(message.amount).toBeUndefined();
		expect(visibleText(message)).not.toMatch(/undefined|NaN|null/);
	});
});
