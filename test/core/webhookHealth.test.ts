import {
	apiVersionDistanceDays,
	checkTriggerEndpoint,
	diagnoseEndpoints,
	shortEndpointUrl,
	uncoveredEventPatterns,
	type EndpointView,
} from '../../src/core/health/endpoints';
import { rejectedDeliveryMessage, undeliveredMessage } from '../../src/core/health/messages';
import { rejectionCategory } from '../../src/core/health/rejected';
import {
	describeTypes,
	EVENT_HORIZON_SECONDS,
	groupUndelivered,
	pollWindow,
	recoveryWindow,
	RETRY_HORIZON_SECONDS,
} from '../../src/core/health/undelivered';
import { renderSlack } from '../../src/platforms/slack/render';

const BASE = 'https://n8n.example.com/webhook/';
const ours = { managed_by: 'n8n-nodes-stripe-chat-channel' };

function endpoint(fields: Partial<EndpointView> = {}): EndpointView {
	return {
		id: 'we_1',
		url: `${BASE}stripe-chat-channel-payment-failed/stripe`,
		status: 'enabled',
		enabled_events: ['invoice.payment_failed'],
		api_version: '2025-03-31.basil',
		metadata: ours,
		...fields,
	};
}

describe('diagnoseEndpoints', () => {
	it.each([
		['a healthy endpoint of this n8n', endpoint(), false, []],
		['a disabled endpoint', endpoint({ status: 'disabled' }), false, ['endpoint_disabled']],
		[
			'plain http with a live key',
			endpoint({ url: 'http://n8n.example.com/webhook/x/stripe', metadata: {} }),
			true,
			['insecure_url'],
		],
		[
			'plain http with a test key',
			endpoint({ url: 'http://n8n.example.com/webhook/x/stripe', metadata: {} }),
			false,
			[],
		],
		[
			'localhost with a live key',
			endpoint({ url: 'https://localhost/webhook/x/stripe', metadata: {} }),
			true,
			['insecure_url'],
		],
		[
			'an endpoint of this package pointing elsewhere',
			endpoint({ url: 'https://old.example.com/webhook/x/stripe' }),
			false,
			['foreign_url'],
		],
		[
			'a foreign endpoint pointing elsewhere',
			endpoint({ url: 'https://zapier.example.com/hook', metadata: {} }),
			false,
			[],
		],
		['an API version two years away', endpoint({ api_version: '2023-03-01' }), false, ['api_version_far']],
		['an API version months away', endpoint({ api_version: '2024-12-18.acacia' }), false, []],
	])('%s', (_case, view, liveKey, kinds) => {
		const problems = diagnoseEndpoints([view], { liveKey, webhookBaseUrl: BASE, apiVersion: '2025-03-31.basil' });
		expect(problems.map((problem) => problem.kind)).toEqual(kinds);
	});

	it.each([
		[13, []],
		[14, [['endpoint_cap', 'warning']]],
		[16, [['endpoint_cap', 'critical']]],
	])('with %i endpoints reports %j', (count, expected) => {
		const endpoints = Array.from({ length: count }, (_, index) => endpoint({ id: `we_${index}` }));
		const problems = diagnoseEndpoints(endpoints, { liveKey: false, webhookBaseUrl: BASE });
		expect(problems.map((problem) => [problem.kind, problem.severity])).toEqual(expected);
	});

	it('puts critical problems first and keys incidents by endpoint', () => {
		const problems = diagnoseEndpoints(
			[endpoint({ id: 'we_a', api_version: '2020-08-27' }), endpoint({ id: 'we_b', status: 'disabled' })],
			{ liveKey: false, apiVersion: '2025-03-31.basil' },
		);
		expect(problems.map((problem) => problem.incident)).toEqual([
			'endpoint_disabled:we_b',
			'api_version_far:we_a:2020-08-27',
		]);
	});
});

describe('endpoint helpers', () => {
	it.each([
		[
			'https://n8n.example.com/webhook/stripe-chat-channel-payment-failed/stripe',
			'…/stripe-chat-channel-payment-failed/stripe',
		],
		['https://hooks.example.com/', 'hooks.example.com'],
		['not a url', 'not a url'],
	])('shortens %s to %s', (url, short) => expect(shortEndpointUrl(url)).toBe(short));

	it('measures API versions in days', () => {
		expect(apiVersionDistanceDays('2025-03-31.basil', '2024-03-31')).toBe(365);
		expect(apiVersionDistanceDays('latest', '2024-03-31')).toBeUndefined();
	});

	it.each([
		[['*'], ['invoice.payment_failed', 'charge.*'], []],
		[['invoice.payment_failed'], ['invoice.payment_failed', 'charge.dispute.created'], ['charge.dispute.created']],
		[['charge.dispute.created'], ['charge.dispute.*'], []],
		[['invoice.paid'], ['charge.dispute.*', '*'], ['charge.dispute.*', '*']],
	])('enabled %j misses %j of the trigger', (enabled, wanted, missing) => {
		expect(uncoveredEventPatterns(enabled, wanted)).toEqual(missing);
	});

	it.each([
		['https://n8n.example.com/webhook/a/stripe', true, undefined, []],
		['http://n8n.example.com/webhook/a/stripe', true, undefined, ['error']],
		['http://localhost:5678/webhook/a/stripe', false, undefined, []],
		['https://n8n.example.com/webhook/a/stripe', false, endpoint({ status: 'disabled' }), ['error']],
		['https://n8n.example.com/webhook/a/stripe', false, endpoint({ enabled_events: ['invoice.paid'] }), ['warning']],
	])('activation of %s (live key %s) finds %j', (url, liveKey, found, levels) => {
		const findings = checkTriggerEndpoint({ liveKey, url, endpoint: found, events: ['invoice.payment_failed'] });
		expect(findings.map((finding) => finding.level)).toEqual(levels);
	});
});

describe('undelivered events', () => {
	const events = [
		{ id: 'evt_1', type: 'invoice.payment_failed', created: 1_000, pending_webhooks: 1 },
		{ id: 'evt_2', type: 'charge.dispute.created', created: 1_200, pending_webhooks: 2 },
		{ id: 'evt_3', type: 'invoice.payment_failed', created: 1_100, pending_webhooks: 1 },
	];

	it('groups by type, most frequent first, with the time span and the deliveries Stripe owes', () => {
		expect(groupUndelivered(events)).toEqual({
			total: 3,
			byType: [
				{ type: 'invoice.payment_failed', count: 2 },
				{ type: 'charge.dispute.created', count: 1 },
			],
			firstCreated: 1_000,
			lastCreated: 1_200,
			pendingDeliveries: 4,
			livemode: false,
		});
		expect(groupUndelivered([])).toBeUndefined();
	});

	it('names at most four types', () => {
		const byType = ['a', 'b', 'c', 'd', 'e', 'f'].map((type) => ({ type, count: 1 }));
		expect(describeTypes(byType)).toBe('1 a, 1 b, 1 c, 1 d and 2 more types');
	});

	it.each([
		['first poll', undefined, 10_000, { after: 9_970, upTo: 9_970, clipped: false }],
		['later poll', 9_000, 10_000, { after: 9_000, upTo: 9_970, clipped: false }],
		['poll within the lag', 9_980, 10_000, { after: 9_980, upTo: 9_980, clipped: false }],
	])('%s', (_case, last, now, window) => expect(pollWindow(last, now, 30)).toEqual(window));

	it('stops at Stripe’s 30-day horizon', () => {
		const now = 100 * 86_400;
		const window = pollWindow(now - 40 * 86_400, now, 30);
		expect(window.clipped).toBe(true);
		expect(window.after).toBeGreaterThanOrEqual(now - EVENT_HORIZON_SECONDS);
	});

	const DAY = 86_400;
	const NOW = 100 * DAY;
	it.each([
		// [case, since, last poll's upper bound, expected `after`] with the poll's upper bound NOW - 30, a 1-hour look-back
		['first poll: nothing from before it', NOW - 30, undefined, NOW - 30],
		['a poll a minute after the last: the look-back', NOW - DAY, NOW - 90, NOW - 30 - 3_600],
		['a young trigger: not before its first poll', NOW - 600, NOW - 90, NOW - 600],
		['after n8n was down 5 hours: since its last poll', NOW - DAY, NOW - 5 * 3_600, NOW - 5 * 3_600],
		['after 10 days away: the 3 days Stripe retries for', NOW - 20 * DAY, NOW - 10 * DAY, NOW - RETRY_HORIZON_SECONDS],
	])('recovery window: %s', (_case, since, lastUpTo, after) => {
		const window = recoveryWindow({ since, lastUpTo, upTo: NOW - 30, lookbackSeconds: 3_600, nowSeconds: NOW });
		expect({ after: window.after, upTo: window.upTo }).toEqual({ after, upTo: NOW - 30 });
	});

	it('renders "N events not delivered since HH:MM (types)"', () => {
		const group = groupUndelivered(events);
		const message = undeliveredMessage(group!, 'failing', {
			now: 1_300_000,
			livemode: true,
			incident: 'deliveries:x',
			timeZone: 'UTC',
		});
		expect(message.summary).toBe(
			'3 events not delivered since 00:16 (2 invoice.payment_failed, 1 charge.dispute.created).',
		);
		expect(message.severity).toBe('critical');
	});
});

describe('rejected deliveries', () => {
	it.each([
		['no_match', 'bad_signature'],
		['missing_header', 'bad_signature'],
		['timestamp_too_old', 'stale'],
		['timestamp_in_future', 'stale'],
		['no_secret', 'no_secret'],
		['unsupported_content_type', 'wrong_content_type'],
		['invalid_json', 'malformed'],
		['related_object_unavailable', undefined],
		['constructor', undefined],
	])('%s is %s', (reason, category) => expect(rejectionCategory(reason)).toBe(category));

	it('escapes and scrubs what the sender controls', () => {
		const message = rejectedDeliveryMessage(
			{
				category: 'bad_signature',
				reason: 'No signature matched',
				sourceAddress: '<!channel> sk_live_abcdefghijklmnopqrstuvwx',
			},
			{ now: 0, livemode: true },
		);
		const rendered = JSON.stringify(renderSlack(message));
		expect(rendered).not.toContain('<!channel>');
		expect(rendered).not.toContain('sk_live_abcdefghijklmnopqrstuvwx');
		expect(message.summary).toContain("the signing secret in the credential does not match the endpoint's");
	});
});
