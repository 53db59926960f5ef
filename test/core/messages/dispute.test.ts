import { DISPUTE_BUILDERS } from '../../../src/core/messages/dispute';
import type { Expected } from './paymentTestKit';
import { build, expectMessage, fieldMap, loadEvent, NOW, visibleText } from './paymentTestKit';

const TEST = 'https://dashboard.stripe.com/test';
const LIVE = 'https://dashboard.stripe.com';
const DEADLINE = 'Mar 15, 2026, 11:59 PM UTC (in 5 days)';

const respondAndAccept = (id: string) => [
	{ id: 'dispute.respond', style: 'primary' as const, objectId: id, objectType: 'dispute' },
	{ id: 'dispute.accept', style: 'danger' as const, objectId: id, objectType: 'dispute' },
	// The team's buttons (issue 13): take it, escalate, ticket; no customer on a dispute, so no "contacted".
	{ id: 'alert.claim', objectId: id, objectType: 'dispute' },
	{ id: 'alert.escalate', objectId: id, objectType: 'dispute' },
	{ id: 'ticket.create', objectId: id, objectType: 'dispute' },
];

const cases: Array<[string, Expected]> = [
	[
		'charge.dispute.created__fraudulent_usd_live',
		{
			title: 'Dispute opened: $50.00',
			summary: `The customer disputed $50.00 (Fraudulent) · respond by ${DEADLINE}`,
			severity: 'critical',
			category: 'dispute',
			threadKey: 'dispute:du_1DisputeUsd0001',
			amount: { minor: 5000, currency: 'usd', text: '$50.00' },
			fields: {
				Amount: '$50.00',
				Reason: 'Fraudulent',
				Status: 'Needs response',
				'Evidence due': DEADLINE,
				Evidence: 'None yet',
				Charge: 'ch_3DisputeUsd0001',
				'Payment intent': 'pi_3DisputeUsd0001',
				'Payment method': 'Visa',
			},
			links: {
				'Open dispute': `${LIVE}/disputes/du_1DisputeUsd0001`,
				'Open payment': `${LIVE}/payments/ch_3DisputeUsd0001`,
				'View event': `${LIVE}/events/evt_1PayTest0001Fixture`,
			},
			actions: respondAndAccept('du_1DisputeUsd0001'),
		},
	],
	[
		'charge.dispute.created__inquiry_jpy_connect',
		{
			title: 'Inquiry opened: ¥5,000',
			summary: `The card issuer asks about ¥5,000 (Product not received) · respond by ${DEADLINE}`,
			severity: 'critical',
			category: 'dispute',
			threadKey: 'dispute:du_1InquiryJpy0001',
			amount: { minor: 5000, currency: 'jpy', text: '¥5,000' },
			fields: { Status: 'Inquiry, needs response', Reason: 'Product not received', 'Payment method': 'JCB' },
			links: {
				'Open dispute': 'https://dashboard.stripe.com/acct_1ConnectJp0001/test/disputes/du_1InquiryJpy0001',
				'Open payment': 'https://dashboard.stripe.com/acct_1ConnectJp0001/test/payments/ch_3InquiryJpy0001',
			},
			actions: respondAndAccept('du_1InquiryJpy0001'),
		},
	],
	[
		'charge.dispute.created__legacy_2017_expanded_charge_gbp',
		{
			title: 'Dispute opened: £25.99',
			summary:
				'The customer disputed £25.99 (Credit not processed) · response deadline Mar 6, 2026, 11:59 PM UTC (past due)',
			severity: 'critical',
			category: 'dispute',
			threadKey: 'dispute:dp_1LegacyGbp0001',
			amount: { minor: 2599, currency: 'gbp', text: '£25.99' },
			fields: {
				'Evidence due': 'Mar 6, 2026, 11:59 PM UTC (past due)',
				Evidence: 'None yet',
				Charge: 'ch_1LegacyGbp0001',
				'Payment method': 'Mastercard •••• 4444',
			},
			absentFields: ['Payment intent'],
			links: { 'Open payment': `${TEST}/payments/ch_1LegacyGbp0001` },
			actions: [],
		},
	],
	[
		'charge.dispute.updated__under_review_eur',
		{
			title: 'Dispute updated: €50.00',
			summary: 'Status changed from Needs response to Under review',
			severity: 'info',
			category: 'dispute',
			threadKey: 'dispute:du_1DisputeEur0001',
			fields: { Status: 'Under review', Evidence: 'Submitted once', Reason: 'Product unacceptable' },
			absentFields: ['Evidence due'],
			actions: [],
		},
	],
	[
		'charge.dispute.updated__past_due_krw',
		{
			title: 'Dispute updated: ₩75,000',
			summaryContains: ['Subscription canceled', 'past due'],
			severity: 'warning',
			category: 'dispute',
			threadKey: 'dispute:du_1DisputeKrw0001',
			amount: { minor: 75000, currency: 'krw', text: '₩75,000' },
			fields: { 'Evidence due': 'Mar 8, 2026, 11:59 PM UTC (past due)', Evidence: 'Saved, not submitted' },
			actions: [],
		},
	],
	[
		'charge.dispute.closed__won_eur',
		{
			title: 'Dispute won: €50.00',
			summary: 'Dispute over €50.00 (Product unacceptable) closed in your favour',
			severity: 'success',
			category: 'dispute',
			threadKey: 'dispute:du_1DisputeEur0001',
			fields: { Outcome: 'Won' },
			absentFields: ['Status', 'Evidence due', 'Evidence'],
			links: { 'Open dispute': `${TEST}/disputes/du_1DisputeEur0001` },
			actions: [],
		},
	],
	[
		'charge.dispute.closed__lost_bhd_connect',
		{
			title: 'Dispute lost: BHD\u00a012.340',
			summary: 'Dispute over BHD\u00a012.340 (Duplicate) closed against you: the amount stays with the customer',
			severity: 'warning',
			category: 'dispute',
			threadKey: 'dispute:du_1DisputeBhd0001',
			amount: { minor: 12340, currency: 'bhd', text: 'BHD\u00a012.340' },
			fields: { Outcome: 'Lost' },
			links: {
				'Open dispute': 'https://dashboard.stripe.com/acct_1ConnectBh0001/disputes/du_1DisputeBhd0001',
				'Open payment': 'https://dashboard.stripe.com/acct_1ConnectBh0001/payments/ch_3DisputeBhd0001',
			},
			actions: [],
		},
	],
	[
		'charge.dispute.closed__inquiry_closed_gbp',
		{
			title: 'Inquiry closed: £15.00',
			summary: 'Inquiry about £15.00 (General) closed without becoming a chargeback',
			severity: 'info',
			category: 'dispute',
			threadKey: 'dispute:du_1InquiryGbp0001',
			fields: { Outcome: 'Inquiry closed' },
			actions: [],
		},
	],
	[
		'charge.dispute.funds_withdrawn__gbp',
		{
			title: 'Dispute funds withdrawn: £45.00',
			summary: '£45.00 withdrawn from your balance while the dispute is open · net -£65.00 with the dispute fee',
			severity: 'critical',
			category: 'dispute',
			threadKey: 'dispute:du_1DisputeGbp0001',
			fields: { 'Balance change': '-£45.00 (fee £20.00, net -£65.00)', Reason: 'Unrecognized' },
			actions: [],
		},
	],
	[
		'charge.dispute.funds_reinstated__usd',
		{
			title: 'Dispute funds reinstated: $250.00',
			summary: '$250.00 returned to your balance · net $265.00',
			severity: 'success',
			category: 'dispute',
			threadKey: 'dispute:du_1DisputeUsd0002',
			fields: { 'Balance change': '$250.00 (fee refunded $15.00, net $265.00)', Outcome: 'Won' },
			actions: [],
		},
	],
];

describe('dispute messages', () => {
	it.each(cases)('%s', (fixture, expected) => {
		expectMessage(build(fixture), expected);
	});

	it.each([
		['fraudulent', 'Fraudulent'],
		['product_not_received', 'Product not received'],
		['product_unacceptable', 'Product unacceptable'],
		['subscription_canceled', 'Subscription canceled'],
		['credit_not_processed', 'Credit not processed'],
		['bank_cannot_process', 'Bank cannot process'],
		['unrecognized', 'Unrecognized'],
		['duplicate', 'Duplicate'],
	])('shows reason %s as "%s"', (reason, readable) => {
		const event = loadEvent('charge.dispute.created__fraudulent_usd_live');
		event.data.object.reason = reason;
		const message = build(event);
		expect(fieldMap(message).Reason).toBe(readable);
		expect(message.summary).toContain(`(${readable})`);
	});

	it.each([
		['needs_response', 'Needs response', 'warning', 5],
		['warning_needs_response', 'Inquiry, needs response', 'warning', 5],
		['under_review', 'Under review', 'info', 0],
		['warning_under_review', 'Inquiry under review', 'info', 0],
	])('an update with status %s reads "%s" (%s, %i buttons)', (status, label, severity, buttons) => {
		const event = loadEvent('charge.dispute.updated__under_review_eur');
		event.data.object.status = status;
		const message = build(event);
		expect(fieldMap(message).Status).toBe(label);
		expect(message.severity).toBe(severity);
		expect(message.actions).toHaveLength(buttons);
	});

	it.each([
		['five days before', NOW, 'in 5 days', 5],
		['one day before', Date.UTC(2026, 2, 14, 23, 59, 59), 'tomorrow', 5],
		['after the deadline', Date.UTC(2026, 2, 16), 'past due', 0],
	])('counts the evidence deadline %s', (_when, now, relative, buttons) => {
		const message = build('charge.dispute.created__fraudulent_usd_live', { now: () => now });
		expect(fieldMap(message)['Evidence due']).toBe(`Mar 15, 2026, 11:59 PM UTC (${relative})`);
		// Evidence cannot be sent after the deadline: the buttons would only fail.
		expect(message.actions).toHaveLength(buttons);
	});

	it('accepting asks for confirmation within Slack limits', () => {
		const accept = build('charge.dispute.created__fraudulent_usd_live').actions.find((a) => a.id === 'dispute.accept');
		expect(accept?.confirm).toEqual({
			title: 'Accept this dispute?',
			text: 'Accepting closes the dispute as lost: $50.00 stays with the customer and no evidence can be sent afterwards. This cannot be undone.',
			confirm: 'Accept dispute',
			deny: 'Cancel',
		});
		expect(accept?.confirm?.text.length).toBeLessThanOrEqual(300);
		expect(accept?.ref).toMatchObject({ livemode: true, eventId: 'evt_1PayTest0001Fixture' });
	});

	it('shows the deadline in the configured time zone and locale', () => {
		const message = build('charge.dispute.created__fraudulent_usd_live', {
			locale: 'de-DE',
			timeZone: 'Europe/Berlin',
		});
		expect(message.amount?.text).toBe('50,00\u00a0$');
		expect(fieldMap(message)['Evidence due']).toBe('16. März 2026, 00:59 MEZ (in 5 Tagen)');
	});

	it('offers no buttons without a signing secret', () => {
		const message = build('charge.dispute.created__fraudulent_usd_live', { actionSecret: undefined });
		expect(message.actions).toEqual([]);
	});

	it.each(Object.keys(DISPUTE_BUILDERS))('%s tolerates a nearly empty dispute', (type) => {
		const message = build({
			id: 'evt_1MinimalDispute',
			object: 'event',
			type,
			created: 1773100000,
			livemode: false,
			data: {
				object: { id: 'du_1Minimal', object: 'dispute', evidence_details: null, balance_transactions: [null, 'txn_1'] },
			},
		});
		expect(message.kind).toBe(type);
		expect(message.category).toBe('dispute');
		expect(message.threadKey).toBe('dispute:du_1Minimal');
		expect(message.amount).toBeUndefined();
		expect(visibleText(message)).not.toMatch(/undefined|NaN|null/);
	});
});
