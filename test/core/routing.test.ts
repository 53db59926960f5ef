import { normalizeEvent } from '../../src/core/normalize';
import type { NormalizedEvent } from '../../src/core/normalize';
import {
	addressRoute,
	amountFromMajorUnits,
	PLATFORM_ACCOUNT,
	routeMessage,
	validateRules,
} from '../../src/core/routing';
import type { ChatAddressing } from '../../src/core/addressing';
import type { RoutingRule } from '../../src/core/routing';
import type { ChatMessage, MessageAmount } from '../../src/core/types';
import { slackAddressing } from '../../src/platforms/slack/addressing';

interface EventShape {
	type?: string;
	livemode?: boolean;
	account?: string;
	metadata?: Record<string, string>;
}

function eventOf({
	type = 'invoice.payment_failed',
	livemode = true,
	account,
	metadata = {},
}: EventShape = {}): NormalizedEvent {
	return normalizeEvent({
		id: 'evt_1',
		object: 'event',
		type,
		created: 1_700_000_000,
		livemode,
		...(account ? { account } : {}),
		data: { object: { id: 'in_1', object: 'invoice', metadata } },
	});
}

function messageOf(event: NormalizedEvent, amount?: MessageAmount): ChatMessage {
	return {
		kind: event.type,
		category: 'paymentFailed',
		eventType: event.type,
		severity: 'warning',
		title: 'Payment failed',
		summary: 'A payment failed',
		fields: [],
		links: [],
		actions: [],
		threadKey: 'invoice:in_1',
		eventId: event.id,
		occurredAt: '2023-11-14T22:13:20.000Z',
		livemode: event.livemode,
		redactionPolicy: 'standard',
		redactions: [],
		...(amount ? { amount } : {}),
	};
}

const usd = (minor: number): MessageAmount => ({ minor, currency: 'usd', text: `$${minor / 100}` });
const jpy = (minor: number): MessageAmount => ({ minor, currency: 'jpy', text: `¥${minor}` });

function route(
	rules: RoutingRule[],
	shape: EventShape = {},
	amount?: MessageAmount,
	defaults = { channel: '#payments' },
) {
	const event = eventOf(shape);
	return addressRoute(routeMessage(messageOf(event, amount), event, rules, slackAddressing, defaults), slackAddressing);
}

describe('routeMessage', () => {
	const disputes: RoutingRule = {
		name: 'Disputes to #risk',
		events: ['charge.dispute.*'],
		action: 'route',
		channel: '#risk',
		mention: { type: 'usergroup', id: 'S0RISK' },
	};
	const ignoreTest: RoutingRule = {
		name: 'Ignore test mode',
		events: ['*'],
		conditions: { mode: 'test' },
		action: 'suppress',
	};
	const bigUsd: RoutingRule = {
		name: 'Big USD failures',
		events: ['invoice.payment_failed'],
		conditions: { amountAtLeast: { minor: 100_000, currency: 'usd' } },
		action: 'route',
		channel: 'C0FINANCE1',
		mention: { type: 'here' },
		severity: 'critical',
	};

	it.each([
		{
			case: 'routes a dispute by wildcard with a user group mention',
			rules: [ignoreTest, disputes],
			shape: { type: 'charge.dispute.created' },
			expected: {
				rule: 'Disputes to #risk',
				channel: '#risk',
				mention: '<!subteam^S0RISK>',
				suppressed: false,
				reason: "matched rule 'Disputes to #risk'",
			},
		},
		{
			case: 'suppresses test-mode events before later rules',
			rules: [ignoreTest, disputes],
			shape: { type: 'charge.dispute.created', livemode: false },
			expected: { rule: 'Ignore test mode', suppressed: true, reason: "suppressed by rule 'Ignore test mode'" },
		},
		{
			case: 'falls back to the default channel and says so',
			rules: [disputes],
			shape: { type: 'invoice.paid' },
			expected: { channel: '#payments', suppressed: false, reason: 'no rule matched; default channel #payments' },
		},
		{
			case: 'does not match invoiceitem events with invoice.*',
			rules: [{ name: 'Invoices', events: ['invoice.*'], action: 'route', channel: '#billing' } as RoutingRule],
			shape: { type: 'invoiceitem.created' },
			expected: { channel: '#payments', reason: 'no rule matched; default channel #payments' },
		},
	])('$case', ({ rules, shape, expected }) => {
		expect(route(rules, shape)).toMatchObject(expected);
	});

	it.each([
		{ amount: usd(100_000), matches: true },
		{ amount: usd(99_999), matches: false },
		{ amount: usd(250_000), matches: true },
	])('compares amounts in minor units: $amount.minor usd matches=$matches', ({ amount, matches }) => {
		const decision = route([bigUsd], {}, amount);
		expect(decision.rule === 'Big USD failures').toBe(matches);
		if (matches) expect(decision).toMatchObject({ channel: 'C0FINANCE1', mention: '<!here>', severity: 'critical' });
		else expect(decision.severity).toBe('warning');
	});

	it('never matches an amount in another currency and says why', () => {
		const decision = route([bigUsd], {}, jpy(5_000_000));
		expect(decision.rule).toBeUndefined();
		expect(decision.reason).toBe(
			"no rule matched (rule 'Big USD failures' did not apply: it compares amounts in USD and this event is in JPY); default channel #payments",
		);
	});

	it('does not match an amount condition when the message has no amount', () => {
		expect(route([bigUsd]).reason).toContain('it needs an amount and this invoice.payment_failed event has none');
	});

	it.each([
		{ accounts: [PLATFORM_ACCOUNT], account: undefined, matches: true },
		{ accounts: [PLATFORM_ACCOUNT], account: 'acct_123', matches: false },
		{ accounts: ['acct_123'], account: 'acct_123', matches: true },
		{ accounts: ['acct_123'], account: undefined, matches: false },
		{ accounts: ['acct_999', PLATFORM_ACCOUNT], account: 'acct_123', matches: false },
	])('account condition $accounts with account $account matches=$matches', ({ accounts, account, matches }) => {
		const rule: RoutingRule = {
			name: 'Accounts',
			events: ['*'],
			conditions: { accounts },
			action: 'route',
			channel: '#connect',
		};
		expect(route([rule], { account }).channel).toBe(matches ? '#connect' : '#payments');
	});

	it.each([
		{ mode: 'live' as const, livemode: true, matches: true },
		{ mode: 'live' as const, livemode: false, matches: false },
		{ mode: 'test' as const, livemode: false, matches: true },
		{ mode: 'any' as const, livemode: false, matches: true },
	])('mode $mode with livemode=$livemode matches=$matches', ({ mode, livemode, matches }) => {
		const rule: RoutingRule = { events: ['*'], conditions: { mode }, action: 'route', channel: '#m' };
		expect(route([rule], { livemode }).channel).toBe(matches ? '#m' : '#payments');
	});

	it('matches metadata pairs exactly and never quotes the event value in the reason', () => {
		const rule: RoutingRule = {
			name: 'VIP',
			events: ['*'],
			conditions: { metadata: [{ key: 'tier', value: 'vip' }] },
			action: 'route',
			channel: '#vip',
		};
		expect(route([rule], { metadata: { tier: 'vip' } }).channel).toBe('#vip');
		const miss = route([rule], { metadata: { tier: '<!channel> secret' } });
		expect(miss.channel).toBe('#payments');
		expect(miss.reason).not.toContain('secret');
	});

	it('takes the first matching rule', () => {
		const first: RoutingRule = { name: 'First', events: ['invoice.*'], action: 'route', channel: '#one' };
		const second: RoutingRule = {
			name: 'Second',
			events: ['invoice.payment_failed'],
			action: 'route',
			channel: '#two',
		};
		expect(route([first, second]).rule).toBe('First');
		expect(route([second, first]).rule).toBe('Second');
	});

	it('names unnamed rules by position', () => {
		const rule: RoutingRule = { events: ['*'], action: 'suppress' };
		expect(route([rule])).toMatchObject({ rule: 'rule 1', reason: 'suppressed by rule 1' });
	});

	it('uses the default channel for a matched rule without a channel', () => {
		const rule: RoutingRule = {
			name: 'Mention only',
			events: ['*'],
			action: 'route',
			mention: { type: 'user', id: 'U0ABCDEF' },
		};
		expect(route([rule])).toMatchObject({
			channel: '#payments',
			mention: '<@U0ABCDEF>',
			reason: "matched rule 'Mention only'; default channel #payments",
		});
	});

	describe('test-mode events page no one unless the rule is written for test mode', () => {
		const here: RoutingRule = {
			name: 'Disputes',
			events: ['*'],
			action: 'route',
			channel: '#risk',
			mention: { type: 'here' },
		};
		it.each([
			{ case: 'a live event of a rule for any mode', livemode: true, mode: undefined, mention: '<!here>' },
			{ case: 'a test event of a rule for any mode', livemode: false, mode: undefined, mention: undefined },
			{ case: 'a test event of a rule that says any mode', livemode: false, mode: 'any' as const, mention: undefined },
			{ case: 'a test event of a rule for test mode', livemode: false, mode: 'test' as const, mention: '<!here>' },
		])('$case → mention $mention', ({ livemode, mode, mention }) => {
			const rule: RoutingRule = mode ? { ...here, conditions: { mode } } : here;
			const decision = route([rule], { livemode });
			expect(decision.channel).toBe('#risk');
			expect(decision.mention).toBe(mention);
			if (!mention)
				expect(decision.reason).toContain(
					"no one mentioned: a test-mode event mentions only when the rule's mode is test",
				);
		});
	});

	it('tells what to do when nothing routes and there is no default channel', () => {
		expect(route([], {}, undefined, { channel: '' })).toEqual({
			severity: 'warning',
			suppressed: false,
			reason: 'no rule matched and no default channel: set a default channel or add a rule',
		});
		const rule: RoutingRule = { name: 'No channel', events: ['*'], action: 'route' };
		const decision = route([rule], {}, undefined, { channel: '' });
		expect(decision.channel).toBeUndefined();
		expect(decision.reason).toContain('set a channel on the rule or a default channel');
	});
});

describe('Slack mentions (formatMention)', () => {
	it.each([
		{ mention: { type: 'user' as const, id: 'U0123ABCD' }, expected: '<@U0123ABCD>' },
		{ mention: { type: 'user' as const, id: 'W0123ABCD' }, expected: '<@W0123ABCD>' },
		{ mention: { type: 'usergroup' as const, id: 'S0123ABCD' }, expected: '<!subteam^S0123ABCD>' },
		{ mention: { type: 'here' as const }, expected: '<!here>' },
		{ mention: { type: 'channel' as const }, expected: '<!channel>' },
		{ mention: { type: 'user' as const, id: 'U123> <!channel' }, expected: undefined },
		{ mention: { type: 'user' as const, id: 'u0123abcd' }, expected: undefined },
		{ mention: { type: 'usergroup' as const, id: 'U0123ABCD' }, expected: undefined },
		{ mention: { type: 'user' as const }, expected: undefined },
	])('$mention.type $mention.id → $expected', ({ mention, expected }) => {
		expect(slackAddressing.formatMention(mention)).toBe(expected);
	});
});

describe('amountFromMajorUnits', () => {
	it.each([
		{ major: 50, currency: 'EUR', expected: { minor: 5000, currency: 'eur' } },
		{ major: 0.1, currency: 'usd', expected: { minor: 10, currency: 'usd' } },
		{ major: 5000, currency: 'JPY', expected: { minor: 5000, currency: 'jpy' } },
		{ major: 12.34, currency: 'bhd', expected: { minor: 12340, currency: 'bhd' } },
		{ major: 19.99, currency: 'gbp', expected: { minor: 1999, currency: 'gbp' } },
		{ major: -1, currency: 'usd', expected: undefined },
		{ major: Number.NaN, currency: 'usd', expected: undefined },
		{ major: 10, currency: 'dollars', expected: undefined },
	])('$major $currency → $expected', ({ major, currency, expected }) => {
		expect(amountFromMajorUnits(major, currency)).toEqual(expected);
	});
});

describe('Slack channels (normalizeChannel)', () => {
	it.each([
		{ input: 'payments', expected: '#payments' },
		{ input: ' #payments ', expected: '#payments' },
		{ input: 'C0123ABCD', expected: 'C0123ABCD' },
		{ input: 'G0123ABCD', expected: 'G0123ABCD' },
		{ input: '#Payments Team', expected: undefined },
		{ input: '', expected: undefined },
		{ input: 'C0123', expected: undefined },
	])('$input → $expected', ({ input, expected }) => {
		expect(slackAddressing.normalizeChannel(input)).toBe(expected);
	});
});

describe('validateRules', () => {
	it('accepts well-formed rules', () => {
		const rules: RoutingRule[] = [
			{
				name: 'Good',
				events: ['*', 'invoice.*', 'charge.dispute.created'],
				conditions: {
					amountAtLeast: { minor: 100, currency: 'usd' },
					amountAtMost: { minor: 500, currency: 'usd' },
					mode: 'live',
					accounts: ['acct_1ABC', PLATFORM_ACCOUNT],
					metadata: [{ key: 'tier', value: 'vip' }],
				},
				action: 'route',
				channel: 'C0123ABCD',
				mention: { type: 'usergroup', id: 'S0123ABCD' },
				severity: 'critical',
			},
		];
		expect(validateRules(rules, slackAddressing, { channel: '#payments' })).toEqual([]);
	});

	it.each([
		{
			rule: { name: 'P', events: ['invoice*'], action: 'route' },
			error: `Rule 'P': "invoice*" is not an event type pattern`,
		},
		{
			rule: { name: 'P', events: ['Invoice.Paid'], action: 'route' },
			error: `Rule 'P': "Invoice.Paid" is not an event type pattern`,
		},
		{ rule: { name: 'E', events: [' '], action: 'route' }, error: "Rule 'E': choose at least one event type" },
		{
			rule: { events: ['*'], action: 'route', channel: '#Payments Team' },
			error: 'Rule 1: "#Payments Team" is not a Slack channel',
		},
		{
			rule: { name: 'M', events: ['*'], action: 'route', mention: { type: 'user', id: '@jane' } },
			error: `Rule 'M': "@jane" is not a Slack member id`,
		},
		{
			rule: { name: 'G', events: ['*'], action: 'route', mention: { type: 'usergroup', id: 'risk' } },
			error: `Rule 'G': "risk" is not a Slack user group id`,
		},
		{
			rule: { name: 'A', events: ['*'], action: 'route', conditions: { accounts: ['123'] } },
			error: `Rule 'A': "123" is not a connected account id`,
		},
		{
			rule: {
				name: 'R',
				events: ['*'],
				action: 'route',
				conditions: { amountAtLeast: { minor: 500, currency: 'usd' }, amountAtMost: { minor: 100, currency: 'usd' } },
			},
			error: "Rule 'R': the minimum amount is larger than the maximum amount",
		},
		{
			rule: {
				name: 'C',
				events: ['*'],
				action: 'route',
				conditions: { amountAtLeast: { minor: 5, currency: 'euro' } },
			},
			error: "Rule 'C': the minimum amount needs a three-letter currency code",
		},
		{
			rule: { name: 'S', events: ['*'], action: 'route', severity: 'urgent' },
			error: "Rule 'S': severity must be critical, warning, info or success",
		},
		{
			rule: { name: 'K', events: ['*'], action: 'route', conditions: { metadata: [{ key: ' ', value: 'x' }] } },
			error: "Rule 'K': a metadata condition has no key",
		},
	])('reports $error', ({ rule, error }) => {
		const errors = validateRules([rule as unknown as RoutingRule], slackAddressing);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toContain(error);
	});

	it('reports a bad default channel', () => {
		expect(validateRules([], slackAddressing, { channel: 'Payments!' })[0]).toContain(
			'The default channel "Payments!" is not a Slack channel',
		);
	});
});

describe('routing in the terms of another platform', () => {
	/** A made-up platform whose channels are numbers and whose mentions are `@<id>`: the core must not care. */
	const numbered: ChatAddressing = {
		describeChannelProblem: (channel) => (/^\d+$/.test(channel) ? undefined : 'is not a channel number'),
		normalizeChannel: (channel) => (/^\d+$/.test((channel ?? '').trim()) ? (channel ?? '').trim() : undefined),
		formatMention: (mention) =>
			mention?.type === 'user' && /^\d+$/.test(mention.id ?? '') ? `@${mention.id}` : undefined,
		describeMentionProblem: (mention) =>
			mention.type === 'user' && /^\d+$/.test(mention.id ?? '') ? undefined : 'is not a user number',
		nameActor: (userId) => (userId && /^\d+$/.test(userId) ? `@${userId}` : undefined),
	};
	const rule: RoutingRule = {
		name: 'Numbers',
		events: ['*'],
		action: 'route',
		channel: '42',
		mention: { type: 'user', id: '7' },
	};

	it('routes with the channel and mention that platform accepts, the mention kept neutral until addressed', () => {
		const event = eventOf();
		const decision = routeMessage(messageOf(event), event, [rule], numbered, { channel: '1' });
		expect(decision).toMatchObject({ rule: 'Numbers', channel: '42', mention: { type: 'user', id: '7' } });
		expect(addressRoute(decision, numbered).mention).toBe('@7');
		expect(addressRoute(decision, slackAddressing).mention).toBeUndefined();
	});

	it("reports problems in that platform's words", () => {
		expect(validateRules([rule], numbered, { channel: '1' })).toEqual([]);
		expect(
			validateRules([{ ...rule, channel: '#payments', mention: { type: 'user', id: 'U0123ABCD' } }], numbered),
		).toEqual([
			`Rule 'Numbers': "#payments" is not a channel number`,
			`Rule 'Numbers': "U0123ABCD" is not a user number`,
		]);
	});

	it('keeps a mention out of the decision when the platform cannot address it', () => {
		const event = eventOf();
		const decision = routeMessage(
			messageOf(event),
			event,
			[{ ...rule, mention: { type: 'user', id: 'U0123ABCD' } }],
			numbered,
		);
		expect(decision.mention).toBeUndefined();
	});
});
