import { paymentFailureLookupTarget } from '../../../src/core/messages/invoice';
import { normalizeEvent } from '../../../src/core/normalize';
import { verifyActionValue } from '../../../src/core/signedValue';
import type { ChatMessage, PaymentFailureLookup } from '../../../src/core/types';
import {
	ACTION_SECRET,
	expectWithinBudget,
	fieldValue,
	fixtureNames,
	linkUrl,
	loadEvent,
	NOW_MS,
	plainSpaces,
	render,
	renderFixture,
	TEST_DASHBOARD,
	variantOf,
	visibleText,
} from './billingFixtures';

const HOSTED_TEST_URL = 'https://invoice.stripe.com/i/acct_1TestAccount/test_YWNjdF8xVGVzdA';

function actionSummary(message: ChatMessage): string[] {
	return message.actions.map((action) => `${action.id} ${action.ref.objectType}:${action.ref.objectId}`);
}

describe('invoice messages: every fixture', () => {
	it.each(fixtureNames('invoice.'))('%s gets its curated message within the size budget', (name) => {
		const event = loadEvent(name);
		const message = renderFixture(name);
		expect(message.kind).toBe(event.type);
		expectWithinBudget(message);
		expect(visibleText(message)).not.toMatch(/[A-Za-z0-9._%+-]{2,}@example\.com/);
	});
});

describe('invoice.payment_failed', () => {
	it.each([
		{
			name: 'invoice.payment_failed__2016-07-06',
			severity: 'warning',
			reason: 'reason not included in the event',
			whatToDo: undefined,
			attempts: '1',
			nextRetry: 'Jun 12, 2026, 12:13 PM UTC (in 3 days)',
			card: undefined,
			customer: 'cus_9TestOld2016Aa',
			invoice: 'in_18TestPf2016Aa',
			amount: '$20.00',
			subscription: 'sub_9TestOld2016Aa',
			billingReason: undefined,
			payment: `${TEST_DASHBOARD}/payments/ch_18TestOld2016Aa`,
		},
		{
			name: 'invoice.payment_failed__2020-08-27_expanded_charge',
			severity: 'warning',
			reason: 'Insufficient funds',
			whatToDo:
				"Soft decline (insufficient_funds): Wait for Stripe's next retry; if it fails too, ask the customer to top up or use another card.",
			attempts: '2',
			nextRetry: 'Jun 12, 2026, 12:13 PM UTC (in 3 days)',
			card: 'Visa •••• 4242',
			customer: 'Jane Doe (j***@example.com)',
			invoice: 'ACME-0042',
			amount: '€49.00',
			subscription: 'sub_1TestPro2020Aa',
			billingReason: 'Subscription cycle',
			payment: `${TEST_DASHBOARD}/payments/pi_3TestPf2020Aa`,
		},
		{
			name: 'invoice.payment_failed__2020-08-27_final_attempt',
			severity: 'critical',
			reason: 'Card expired',
			whatToDo: 'Hard decline (expired_card): Ask the customer to update the card: its expiry date has passed.',
			attempts: '4',
			nextRetry: 'no more automatic retries',
			card: 'Mastercard •••• 4444',
			customer: 's***@example.com',
			invoice: 'ACME-0043',
			amount: '£19.99',
			subscription: 'sub_1TestSam2020Aa',
			billingReason: 'Subscription cycle',
			payment: `${TEST_DASHBOARD}/payments/pi_3TestPfFinal2020`,
		},
		{
			name: 'invoice.payment_failed__2025-03-31.basil',
			severity: 'warning',
			reason: 'reason not included in the event',
			whatToDo: undefined,
			attempts: '1',
			nextRetry: 'Jun 10, 2026, 10:13 AM UTC (in 24 hours)',
			card: undefined,
			customer: 'Taro Yamada (t***@example.com)',
			invoice: 'JP-0007',
			amount: '¥5,000',
			subscription: 'sub_1TestBasilAaaa',
			billingReason: 'Subscription cycle',
			payment: `${TEST_DASHBOARD}/payments/pi_3TestBasilAaaa`,
		},
		{
			name: 'invoice.payment_failed__2026-01-28.clover',
			severity: 'warning',
			reason: 'The bank declined without giving a reason',
			whatToDo:
				"Soft decline (generic_decline): Wait for Stripe's next retry; if it fails too, send the dunning e-mail.",
			attempts: '1',
			nextRetry: 'Jun 14, 2026, 10:13 AM UTC (in 5 days)',
			card: 'American Express •••• 0005',
			customer: 'Layla Haddad (l***@example.com)',
			invoice: 'BH-0001',
			amount: 'BHD\u00a012.340',
			subscription: undefined,
			billingReason: 'Manual',
			payment: 'https://dashboard.stripe.com/acct_1TestConnected/payments/ch_3TestCloverAaaa',
		},
	])('$name: reason (once), what to do, attempts, retry, card, customer and links', (expected) => {
		const message = renderFixture(expected.name);
		const invoiceId = loadEvent(expected.name).data.object.id as string;
		expect(message).toMatchObject({
			kind: 'invoice.payment_failed',
			category: 'paymentFailed',
			severity: expected.severity,
			title: `Invoice payment failed: ${expected.amount}`,
			threadKey: `invoice:${invoiceId}`,
			objectId: invoiceId,
		});
		expect(message.summary).toContain(` · ${expected.reason} · `);
		expect(visibleText(message).split(expected.reason)).toHaveLength(2);
		expect(fieldValue(message, 'What to do')).toBe(expected.whatToDo);
		expect(fieldValue(message, 'Attempts')).toBe(expected.attempts);
		expect(plainSpaces(fieldValue(message, 'Next retry'))).toBe(expected.nextRetry);
		expect(fieldValue(message, 'Card')).toBe(expected.card);
		expect(fieldValue(message, 'Customer')).toBe(expected.customer);
		expect(fieldValue(message, 'Invoice')).toBe(expected.invoice);
		expect(fieldValue(message, 'Amount due')).toBe(expected.amount);
		expect(fieldValue(message, 'Subscription')).toBe(expected.subscription);
		expect(fieldValue(message, 'Billing reason')).toBe(expected.billingReason);
		expect(message.amount?.text).toBe(expected.amount);
		expect(linkUrl(message, 'Open payment')).toBe(expected.payment);
		expect(message.summary).toContain(`Attempt ${expected.attempts} failed`);
	});

	it('says when Stripe will not retry and makes the alert critical', () => {
		const message = renderFixture('invoice.payment_failed__2020-08-27_final_attempt');
		expect(message.severity).toBe('critical');
		expect(message.summary).toContain('no more automatic retries');
	});

	it('links the invoice, the hosted page, the customer and the subscription', () => {
		const message = renderFixture('invoice.payment_failed__2020-08-27_expanded_charge');
		expect(message.links).toEqual([
			{ label: 'Open invoice', url: `${TEST_DASHBOARD}/invoices/in_1TestPf2020Aa` },
			{ label: 'Hosted invoice page', url: HOSTED_TEST_URL },
			{ label: 'Open payment', url: `${TEST_DASHBOARD}/payments/pi_3TestPf2020Aa` },
			{ label: 'Open customer', url: `${TEST_DASHBOARD}/customers/cus_TestJane2020Aa` },
			{ label: 'Open subscription', url: `${TEST_DASHBOARD}/subscriptions/sub_1TestPro2020Aa` },
			{ label: 'View event', url: `${TEST_DASHBOARD}/events/evt_1TestPfCharge2020` },
		]);
	});

	it('offers retry (primary), a dunning e-mail, a customer summary and the team buttons, each signed', () => {
		const message = renderFixture('invoice.payment_failed__2020-08-27_expanded_charge');
		expect(actionSummary(message)).toEqual([
			'invoice.retry invoice:in_1TestPf2020Aa',
			'invoice.send invoice:in_1TestPf2020Aa',
			'customer.summary customer:cus_TestJane2020Aa',
			'alert.claim invoice:in_1TestPf2020Aa',
			'customer.contacted customer:cus_TestJane2020Aa',
			'alert.escalate invoice:in_1TestPf2020Aa',
			'ticket.create invoice:in_1TestPf2020Aa',
		]);
		expect(message.actions.map((action) => [action.label, action.style])).toEqual([
			['Retry payment', 'primary'],
			['Send dunning e-mail', undefined],
			['Customer summary', undefined],
			['Take it', undefined],
			['Customer contacted', undefined],
			['Escalate', undefined],
			['Create ticket', undefined],
		]);
		for (const action of message.actions) {
			expect(verifyActionValue(action.value as string, { secret: ACTION_SECRET })).toMatchObject({
				action: action.id,
				objectId: action.ref.objectId,
			});
		}
	});

	it.each(['paid', 'void', 'uncollectible'])('offers no retry for an invoice that is already %s', (status) => {
		const message = render(variantOf('invoice.payment_failed__2020-08-27_expanded_charge', { status }));
		expect(actionSummary(message)).toEqual(['customer.summary customer:cus_TestJane2020Aa']);
	});

	it('has no buttons when no action secret is configured', () => {
		const message = renderFixture('invoice.payment_failed__2020-08-27_expanded_charge', { actionSecret: undefined });
		expect(message.actions).toEqual([]);
	});

	it('falls back to the expanded PaymentIntent error, then to last_finalization_error', () => {
		const fromPaymentIntent = render(
			variantOf('invoice.payment_failed__2020-08-27_expanded_charge', {
				charge: 'ch_3TestPf2020Aa',
				payment_intent: {
					id: 'pi_3TestPf2020Aa',
					object: 'payment_intent',
					last_payment_error: {
						code: 'card_declined',
						decline_code: 'do_not_honor',
						message: 'Your card was declined.',
					},
				},
			}),
		);
		expect(fromPaymentIntent.summary).toContain('The bank declined without giving a reason');
		expect(fieldValue(fromPaymentIntent, 'What to do')).toMatch(/^Soft decline \(do_not_honor\): /);
		const fromFinalization = render(
			variantOf('invoice.payment_failed__2020-08-27_expanded_charge', {
				charge: 'ch_3TestPf2020Aa',
				last_finalization_error: {
					code: 'payment_method_unactivated',
					message: 'The payment method is not activated.',
				},
			}),
		);
		expect(fromFinalization.summary).toContain('The payment method is not activated. (payment_method_unactivated)');
		expect(fieldValue(fromFinalization, 'What to do')).toBeUndefined();
	});

	it('treats a missing next_payment_attempt as unknown, not as the last attempt', () => {
		const event = loadEvent('invoice.payment_failed__2020-08-27_expanded_charge');
		delete event.data.object.next_payment_attempt;
		const message = render(event);
		expect(message.severity).toBe('warning');
		expect(fieldValue(message, 'Next retry')).toBeUndefined();
	});
});

describe('invoice.payment_failed with the failure looked up at Stripe', () => {
	const BASIL = 'invoice.payment_failed__2025-03-31.basil';
	const OLD = 'invoice.payment_failed__2016-07-06';
	const insufficientFunds: PaymentFailureLookup = {
		lookedUp: 'found',
		code: 'card_declined',
		declineCode: 'insufficient_funds',
		message: 'Your card has insufficient funds.',
		outcomeType: 'issuer_declined',
		networkStatus: 'declined_by_network',
	};

	it.each([BASIL, OLD])('%s: shows the looked-up reason once, its class and what to do', (name) => {
		const message = renderFixture(name, { paymentFailure: insufficientFunds });
		expect(message.summary).toMatch(/^Attempt 1 failed · Insufficient funds · next retry in /);
		expect(visibleText(message).split('Insufficient funds')).toHaveLength(2);
		expect(visibleText(message)).not.toContain('reason not included');
		expect(fieldValue(message, 'What to do')).toBe(
			"Soft decline (insufficient_funds): Wait for Stripe's next retry; if it fails too, ask the customer to top up or use another card.",
		);
		expectWithinBudget(message);
	});

	it.each([
		[
			{ lookedUp: 'found', code: 'card_declined', declineCode: 'stolen_card' },
			'Card reported stolen',
			/^Hard decline \(stolen_card\): Do not retry/,
		],
		[
			{ lookedUp: 'found', code: 'expired_card' },
			'Card expired',
			/^Hard decline \(expired_card\): Ask the customer to update the card/,
		],
		[
			{ lookedUp: 'found', code: 'card_declined', declineCode: 'fraudulent', outcomeType: 'blocked' },
			'Blocked by Stripe Radar as likely fraud',
			/^Hard decline \(fraudulent\): Review the payment/,
		],
		[
			{ lookedUp: 'found', code: 'card_declined', declineCode: 'try_again_later' },
			'The bank asked to try again later',
			/^Soft decline \(try_again_later\): Wait for Stripe's next retry/,
		],
	] as Array<[PaymentFailureLookup, string, RegExp]>)('%j → %s', (paymentFailure, reason, advice) => {
		const message = renderFixture(BASIL, { paymentFailure });
		expect(message.summary).toContain(` · ${reason} · `);
		expect(fieldValue(message, 'What to do')).toMatch(advice);
	});

	it('says a soft decline may succeed on a retry when Stripe will not retry by itself', () => {
		const event = variantOf(BASIL, { next_payment_attempt: null });
		const message = render(event, { paymentFailure: insufficientFunds });
		expect(message.severity).toBe('critical');
		expect(fieldValue(message, 'What to do')).toBe(
			'Soft decline (insufficient_funds): Ask the customer to top up or to use another card, then retry.',
		);
	});

	it('shows the scrubbed message and its codes for a code the table does not know', () => {
		const message = renderFixture(BASIL, {
			paymentFailure: {
				lookedUp: 'found',
				code: 'card_declined',
				declineCode: 'brand_new_code',
				message: 'Declined for jane@example.com.',
			},
		});
		expect(message.summary).toContain(' · Declined for j***@example.com. (card_declined, brand_new_code) · ');
		expect(fieldValue(message, 'What to do')).toBeUndefined();
		expect(message.redactions).toContainEqual({ field: 'last_payment_error.message', kind: 'email' });
	});

	it.each([
		[{ lookedUp: 'failed', cause: 'Stripe answered 500' }, 'failed (Stripe answered 500)'],
		[{ lookedUp: 'timeout', cause: 'no answer within 2 s' }, 'failed (no answer within 2 s)'],
	] as Array<[PaymentFailureLookup, string]>)(
		'says when the look-up %j found nothing, once, and still alerts',
		(paymentFailure, said) => {
			const message = renderFixture(BASIL, { paymentFailure });
			expect(message.kind).toBe('invoice.payment_failed');
			expect(message.summary).toContain(
				`Attempt 1 failed · reason not included in the event; looking it up at Stripe ${said} · `,
			);
			expect(visibleText(message).split('reason not included')).toHaveLength(2);
			expect(fieldValue(message, 'What to do')).toBeUndefined();
			expect(message.actions.map((action) => action.id)).toContain('invoice.retry');
		},
	);

	it('lets the event speak when it already says why', () => {
		const message = renderFixture('invoice.payment_failed__2020-08-27_final_attempt', {
			paymentFailure: { lookedUp: 'found', code: 'card_declined', declineCode: 'insufficient_funds' },
		});
		expect(message.summary).toContain(' · Card expired · ');
		expect(visibleText(message)).not.toContain('Insufficient funds');
	});

	it('is not read by any other message', () => {
		const message = renderFixture('invoice.paid__2025-03-31.basil_subscription', { paymentFailure: insufficientFunds });
		expect(visibleText(message)).not.toContain('Insufficient funds');
	});
});

describe('what Payment Alert looks up for a failed invoice', () => {
	const targetOf = (event: unknown) => paymentFailureLookupTarget(normalizeEvent(event));

	it.each([
		[
			'invoice.payment_failed__2025-03-31.basil',
			{ invoiceId: 'in_1TestPfBasilAaaa', paymentIntentId: 'pi_3TestBasilAaaa' },
		],
		['invoice.payment_failed__2016-07-06', { invoiceId: 'in_18TestPf2016Aa', chargeId: 'ch_18TestOld2016Aa' }],
	])('%s says no reason: look up %j', (name, target) => {
		expect(targetOf(loadEvent(name))).toEqual(target);
	});

	it('looks up by the invoice alone when a basil event lists no payments', () => {
		const event = loadEvent('invoice.payment_failed__2025-03-31.basil');
		delete event.data.object.payments;
		expect(targetOf(event)).toEqual({ invoiceId: 'in_1TestPfBasilAaaa' });
	});

	it('takes the newest unpaid payment of the listed ones', () => {
		const payment = (id: string, created: number, status: string) => ({
			id: `inpay_${id}`,
			object: 'invoice_payment',
			created,
			status,
			payment: { type: 'payment_intent', payment_intent: `pi_${id}` },
		});
		const event = variantOf('invoice.payment_failed__2025-03-31.basil', {
			payments: {
				object: 'list',
				data: [payment('older', 100, 'open'), payment('paid', 300, 'paid'), payment('newest', 200, 'open')],
			},
		});
		expect(targetOf(event)?.paymentIntentId).toBe('pi_newest');
	});

	it('looks up the old top-level PaymentIntent id', () => {
		const event = variantOf('invoice.payment_failed__2020-08-27_expanded_charge', {
			charge: null,
			payment_intent: 'pi_3TestPf2020Aa',
		});
		expect(targetOf(event)).toEqual({ invoiceId: 'in_1TestPf2020Aa', paymentIntentId: 'pi_3TestPf2020Aa' });
	});

	it.each([
		'invoice.payment_failed__2020-08-27_expanded_charge',
		'invoice.payment_failed__2026-01-28.clover',
		'invoice.paid__2025-03-31.basil_subscription',
		'payment_intent.payment_failed__card_declined_eur',
	])('%s needs no look-up', (name) => {
		expect(targetOf(loadEvent(name))).toBeUndefined();
	});
});

describe('invoices before and after 2025-03-31.basil', () => {
	it.each([
		['invoice.payment_failed__2016-07-06', 'sub_9TestOld2016Aa', 'charge:ch_18TestOld2016Aa'],
		['invoice.payment_failed__2020-08-27_expanded_charge', 'sub_1TestPro2020Aa', 'payment_intent:pi_3TestPf2020Aa'],
		['invoice.payment_failed__2025-03-31.basil', 'sub_1TestBasilAaaa', 'payment_intent:pi_3TestBasilAaaa'],
		['invoice.paid__2025-03-31.basil_subscription', 'sub_1TestBasilAaaa', 'payment_intent:pi_3TestPaidBasilAa'],
		['invoice.paid__2026-01-28.clover_billing_reason_only', undefined, 'charge:ch_3TestPaidCloverA'],
		['invoice.payment_failed__2026-01-28.clover', undefined, 'charge:ch_3TestCloverAaaa'],
	])('%s: subscription %s, payment %s', (name, subscription, payment) => {
		const event = loadEvent(name);
		const message = renderFixture(name);
		expect(fieldValue(message, 'Subscription')).toBe(subscription);
		const [paymentType, paymentId] = payment.split(':');
		const paymentUrl = linkUrl(message, 'Open payment');
		expect(paymentUrl?.endsWith(`/payments/${paymentId}`)).toBe(true);
		if (event.type === 'invoice.paid') {
			expect(actionSummary(message)).toEqual([`refund.create ${paymentType}:${paymentId}`]);
		}
	});

	it('reads basil invoices without top-level charge, payment_intent, paid or subscription', () => {
		const invoice = loadEvent('invoice.payment_failed__2025-03-31.basil').data.object;
		for (const legacyKey of ['charge', 'payment_intent', 'paid', 'subscription'])
			expect(invoice).not.toHaveProperty(legacyKey);
	});

	it('uses the Connect account and live mode in every Dashboard link', () => {
		const message = renderFixture('invoice.payment_failed__2026-01-28.clover');
		expect(message.account).toBe('acct_1TestConnected');
		expect(linkUrl(message, 'Open invoice')).toBe(
			'https://dashboard.stripe.com/acct_1TestConnected/invoices/in_1TestPfCloverAa',
		);
		expect(linkUrl(message, 'Open customer')).toBe(
			'https://dashboard.stripe.com/acct_1TestConnected/customers/cus_TestCloverAaaa',
		);
	});
});

describe('an invoice with hundreds of lines', () => {
	const name = 'invoice.payment_failed__2020-08-27_300_lines';

	it('shows a count and the first three descriptions, never a field per line', () => {
		const event = loadEvent(name);
		expect((event.data.object.lines as { data: unknown[] }).data).toHaveLength(300);
		const message = renderFixture(name);
		expect(message.fields.length).toBeLessThanOrEqual(10);
		expect(fieldValue(message, 'Lines')).toBe('300 lines: Seat for j***@example.com; Seat 2; Seat 3; +297 more');
		expect(visibleText(message)).not.toContain('Seat 4');
		expect(message.redactions).toContainEqual({ field: 'lines.data[0].description', kind: 'email' });
	});

	it('counts from lines.total_count when Stripe sent only the first page', () => {
		const event = loadEvent(name);
		const lines = event.data.object.lines as { data: unknown[]; total_count: number; has_more: boolean };
		event.data.object.lines = { ...lines, data: lines.data.slice(0, 10), has_more: true, total_count: 300 };
		expect(fieldValue(render(event), 'Lines')).toBe('300 lines: Seat for j***@example.com; Seat 2; Seat 3; +297 more');
	});
});

describe('invoice.paid and invoice.payment_succeeded', () => {
	it.each([
		['invoice.paid__2020-08-27_one_time', 'One-time', '€50.00', 'ACME-0050', 'payment_intent:pi_3TestPaid2020Aa'],
		[
			'invoice.paid__2025-03-31.basil_subscription',
			'Subscription',
			'₩15,000',
			'KR-0015',
			'payment_intent:pi_3TestPaidBasilAa',
		],
		[
			'invoice.paid__2026-01-28.clover_billing_reason_only',
			'Subscription',
			'$25.00',
			'ACME-0101',
			'charge:ch_3TestPaidCloverA',
		],
		[
			'invoice.payment_succeeded__2016-07-06',
			'Subscription',
			'$20.00',
			'in_18TestPs2016Aa',
			'charge:ch_18TestOld2016Aa',
		],
	])('%s is tagged %s, paid %s', (name, tag, amount, invoiceLabel, refundTarget) => {
		const message = renderFixture(name);
		expect(message).toMatchObject({ category: 'invoicePaid', severity: 'success', title: `Invoice paid: ${amount}` });
		expect(fieldValue(message, 'Type')).toBe(tag);
		expect(fieldValue(message, 'Amount paid')).toBe(amount);
		expect(fieldValue(message, 'Invoice')).toBe(invoiceLabel);
		expect(message.summary).toContain(`Invoice ${invoiceLabel} · ${tag}`);
		expect(actionSummary(message)).toEqual([`refund.create ${refundTarget}`]);
		const refund = message.actions[0];
		expect(refund.style).toBe('danger');
		expect(refund.confirm?.text).toContain(amount);
	});

	it('has no refund button when nothing was paid', () => {
		const message = render(variantOf('invoice.paid__2020-08-27_one_time', { amount_paid: 0 }));
		expect(message.actions).toEqual([]);
	});
});

describe('invoice.payment_action_required', () => {
	it('asks the customer to authenticate on the hosted invoice page', () => {
		const message = renderFixture('invoice.payment_action_required__2020-08-27');
		expect(message).toMatchObject({
			category: 'paymentFailed',
			severity: 'warning',
			title: 'Customer must confirm payment: $129.00',
			threadKey: 'invoice:in_1TestAction2020Aa',
		});
		expect(message.summary).toContain('3D Secure');
		expect(linkUrl(message, 'Hosted invoice page')).toBe(HOSTED_TEST_URL);
		expect(actionSummary(message)).toEqual(['invoice.send invoice:in_1TestAction2020Aa']);
	});

	it.each(['javascript:alert(1)', 'http://invoice.example.com/pay', 'not a url'])(
		'does not turn %s into a link',
		(url) => {
			const message = render(variantOf('invoice.payment_action_required__2020-08-27', { hosted_invoice_url: url }));
			expect(linkUrl(message, 'Hosted invoice page')).toBeUndefined();
		},
	);
});

describe('invoice.finalization_failed', () => {
	it('shows the finalization error message and code', () => {
		const message = renderFixture('invoice.finalization_failed__2025-03-31.basil');
		expect(message).toMatchObject({
			category: 'other',
			severity: 'warning',
			title: 'Invoice could not be finalized: in_1TestFinalBasilA',
		});
		expect(fieldValue(message, 'Error')).toBe(
			"We could not determine the customer's tax location based on the provided customer address.",
		);
		expect(fieldValue(message, 'Error code')).toBe('customer_tax_location_invalid');
		expect(fieldValue(message, 'Parameter')).toBe('customer_address');
		expect(message.amount).toEqual({ minor: 9900, currency: 'usd', text: '$99.00' });
	});
});

describe('invoice.upcoming', () => {
	it('shows amount, charge date and subscription, threaded with the subscription (no invoice id yet)', () => {
		const message = renderFixture('invoice.upcoming__2020-08-27');
		expect(message).toMatchObject({
			category: 'other',
			severity: 'info',
			title: 'Upcoming invoice: $29.00 in 3 days',
			threadKey: 'subscription:sub_1TestUpcoming2020',
		});
		expect(plainSpaces(fieldValue(message, 'Charge date'))).toBe('Jun 12, 2026, 10:13 AM UTC (in 3 days)');
		expect(fieldValue(message, 'Subscription')).toBe('sub_1TestUpcoming2020');
		expect(fieldValue(message, 'Lines')).toBe('2 lines: 1 × Starter (at $19.00 / month); Extra storage');
		expect(linkUrl(message, 'Open invoice')).toBeUndefined();
	});

	it('falls back to period_end when there is no next payment attempt', () => {
		const message = render(variantOf('invoice.upcoming__2020-08-27', { next_payment_attempt: null }));
		expect(plainSpaces(fieldValue(message, 'Period ends'))).toBe('Jun 12, 2026, 10:13 AM UTC (in 3 days)');
	});
});

describe('amounts, locales and time zones', () => {
	it.each([
		['JPY', 'invoice.payment_failed__2025-03-31.basil', 5000, '¥5,000'],
		['KRW', 'invoice.paid__2025-03-31.basil_subscription', 15000, '₩15,000'],
		['BHD', 'invoice.payment_failed__2026-01-28.clover', 12340, 'BHD\u00a012.340'],
		['EUR', 'invoice.payment_failed__2020-08-27_expanded_charge', 4900, '€49.00'],
		['GBP', 'invoice.payment_failed__2020-08-27_final_attempt', 1999, '£19.99'],
		['USD', 'invoice.payment_failed__2020-08-27_300_lines', 450000, '$4,500.00'],
	])('%s: %s formats %d minor units as %s', (currency, name, minor, text) => {
		const message = renderFixture(name);
		expect(message.amount).toEqual({ minor, currency: currency.toLowerCase(), text });
		expect(message.title).toContain(text);
	});

	it.each([
		['de-DE', '50,00\u00a0€', '9. Juni 2026, 12:13 MESZ', 'Europe/Berlin'],
		['en-US', '€50.00', 'Jun 9, 2026, 10:13 AM UTC', 'UTC'],
		['en-GB', '€50.00', '9 Jun 2026, 11:13 BST', 'Europe/London'],
	])('locale %s shows %s and dates in its own words', (locale, amount, paidAt, timeZone) => {
		const message = renderFixture('invoice.paid__2020-08-27_one_time', { locale, timeZone });
		expect(message.amount?.text).toBe(amount);
		expect(fieldValue(message, 'Amount paid')).toBe(amount);
		expect(plainSpaces(fieldValue(message, 'Paid at'))).toBe(paidAt);
	});

	it.each([
		['UTC', 'Jun 12, 2026, 12:13 PM UTC (in 3 days)'],
		['Asia/Tokyo', 'Jun 12, 2026, 09:13 PM GMT+9 (in 3 days)'],
		['America/New_York', 'Jun 12, 2026, 08:13 AM EDT (in 3 days)'],
	])('time zone %s: next retry %s', (timeZone, nextRetry) => {
		const message = renderFixture('invoice.payment_failed__2020-08-27_expanded_charge', { timeZone });
		expect(plainSpaces(fieldValue(message, 'Next retry'))).toBe(nextRetry);
	});
});

describe('redaction policies on invoices', () => {
	const name = 'invoice.payment_failed__2020-08-27_expanded_charge';

	it.each([
		['standard', 'Jane Doe (j***@example.com)', [{ field: 'customer_email', kind: 'email' }]],
		[
			'strict',
			'[name hidden] ([email hidden])',
			[
				{ field: 'customer_name', kind: 'name' },
				{ field: 'customer_email', kind: 'email' },
			],
		],
		['off', 'Jane Doe (jane.doe@example.com)', []],
	] as const)('%s shows the customer as %s and lists what it hid', (redaction, customer, redactions) => {
		const message = renderFixture(name, { redaction });
		expect(message.redactionPolicy).toBe(redaction);
		expect(fieldValue(message, 'Customer')).toBe(customer);
		expect(message.redactions).toEqual(redactions);
		expect(message.summary).toContain(customer);
	});

	it('keeps card brand and last 4 under every policy', () => {
		for (const redaction of ['standard', 'strict', 'off'] as const) {
			expect(fieldValue(renderFixture(name, { redaction }), 'Card')).toBe('Visa •••• 4242');
		}
	});

	it('scrubs secrets and card numbers from line descriptions, and keeps them under off', () => {
		const event = loadEvent('invoice.paid__2020-08-27_one_time');
		const lines = event.data.object.lines as { data: Array<Record<string, unknown>> };
		lines.data[0].description = 'Workshop, card 4242 4242 4242 4242, key sk_live_51FakeKeyForTests0000';
		const standard = render(event);
		expect(fieldValue(standard, 'Lines')).toBe('1 line: Workshop, card [card number removed], k…');
		expect(standard.redactions).toEqual(
			expect.arrayContaining([
				{ field: 'lines.data[0].description', kind: 'card_number' },
				{ field: 'lines.data[0].description', kind: 'secret' },
			]),
		);
		expect(fieldValue(render(event, { redaction: 'off' }), 'Lines')).toContain('4242 4242 4242 4242');
	});
});

describe('invoices with missing fields', () => {
	it.each([
		'invoice.payment_failed',
		'invoice.paid',
		'invoice.payment_succeeded',
		'invoice.payment_action_required',
		'invoice.finalization_failed',
		'invoice.upcoming',
	])('%s still gets its curated message from a bare invoice', (type) => {
		const message = render({
			id: 'evt_1TestBareInvoice',
			object: 'event',
			type,
			created: 1781000000,
			livemode: false,
			data: { object: { id: 'in_1TestBareInvoice', object: 'invoice' } },
		});
		expect(message.kind).toBe(type);
		expect(message.threadKey).toBe('invoice:in_1TestBareInvoice');
		expectWithinBudget(message);
	});
});

describe('invoice.payment_failed read after its retry was due (a late delivery or a replay)', () => {
	const BASIL = 'invoice.payment_failed__2025-03-31.basil';
	const retryAt = (offsetSeconds: number) => Math.floor(NOW_MS / 1000) + offsetSeconds;
	const failedWith = (nextPaymentAttempt: number) =>
		render(variantOf(BASIL, { next_payment_attempt: nextPaymentAttempt }), {
			paymentFailure: { lookedUp: 'found', code: 'card_declined', declineCode: 'insufficient_funds' },
		});

	it('says the retry was due and where to see how it went, not "next retry 11 days ago"', () => {
		const message = failedWith(retryAt(-11 * 86_400));
		expect(message.summary).toContain('retry was due 11 days ago');
		expect(visibleText(message)).not.toContain('next retry 11 days ago');
		expect(plainSpaces(fieldValue(message, 'Next retry'))).toMatch(
			/^was due .+ \(11 days ago\): Stripe has retried since this event; the invoice shows how it went$/,
		);
		// Waiting for a retry that is already history is no advice.
		expect(fieldValue(message, 'What to do')).not.toContain("Wait for Stripe's next retry");
	});

	it.each([
		['due in 3 days', 3 * 86_400, /^next retry in 3 days$/],
		['due 20 minutes ago (may still be under way)', -20 * 60, /^next retry 20 minutes ago$/],
	])('%s: still the next retry', (_case, offset, expected) => {
		const message = failedWith(retryAt(offset));
		expect(message.summary.split(' · ')).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
	});
});
