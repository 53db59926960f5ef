import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { ChatInteractionTrigger } from '../../nodes/ChatInteractionTrigger/ChatInteractionTrigger.node';
import { StripeChatSlack } from '../../nodes/StripeChatSlack/StripeChatSlack.node';
import { buildMessage } from '../../src/core/buildMessage';
import { renderSlack } from '../../src/platforms/slack/render';
import { signActionValue, verifyActionValue } from '../../src/core/signedValue';
import type { ActionKind } from '../../src/core/types';
import { FakeSlack } from '../support/fakeSlack';
import { itemsTrigger, itemsTriggerNode } from '../support/itemsTrigger';
import { signedSlackRequest } from '../support/slackRequests';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';

/**
 * Who may do what, where: every request is signed like Slack signs it and goes through the real Chat Interaction
 * Trigger in n8n's engine; the fake Slack answers `auth.test` (workspace T0FAKE) and user-group look-ups.
 */

const SIGNING_SECRET = 'slack-signing-secret-for-access-tests';
const BUTTON_SECRET = 'button-signing-secret-for-access-tests-0123456789';
const HOME = 'T0FAKE';
const PAYMENTS = 'C0PAYMENTS';
const OTHER_CHANNEL = 'C0ELSEWHERE';

let slack: FakeSlack;
beforeAll(async () => {
	slack = await FakeSlack.start({ channels: [{ id: PAYMENTS, name: 'payments' }, { id: OTHER_CHANNEL, name: 'elsewhere' }] });
	slack.setUserGroup('S0FINANCE', ['U0BOB']);
});
afterAll(async () => slack.close());
afterEach(() => {
	slack.clearFaults();
	slack.workspace = {};
});

type Rule = { users?: string; userGroups?: string; actions?: string[]; commands?: string; channels?: string };

function workflow(access: 'rules' | 'everyone', rules: Rule[], options: INodeParameters = {}): EngineWorkflow {
	return {
		nodes: [
			{
				id: 'trigger',
				name: 'Chat Interaction Trigger',
				type: 'chatInteractionTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'slack-access',
				parameters: {
					listenFor: ['block_actions', 'view_submission', 'slash_command'],
					access,
					rules: {
						rule: rules.map((rule) => ({ users: '', userGroups: '', actions: [], commands: '', channels: '', ...rule })),
					},
					options,
				},
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
			},
		},
	};
}

function signed(body: string) {
	return signedSlackRequest(body, SIGNING_SECRET);
}

/** Who acts: their member ID, their home workspace, and the channel they act in. */
interface Clicker {
	userId: string;
	teamId: string;
	/** The person's home workspace when it is not the one the request comes from (`user.team_id`). */
	userTeamId?: string;
	channelId?: string;
	enterpriseId?: string;
}

const CLICKERS = {
	alice: { userId: 'U0ALICE', teamId: HOME, channelId: PAYMENTS },
	'bob (in @finance)': { userId: 'U0BOB', teamId: HOME, channelId: PAYMENTS },
	'carol (named nowhere)': { userId: 'U0CAROL', teamId: HOME, channelId: PAYMENTS },
	'a guest from another workspace': { userId: 'U0GUEST', teamId: 'T0OTHERORG', channelId: PAYMENTS },
	'alice in another channel': { userId: 'U0ALICE', teamId: HOME, channelId: OTHER_CHANNEL },
} satisfies Record<string, Clicker>;

type ClickerName = keyof typeof CLICKERS;

/** A signed button value of the alert in #payments; `null` for a value signed before channels were signed into it. */
function buttonValue(action: ActionKind, channelId: string | null = PAYMENTS): string {
	return signActionValue(
		{ action, objectId: 'pi_1Access', objectType: 'payment_intent', livemode: false, channelId: channelId ?? undefined, messageTs: '1700000000.000100' },
		BUTTON_SECRET,
	);
}

function click(clicker: Clicker, value: string, responseUrl = slack.createResponseUrl()) {
	return signed(
		`payload=${encodeURIComponent(
			JSON.stringify({
				type: 'block_actions',
				user: { id: clicker.userId, username: clicker.userId.toLowerCase(), team_id: clicker.userTeamId ?? clicker.teamId },
				team: { id: clicker.teamId, ...(clicker.enterpriseId ? { enterprise_id: clicker.enterpriseId } : {}) },
				...(clicker.channelId ? { channel: { id: clicker.channelId } } : {}),
				container: { type: 'message', message_ts: '1700000000.000100', ...(clicker.channelId ? { channel_id: clicker.channelId } : {}) },
				message: { ts: '1700000000.000100' },
				response_url: responseUrl,
				trigger_id: '1.2.3',
				actions: [{ action_id: 'scc:refund.create:0', value }],
			}),
		)}`,
	);
}

function command(clicker: Clicker, name: string) {
	return signed(
		new URLSearchParams({
			command: name,
			text: '50 Deluxe room',
			user_id: clicker.userId,
			team_id: clicker.teamId,
			channel_id: clicker.channelId ?? '',
			response_url: slack.createResponseUrl(),
		}).toString(),
	);
}

function formSubmission(clicker: Clicker, privateMetadata: string | undefined) {
	return signed(
		`payload=${encodeURIComponent(
			JSON.stringify({
				type: 'view_submission',
				user: { id: clicker.userId, team_id: clicker.teamId },
				team: { id: clicker.teamId },
				view: {
					id: 'V0FORM',
					team_id: clicker.teamId,
					callback_id: 'scc_dispute_evidence',
					...(privateMetadata === undefined ? {} : { private_metadata: privateMetadata }),
					state: { values: {} },
				},
			}),
		)}`,
	);
}

type Request = ReturnType<typeof signed>;

/** What a clicker does: a button of the alert in #payments, a command, or the evidence form of that alert. */
const DOINGS: Record<string, (clicker: Clicker) => Request> = {
	'Refund button': (clicker) => click(clicker, buttonValue('refund.create')),
	'Void button': (clicker) => click(clicker, buttonValue('invoice.void')),
	'Accept dispute button': (clicker) => click(clicker, buttonValue('dispute.accept')),
	'Customer summary button': (clicker) => click(clicker, buttonValue('customer.summary')),
	'/pay': (clicker) => command(clicker, '/pay'),
	'/refund': (clicker) => command(clicker, '/refund'),
	'evidence form': (clicker) => formSubmission(clicker, buttonValue('dispute.respond')),
};

const RULES: Record<string, { access: 'rules' | 'everyone'; rules: Rule[] }> = {
	'only /pay (alice)': { access: 'rules', rules: [{ users: 'U0ALICE', commands: '/pay' }] },
	'only Customer summary (alice)': { access: 'rules', rules: [{ users: 'U0ALICE', actions: ['customer.summary'] }] },
	'all buttons (alice)': { access: 'rules', rules: [{ users: 'U0ALICE', actions: ['*'] }] },
	'all commands (alice)': { access: 'rules', rules: [{ users: 'U0ALICE', commands: '*' }] },
	'Refund for @finance': { access: 'rules', rules: [{ userGroups: 'S0FINANCE', actions: ['refund.create'] }] },
	'Customer summary for everyone': { access: 'rules', rules: [{ actions: ['customer.summary'] }] },
	'all buttons in #payments (alice)': { access: 'rules', rules: [{ users: 'U0ALICE', actions: ['*'], channels: PAYMENTS }] },
	'saved before "all" was a choice (alice, nothing listed)': { access: 'rules', rules: [{ users: 'U0ALICE' }] },
	'everyone in the workspace': { access: 'everyone', rules: [] },
};

// rule kind × clicker × action → allowed or refused
const MATRIX: Array<[string, ClickerName, string, 'allowed' | 'refused']> = [
	['only /pay (alice)', 'alice', '/pay', 'allowed'],
	['only /pay (alice)', 'alice', 'Refund button', 'refused'],
	['only /pay (alice)', 'alice', 'Void button', 'refused'],
	['only /pay (alice)', 'alice', 'Accept dispute button', 'refused'],
	['only /pay (alice)', 'alice', '/refund', 'refused'],
	['only /pay (alice)', 'carol (named nowhere)', '/pay', 'refused'],
	['only /pay (alice)', 'a guest from another workspace', '/pay', 'refused'],
	['only Customer summary (alice)', 'alice', 'Customer summary button', 'allowed'],
	['only Customer summary (alice)', 'alice', '/pay', 'refused'],
	['only Customer summary (alice)', 'alice', '/refund', 'refused'],
	['only Customer summary (alice)', 'alice', 'Refund button', 'refused'],
	['only Customer summary (alice)', 'alice in another channel', 'Customer summary button', 'refused'],
	['all buttons (alice)', 'alice', 'Refund button', 'allowed'],
	['all buttons (alice)', 'alice', 'Accept dispute button', 'allowed'],
	['all buttons (alice)', 'alice', 'evidence form', 'allowed'],
	['all buttons (alice)', 'alice', '/pay', 'refused'],
	['all buttons (alice)', 'carol (named nowhere)', 'Refund button', 'refused'],
	['all buttons (alice)', 'alice in another channel', 'Refund button', 'refused'],
	['all commands (alice)', 'alice', '/pay', 'allowed'],
	['all commands (alice)', 'alice', '/refund', 'allowed'],
	['all commands (alice)', 'alice', 'Customer summary button', 'refused'],
	['Refund for @finance', 'bob (in @finance)', 'Refund button', 'allowed'],
	['Refund for @finance', 'bob (in @finance)', 'Void button', 'refused'],
	['Refund for @finance', 'bob (in @finance)', '/pay', 'refused'],
	['Refund for @finance', 'alice', 'Refund button', 'refused'],
	['Refund for @finance', 'a guest from another workspace', 'Refund button', 'refused'],
	['Customer summary for everyone', 'carol (named nowhere)', 'Customer summary button', 'allowed'],
	['Customer summary for everyone', 'carol (named nowhere)', 'Refund button', 'refused'],
	['Customer summary for everyone', 'carol (named nowhere)', '/pay', 'refused'],
	['Customer summary for everyone', 'a guest from another workspace', 'Customer summary button', 'refused'],
	['all buttons in #payments (alice)', 'alice', 'Refund button', 'allowed'],
	['all buttons in #payments (alice)', 'alice', 'evidence form', 'allowed'],
	['all buttons in #payments (alice)', 'alice in another channel', 'Customer summary button', 'refused'],
	['saved before "all" was a choice (alice, nothing listed)', 'alice', 'Refund button', 'refused'],
	['saved before "all" was a choice (alice, nothing listed)', 'alice', '/pay', 'refused'],
	['everyone in the workspace', 'carol (named nowhere)', 'Refund button', 'allowed'],
	['everyone in the workspace', 'carol (named nowhere)', '/refund', 'allowed'],
	['everyone in the workspace', 'a guest from another workspace', 'Refund button', 'refused'],
	['everyone in the workspace', 'a guest from another workspace', '/pay', 'refused'],
	['everyone in the workspace', 'alice in another channel', 'Refund button', 'refused'],
];

describe('Authorisation matrix', () => {
	it.each(MATRIX)('rule "%s": %s, %s → %s', async (ruleName, clickerName, doing, expected) => {
		const { access, rules } = RULES[ruleName];
		const result = await deliverWebhook(workflow(access, rules), 'Chat Interaction Trigger', DOINGS[doing](CLICKERS[clickerName]));
		expect(result.response.statusCode).toBe(200);
		if (expected === 'allowed') {
			expect(outputOf(result.run!, 'Chat Interaction Trigger')[0]).toHaveLength(1);
		} else {
			expect(result.run).toBeUndefined();
			expect(result.webhook.workflowData).toBeUndefined();
		}
	});
});

function refusalText(result: Awaited<ReturnType<typeof deliverWebhook>>, responseUrlPostsBefore: number): string {
	const posts = slack.responseUrlPosts.slice(responseUrlPostsBefore);
	if (posts.length > 0) {
		expect(posts[0].body).toMatchObject({ response_type: 'ephemeral' });
		return String(posts[0].body.text);
	}
	const body = JSON.parse(String(result.response.body)) as { text?: string; view?: { blocks: Array<{ text: { text: string } }> } };
	return body.text ?? body.view?.blocks[0].text.text ?? '';
}

describe('Binding to the workspace and the channel of the alert', () => {
	const alice = CLICKERS.alice;
	const allButtons = () => workflow('rules', [{ users: 'U0ALICE', actions: ['*'], commands: '*' }]);

	it.each([
		['a guest of a Slack Connect channel', () => click(CLICKERS['a guest from another workspace'], buttonValue('refund.create')), /only for members of the Slack workspace/],
		['a person whose home workspace is another one (user.team_id)', () => click({ ...alice, userTeamId: 'T0OTHERORG' }, buttonValue('refund.create')), /only for members/],
		['another channel than the alert\'s', () => click(CLICKERS['alice in another channel'], buttonValue('refund.create')), /belongs to the alert in <#C0PAYMENTS>, not to this channel \(C0ELSEWHERE\)/],
		['a click that names no channel', () => click({ ...alice, channelId: undefined }, buttonValue('refund.create')), /the click names no channel/],
		['a click that names no workspace', () => click({ ...alice, teamId: '' }, buttonValue('refund.create')), /only for members/],
		['an organisation the app is not in', () => click({ ...alice, enterpriseId: 'E0OTHER' }, buttonValue('refund.create')), /only for members/],
	])('refuses %s with a private notice', async (_name, request, notice) => {
		const before = slack.responseUrlPosts.length;
		const result = await deliverWebhook(allButtons(), 'Chat Interaction Trigger', request());
		expect(result.run).toBeUndefined();
		expect(refusalText(result, before)).toMatch(notice);
	});

	it('accepts a button signed without a channel (alerts from before channels were signed) in any channel the rules allow', async () => {
		const result = await deliverWebhook(allButtons(), 'Chat Interaction Trigger', click(CLICKERS['alice in another channel'], buttonValue('refund.create', null)));
		expect(outputOf(result.run!, 'Chat Interaction Trigger')[0][0]).toMatchObject({ action: 'refund.create', channelId: OTHER_CHANNEL });
	});

	it('for an org-wide Enterprise Grid install, accepts any workspace of the organisation and no other organisation', async () => {
		slack.workspace = { team_id: '', enterprise_id: 'E0ORG', is_enterprise_install: true };
		const inOrg = await deliverWebhook(allButtons(), 'Chat Interaction Trigger', click({ ...alice, teamId: 'T0SISTER', enterpriseId: 'E0ORG' }, buttonValue('refund.create')));
		expect(outputOf(inOrg.run!, 'Chat Interaction Trigger')[0]).toHaveLength(1);
		const noOrg = await deliverWebhook(allButtons(), 'Chat Interaction Trigger', click({ ...alice }, buttonValue('refund.create')));
		expect(noOrg.run).toBeUndefined();
		const otherOrg = await deliverWebhook(allButtons(), 'Chat Interaction Trigger', click({ ...alice, enterpriseId: 'E0OTHER' }, buttonValue('refund.create')));
		expect(otherOrg.run).toBeUndefined();
	});

	it('refuses everything, privately, when Slack does not confirm the workspace', async () => {
		slack.failMethod('auth.test', 'invalid_auth');
		const before = slack.responseUrlPosts.length;
		const result = await deliverWebhook(allButtons(), 'Chat Interaction Trigger', click(alice, buttonValue('refund.create')));
		expect(result.run).toBeUndefined();
		expect(refusalText(result, before)).toMatch(/did not confirm which workspace/);
	});

	it('checks a form against the channel signed into it, and answers a refused form inside the form', async () => {
		const onlyInPayments = workflow('rules', [{ users: 'U0ALICE', actions: ['dispute.respond'], channels: PAYMENTS }]);
		const allowed = await deliverWebhook(onlyInPayments, 'Chat Interaction Trigger', formSubmission(alice, buttonValue('dispute.respond')));
		expect(outputOf(allowed.run!, 'Chat Interaction Trigger')[0][0]).toMatchObject({
			kind: 'view_submission',
			action: 'dispute.respond',
			target: { channelId: PAYMENTS, messageTs: '1700000000.000100' },
		});

		const fromElsewhere = await deliverWebhook(onlyInPayments, 'Chat Interaction Trigger', formSubmission(alice, buttonValue('dispute.respond', OTHER_CHANNEL)));
		expect(fromElsewhere.run).toBeUndefined();
		expect(JSON.parse(String(fromElsewhere.response.body))).toMatchObject({
			response_action: 'update',
			view: { type: 'modal', blocks: [{ text: { text: expect.stringContaining('not allowed to answer disputes') } }] },
		});
	});

	it.each([
		['without private metadata', undefined],
		['with private metadata that is not signed', 'dispute du_1 please'],
	])('treats a form %s as an unsigned form: only "All Buttons" grants it, and never inside a channel-limited rule', async (_name, metadata) => {
		const named = await deliverWebhook(workflow('rules', [{ users: 'U0ALICE', actions: ['dispute.respond'] }]), 'Chat Interaction Trigger', formSubmission(CLICKERS.alice, metadata));
		expect(named.run).toBeUndefined();
		const channelLimited = await deliverWebhook(workflow('rules', [{ users: 'U0ALICE', actions: ['*'], channels: PAYMENTS }]), 'Chat Interaction Trigger', formSubmission(CLICKERS.alice, metadata));
		expect(channelLimited.run).toBeUndefined();
		const all = await deliverWebhook(allButtons(), 'Chat Interaction Trigger', formSubmission(CLICKERS.alice, metadata));
		expect(outputOf(all.run!, 'Chat Interaction Trigger')[0][0]).toMatchObject({ action: 'modal scc_dispute_evidence' });
		expect(outputOf(all.run!, 'Chat Interaction Trigger')[0][0].target).toBeUndefined();
	});

	it('refuses a form whose signed metadata was edited, inside the form', async () => {
		const [version, payload, mac] = buttonValue('dispute.respond').split('.');
		const edited = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('pi_1Access', 'pi_2Other')).toString('base64url');
		const result = await deliverWebhook(allButtons(), 'Chat Interaction Trigger', formSubmission(CLICKERS.alice, [version, edited, mac].join('.')));
		expect(result.run).toBeUndefined();
		expect(JSON.parse(String(result.response.body))).toMatchObject({ response_action: 'update' });
	});

	it('holds a button expiry saved above 365 days to 365, so no button outlives its "already done" mark', async () => {
		const issued = Date.now() - 400 * 86_400_000;
		const old = signActionValue({ action: 'refund.create', objectId: 'pi_1Old', objectType: 'payment_intent', livemode: false, channelId: PAYMENTS }, BUTTON_SECRET, () => issued);
		const before = slack.responseUrlPosts.length;
		const everyone = (days: number) => workflow('everyone', [], { buttonMaxAgeDays: days });
		const clamped = await deliverWebhook(everyone(1000), 'Chat Interaction Trigger', click(alice, old));
		expect(clamped.run).toBeUndefined();
		expect(refusalText(clamped, before)).toMatch(/expired/);
		const forEver = await deliverWebhook(everyone(0), 'Chat Interaction Trigger', click(alice, old));
		expect(outputOf(forEver.run!, 'Chat Interaction Trigger')[0]).toHaveLength(1);
	});

	it('tells the n8n log which saved rule now grants nothing', async () => {
		const { decideChatInteraction } = await import('../../src/triggers/chatInteraction');
		const outcome = await decideChatInteraction(
			click(alice, buttonValue('refund.create')),
			{
				signingSecret: SIGNING_SECRET,
				buttonSigningSecret: BUTTON_SECRET,
				listenFor: ['block_actions'],
				access: 'rules',
				rules: [{ users: ['U0ALICE'], userGroups: [], actions: [], commands: [], channels: [] }],
				buttonMaxAgeDays: 30,
			},
			{ now: Date.now, userGroupMembers: async () => [], homeWorkspace: async () => ({ teamId: HOME, isEnterpriseInstall: false }) },
		);
		expect(outcome.item).toBeUndefined();
		expect(outcome.ignoredBecause).toMatch(/access rule 1 grants no button and no command/);
	});
});

describe('The shipped /pay template', () => {
	const template = JSON.parse(readFileSync(path.resolve(__dirname, '../../workflows/slash-pay.json'), 'utf8')) as {
		nodes: Array<{ type: string; parameters: { access: 'rules'; rules: { rule: Rule[] } } }>;
	};
	const trigger = template.nodes.find((node) => node.type.endsWith('.chatInteractionTrigger'))!;

	it.each([
		['/pay', 'allowed'],
		['Refund button', 'refused'],
		['Void button', 'refused'],
		['Accept dispute button', 'refused'],
		['/refund', 'refused'],
	] as const)('lets anyone in the workspace use only /pay: %s → %s', async (doing, expected) => {
		const result = await deliverWebhook(workflow(trigger.parameters.access, trigger.parameters.rules.rule), 'Chat Interaction Trigger', DOINGS[doing](CLICKERS['carol (named nowhere)']));
		expect(result.run === undefined ? 'refused' : 'allowed').toBe(expected);
	});
});

describe('An alert posted by the Slack node', () => {
	function runSlackNode(parameters: INodeParameters, item: object) {
		return deliverWebhook(
			{
				nodes: [
					itemsTriggerNode(),
					{
						id: 'slack',
						name: 'Post Alert',
						type: 'stripeChatSlack',
						typeVersion: 1,
						position: [200, 0],
						parameters,
						credentials: { stripeChatSlackApi: { id: 'cred', name: 'Slack' } },
					},
				],
				connections: { Items: { main: [[{ node: 'Post Alert', type: 'main', index: 0 }]] } },
				nodeTypes: { itemsTrigger, stripeChatSlack: new StripeChatSlack() },
				credentials: {
					stripeChatSlackApi: { botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, buttonSigningSecret: BUTTON_SECRET, apiBaseUrl: slack.apiUrl },
				},
			},
			'Items',
			{ headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify([item])) },
		);
	}

	function buttonValueOf(ts: string): string {
		const stored = slack.messages(PAYMENTS).find((candidate) => candidate.ts === ts)!;
		const actions = stored.blocks?.find((block) => (block as { type: string }).type === 'actions') as { elements: Array<{ value: string }> };
		return actions.elements[0].value;
	}

	async function postAlert(): Promise<{ ts: string; value: string }> {
		const event = JSON.parse(
			readFileSync(path.resolve(__dirname, '../fixtures/events/payment_intent.succeeded__jpy_legacy_charges.json'), 'utf8'),
		) as Parameters<typeof buildMessage>[0];
		const message = buildMessage(event, { actionSecret: BUTTON_SECRET });
		const item = { message, slack: renderSlack(message), route: { channel: '#payments', suppressed: false } };
		const result = await runSlackNode(
			{ operation: 'post', channelSource: 'route', channel: { __rl: true, mode: 'name', value: '#payments' }, messageSource: 'paymentAlert' },
			item,
		);
		const ts = String(outputOf(result.run!, 'Post Alert')[0][0].ts);
		return { ts, value: buttonValueOf(ts) };
	}

	it('keeps buttons bound to their channel when the Slack node updates the message', async () => {
		const { ts } = await postAlert();
		const unbound = buttonValue('invoice.retry', null);
		await runSlackNode(
			{
				operation: 'update',
				channel: { __rl: true, mode: 'id', value: PAYMENTS },
				messageTs: ts,
				messageSource: 'custom',
				text: 'Retry?',
				blocksJson: JSON.stringify([{ type: 'actions', elements: [{ type: 'button', action_id: 'scc:invoice.retry:0', text: { type: 'plain_text', text: 'Retry' }, value: unbound }] }]),
			},
			{},
		);
		expect(verifyActionValue(buttonValueOf(ts), { secret: BUTTON_SECRET })).toMatchObject({ action: 'invoice.retry', channelId: PAYMENTS });
	});

	it('carries buttons bound to the channel it was posted to, issued when the alert was built', async () => {
		const before = Date.now();
		const { value } = await postAlert();
		expect(verifyActionValue(value, { secret: BUTTON_SECRET })).toMatchObject({ action: 'refund.create', channelId: PAYMENTS });
		expect(verifyActionValue(value, { secret: BUTTON_SECRET }).issuedAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
		expect(verifyActionValue(value, { secret: BUTTON_SECRET }).issuedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) - 1);
	});

	it.each([
		['in the channel it was posted to', CLICKERS.alice, 'allowed'],
		['in another channel (a copy of the button)', CLICKERS['alice in another channel'], 'refused'],
	] as const)('answers a click %s: %s', async (_name, clicker, expected) => {
		const { value } = await postAlert();
		const result = await deliverWebhook(workflow('rules', [{ users: 'U0ALICE', actions: ['refund.create'] }]), 'Chat Interaction Trigger', click(clicker, value));
		expect(result.run === undefined ? 'refused' : 'allowed').toBe(expected);
	});
});
