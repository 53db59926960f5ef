import { readFileSync } from 'node:fs';
import path from 'node:path';

import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { ChatInteractionTrigger } from '../../nodes/ChatInteractionTrigger/ChatInteractionTrigger.node';
import { StripeAction } from '../../nodes/StripeAction/StripeAction.node';
import { buildMessage } from '../../src/core/buildMessage';
import { signActionValue, verifyActionValue } from '../../src/core/signedValue';
import { renderSlack } from '../../src/platforms/slack/render';
import type { ButtonElement, SlackBlock } from '../../src/platforms/slack/render';
import { closeStateStores } from '../../src/state';
import { startActionBackends, stopActionBackends } from '../support/actionBackends';
import type { FakeSlack } from '../support/fakeSlack';
import type { FakeStripe } from '../support/fakeStripe';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { isolateRedisKeys, REDIS_STATE_STORE } from '../support/redisStateStore';
import { signedSlackRequest } from '../support/slackRequests';

/**
 * The team buttons of an alert (issue 13) through n8n's engine: a Slack click signed like Slack signs it reaches the
 * real Chat Interaction Trigger, then the Stripe Action, which keeps its marks in Redis, writes to the fake Stripe
 * and posts to the fake Slack.
 */

const SIGNING_SECRET = 'slack-signing-secret-for-team-tests-01';
const BUTTON_SECRET = 'button-signing-secret-for-team-tests-0123456789';
const SECRET_KEY = 'sk_test_teamTestKey0123456789abcdef';
const CHANNEL = 'C0PAYMENTS';
const OTHER_CHANNEL = 'C0ELSEWHERE';
const LEGAL = 'S0LEGAL';
const FIXTURE = path.resolve(__dirname, '../fixtures/events/invoice.payment_failed__2025-03-31.basil.json');

let stripe: FakeStripe;
let billing: FakeStripeBilling;
let slack: FakeSlack;

beforeAll(async () => {
	({ stripe, billing, slack } = await startActionBackends(CHANNEL));
	slack.addChannel({ id: OTHER_CHANNEL, name: 'elsewhere' });
	isolateRedisKeys();
});

afterAll(async () => {
	await stopActionBackends({ stripe, billing, slack });
	await closeStateStores();
});

/** What a ticket system answers: one ticket per item the Request Ticket step let through (an IF on `ok`). */
class FakeTicketNode implements INodeType {
	created = 0;
	description: INodeTypeDescription = {
		displayName: 'Fake Ticket',
		name: 'fakeTicket',
		group: ['transform'],
		version: 1,
		description: 'Creates a ticket',
		usableAsTool: true,
		defaults: { name: 'Create Ticket' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		this.getInputData().forEach((item, index) => {
			if (item.json.ok !== true) return;
			tickets.created += 1;
			const number = tickets.created;
			out.push({
				json: { identifier: `OPS-${number}`, url: `https://linear.app/acme/issue/OPS-${number}` },
				pairedItem: { item: index },
			});
		});
		return [out];
	}
}
const tickets = new FakeTicketNode();

function triggerNode(users = 'U0ALICE, U0BOB') {
	return {
		id: 'trigger',
		name: 'Chat Interaction Trigger',
		type: 'chatInteractionTrigger',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		webhookId: 'slack-actions',
		parameters: {
			listenFor: ['block_actions'],
			access: 'rules',
			rules: { rule: [{ users, userGroups: '', actions: ['*'], commands: '', channels: '' }] },
		},
		credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' } },
	};
}

function actionNode(name: string, parameters: INodeParameters, x: number) {
	return {
		id: name,
		name,
		type: 'stripeAction',
		typeVersion: 1,
		position: [x, 0] as [number, number],
		parameters: { ...REDIS_STATE_STORE.parameters, ...parameters },
		credentials: {
			stripeChatChannelApi: { id: 'stripe', name: 'Stripe' },
			stripeChatSlackApi: { id: 'slack', name: 'Slack' },
			...REDIS_STATE_STORE.nodeCredentials,
		},
	};
}

const credentials = () => ({
	stripeChatSlackApi: {
		botToken: 'xoxb-test-token',
		signingSecret: SIGNING_SECRET,
		buttonSigningSecret: BUTTON_SECRET,
		apiBaseUrl: slack.apiUrl,
	},
	stripeChatChannelApi: { secretKey: SECRET_KEY, baseUrl: stripe.baseUrl },
	...REDIS_STATE_STORE.credentials,
});

function flow(parameters: INodeParameters): EngineWorkflow {
	return {
		nodes: [triggerNode(), actionNode('Stripe Action', parameters, 220)],
		connections: { 'Chat Interaction Trigger': { main: [[{ node: 'Stripe Action', type: 'main', index: 0 }]] } },
		nodeTypes: { chatInteractionTrigger: new ChatInteractionTrigger(), stripeAction: new StripeAction() },
		credentials: credentials(),
	};
}

function ticketFlow(): EngineWorkflow {
	return {
		nodes: [
			triggerNode(),
			actionNode('Request Ticket', { resource: 'alert', operation: 'requestTicket' }, 220),
			{ id: 'ticket', name: 'Create Ticket', type: 'fakeTicket', typeVersion: 1, position: [440, 0], parameters: {} },
			actionNode('Post Ticket Link', { resource: 'alert', operation: 'postTicketLink' }, 660),
		],
		connections: {
			'Chat Interaction Trigger': { main: [[{ node: 'Request Ticket', type: 'main', index: 0 }]] },
			'Request Ticket': { main: [[{ node: 'Create Ticket', type: 'main', index: 0 }]] },
			'Create Ticket': { main: [[{ node: 'Post Ticket Link', type: 'main', index: 0 }]] },
		},
		nodeTypes: {
			chatInteractionTrigger: new ChatInteractionTrigger(),
			stripeAction: new StripeAction(),
			fakeTicket: tickets,
		},
		credentials: credentials(),
	};
}

let nextTs = 1_700_100_000;

interface PostedAlert {
	ts: string;
	channel: string;
	blocks: SlackBlock[];
	buttons: ButtonElement[];
}

/** Posts the failed-invoice alert for a new invoice of `customerId`, as Payment Alert and Stripe Chat Slack would. */
function postAlert(invoiceId: string, customerId = 'cus_TestTaroBasil', channel = CHANNEL): PostedAlert {
	const event = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { data: { object: Record<string, unknown> } };
	event.data.object.id = invoiceId;
	event.data.object.customer = customerId;
	const rendered = renderSlack(buildMessage(event, { actionSecret: BUTTON_SECRET }));
	nextTs += 1;
	const ts = `${nextTs}.000100`;
	// Stripe Chat Slack binds each button to the channel it posts the alert in.
	const blocks: SlackBlock[] = rendered.blocks.map((block) => {
		if (block.type !== 'actions') return block;
		const elements = block.elements.map((element) => {
			const { issuedAt, ...target } = verifyActionValue(element.value ?? '', { secret: BUTTON_SECRET });
			return {
				...element,
				value: signActionValue({ ...target, channelId: channel }, BUTTON_SECRET, () => issuedAt * 1000),
			};
		});
		return { ...block, elements };
	});
	slack.addMessage({ channel, ts, text: rendered.text, blocks });
	const buttons = blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []));
	return { ts, channel, blocks, buttons };
}

function buttonOf(alert: PostedAlert, action: string): ButtonElement {
	const button = alert.buttons.find((element) => element.action_id.startsWith(`scc:${action}`));
	if (!button?.value) throw new Error(`The alert has no ${action} button`);
	return button;
}

interface ClickOptions {
	user?: string;
	channel?: string;
	value?: string;
	triggerId?: string;
}

function click(alert: PostedAlert, action: string, options: ClickOptions = {}) {
	const button = buttonOf(alert, action);
	const user = options.user ?? 'U0ALICE';
	const payload = {
		type: 'block_actions',
		user: { id: user, username: user.slice(2).toLowerCase() },
		team: { id: 'T0FAKE' },
		channel: { id: options.channel ?? alert.channel },
		message: { ts: alert.ts, blocks: alert.blocks },
		response_url: slack.createResponseUrl(),
		trigger_id: options.triggerId ?? `${user}.${action}.${alert.ts}`,
		actions: [{ action_id: button.action_id, block_id: 'scc:actions:evt_1', value: options.value ?? button.value }],
	};
	return signedSlackRequest(`payload=${encodeURIComponent(JSON.stringify(payload))}`, SIGNING_SECRET);
}

function thread(alert: PostedAlert) {
	return slack.messages(alert.channel).filter((message) => message.thread_ts === alert.ts);
}

function messageAt(alert: PostedAlert) {
	const message = slack.messages(alert.channel).find((candidate) => candidate.ts === alert.ts);
	if (!message) throw new Error(`no message ${alert.ts}`);
	return message;
}

function privateAnswers(): string[] {
	return slack.responseUrlPosts.map((post) => String(post.body.text ?? ''));
}

const claimParameters = { resource: 'alert', operation: 'claim' };
const contactedParameters = { resource: 'customer', operation: 'markContacted' };
const escalateParameters = { resource: 'alert', operation: 'escalate', userGroupId: LEGAL, groupName: 'Legal' };

describe('Team buttons on an alert', () => {
	it('offers Take it, Customer contacted, Escalate and Create ticket on a failed payment, signed like the others', () => {
		const alert = postAlert('in_1TeamOffer');
		for (const action of ['alert.claim', 'customer.contacted', 'alert.escalate', 'ticket.create']) {
			const ref = verifyActionValue(buttonOf(alert, action).value ?? '', { secret: BUTTON_SECRET });
			expect(ref).toMatchObject({ action, channelId: CHANNEL });
		}
		expect(
			verifyActionValue(buttonOf(alert, 'customer.contacted').value ?? '', { secret: BUTTON_SECRET }),
		).toMatchObject({ objectId: 'cus_TestTaroBasil', objectType: 'customer' });
	});

	it('lets one person take the alert; a second "Take it" by another is told privately who owns it', async () => {
		const alert = postAlert('in_1TeamClaim');
		const first = await deliverWebhook(flow(claimParameters), 'Chat Interaction Trigger', click(alert, 'alert.claim'));
		expect(outputOf(first.run!, 'Stripe Action')[0][0]).toMatchObject({ ok: true, operation: 'alert.claim' });
		// "Handled by @alice" on the message, above its buttons, which stay; and a thread reply.
		const updated = messageAt(alert);
		const blockTypes = (updated.blocks as Array<{ type: string }>).map((block) => block.type);
		expect(blockTypes).toContain('actions');
		expect(JSON.stringify(updated.blocks)).toContain('Handled by <@U0ALICE>');
		expect(blockTypes.indexOf('actions')).toBeGreaterThan(
			(updated.blocks as Array<{ type: string; elements?: Array<{ text?: string }> }>).findIndex((block) =>
				block.elements?.some((element) => element.text?.includes('Handled by')),
			),
		);
		expect(thread(alert).map((reply) => reply.text)).toEqual([expect.stringContaining('Handled by <@U0ALICE>')]);

		const answersBefore = privateAnswers().length;
		const second = await deliverWebhook(
			flow(claimParameters),
			'Chat Interaction Trigger',
			click(alert, 'alert.claim', { user: 'U0BOB' }),
		);
		expect(outputOf(second.run!, 'Stripe Action')[0][0]).toMatchObject({
			ok: false,
			reason: expect.stringContaining('already taken by U0ALICE'),
		});
		expect(privateAnswers().slice(answersBefore)).toEqual([expect.stringContaining('Handled by <@U0ALICE>')]);
		expect(thread(alert)).toHaveLength(1);
	});

	it('lets the others still use the other buttons after the alert was taken', async () => {
		const alert = postAlert('in_1TeamClaimThenEscalate');
		await deliverWebhook(flow(claimParameters), 'Chat Interaction Trigger', click(alert, 'alert.claim'));
		const escalated = await deliverWebhook(
			flow(escalateParameters),
			'Chat Interaction Trigger',
			click(alert, 'alert.escalate', { user: 'U0BOB' }),
		);
		expect(outputOf(escalated.run!, 'Stripe Action')[0][0]).toMatchObject({ ok: true });
	});

	it('writes the contact on the Stripe customer once, even when Slack delivers the click twice at the same time', async () => {
		const customer = billing.addCustomer({ id: 'cus_TeamContacted', metadata: { plan: 'gold' } });
		const alert = postAlert('in_1TeamContacted', customer.id);
		const request = click(alert, 'customer.contacted');
		const runs = await Promise.all([
			deliverWebhook(flow(contactedParameters), 'Chat Interaction Trigger', request),
			deliverWebhook(flow(contactedParameters), 'Chat Interaction Trigger', request),
		]);
		const again = await deliverWebhook(flow(contactedParameters), 'Chat Interaction Trigger', request);

		expect(billing.executedCount('POST', `/v1/customers/${customer.id}`)).toBe(1);
		const outputs = [...runs, again].map((run) => outputOf(run.run!, 'Stripe Action')[0][0]);
		expect(outputs.filter((output) => output.ok === true)).toHaveLength(1);
		const written = billing.customers.get(customer.id)?.metadata as Record<string, string>;
		expect(written).toMatchObject({
			plan: 'gold',
			scc_contacted_by: 'U0ALICE',
			scc_contacted_by_name: 'alice',
			scc_contacted_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			scc_contacted_alert: expect.stringMatching(/^evt_/),
		});
		const [call] = stripe.requestsTo('POST', `/v1/customers/${customer.id}`);
		expect(call.headers['idempotency-key']).toMatch(/^scc-[0-9a-f]{64}$/);
		expect(thread(alert).map((reply) => reply.text)).toEqual([
			expect.stringContaining('Customer contacted by <@U0ALICE>'),
		]);

		// The next alert about the customer says so: Payment Alert hands the customer's metadata to the message.
		const next = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { data: { object: Record<string, unknown> } };
		next.data.object.customer = customer.id;
		const message = buildMessage(next, {
			customerMetadata: written,
			now: () => Date.parse(written.scc_contacted_at) + 2 * 86_400_000,
		});
		expect(message.fields).toContainEqual({ label: 'Last contacted', value: '2 days ago by alice' });
	});

	it('mentions the group once when two people escalate at the same moment, with the facts a lawyer needs', async () => {
		const alert = postAlert('in_1TeamEscalate');
		const runs = await Promise.all([
			deliverWebhook(flow(escalateParameters), 'Chat Interaction Trigger', click(alert, 'alert.escalate')),
			deliverWebhook(
				flow(escalateParameters),
				'Chat Interaction Trigger',
				click(alert, 'alert.escalate', { user: 'U0BOB' }),
			),
		]);
		const mentions = thread(alert).filter((reply) => String(reply.text).includes(`<!subteam^${LEGAL}>`));
		expect(mentions).toHaveLength(1);
		expect(mentions[0].text).toContain('Escalated to Legal by <@U0');
		expect(mentions[0].text).toMatch(/Invoice payment failed/);
		expect(mentions[0].text).toContain('https://dashboard.stripe.com/');
		const oks = runs.map((run) => outputOf(run.run!, 'Stripe Action')[0][0].ok);
		expect(oks.sort()).toEqual([false, true]);
		// The message notes it and keeps its buttons.
		expect(JSON.stringify(messageAt(alert).blocks)).toContain('Escalated');
		expect(JSON.stringify(messageAt(alert).blocks)).toContain('"type":"actions"');
	});

	it.each([
		['a forged button value', (alert: PostedAlert) => click(alert, 'alert.escalate', { value: forged(alert) })],
		['a click in another channel', (alert: PostedAlert) => click(alert, 'alert.escalate', { channel: OTHER_CHANNEL })],
		['a person no access rule names', (alert: PostedAlert) => click(alert, 'alert.escalate', { user: 'U0MALLORY' })],
	])('mentions no one and writes nothing for %s', async (_case, request) => {
		const customer = billing.addCustomer({ id: `cus_TeamAttack${nextTs}` });
		const alert = postAlert(`in_1TeamAttack${nextTs}`, customer.id);
		const escalated = await deliverWebhook(flow(escalateParameters), 'Chat Interaction Trigger', request(alert));
		expect(escalated.run).toBeUndefined();
		expect(thread(alert)).toHaveLength(0);
		expect(billing.executedCount('POST', `/v1/customers/${customer.id}`)).toBe(0);
	});

	it('emits a ticket request with everything a ticket needs, and writes the ticket link into the thread once', async () => {
		const alert = postAlert('in_1TeamTicket');
		const first = await deliverWebhook(ticketFlow(), 'Chat Interaction Trigger', click(alert, 'ticket.create'));
		const [[requested]] = outputOf(first.run!, 'Chat Interaction Trigger');
		expect(requested.ticket).toMatchObject({
			title: expect.stringMatching(/^Invoice payment failed: /),
			text: expect.stringContaining('Stripe invoice: in_1TeamTicket'),
			markdown: expect.stringContaining('- **'),
			amount: expect.stringMatching(/\d/),
			customerId: 'cus_TestTaroBasil',
			objectId: 'in_1TeamTicket',
			links: expect.arrayContaining([
				{ label: 'Stripe Dashboard', url: expect.stringContaining('/invoices/in_1TeamTicket') },
			]),
			requestedBy: { id: 'U0ALICE', name: 'alice' },
		});
		expect(outputOf(first.run!, 'Post Ticket Link')[0][0]).toMatchObject({ ok: true });
		const links = thread(alert).filter((reply) => String(reply.text).includes('Ticket created'));
		expect(links.map((reply) => reply.text)).toEqual([
			expect.stringContaining('<https://linear.app/acme/issue/OPS-1|OPS-1>'),
		]);

		const createdBefore = tickets.created;
		const second = await deliverWebhook(
			ticketFlow(),
			'Chat Interaction Trigger',
			click(alert, 'ticket.create', { user: 'U0BOB' }),
		);
		expect(outputOf(second.run!, 'Request Ticket')[0][0]).toMatchObject({ ok: false });
		expect(tickets.created).toBe(createdBefore);
		expect(privateAnswers().at(-1)).toContain('Ticket requested by <@U0ALICE>');
	});
});

/** The escalate button's value with its object edited and the signature kept. */
function forged(alert: PostedAlert): string {
	const [version, payload, mac] = (buttonOf(alert, 'alert.escalate').value ?? '').split('.');
	const json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
	json.o = 'in_1SomeoneElses';
	return `${version}.${Buffer.from(JSON.stringify(json)).toString('base64url')}.${mac}`;
}
