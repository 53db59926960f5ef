// Registers the stand-in platforms before the nodes read the registry: keep this import first.
import { LINK_CHAT, renderCalls, TEST_CHAT } from '../support/standInPlatforms';
import type { StandInRendering } from '../support/standInPlatforms';

import type { IDataObject, INode, INodeProperties, IRun } from 'n8n-workflow';

import { PaymentAlert } from '../../nodes/PaymentAlert/PaymentAlert.node';
import { StripeChatSlack } from '../../nodes/StripeChatSlack/StripeChatSlack.node';
import { verifyCompactActionValue } from '../../src/core/compactActionValue';
import { CHAT_PLATFORMS, wrongPlatformProblem } from '../../src/platforms';
import { FakeSlack } from '../support/fakeSlack';
import { itemsTrigger, itemsTriggerNode } from '../support/itemsTrigger';
import { deliverWebhook, outputOf } from '../support/n8nEngine';

/**
 * Payment Alert's Chat Platform through n8n's real engine (which resolves the parameters and the platform-specific
 * copies of the rule fields as the editor does): rules are checked, routed and addressed in the chosen platform's
 * terms, the alert is rendered for that platform only, under its id, and its buttons are signed with that
 * platform's credential. Stand-in platforms (test/support/standInPlatforms.ts) show it works for whatever the
 * registry holds.
 */

const TEST_CHAT_SECRET = 'test-chat-button-secret-of-32-characters';
const SLACK_SECRET = 'slack-button-secret-of-32-characters!!';
const PAYMENTS = '123456789012345678';
const RISK = '234567890123456789';
const RISK_ROLE = '345678901234567890';

function invoiceFailed(id: string): IDataObject {
	return {
		id,
		object: 'event',
		type: 'invoice.payment_failed',
		api_version: '2025-03-31.basil',
		created: 1_767_225_600,
		livemode: true,
		data: {
			object: {
				id: `in_1${id.replace(/[^A-Za-z0-9]/g, '')}`,
				object: 'invoice',
				customer: 'cus_123',
				customer_email: 'jane.doe@example.com',
				amount_due: 4_900,
				currency: 'eur',
				attempt_count: 2,
				next_payment_attempt: null,
				hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1/test',
				metadata: {},
			},
		},
	};
}

let workflowCount = 0;

interface RunOptions {
	alert: IDataObject;
	events?: IDataObject[];
	/** Connect Stripe Chat Slack after Payment Alert (posting to this fake). */
	slack?: FakeSlack;
}

async function runAlert({ alert, events, slack }: RunOptions): Promise<IRun> {
	workflowCount += 1;
	const nodes: INode[] = [
		itemsTriggerNode(),
		{
			id: 'alert',
			name: 'Payment Alert',
			type: 'paymentAlert',
			typeVersion: 1,
			position: [200, 0],
			parameters: { deduplicate: false, options: { lookUpDeclineReasons: false }, ...alert },
			credentials: {
				stripeChatSlackApi: { id: 'slack', name: 'Slack' },
				stripeChatTestChatApi: { id: 'testchat', name: 'Test Chat' },
			},
		},
	];
	if (slack) {
		nodes.push({
			id: 'slack',
			name: 'Stripe Chat Slack',
			type: 'stripeChatSlack',
			typeVersion: 1,
			position: [400, 0],
			parameters: { operation: 'post', channelSource: 'route', messageSource: 'paymentAlert', options: { retries: 0 } },
			credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' } },
		});
	}
	const result = await deliverWebhook(
		{
			id: `wf-alert-platform-${process.pid}-${workflowCount}`,
			nodes,
			connections: {
				Items: { main: [[{ node: 'Payment Alert', type: 'main', index: 0 }]] },
				...(slack ? { 'Payment Alert': { main: [[{ node: 'Stripe Chat Slack', type: 'main', index: 0 }]] } } : {}),
			},
			nodeTypes: { itemsTrigger, paymentAlert: new PaymentAlert(), stripeChatSlack: new StripeChatSlack() },
			credentials: {
				stripeChatSlackApi: {
					botToken: 'xoxb-platform-choice',
					buttonSigningSecret: SLACK_SECRET,
					apiBaseUrl: slack?.apiUrl ?? '',
				},
				stripeChatTestChatApi: { botToken: 'test-chat-token', buttonSigningSecret: TEST_CHAT_SECRET },
			},
		},
		'Items',
		{ headers: {}, rawBody: Buffer.from(JSON.stringify(events ?? [invoiceFailed(`evt_platform_${workflowCount}`)])) },
	);
	return result.run as IRun;
}

const RISK_RULE = {
	name: 'Failures to risk',
	events: ['invoice.payment_failed'],
	action: 'route',
	channel: RISK,
	mentionType: 'usergroup',
	mentionId: RISK_ROLE,
};

beforeEach(() => renderCalls.clear());

describe('Payment Alert: Chat Platform', () => {
	const { description } = new PaymentAlert();

	it('offers every registered platform, Slack by default, and shows each interactive platform’s credential only when chosen', () => {
		const chatPlatform = description.properties.find((property) => property.name === 'chatPlatform') as INodeProperties;
		expect(chatPlatform.default).toBe('slack');
		const byName = [...CHAT_PLATFORMS].sort((a, b) => a.displayName.localeCompare(b.displayName));
		expect(chatPlatform.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(
			byName.map((platform) => platform.id),
		);
		expect(byName.map((platform) => platform.id)).toEqual(expect.arrayContaining(['slack', 'testchat', 'linkchat']));
		expect(description.credentials).toEqual(
			expect.arrayContaining([
				{ name: 'stripeChatSlackApi', required: false, displayOptions: { show: { chatPlatform: ['slack'] } } },
				{ name: 'stripeChatTestChatApi', required: false, displayOptions: { show: { chatPlatform: ['testchat'] } } },
			]),
		);
		expect(description.credentials?.some((credential) => credential.name === LINK_CHAT.credentialType)).toBe(false);
	});

	it('words the rule fields in Slack’s terms only when Slack is chosen, neutrally for a platform without hints', () => {
		const rules = description.properties.find((property) => property.name === 'rules') as INodeProperties;
		const fields = (rules.options?.[0] as { values: INodeProperties[] }).values.filter(
			(field) => field.name === 'channel',
		);
		const slackField = fields.find((field) => field.displayOptions?.show?.['/chatPlatform']?.includes('slack'));
		expect(slackField?.displayOptions?.show?.['/chatPlatform']).toEqual(['slack']);
		expect(slackField?.description).toBe('Slack channel name or ID. Empty: the default channel.');
		const neutral = fields.find((field) => field.displayOptions?.show?.['/chatPlatform']?.includes('testchat'));
		expect(neutral?.displayOptions?.show?.['/chatPlatform']).toEqual(
			CHAT_PLATFORMS.filter((platform) => !platform.ruleHints).map((platform) => platform.id),
		);
		expect(neutral?.description).not.toContain('Slack');
		// Every platform has exactly one copy of the field.
		expect(fields.flatMap((field) => field.displayOptions?.show?.['/chatPlatform'] ?? []).sort()).toEqual(
			CHAT_PLATFORMS.map((platform) => platform.id).sort(),
		);
	});

	it('routes with the chosen platform’s addressing and renders the alert for it only, under its id', async () => {
		const run = await runAlert({
			alert: { chatPlatform: 'testchat', defaultChannel: PAYMENTS, rules: { rule: [RISK_RULE] } },
		});
		expect(run.data.resultData.error).toBeUndefined();
		const [[item]] = outputOf(run, 'Payment Alert');
		expect(item.platform).toBe('testchat');
		expect(item.route).toMatchObject({ channel: RISK, mention: `<@&${RISK_ROLE}>`, suppressed: false });
		expect(item).not.toHaveProperty('slack');
		expect(Object.fromEntries(renderCalls)).toEqual({ testchat: 1 });

		const rendering = item.testchat as StandInRendering;
		expect(rendering.text.startsWith(`<@&${RISK_ROLE}> `)).toBe(true);
		expect(rendering.text).not.toContain('jane.doe@example.com');
		// Signed with the Test Chat credential's secret, not Slack's.
		expect(rendering.buttons.length).toBeGreaterThan(0);
		expect(item.buttons).toEqual({ attached: rendering.buttons.length });
		for (const value of rendering.buttons) {
			expect(
				verifyCompactActionValue(value, { secret: TEST_CHAT_SECRET, channelId: RISK, maxAgeSeconds: 600 }).objectId,
			).toMatch(/^(in_1evtplatform|cus_123$)/);
			expect(() =>
				verifyCompactActionValue(value, { secret: SLACK_SECRET, channelId: RISK, maxAgeSeconds: 600 }),
			).toThrow();
		}
	});

	it('refuses rules written in another platform’s terms, in the chosen platform’s words', async () => {
		const run = await runAlert({
			alert: {
				chatPlatform: 'testchat',
				defaultChannel: PAYMENTS,
				rules: { rule: [{ ...RISK_RULE, channel: 'C0RISKOPS' }] },
			},
		});
		expect(run.data.resultData.error?.message).toMatch(/"C0RISKOPS" is not a Test Chat channel id/);
	});

	it('gives a link-only platform no signed buttons, and says why', async () => {
		const run = await runAlert({ alert: { chatPlatform: 'linkchat' } });
		expect(run.data.resultData.error).toBeUndefined();
		const [[item]] = outputOf(run, 'Payment Alert');
		const rendering = item.linkchat as StandInRendering;
		expect(item.platform).toBe('linkchat');
		expect(rendering.buttons).toEqual([]);
		expect(rendering.links).toContain('https://invoice.stripe.com/i/acct_1/test');
		expect((item.message as { actions: unknown[] }).actions).toEqual([]);
		expect(item.buttons).toEqual({
			attached: 0,
			reason: expect.stringMatching(
				/^Link Chat shows link buttons only \(Dashboard, hosted pages\); buttons that act on Stripe need Slack(, .*)? or Test Chat$/,
			),
		});
		expect(Object.fromEntries(renderCalls)).toEqual({ linkchat: 1 });
	});

	it('collapses bursts of a platform whose webhook decides the channel (a route without one)', async () => {
		const events = Array.from({ length: 4 }, (_, index) => invoiceFailed(`evt_burst_${workflowCount}_${index}`));
		const run = await runAlert({
			alert: { chatPlatform: 'linkchat', burstCollapse: true, burstThreshold: 2, burstWindowMinutes: 60 },
			events,
		});
		expect(run.data.resultData.error).toBeUndefined();
		const items = outputOf(run, 'Payment Alert')[0];
		expect(items.map((item) => (item.route as { channel?: string }).channel)).toEqual([
			undefined,
			undefined,
			undefined,
			undefined,
		]);
		expect(items.map((item) => (item.burst as { mode: string }).mode)).toEqual([
			'post',
			'post',
			'collapse',
			'collapse',
		]);
	});

	it('keeps a workflow saved before the choice on Slack: Slack’s rules, rendering and credential', async () => {
		const run = await runAlert({
			alert: {
				defaultChannel: '#payments',
				rules: { rule: [{ ...RISK_RULE, channel: 'C0RISKOPS', mentionId: 'S0RISK' }] },
			},
		});
		expect(run.data.resultData.error).toBeUndefined();
		const [[item]] = outputOf(run, 'Payment Alert');
		expect(item.platform).toBe('slack');
		expect(item.route).toMatchObject({ channel: 'C0RISKOPS', mention: '<!subteam^S0RISK>' });
		expect(item).not.toHaveProperty('testchat');
		expect((item.slack as { text: string }).text.startsWith('<!subteam^S0RISK> ')).toBe(true);
		expect((item.message as { actions: Array<{ value: string }> }).actions.length).toBeGreaterThan(0);
		expect(Object.fromEntries(renderCalls)).toEqual({ slack: 1 });
	});

	it('Stripe Chat Slack refuses an alert rendered for another platform and says what to connect', async () => {
		const slack = new FakeSlack();
		try {
			const run = await runAlert({ alert: { chatPlatform: 'testchat', defaultChannel: PAYMENTS }, slack });
			expect(run.data.resultData.error?.message).toBe(
				"This alert was rendered for Test Chat; connect a Stripe Chat Test Chat node, or set Payment Alert's Chat Platform to Slack",
			);
			expect(slack.requestsFor('chat.postMessage')).toEqual([]);
		} finally {
			await slack.close();
		}
	});
});

describe('wrongPlatformProblem', () => {
	const slack = { text: 'Paid' };
	it.each([
		{
			item: { platform: 'slack', slack },
			reader: TEST_CHAT,
			problem:
				/rendered for Slack; connect a Stripe Chat Slack node, or set Payment Alert's Chat Platform to Test Chat$/,
		},
		{ item: { platform: 'testchat', testchat: slack }, reader: TEST_CHAT, problem: undefined },
		{ item: { slack, testchat: slack }, reader: TEST_CHAT, problem: undefined },
		{ item: { slack }, reader: TEST_CHAT, problem: /rendered for Slack/ },
		{ item: { text: 'hand-built' }, reader: TEST_CHAT, problem: undefined },
		{
			item: { platform: 'pager', pager: slack },
			reader: LINK_CHAT,
			problem: /rendered for "pager", a chat platform this version does not have/,
		},
	])('$item.platform for $reader.id: $problem', ({ item, reader, problem }) => {
		const found = wrongPlatformProblem(item, reader);
		if (problem) expect(found).toMatch(problem);
		else expect(found).toBeUndefined();
	});
});
