import { FRAUD_BUILDERS } from '../../../src/core/messages/fraud';
import { PAYOUT_BUILDERS } from '../../../src/core/messages/payout';
import type { Expected } from './paymentTestKit';
import { build, expectMessage, fieldMap, loadEvent, visibleText } from './paymentTestKit';

const cases: Array<[string, Expected]> = [
	[
		'payout.paid__eur_bank',
		{
			title: 'Payout paid: €1,234.56',
			summary: '€1,234.56 sent · to STRIPE TEST BANK •••• 6789 · arrival Mar 11, 2026, 12:00 AM UTC',
			severity: 'success',
			category: 'other',
			threadKey: 'payout:po_1PaidEur0001',
			amount: { minor: 123456, currency: 'eur', text: '€1,234.56' },
			fields: {
				Arrival: 'Mar 11, 2026, 12:00 AM UTC',
				Destination: 'STRIPE TEST BANK •••• 6789',
				Method: 'Standard',
				Description: 'STRIPE PAYOUT',
			},
			absentFields: ['Failure', 'Message'],
			links: { 'Open payout': 'https://dashboard.stripe.com/test/payouts/po_1PaidEur0001' },
			actions: [],
		},
	],
	[
		'payout.failed__usd_connect',
		{
			title: 'Payout failed: $500.00',
			summary: 'The bank account has been closed. · ba_1FailedUsd0001',
			severity: 'critical',
			category: 'other',
			threadKey: 'payout:po_1FailedUsd0001',
			fields: {
				'Expected arrival': 'Mar 11, 2026, 12:00 AM UTC',
				Failure: 'Account closed (account_closed)',
				Message: 'The bank account has been closed.',
				Destination: 'ba_1FailedUsd0001',
			},
			links: {
				'Open payout': 'https://dashboard.stripe.com/acct_1ConnectUs0003/payouts/po_1FailedUsd0001',
				'View event': 'https://dashboard.stripe.com/acct_1ConnectUs0003/events/evt_1PayTest0034Fixture',
			},
			actions: [],
		},
	],
	[
		'payout.paid__jpy_instant',
		{
			title: 'Payout paid: ¥100,000',
			severity: 'success',
			category: 'other',
			threadKey: 'payout:po_1PaidJpy0001',
			amount: { minor: 100000, currency: 'jpy', text: '¥100,000' },
			fields: { Destination: 'Visa •••• 1881', Method: 'Instant', Type: 'Card' },
		},
	],
	[
		'radar.early_fraud_warning.created__usd_live',
		{
			title: 'Early fraud warning: Made with stolen card',
			summary:
				'The card issuer reports likely fraud (made with stolen card) · refund now to avoid a dispute and its fee',
			severity: 'critical',
			category: 'dispute',
			threadKey: 'payment_intent:pi_3WarningUsd0001',
			amount: null,
			fields: { 'Fraud type': 'Made with stolen card', Actionable: 'Yes', Charge: 'ch_3WarningUsd0001' },
			links: {
				'Open payment': 'https://dashboard.stripe.com/payments/ch_3WarningUsd0001',
				'View event': 'https://dashboard.stripe.com/events/evt_1PayTest0036Fixture',
			},
			actions: [{ id: 'refund.create', style: 'danger', objectId: 'ch_3WarningUsd0001', objectType: 'charge' }],
		},
	],
	[
		'radar.early_fraud_warning.created__not_actionable_connect_eur',
		{
			title: 'Early fraud warning: €50.00',
			summaryContains: ['not actionable'],
			severity: 'critical',
			category: 'dispute',
			threadKey: 'payment_intent:pi_3WarningEur0001',
			amount: { minor: 5000, currency: 'eur', text: '€50.00' },
			fields: { Actionable: 'No', 'Payment method': 'Mastercard •••• 5100', 'Payment intent': 'pi_3WarningEur0001' },
			links: { 'Open payment': 'https://dashboard.stripe.com/acct_1ConnectEu0001/test/payments/ch_3WarningEur0001' },
			actions: [],
		},
	],
	[
		'review.opened__rule_gbp',
		{
			title: 'Payment held for review',
			summary: 'Radar held ch_3ReviewGbp0001 for review · Radar rule · approve or refund it in the Dashboard',
			severity: 'warning',
			category: 'other',
			threadKey: 'payment_intent:pi_3ReviewGbp0001',
			fields: {
				Reason: 'Radar rule',
				'Opened by': 'Rule',
				Charge: 'ch_3ReviewGbp0001',
				'Payment intent': 'pi_3ReviewGbp0001',
			},
			links: { 'Open payment': 'https://dashboard.stripe.com/test/payments/ch_3ReviewGbp0001' },
			actions: [],
		},
	],
];

describe('payout and fraud messages', () => {
	it.each(cases)('%s', (fixture, expected) => {
		expectMessage(build(fixture), expected);
	});

	it('suggests refunding an early fraud warning, with a confirmation', () => {
		const [refund] = build('radar.early_fraud_warning.created__usd_live').actions;
		expect(refund.label).toBe('Refund to avoid dispute');
		expect(refund.confirm?.text).toBe(
			'Refunds the full amount of charge ch_3WarningUsd0001. A refunded payment cannot be disputed any more; this cannot be undone.',
		);
		expect(refund.ref).toMatchObject({ action: 'refund.create', objectId: 'ch_3WarningUsd0001', livemode: true });
	});

	it('names the amount in the refund confirmation when the charge is expanded', () => {
		const event = loadEvent('radar.early_fraud_warning.created__not_actionable_connect_eur');
		event.data.object.actionable = true;
		const [refund] = build(event).actions;
		expect(refund.confirm?.text).toContain('Refunds €50.00 of charge ch_3WarningEur0001.');
		expect(refund.ref.account).toBe('acct_1ConnectEu0001');
	});

	it('does not show the reviewed customer\u2019s IP address or postcode', () => {
		expect(visibleText(build('review.opened__rule_gbp', { redaction: 'off' }))).not.toMatch(/203\.0\.113\.7|SW1A/);
	});

	it.each([
		['a bank account without last4', { object: 'bank_account', bank_name: 'Example Bank' }, 'Example Bank'],
		['a bank account without a name', { object: 'bank_account', last4: '0000' }, 'Bank account •••• 0000'],
		['a missing destination', null, undefined],
	])('labels %s', (_case, destination, expected) => {
		const event = loadEvent('payout.paid__eur_bank');
		event.data.object.destination = destination;
		expect(fieldMap(build(event)).Destination).toBe(expected);
	});

	it('redacts free text on a payout', () => {
		const event = loadEvent('payout.failed__usd_connect');
		event.data.object.description = 'for ops@example.com';
		const message = build(event);
		expect(fieldMap(message).Description).toBe('for o***@example.com');
		expect(message.redactions).toEqual([{ field: 'description', kind: 'email' }]);
	});

	it.each([...Object.keys(PAYOUT_BUILDERS), ...Object.keys(FRAUD_BUILDERS)])(
		'%s tolerates a nearly empty object',
		(type) => {
			const message = build({
				id: 'evt_1MinimalOther',
				object: 'event',
				type,
				created: 1773100000,
				livemode: false,
				data: { object: { id: 'obj_1Minimal', charge: { id: 42 }, destination: 7, arrival_date: 'soon' } },
			});
			expect(message.kind).toBe(type);
			expect(visibleText(message)).not.toMatch(/undefined|NaN|null/);
		},
	);
});
