import {
	expectWithinBudget,
	fieldValue,
	fixtureNames,
	linkUrl,
	loadEvent,
	plainSpaces,
	render,
	renderFixture,
	TEST_DASHBOARD,
	variantOf,
	visibleText,
} from './billingFixtures';

describe('subscription messages: every fixture', () => {
	it.each(fixtureNames('customer.subscription.'))('%s gets its curated message within the size budget', (name) => {
		const event = loadEvent(name);
		const message = renderFixture(name);
		const subscriptionId = event.data.object.id as string;
		expect(message.kind).toBe(event.type);
		expect(message.category).toBe('other');
		expect(message.threadKey).toBe(`subscription:${subscriptionId}`);
		expect(linkUrl(message, 'Open subscription')).toBe(`${TEST_DASHBOARD}/subscriptions/${subscriptionId}`);
		expect(message.actions).toEqual([]);
		expectWithinBudget(message);
		expect(visibleText(message)).not.toMatch(/[A-Za-z0-9._%+-]{2,}@example\.com/);
	});
});

describe('plan, price per interval, status and period', () => {
	it.each([
		{
			name: 'customer.subscription.created__2016-07-06',
			severity: 'info',
			title: 'New subscription: Gold',
			plan: 'Gold',
			price: '$20.00 / month',
			amount: { minor: 2000, currency: 'usd', text: '$20.00' },
			status: 'Active',
			periodEnd: 'Jul 9, 2026, 10:13 AM UTC',
		},
		{
			name: 'customer.subscription.created__2020-08-27_trial',
			severity: 'info',
			title: 'New subscription: Team (monthly) × 3',
			plan: 'Team (monthly) × 3',
			price: '€45.00 / month',
			amount: { minor: 4500, currency: 'eur', text: '€45.00' },
			status: 'Trialing',
			periodEnd: 'Jun 23, 2026, 10:13 AM UTC',
		},
		{
			name: 'customer.subscription.updated__2025-03-31.basil_cancel_at_period_end',
			severity: 'warning',
			title: 'Subscription set to cancel: Studio (quarterly)',
			plan: 'Studio (quarterly)',
			price: '£120.00 every 3 months',
			amount: { minor: 12000, currency: 'gbp', text: '£120.00' },
			status: 'Active',
			periodEnd: 'Jun 29, 2026, 10:13 AM UTC',
		},
		{
			name: 'customer.subscription.paused__2026-01-28.clover',
			severity: 'warning',
			title: 'Subscription paused: API calls',
			plan: 'API calls',
			price: 'usage-based or mixed prices',
			amount: undefined,
			status: 'Paused',
			periodEnd: undefined,
		},
		{
			name: 'customer.subscription.resumed__2026-01-28.clover',
			severity: 'info',
			title: 'Subscription resumed: Basic',
			plan: 'Basic',
			price: '₩9,900 / month',
			amount: { minor: 9900, currency: 'krw', text: '₩9,900' },
			status: 'Active',
			periodEnd: 'Jun 29, 2026, 10:13 AM UTC',
		},
	])('$name: $plan at $price', (expected) => {
		const message = renderFixture(expected.name);
		expect(message.severity).toBe(expected.severity);
		expect(message.title).toBe(expected.title);
		expect(fieldValue(message, 'Plan')).toBe(expected.plan);
		expect(fieldValue(message, 'Price')).toBe(expected.price);
		expect(fieldValue(message, 'Status')).toBe(expected.status);
		expect(message.amount).toEqual(expected.amount);
		const periodEnd = fieldValue(message, 'Current period ends') ?? fieldValue(message, 'Ended');
		if (expected.periodEnd) expect(plainSpaces(periodEnd)).toBe(expected.periodEnd);
	});

	it('reads the billing period from the items since 2025-03-31.basil', () => {
		const event = loadEvent('customer.subscription.resumed__2026-01-28.clover');
		expect(event.data.object).not.toHaveProperty('current_period_end');
		expect(
			plainSpaces(fieldValue(renderFixture('customer.subscription.resumed__2026-01-28.clover'), 'Current period ends')),
		).toBe('Jun 29, 2026, 10:13 AM UTC');
	});

	it('names the product when a price has no nickname, and the product name when it is expanded', () => {
		const event = loadEvent('customer.subscription.created__2020-08-27_trial');
		const items = event.data.object.items as { data: Array<{ price: Record<string, unknown> }> };
		items.data[0].price.nickname = null;
		expect(fieldValue(render(event), 'Plan')).toBe('prod_TestTeam2020Aa × 3');
		items.data[0].price.product = { id: 'prod_TestTeam2020Aa', object: 'product', name: 'Team plan' };
		expect(fieldValue(render(event), 'Plan')).toBe('Team plan × 3');
	});

	it('adds items of the same currency and interval into one price', () => {
		const event = loadEvent('customer.subscription.created__2020-08-27_trial');
		const items = event.data.object.items as { data: Array<Record<string, unknown>> };
		items.data.push({
			id: 'si_TestAddon2020Aa',
			object: 'subscription_item',
			price: {
				id: 'price_1TestAddon',
				object: 'price',
				currency: 'eur',
				nickname: 'Add-on',
				recurring: { interval: 'month', interval_count: 1 },
				unit_amount: 500,
			},
			quantity: 2,
		});
		const message = render(event);
		expect(fieldValue(message, 'Plan')).toBe('Team (monthly) + 1 more');
		expect(fieldValue(message, 'Price')).toBe('€55.00 / month');
	});

	it('mentions the trial end of a new trialing subscription', () => {
		const message = renderFixture('customer.subscription.created__2020-08-27_trial');
		expect(plainSpaces(message.summary)).toBe(
			'€45.00 / month · status trialing · trial until Jun 23, 2026, 10:13 AM UTC',
		);
		expect(plainSpaces(fieldValue(message, 'Trial ends'))).toBe('Jun 23, 2026, 10:13 AM UTC');
	});
});

describe('customer.subscription.updated: what changed', () => {
	it.each([
		{
			name: 'customer.subscription.updated__2020-08-27_past_due',
			severity: 'warning',
			title: 'Subscription past due: Pro',
			summary: 'Changed: status · €49.00 / month',
			changes: { 'Status was': 'Active' },
		},
		{
			name: 'customer.subscription.updated__2020-08-27_plan_change',
			severity: 'info',
			title: 'Subscription plan changed: prod_TestProUsdAaa × 2',
			summary: 'Changed: plan, quantity · $50.00 / month',
			changes: {
				'Plan change': 'prod_TestBasicAaaa ($10.00 / month) → prod_TestProUsdAaa ($50.00 / month)',
				Quantity: '1 → 2',
			},
		},
		{
			name: 'customer.subscription.updated__2025-03-31.basil_cancel_at_period_end',
			severity: 'warning',
			title: 'Subscription set to cancel: Studio (quarterly)',
			summary: 'Changed: cancellation · £120.00 every 3 months',
			changes: { Cancellation: 'cancels at period end (Jun 29, 2026, 10:13 AM UTC)' },
		},
	])('$name: $title', (expected) => {
		const message = renderFixture(expected.name);
		expect(message.severity).toBe(expected.severity);
		expect(message.title).toBe(expected.title);
		expect(message.summary).toBe(expected.summary);
		for (const [label, value] of Object.entries(expected.changes)) {
			expect(plainSpaces(fieldValue(message, label))).toBe(value);
		}
	});

	it('says when a cancellation is withdrawn', () => {
		const message = render(
			variantOf(
				'customer.subscription.updated__2025-03-31.basil_cancel_at_period_end',
				{ cancel_at_period_end: false, cancel_at: null },
				{},
			),
		);
		expect(message.title).toBe('Subscription cancellation withdrawn: Studio (quarterly)');
		expect(message.severity).toBe('info');
		expect(fieldValue(message, 'Cancellation')).toBe('cancellation withdrawn');
	});

	it('reads a quantity change of an old-style subscription (top-level quantity)', () => {
		const event = loadEvent('customer.subscription.updated__2020-08-27_past_due');
		event.data.object.quantity = 5;
		event.data.previous_attributes = { quantity: 2 };
		const message = render(event);
		expect(fieldValue(message, 'Quantity')).toBe('2 → 5');
		expect(message.title).toBe('Subscription updated: Pro');
	});

	it('lists changes it does not explain by readable name', () => {
		const event = loadEvent('customer.subscription.updated__2020-08-27_past_due');
		event.data.previous_attributes = { default_payment_method: 'pm_1TestOld', collection_method: 'send_invoice' };
		const message = render(event);
		expect(fieldValue(message, 'Also changed')).toBe('Default payment method, Collection method');
		expect(message.severity).toBe('info');
	});
});

describe('customer.subscription.deleted', () => {
	const name = 'customer.subscription.deleted__2025-03-31.basil';

	it('gives the cancellation reason, feedback and the redacted comment', () => {
		const message = renderFixture(name);
		expect(message).toMatchObject({ severity: 'warning', title: 'Subscription canceled: Studio (quarterly)' });
		expect(message.summary).toBe(
			'Reason: cancellation requested · feedback: too expensive · was £120.00 every 3 months',
		);
		expect(fieldValue(message, 'Reason')).toBe('Cancellation requested');
		expect(fieldValue(message, 'Feedback')).toBe('Too expensive');
		expect(fieldValue(message, 'Comment')).toBe('Too pricey. Reach me at j***@example.com or +1 *** *** **23');
		expect(fieldValue(message, 'Customer')).toBe('Jane Doe (j***@example.com)');
		expect(plainSpaces(fieldValue(message, 'Ended'))).toBe('Jun 9, 2026, 10:13 AM UTC');
		expect(message.redactions).toEqual([
			{ field: 'customer.email', kind: 'email' },
			{ field: 'cancellation_details.comment', kind: 'email' },
			{ field: 'cancellation_details.comment', kind: 'phone' },
		]);
	});

	it.each([
		['strict', '[name hidden] ([email hidden])', 'Too pricey. Reach me at [email hidden] or +1 *** *** **23'],
		['off', 'Jane Doe (jane.doe@example.com)', 'Too pricey. Reach me at jane.doe@example.com or +1 415 555 0123'],
	] as const)('under %s shows the customer as %s', (redaction, customer, comment) => {
		const message = renderFixture(name, { redaction });
		expect(fieldValue(message, 'Customer')).toBe(customer);
		expect(fieldValue(message, 'Comment')).toBe(comment);
		if (redaction === 'off') expect(message.redactions).toEqual([]);
		else expect(message.redactions).toContainEqual({ field: 'customer.name', kind: 'name' });
	});

	it('says so when no reason was given', () => {
		const message = render(variantOf(name, { cancellation_details: { comment: null, feedback: null, reason: null } }));
		expect(message.summary).toBe('Reason not given · was £120.00 every 3 months');
		expect(fieldValue(message, 'Reason')).toBeUndefined();
	});
});

describe('customer.subscription.trial_will_end', () => {
	it('gives the trial end date, how soon, and what the customer pays next', () => {
		const message = renderFixture('customer.subscription.trial_will_end__2020-08-27');
		expect(message).toMatchObject({ severity: 'warning', title: 'Trial ends in 3 days: Starter' });
		expect(plainSpaces(message.summary)).toBe('Trial ends Jun 12, 2026, 10:13 AM UTC · then $9.00 / month');
		expect(plainSpaces(fieldValue(message, 'Trial ends'))).toBe('Jun 12, 2026, 10:13 AM UTC (in 3 days)');
	});
});

describe('subscriptions with missing fields', () => {
	it.each([
		'customer.subscription.created',
		'customer.subscription.updated',
		'customer.subscription.deleted',
		'customer.subscription.trial_will_end',
		'customer.subscription.paused',
		'customer.subscription.resumed',
	])('%s still gets its curated message from a bare subscription', (type) => {
		const message = render({
			id: 'evt_1TestBareSubscription',
			object: 'event',
			type,
			created: 1781000000,
			livemode: false,
			data: { object: { id: 'sub_1TestBare', object: 'subscription' }, previous_attributes: { status: null } },
		});
		expect(message.kind).toBe(type);
		expect(message.threadKey).toBe('subscription:sub_1TestBare');
		expect(message.title).toContain('sub_1TestBare');
		expectWithinBudget(message);
	});
});
