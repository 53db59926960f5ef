import {
	customerIdOf,
	idOf,
	InvalidEventError,
	invoiceChargeId,
	invoicePaymentIntentId,
	invoiceSubscriptionId,
	normalizeEvent,
	pathValue,
} from '../../src/core/normalize';
import {
	CONNECT_CHARGE_SUCCEEDED,
	CUSTOMER_UPDATED_2023,
	INVOICE_FAILED_2016,
	INVOICE_FAILED_BASIL,
	INVOICE_PAID_2020,
	INVOICE_PAID_CLOVER,
	THIN_METER_EVENT,
} from '../fixtures/core/events';

describe('normalizeEvent across API versions', () => {
	it.each([
		['2016-07-06', INVOICE_FAILED_2016, { apiVersion: '2016-07-06', livemode: true, requestId: 'req_2016Bare' }],
		['2020-08-27', INVOICE_PAID_2020, { apiVersion: '2020-08-27', livemode: false, requestId: undefined }],
		[
			'2025-03-31.basil',
			INVOICE_FAILED_BASIL,
			{ apiVersion: '2025-03-31.basil', livemode: false, requestId: 'req_Basil' },
		],
		[
			'2026-01-28.clover',
			INVOICE_PAID_CLOVER,
			{ apiVersion: '2026-01-28.clover', livemode: true, requestId: undefined },
		],
	])('reads a %s invoice event', (_version, input, expected) => {
		const event = normalizeEvent(input);
		expect(event).toMatchObject({
			id: input.id,
			type: input.type,
			created: input.created,
			thin: false,
			objectId: input.data.object.id,
			objectType: 'invoice',
			...expected,
		});
		expect(event.object).toBe(input.data.object);
		expect(event.account).toBeUndefined();
	});

	it.each([
		['2016-07-06', INVOICE_FAILED_2016, { subscription: 'sub_2016', paymentIntent: undefined, charge: 'ch_2016' }],
		['2020-08-27', INVOICE_PAID_2020, { subscription: 'sub_2020', paymentIntent: 'pi_2020', charge: 'ch_2020' }],
		[
			'2025-03-31.basil',
			INVOICE_FAILED_BASIL,
			{ subscription: 'sub_Basil', paymentIntent: 'pi_Basil', charge: undefined },
		],
		[
			'2026-01-28.clover',
			INVOICE_PAID_CLOVER,
			{ subscription: 'sub_Clover', paymentIntent: undefined, charge: 'ch_Clover' },
		],
	])('finds the subscription and payment of a %s invoice', (_version, input, expected) => {
		const invoice = normalizeEvent(input).object;
		expect(invoiceSubscriptionId(invoice)).toBe(expected.subscription);
		expect(invoicePaymentIntentId(invoice)).toBe(expected.paymentIntent);
		expect(invoiceChargeId(invoice)).toBe(expected.charge);
	});

	it.each([
		['a 2016 id', INVOICE_FAILED_2016, 'cus_2016'],
		['an expanded 2020 customer', INVOICE_PAID_2020, 'cus_2020'],
		['a basil id', INVOICE_FAILED_BASIL, 'cus_Basil'],
		['the customer object itself', CUSTOMER_UPDATED_2023, 'cus_Upd'],
	])('finds the customer from %s', (_case, input, customer) => {
		expect(customerIdOf(normalizeEvent(input))).toBe(customer);
	});

	it('keeps the connected account of a Connect event', () => {
		expect(normalizeEvent(CONNECT_CHARGE_SUCCEEDED)).toMatchObject({ account: 'acct_1Connected', livemode: true });
	});

	it('reads the connected account of a very old Connect event from user_id', () => {
		expect(normalizeEvent({ ...INVOICE_FAILED_2016, user_id: 'acct_Old' }).account).toBe('acct_Old');
	});

	it('keeps previous_attributes of an updated event', () => {
		expect(normalizeEvent(CUSTOMER_UPDATED_2023).previous).toEqual({ email: 'old@example.com' });
	});

	it.each([
		['customer.subscription.updated', 'subscription'],
		['charge.dispute.created', 'dispute'],
		['charge.refund.updated', 'refund'],
		['checkout.session.completed', 'checkout.session'],
		['radar.early_fraud_warning.created', 'radar.early_fraud_warning'],
	])('derives the object type of a %s event without data.object.object: %s', (type, objectType) => {
		expect(normalizeEvent({ id: 'evt_1', object: 'event', type, data: { object: { id: 'x_1' } } }).objectType).toBe(
			objectType,
		);
	});

	it('reads only the data member when the event type is known from elsewhere', () => {
		const event = normalizeEvent(
			{ object: { id: 'ch_1', object: 'charge', livemode: true }, previous_attributes: { amount: 1 } },
			'charge.updated',
		);
		expect(event).toMatchObject({ type: 'charge.updated', objectId: 'ch_1', livemode: true, previous: { amount: 1 } });
	});
});

describe('normalizeEvent with thin events', () => {
	it('recognises a v2.core.event and keeps what it carries', () => {
		expect(normalizeEvent(THIN_METER_EVENT)).toEqual({
			id: THIN_METER_EVENT.id,
			type: 'v1.billing.meter.error_report_triggered',
			created: Date.parse('2026-01-15T11:59:00.000Z') / 1000,
			livemode: false,
			account: 'acct_1ThinContext',
			thin: true,
			object: {},
			objectId: 'mtr_test_61R9Ijk8dJ',
			objectType: 'billing.meter',
			related: { id: 'mtr_test_61R9Ijk8dJ', type: 'billing.meter', url: '/v1/billing/meters/mtr_test_61R9Ijk8dJ' },
			requestId: 'req_Thin',
		});
	});

	it('accepts a thin event without related_object', () => {
		const input: Record<string, unknown> = { ...THIN_METER_EVENT };
		delete input.related_object;
		expect(normalizeEvent(input)).toMatchObject({ thin: true, related: undefined, objectId: undefined });
	});
});

describe('normalizeEvent refuses what is not an event', () => {
	it.each([
		['an array', [], /got an array/],
		['a string', 'evt_123', /got a string/],
		['null', null, /got null/],
		['undefined', undefined, /got nothing/],
		['a number', 42, /got a number/],
		['a charge object', { id: 'ch_1', object: 'charge', amount: 100 }, /got a "charge" object.*whole event/],
		['an event without type', { id: 'evt_1', object: 'event', data: { object: {} } }, /"type" is missing/],
		[
			'an event without data',
			{ id: 'evt_1', object: 'event', type: 'invoice.paid' },
			/"data\.object" is missing in the invoice\.paid event/,
		],
		[
			'an event with data.object null',
			{ id: 'evt_1', object: 'event', type: 'invoice.paid', data: { object: null } },
			/"data\.object" is missing/,
		],
		['a thin event without type', { id: 'evt_1', object: 'v2.core.event' }, /thin event needs "id" and "type"/],
		['a data member without a type', { object: { id: 'ch_1', object: 'charge' } }, /only the "data" part.*whole event/],
	])('throws InvalidEventError with a readable message for %s', (_case, input, message) => {
		expect(() => normalizeEvent(input)).toThrow(InvalidEventError);
		expect(() => normalizeEvent(input)).toThrow(message);
	});
});

describe('idOf and pathValue', () => {
	it.each([
		['cus_1', 'cus_1'],
		[{ id: 'cus_1', object: 'customer' }, 'cus_1'],
		['', undefined],
		[null, undefined],
		[42, undefined],
		[{ object: 'customer' }, undefined],
	])('idOf(%p) is %p', (value, expected) => {
		expect(idOf(value)).toBe(expected);
	});

	it.each([
		[['payments', 'data', '0', 'payment', 'payment_intent'], 'pi_Basil'],
		[['parent', 'subscription_details', 'subscription'], 'sub_Basil'],
		[['payments', 'data', '5', 'payment'], undefined],
		[['amount_due', 'nested'], undefined],
		[['missing', 'deeper'], undefined],
	])('pathValue follows %p to %p', (path, expected) => {
		expect(pathValue(INVOICE_FAILED_BASIL.data.object, path)).toBe(expected);
	});
});

describe('normalizeEvent error messages', () => {
	it('shows a value from the input scrubbed, on one line and short', () => {
		const attempt = () =>
			normalizeEvent({ object: `card 4242 4242 4242 4242 \u001b[2J\n${'x'.repeat(500)}`, type: 'charge.failed' });
		expect(attempt).toThrow(InvalidEventError);
		expect(attempt).toThrow(/^Expected a Stripe event, got a "card \[card number removed\] \[2J x+…" object/);
	});
});
