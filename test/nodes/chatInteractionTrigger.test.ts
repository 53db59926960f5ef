import { signActionValue } from '../../src/core/signedValue';
import { ChatInteractionTrigger } from '../../nodes/ChatInteractionTrigger/ChatInteractionTrigger.node';
import { FakeSlack } from '../support/fakeSlack';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import { signedSlackRequest } from '../support/slackRequests';
import type { EngineWorkflow } from '../support/n8nEngine';

const SIGNING_SECRET = 'slack-signing-secret-for-tests-0001';
const BUTTON_SECRET = 'button-signing-secret-for-tests-0123456789';
const FORM = 'application/x-www-form-urlencoded';

let slack: FakeSlack;
beforeAll(async () => {
	slack = await FakeSlack.start();
});
afterAll(async () => slack.close());

function workflow(parameters: Record<string, unknown>, credentials: Record<string, string> = {}): EngineWorkflow {
	return {
		nodes: [
			{
				id: 'trigger',
				name: 'Chat Interaction Trigger',
				type: 'chatInteractionTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'slack-hook',
				parameters: { listenFor: ['block_actions', 'view_submission', 'slash_command'], access: 'everyone', ...parameters },
				credentials: { stripeChatSlackApi: { id: 'cred', name: 'Slack' } },
			},
		],
		connections: {},
		nodeTypes: { chatInteractionTrigger: new ChatInteractionTrigger() },
		credentials: {
			stripeChatSlackApi: {
				botToken: 'xoxb-test-token',
				signingSecret: SIGNING_SECRET,
				buttonSigningSecret: BUTTON_SECRET,
				apiBaseUrl: slack.apiUrl,
				...credentials,
			},
		},
	};
}

function signed(body: string, options: { secret?: string; timestamp?: number; contentType?: string } = {}) {
	return signedSlackRequest(body, options.secret ?? SIGNING_SECRET, options);
}

function buttonValue(action: 'invoice.retry' | 'refund.create' = 'invoice.retry', secret = BUTTON_SECRET) {
	return signActionValue({ action, objectId: 'in_1Retry', objectType: 'invoice', customerId: 'cus_1', livemode: false }, secret);
}

function clickBody(value: string, user = 'U0ALICE', responseUrl = slack.createResponseUrl()) {
	return `payload=${encodeURIComponent(
		JSON.stringify({
			type: 'block_actions',
			user: { id: user, username: 'alice' },
			team: { id: 'T0FAKE' },
			channel: { id: 'C0PAYMENTS' },
			message: { ts: '1700000000.000100' },
			response_url: responseUrl,
			trigger_id: '1.2.3',
			actions: [{ action_id: 'scc:invoice.retry:0', block_id: 'scc:actions:evt_1', value }],
		}),
	)}`;
}

const ruleForAlice = { rule: [{ users: 'U0ALICE', userGroups: '', actions: ['invoice.retry'], commands: '/pay', channels: '' }] };

describe('Chat Interaction Trigger', () => {
	it('turns a signed click on a signed button into one workflow item with the verified target', async () => {
		const result = await deliverWebhook(workflow({ access: 'rules', rules: ruleForAlice }), 'Chat Interaction Trigger', signed(clickBody(buttonValue())));
		expect(result.response.statusCode).toBe(200);
		const [items] = outputOf(result.run!, 'Chat Interaction Trigger');
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			kind: 'block_actions',
			action: 'invoice.retry',
			user: { id: 'U0ALICE', name: 'alice' },
			channelId: 'C0PAYMENTS',
			messageTs: '1700000000.000100',
			triggerId: '1.2.3',
			target: { action: 'invoice.retry', objectId: 'in_1Retry', objectType: 'invoice', customerId: 'cus_1', livemode: false },
		});
	});

	const stale = Math.floor(Date.now() / 1000) - 600;
	const body = () => clickBody(buttonValue());
	it.each([
		['unsigned', () => ({ headers: { 'content-type': FORM }, rawBody: Buffer.from(body()) }), 401],
		['signed with another secret', () => signed(body(), { secret: 'not-the-secret' }), 401],
		['replayed ten minutes later', () => signed(body(), { timestamp: stale }), 401],
		['from ten minutes in the future', () => signed(body(), { timestamp: stale + 1200 }), 401],
		[
			'tampered after signing',
			() => {
				const request = signed(body());
				const tampered = request.rawBody.toString().replace('U0ALICE', 'U0MALLO');
				expect(tampered).not.toBe(request.rawBody.toString());
				return { ...request, rawBody: Buffer.from(tampered) };
			},
			401,
		],
		['a forged button value', () => signed(clickBody(buttonValue('refund.create', 'guessed-secret'))), 200],
		[
			'a button value edited to another invoice',
			() => {
				const [version, payload, mac] = buttonValue().split('.');
				const edited = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('in_1Retry', 'in_2Other')).toString('base64url');
				return signed(clickBody([version, edited, mac].join('.')));
			},
			200,
		],
	])('starts nothing for a request %s', async (_name, request, status) => {
		const result = await deliverWebhook(workflow({}), 'Chat Interaction Trigger', request());
		expect(result.response.statusCode).toBe(status);
		expect(result.run).toBeUndefined();
		expect(result.webhook.workflowData).toBeUndefined();
	});

	it('fails closed when the credential has no signing secret', async () => {
		const result = await deliverWebhook(workflow({}, { signingSecret: '' }), 'Chat Interaction Trigger', signed(body()));
		expect(result.response.statusCode).toBe(401);
		expect(result.run).toBeUndefined();
	});

	it('tells an unauthorised person privately that they may not act, and runs nothing', async () => {
		const responseUrl = slack.createResponseUrl();
		const before = slack.responseUrlPosts.length;
		const result = await deliverWebhook(
			workflow({ access: 'rules', rules: ruleForAlice }),
			'Chat Interaction Trigger',
			signed(clickBody(buttonValue(), 'U0MALLORY', responseUrl)),
		);
		expect(result.run).toBeUndefined();
		const notice = slack.responseUrlPosts.slice(before);
		expect(notice).toHaveLength(1);
		expect(notice[0].body).toMatchObject({ response_type: 'ephemeral' });
		expect(String(notice[0].body.text)).toContain('not allowed to retry invoice payments');
	});

	it('answers a slash command from someone not allowed with an ephemeral reply', async () => {
		const command = new URLSearchParams({ command: '/pay', text: '50.00 Deluxe room', user_id: 'U0MALLORY', team_id: 'T0FAKE', channel_id: 'C1' }).toString();
		const result = await deliverWebhook(workflow({ access: 'rules', rules: ruleForAlice }), 'Chat Interaction Trigger', signed(command));
		expect(result.run).toBeUndefined();
		expect(JSON.parse(String(result.response.body))).toEqual({
			response_type: 'ephemeral',
			text: expect.stringContaining('not allowed to use /pay'),
		});
	});

	it('runs an allowed slash command with its text', async () => {
		const command = new URLSearchParams({
			command: '/pay',
			text: '50.00 Deluxe room',
			user_id: 'U0ALICE',
			user_name: 'alice',
			team_id: 'T0FAKE',
			channel_id: 'C1',
			response_url: 'https://hooks.slack.com/commands/T1/1/x',
		}).toString();
		const result = await deliverWebhook(workflow({ access: 'rules', rules: ruleForAlice }), 'Chat Interaction Trigger', signed(command));
		expect(result.response.statusCode).toBe(200);
		expect(outputOf(result.run!, 'Chat Interaction Trigger')[0][0]).toMatchObject({
			kind: 'slash_command',
			command: '/pay',
			text: '50.00 Deluxe room',
			user: { id: 'U0ALICE' },
		});
	});

	it.each([
		['url_verification', '{"type":"url_verification","challenge":"c-123"}', 'application/json', '{"challenge":"c-123"}'],
		['ssl_check', 'ssl_check=1&token=x', FORM, ''],
	])('answers Slack %s and starts nothing', async (_name, requestBody, contentType, expected) => {
		const result = await deliverWebhook(workflow({}), 'Chat Interaction Trigger', signed(requestBody, { contentType }));
		expect(result.response.statusCode).toBe(200);
		expect(result.response.body).toBe(expected);
		expect(result.run).toBeUndefined();
	});

	it('ignores kinds switched off in Listen For', async () => {
		const command = new URLSearchParams({ command: '/pay', text: '5', user_id: 'U0ALICE' }).toString();
		const result = await deliverWebhook(workflow({ listenFor: ['block_actions'] }), 'Chat Interaction Trigger', signed(command));
		expect(result.response.statusCode).toBe(200);
		expect(result.run).toBeUndefined();
	});
});
