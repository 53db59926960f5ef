import { randomBytes } from 'node:crypto';
import type { IDataObject, IRun } from 'n8n-workflow';

import { buildMessage } from '../../src/core/buildMessage';
import { renderSlack } from '../../src/platforms/slack/render';
import { verifyActionValue } from '../../src/core/signedValue';
import { THREAD_METADATA_EVENT_TYPE } from '../../src/platforms/slack';
import { FakeSlack } from '../support/fakeSlack';
import type { RecordedRequest } from '../support/fakeSlack';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { paymentAlertWorkflow, signedStripeDelivery } from '../support/paymentAlertWorkflow';
import { stripeLikeId } from '../support/stripeIds';

/**
 * The workflow-level must-show: a signed Stripe event goes Stripe Event Trigger → Payment Alert → Stripe
 * Chat Slack through n8n's real engine, and the fake Slack receives exactly the Block Kit that the core renders,
 * in the routed channel and in the dispute's thread.
 */

const SIGNING_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
const BUTTON_SECRET = `button-secret-${randomBytes(16).toString('hex')}`;
const TOKEN = 'xoxb-alert-workflow-token';
const RISK_GROUP = 'S0RISKTEAM';
/** What Payment Alert does with its defaults: these are the options the expected rendering must use too. */
const RENDER_OPTIONS = {
	redaction: 'standard' as const,
	locale: 'en-US',
	timeZone: 'UTC',
	actionSecret: BUTTON_SECRET,
};

function disputeEvent(
	eventId: string,
	type: string,
	status: string,
	created: number,
	disputeId: string,
	livemode = true,
): IDataObject {
	return {
		id: eventId,
		object: 'event',
		api_version: '2025-03-31.basil',
		created,
		livemode,
		pending_webhooks: 1,
		request: { id: null, idempotency_key: null },
		type,
		data: {
			object: {
				id: disputeId,
				object: 'dispute',
				amount: 12_500,
				currency: 'eur',
				charge: 'ch_3AlertWorkflow',
				payment_intent: 'pi_3AlertWorkflow',
				reason: 'fraudulent',
				status,
				created,
				evidence_details: { due_by: created + 7 * 86_400, has_evidence: false, submission_count: 0 },
				metadata: { note: 'call jane.doe@example.com first' },
			},
		},
	};
}

const signedDelivery = (event: IDataObject, secret = SIGNING_SECRET) =>
	signedStripeDelivery(event, secret, 'application/json; charset=utf-8');

/**
 * Button values carry the time they were signed, so the node's and the expected rendering may differ by a second.
 * Each value is verified with the button secret and replaced by what it refers to; everything else must be equal.
 */
/** Blocks with every signed button value verified and decoded; `boundTo` is the channel a posted button carries. */
function withVerifiedButtons(value: unknown, boundTo?: string): unknown {
	if (Array.isArray(value)) return value.map((entry) => withVerifiedButtons(entry, boundTo));
	if (value === null || typeof value !== 'object') return value;
	const entries = Object.entries(value as Record<string, unknown>).map(([key, field]) => {
		if (key === 'value' && typeof field === 'string' && field.startsWith('v1.')) {
			const target: Partial<ReturnType<typeof verifyActionValue>> = verifyActionValue(field, { secret: BUTTON_SECRET });
			delete target.issuedAt;
			return [key, boundTo ? { ...target, channelId: boundTo } : target];
		}
		return [key, withVerifiedButtons(field, boundTo)];
	});
	return Object.fromEntries(entries);
}

function expectedSlack(event: IDataObject): { text: string; blocks: unknown[] } {
	return renderSlack(buildMessage(event, RENDER_OPTIONS), { mention: `<!subteam^${RISK_GROUP}>` }) as unknown as {
		text: string;
		blocks: unknown[];
	};
}

let workflowCounter = 0;

function alertWorkflow(slack: FakeSlack): EngineWorkflow {
	workflowCounter += 1;
	return paymentAlertWorkflow({
		id: `wf-alert-${workflowCounter}`,
		events: ['charge.dispute.*', 'invoice.payment_failed'],
		alert: {
			parameters: {
				defaultChannel: 'C0PAYMENTS',
				rules: {
					rule: [
						{
							name: 'Disputes to risk',
							events: ['charge.dispute.*'],
							action: 'route',
							channel: 'C0RISKOPS',
							mentionType: 'usergroup',
							mentionId: RISK_GROUP,
						},
					],
				},
			},
			credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' } },
		},
		slack: {
			parameters: {
				operation: 'postInThread',
				channelSource: 'route',
				channel: { __rl: true, mode: 'id', value: 'C0PAYMENTS' },
				messageSource: 'paymentAlert',
			},
		},
		credentials: {
			stripeChatChannelApi: {
				secretKey: 'sk_test_alertWorkflow',
				signingSecrets: SIGNING_SECRET,
				apiVersion: '',
				stripeAccount: '',
				baseUrl: 'https://api.stripe.com',
			},
			stripeChatSlackApi: { botToken: TOKEN, buttonSigningSecret: BUTTON_SECRET, apiBaseUrl: slack.apiUrl },
		},
	});
}

function expectFinished(run: IRun | undefined): IRun {
	expect(run).toBeDefined();
	expect(run?.data.resultData.error).toBeUndefined();
	expect(run?.finished).toBe(true);
	return run as IRun;
}

const successful = (requests: RecordedRequest[]) =>
	requests.filter((request) => request.status === 200 && !request.error);

describe('Stripe event → Payment Alert → Slack (real n8n engine, fake Slack)', () => {
	let slack: FakeSlack;

	beforeEach(async () => {
		slack = await FakeSlack.start({
			tokens: [TOKEN],
			channels: [
				{ id: 'C0PAYMENTS', name: 'payments' },
				{ id: 'C0RISKOPS', name: 'risk' },
			],
		});
	});

	afterEach(async () => {
		await slack.close();
	});

	it('posts the rendered Block Kit to the routed channel, threads the next event and updates the parent', async () => {
		const workflow = alertWorkflow(slack);
		const created = Math.floor(Date.now() / 1000) - 120;
		const disputeId = `du_${randomBytes(6).toString('hex')}`;
		const opened = disputeEvent(stripeLikeId('evt'), 'charge.dispute.created', 'needs_response', created, disputeId);
		const updated = disputeEvent(
			stripeLikeId('evt'),
			'charge.dispute.updated',
			'under_review',
			created + 60,
			disputeId,
		);

		const first = await deliverWebhook(workflow, 'Stripe Event Trigger', signedDelivery(opened));
		expect(first.response.statusCode).toBe(200);
		expectFinished(first.run);

		const [firstPost] = slack.requestsFor('chat.postMessage');
		const expectedFirst = expectedSlack(opened);
		expect(firstPost.body.channel).toBe('C0RISKOPS');
		expect(firstPost.body.thread_ts).toBeUndefined();
		expect(firstPost.body.text).toBe(expectedFirst.text);
		expect(withVerifiedButtons(firstPost.body.blocks)).toEqual(withVerifiedButtons(expectedFirst.blocks, 'C0RISKOPS'));
		expect(firstPost.body.text).toContain(`<!subteam^${RISK_GROUP}>`);
		// The dispute needs a response, so the message carries signed buttons (compared above by what they refer to).
		expect(JSON.stringify(withVerifiedButtons(firstPost.body.blocks))).toContain('"action":"dispute.respond"');
		expect(JSON.stringify(firstPost.body)).not.toContain('jane.doe@example.com');
		expect(firstPost.body.metadata).toMatchObject({
			event_type: THREAD_METADATA_EVENT_TYPE,
			event_payload: { thread_key: `dispute:${disputeId}`, event_id: opened.id },
		});
		const [parent] = slack.messages('C0RISKOPS');
		const [[slackOutput]] = outputOf(first.run as IRun, 'Stripe Chat Slack');
		expect(slackOutput).toMatchObject({
			ok: true,
			posted: true,
			startedThread: true,
			ts: parent.ts,
			channel: 'C0RISKOPS',
		});

		const second = await deliverWebhook(workflow, 'Stripe Event Trigger', signedDelivery(updated));
		expect(second.response.statusCode).toBe(200);
		expectFinished(second.run);

		const expectedSecond = expectedSlack(updated);
		const posts = slack.requestsFor('chat.postMessage');
		expect(posts).toHaveLength(2);
		expect(posts[1].body).toMatchObject({ channel: 'C0RISKOPS', thread_ts: parent.ts, text: expectedSecond.text });
		expect(withVerifiedButtons(posts[1].body.blocks)).toEqual(withVerifiedButtons(expectedSecond.blocks, 'C0RISKOPS'));
		const [update] = slack.requestsFor('chat.update');
		expect(update.body).toMatchObject({ channel: 'C0RISKOPS', ts: parent.ts, text: expectedSecond.text });
		expect(withVerifiedButtons(update.body.blocks)).toEqual(withVerifiedButtons(expectedSecond.blocks, 'C0RISKOPS'));
		expect(slack.messages('C0RISKOPS')[0]).toMatchObject({
			ts: parent.ts,
			text: expectedSecond.text,
			edited: expect.any(Object),
		});
		expect(slack.messages('C0RISKOPS')[1]).toMatchObject({ thread_ts: parent.ts });
		expect(slack.messages('C0PAYMENTS')).toHaveLength(0);
	});

	it('posts nothing for a second delivery of the same event', async () => {
		const workflow = alertWorkflow(slack);
		const event = disputeEvent(
			stripeLikeId('evt'),
			'charge.dispute.created',
			'needs_response',
			Math.floor(Date.now() / 1000),
			`du_${randomBytes(6).toString('hex')}`,
		);

		expectFinished((await deliverWebhook(workflow, 'Stripe Event Trigger', signedDelivery(event))).run);
		const callsAfterFirst = successful(slack.requests).filter((request) => request.method.startsWith('chat.')).length;
		const again = await deliverWebhook(workflow, 'Stripe Event Trigger', signedDelivery(event));

		const run = expectFinished(again.run);
		const [[alert]] = outputOf(run, 'Payment Alert');
		expect(alert.route).toMatchObject({ suppressed: true, reason: expect.stringContaining('duplicate') });
		const [[slackOutput]] = outputOf(run, 'Stripe Chat Slack');
		expect(slackOutput).toMatchObject({ posted: false });
		expect(successful(slack.requests).filter((request) => request.method.startsWith('chat.'))).toHaveLength(
			callsAfterFirst,
		);
		expect(slack.messages()).toHaveLength(1);
	});

	it.each([
		[
			'signed with another secret',
			(event: IDataObject) => signedDelivery(event, `whsec_${randomBytes(24).toString('base64url')}`),
		],
		[
			'edited after signing',
			(event: IDataObject) => {
				const request = signedDelivery(event);
				const edited = request.rawBody.toString('utf8').replace('"amount":12500', '"amount":99');
				expect(edited).not.toBe(request.rawBody.toString('utf8'));
				return { ...request, rawBody: Buffer.from(edited) };
			},
		],
		[
			'unsigned',
			(event: IDataObject) => ({ ...signedDelivery(event), headers: { 'content-type': 'application/json' } }),
		],
	])('starts no execution and posts nothing for an event %s', async (_name, deliver) => {
		const event = disputeEvent(
			stripeLikeId('evt'),
			'charge.dispute.created',
			'needs_response',
			Math.floor(Date.now() / 1000),
			'du_forged',
		);

		const result = await deliverWebhook(alertWorkflow(slack), 'Stripe Event Trigger', deliver(event));

		expect(result.response.statusCode).toBeGreaterThanOrEqual(400);
		expect(result.run).toBeUndefined();
		expect(slack.requests).toHaveLength(0);
	});
});
