import { dashboardUrl, eventDashboardUrl } from '../../src/core/links';

describe('dashboardUrl', () => {
	it.each([
		['invoice', 'in_1', true, undefined, 'https://dashboard.stripe.com/invoices/in_1'],
		['invoice', 'in_1', false, undefined, 'https://dashboard.stripe.com/test/invoices/in_1'],
		['payment_intent', 'pi_1', true, undefined, 'https://dashboard.stripe.com/payments/pi_1'],
		['charge', 'ch_1', false, undefined, 'https://dashboard.stripe.com/test/payments/ch_1'],
		['dispute', 'du_1', true, undefined, 'https://dashboard.stripe.com/disputes/du_1'],
		['customer', 'cus_1', true, undefined, 'https://dashboard.stripe.com/customers/cus_1'],
		['subscription', 'sub_1', false, undefined, 'https://dashboard.stripe.com/test/subscriptions/sub_1'],
		['payout', 'po_1', true, undefined, 'https://dashboard.stripe.com/payouts/po_1'],
		['event', 'evt_1', true, undefined, 'https://dashboard.stripe.com/events/evt_1'],
		['invoice', 'in_1', true, 'acct_1Conn', 'https://dashboard.stripe.com/acct_1Conn/invoices/in_1'],
		['charge', 'ch_1', false, 'acct_1Conn', 'https://dashboard.stripe.com/acct_1Conn/test/payments/ch_1'],
		['account', 'acct_1Conn', true, 'acct_1Conn', 'https://dashboard.stripe.com/connect/accounts/acct_1Conn'],
	])('links a %s %s (livemode %p, account %p) to %s', (objectType, objectId, livemode, account, expected) => {
		expect(dashboardUrl({ objectType, objectId, livemode, account })).toBe(expected);
	});

	it.each([
		['an unknown type', 'v2.core.event_destination', 'ed_1'],
		['an empty type', '', 'in_1'],
		['a missing type', undefined, 'in_1'],
		['a type from Object.prototype', 'constructor', 'in_1'],
		['a missing id', 'invoice', undefined],
		['an empty id', 'invoice', ''],
	])('gives no link for %s', (_case, objectType, objectId) => {
		expect(dashboardUrl({ objectType, objectId, livemode: true })).toBeUndefined();
	});

	it.each([
		'in_1/../../settings',
		'in_1?x=1',
		'in_1#x',
		'in 1',
		'in_1%2F',
		'https://evil.example',
		'in_1>|<',
		'in_1\n',
	])('refuses the id %p with unsafe characters', (objectId) => {
		expect(dashboardUrl({ objectType: 'invoice', objectId, livemode: true })).toBeUndefined();
	});

	it.each(['acct_1/../x', 'acct_1?x', 'evil.example/'])(
		'refuses a Connect account id %p instead of linking outside the account',
		(account) => {
			expect(dashboardUrl({ objectType: 'invoice', objectId: 'in_1', livemode: true, account })).toBeUndefined();
		},
	);
});

describe('eventDashboardUrl', () => {
	it.each([
		[{ id: 'evt_1', livemode: true }, 'https://dashboard.stripe.com/events/evt_1'],
		[{ id: 'evt_1', livemode: false }, 'https://dashboard.stripe.com/test/events/evt_1'],
		[{ id: 'evt_1', livemode: false, account: 'acct_9' }, 'https://dashboard.stripe.com/acct_9/test/events/evt_1'],
		[{ id: 'evt_1/../x', livemode: true }, undefined],
	])('links the event %p to %p', (event, expected) => {
		expect(eventDashboardUrl(event)).toBe(expected);
	});
});
