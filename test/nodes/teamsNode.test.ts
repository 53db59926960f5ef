/**
 * Stripe Chat Teams in n8n's real engine: a signed Stripe event → Stripe Event Trigger → Payment Alert → Stripe Chat
 * Teams → the local Teams webhook (test/support/fakeTeams.ts). The claim Payment Alert made is completed once the
 * card is posted (a redelivery posts nothing) and released when posting failed (the redelivery posts it).
 */
import { randomBytes } from 'node:crypto';
import type { IDataObject, IRun } from 'n8n-workflow';

import { buildMessage } from '../../src/core/buildMessage';
import { renderTeams } from '../../src/platforms/teams/render';
import { teamsRequestBody } from '../../src/platforms/teams/limits';
import { FakeTeams, TEAMS_WEBHOOK_KEY } from '../support/fakeTeams';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import { signedStripeDelivery } from '../support/paymentAlertWorkflow';
import { stripeLikeId } from '../support/stripeIds';
import { webhookChatWorkflow } from '../support/webhookChatWorkflow';

const SIGNING_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;

function disputeEvent(
	type: string,
	status: string,
	disputeId: string,
	created = Math.floor(Date.now() / 1000),
): IDataObject {
	return {
		id: stripeLikeId('evt'),
		object: 'event',
		api_version: '2025-03-31.basil',
		created,
		livemode: false,
		pending_webhooks: 1,
		request: { id: null, idempotency_key: null },
		type,
		data: {
			object: {
				id: disputeId,
				object: 'dispute',
				amount: 12_500,
				currency: 'jpy',
				charge: 'ch_3TeamsNode',
				reason: 'fraudulent',
				status,
				created,
				evidence_details: { due_by: created + 7 * 86_400 },
				metadata: { note: '**call** jane.doe@example.com [now](https://evil.example)' },
			},
		},
	};
}

const chatOutput = (run: IRun | undefined) => outputOf(run as IRun, 'Stripe Chat Teams')[0] ?? [];

describe('Stripe Chat Teams (real n8n engine, local Teams webhook)', () => {
	let teams: FakeTeams;
	beforeEach(async () => {
		teams = await new FakeTeams().start();
	});
	afterEach(async () => {
		await teams.stop();
	});

	const workflowFor = (extra: Partial<Parameters<typeof webhookChatWorkflow>[0]> = {}) =>
		webhookChatWorkflow({
			platform: 'teams',
			webhookUrl: teams.webhookUrl,
			signingSecret: SIGNING_SECRET,
			events: ['charge.dispute.*', 'invoice.payment_failed'],
			...extra,
		});

	it('posts the alert as the Adaptive Card the core renders, and a redelivery posts nothing', async () => {
		const workflow = workflowFor();
		const event = disputeEvent('charge.dispute.created', 'needs_response', `du_${randomBytes(5).toString('hex')}`);
		const first = await deliverWebhook(workflow, 'Stripe Event Trigger', signedStripeDelivery(event, SIGNING_SECRET));
		expect(first.run?.data.resultData.error).toBeUndefined();
		expect(teams.accepted).toHaveLength(1);
		const expected = teamsRequestBody(renderTeams(buildMessage(event, { now: () => Date.now() })));
		expect(teams.accepted[0].body).toEqual(expected);
		expect(JSON.stringify(teams.accepted[0].body)).not.toContain('jane.doe@example.com');
		expect(chatOutput(first.run)[0]).toMatchObject({ ok: true, posted: true, platform: 'teams', status: 202 });
		expect(JSON.stringify(chatOutput(first.run))).not.toContain(TEAMS_WEBHOOK_KEY);

		const again = await deliverWebhook(workflow, 'Stripe Event Trigger', signedStripeDelivery(event, SIGNING_SECRET));
		expect(again.run?.data.resultData.error).toBeUndefined();
		expect(chatOutput(again.run)[0]).toMatchObject({ posted: false });
		expect(teams.accepted).toHaveLength(1);
	});

	it('posts three updates about one dispute as three cards', async () => {
		const workflow = workflowFor();
		const disputeId = `du_${randomBytes(5).toString('hex')}`;
		const created = Math.floor(Date.now() / 1000) - 60;
		const events = [
			disputeEvent('charge.dispute.created', 'needs_response', disputeId, created),
			disputeEvent('charge.dispute.updated', 'under_review', disputeId, created + 10),
			disputeEvent('charge.dispute.closed', 'won', disputeId, created + 20),
		];
		for (const event of events) {
			const result = await deliverWebhook(
				workflow,
				'Stripe Event Trigger',
				signedStripeDelivery(event, SIGNING_SECRET),
			);
			expect(result.run?.data.resultData.error).toBeUndefined();
		}
		expect(teams.cards).toHaveLength(3);
		for (const card of teams.cards) expect(JSON.stringify(card)).toContain(`disputes/${disputeId}`);
	});

	it('releases the claim when Teams keeps failing, so that Stripe redelivery posts the alert', async () => {
		const workflow = workflowFor({ chat: { options: { retries: 0 } } });
		const event = disputeEvent('charge.dispute.created', 'needs_response', `du_${randomBytes(5).toString('hex')}`);
		teams.failNext(1, 503);
		const failed = await deliverWebhook(workflow, 'Stripe Event Trigger', signedStripeDelivery(event, SIGNING_SECRET));
		const error = failed.run?.data.resultData.error;
		expect(error?.message).toBe('Microsoft Teams answered 503: Internal error');
		expect(JSON.stringify(failed.run?.data.resultData)).not.toContain(TEAMS_WEBHOOK_KEY);
		expect(teams.accepted).toHaveLength(0);

		const redelivered = await deliverWebhook(
			workflow,
			'Stripe Event Trigger',
			signedStripeDelivery(event, SIGNING_SECRET),
		);
		expect(redelivered.run?.data.resultData.error).toBeUndefined();
		expect(teams.accepted).toHaveLength(1);
	});

	it('turns a failure into an error item under Continue On Fail, without the webhook URL', async () => {
		const workflow = webhookChatWorkflow({
			platform: 'teams',
			webhookUrl: teams.webhookUrl.replace('/invoke', '/deleted'),
			signingSecret: SIGNING_SECRET,
			events: ['charge.dispute.*'],
			continueOnFail: true,
		});
		const event = disputeEvent('charge.dispute.created', 'needs_response', `du_${randomBytes(5).toString('hex')}`);
		const result = await deliverWebhook(workflow, 'Stripe Event Trigger', signedStripeDelivery(event, SIGNING_SECRET));
		const [item] = chatOutput(result.run);
		expect(item).toMatchObject({
			ok: false,
			posted: false,
			error: 'Microsoft Teams answered 404: The workflow was not found.',
			hint: expect.stringContaining('paste its new URL'),
		});
		expect(JSON.stringify(item)).not.toContain(TEAMS_WEBHOOK_KEY);
	});

	it('sends a text of its own, shown as typed', async () => {
		const workflow = workflowFor({ chat: { operation: 'sendText', text: 'Deploy **done** <at>Bob</at>' } });
		const event = disputeEvent('charge.dispute.created', 'needs_response', `du_${randomBytes(5).toString('hex')}`);
		await deliverWebhook(workflow, 'Stripe Event Trigger', signedStripeDelivery(event, SIGNING_SECRET));
		expect(teams.cards).toHaveLength(1);
		expect(JSON.stringify(teams.cards[0])).toContain('Deploy \\\\*\\\\*done\\\\*\\\\* \\\\<at\\\\>Bob\\\\</at\\\\>');
	});
});
