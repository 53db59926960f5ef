import { randomBytes } from 'node:crypto';
import type { IDataObject, INode, IRun } from 'n8n-workflow';

import { PaymentAlert } from '../../nodes/PaymentAlert/PaymentAlert.node';
import { StripeChatSlack } from '../../nodes/StripeChatSlack/StripeChatSlack.node';
import { StripeChatTeams } from '../../nodes/StripeChatTeams/StripeChatTeams.node';
import { StripeEventTrigger } from '../../nodes/StripeEventTrigger/StripeEventTrigger.node';
import { FakeSlack } from '../support/fakeSlack';
import { FakeTeams } from '../support/fakeTeams';
import type { Answer } from '../support/fakeWebhook';
import { deliverWebhook } from '../support/n8nEngine';
import type { EngineWorkflow } from '../support/n8nEngine';
import { signedStripeDelivery } from '../support/paymentAlertWorkflow';
import { stripeLikeId } from '../support/stripeIds';

/**
 * One alert, two Teams posting nodes (real n8n engine, fake Teams). When one node fails after the other posted, the
 * event's claim is given back and Stripe's redelivery runs both again: the node that posted answers from its record
 * of the post (src/core/state/postedAlerts.ts), since Teams has no history to search. The Slack cases are in
 * redeliveryWorkflow.test.ts.
 */

/** One Teams webhook for both nodes (the harness keys credentials by type); its second request is refused (400). */
class SecondRequestRefused extends FakeTeams {
	protected answer(path: string, query: Record<string, string>, body: Record<string, unknown>): Answer {
		if (this.requests.length === 2) return { status: 400, body: { error: { code: 'BadRequest', message: 'refused' } } };
		return super.answer(path, query, body);
	}
}

const SIGNING_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
const TOKEN = 'xoxb-several-posters-token';
const CHANNEL = 'C0PAYMENTS';
let counter = 0;

function invoiceFailed(): IDataObject {
	const created = Math.floor(Date.now() / 1000);
	return {
		id: stripeLikeId('evt'),
		object: 'event',
		api_version: '2025-03-31.basil',
		created,
		livemode: false,
		type: 'invoice.payment_failed',
		data: {
			object: {
				id: `in_${randomBytes(6).toString('hex')}`,
				object: 'invoice',
				customer: 'cus_severalPosters',
				amount_due: 4_900,
				currency: 'eur',
				attempt_count: 1,
				metadata: {},
			},
		},
	};
}

function workflow(slack: FakeSlack, teams: FakeTeams): EngineWorkflow {
	counter += 1;
	const nodes: INode[] = [
		{
			id: 'trigger',
			name: 'Trigger',
			type: 'stripeEventTrigger',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'stripe-hook',
			parameters: { endpointMode: 'manual', events: ['invoice.payment_failed'], responseMode: 'lastNode' },
			credentials: { stripeChatChannelApi: { id: 'stripe', name: 'Stripe' } },
		},
		{
			id: 'alert',
			name: 'Payment Alert',
			type: 'paymentAlert',
			typeVersion: 1,
			position: [200, 0],
			parameters: { chatPlatform: 'teams' },
		},
		// Runs first (higher on the canvas): posts and completes the claim.
		{
			id: 'teams',
			name: 'Stripe Chat Teams',
			type: 'stripeChatTeams',
			typeVersion: 1,
			position: [400, 0],
			parameters: { operation: 'post' },
			credentials: { stripeChatTeamsApi: { id: 'teams', name: 'Teams' } },
		},
		// Runs second and fails: gives the (completed) claim back.
		{
			id: 'teams-finance',
			name: 'Teams Finance',
			type: 'stripeChatTeams',
			typeVersion: 1,
			position: [400, 200],
			parameters: { operation: 'post', options: { retries: 0 } },
			credentials: { stripeChatTeamsApi: { id: 'finance', name: 'Teams Finance' } },
		},
	];
	return {
		id: `wf-two-teams-${counter}`,
		nodes,
		connections: {
			Trigger: { main: [[{ node: 'Payment Alert', type: 'main', index: 0 }]] },
			'Payment Alert': {
				main: [
					[
						{ node: 'Stripe Chat Teams', type: 'main', index: 0 },
						{ node: 'Teams Finance', type: 'main', index: 0 },
					],
				],
			},
		},
		nodeTypes: {
			stripeEventTrigger: new StripeEventTrigger(),
			paymentAlert: new PaymentAlert(),
			stripeChatSlack: new StripeChatSlack(),
			stripeChatTeams: new StripeChatTeams(),
		},
		credentials: {
			stripeChatChannelApi: { secretKey: 'sk_test_severalPosters', signingSecrets: SIGNING_SECRET },
			stripeChatSlackApi: { botToken: TOKEN, apiBaseUrl: slack.apiUrl },
			stripeChatTeamsApi: { webhookUrl: teams.webhookUrl },
		},
	};
}

async function deliver(definition: EngineWorkflow, event: IDataObject): Promise<IRun> {
	const result = await deliverWebhook(definition, 'Trigger', signedStripeDelivery(event, SIGNING_SECRET));
	return result.run as IRun;
}

describe('two Teams nodes, the second failing once', () => {
	let slack: FakeSlack;
	let teams: FakeTeams;
	beforeEach(async () => {
		slack = await FakeSlack.start({ tokens: [TOKEN], channels: [{ id: CHANNEL, name: 'payments' }] });
		teams = await new SecondRequestRefused().start();
	});
	afterEach(async () => {
		await slack.close();
		await teams.stop();
	});

	it('the redelivery posts only the card of the node that failed', async () => {
		const definition = workflow(slack, teams);
		const event = invoiceFailed();

		const first = await deliver(definition, event);
		expect(first.data.resultData.error).toBeDefined();
		expect(teams.cards).toHaveLength(1);

		const second = await deliver(definition, event);
		expect(second.data.resultData.error).toBeUndefined();
		// One card per node; the first node's record answers for it.
		expect(teams.cards.length).toBe(2);
	});
});
