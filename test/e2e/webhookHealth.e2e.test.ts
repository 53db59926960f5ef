/**
 * Webhook health in a real n8n 2.40.7 with this package installed: `webhook-health.json` and
 * `payments-critical.json` as shipped, published, against the local fake Stripe and fake Slack. A poll runs on
 * demand by publishing the health workflow again (n8n polls once right away on activation), and n8n is really
 * stopped while Stripe (the fake) sends signed events, which it then records as undelivered.
 */
import { randomBytes } from 'node:crypto';

import { FakeSlack } from '../support/fakeSlack';
import { FakeStripe } from '../support/fakeStripe';
import { startRealN8n } from '../support/realN8n';
import type { RealN8n } from '../support/realN8n';
import { stripeLikeId } from '../support/stripeIds';
import {
	channelId,
	CHANNELS,
	credentialsFor,
	freshSecrets,
	loadTemplate,
	messagesMentioning,
	SLACK_BOT_TOKEN,
	waitForStripeEndpoint,
	waitUntil,
	webhookPathOf,
	withN8nLog,
} from './templateHarness';

const HEALTH_ID = 'sccE2eWebHealth1';
const CRITICAL_ID = 'sccE2eCritRecov1';
const CRITICAL = channelId('#payments-critical');

const secrets = freshSecrets();
let stripe: FakeStripe;
let slack: FakeSlack;
let n8n: RealN8n | undefined;

const logged = (test: () => Promise<void>) => withN8nLog(() => n8n, test);
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

function running(): RealN8n {
	if (!n8n) throw new Error('n8n did not start');
	return n8n;
}

const critical = loadTemplate('payments-critical.json', CRITICAL_ID);
const registeredUrl = () =>
	`http://localhost:${running().port}/webhook/${webhookPathOf(critical, 'Stripe Event Trigger', 'stripe')}`;

/** Polls the health workflow now: publishing it again makes n8n poll once right away. */
async function pollHealthNow(): Promise<void> {
	await running().api('POST', `/workflows/${HEALTH_ID}/deactivate`);
	await running().activateWorkflow(HEALTH_ID);
}

function disputeCreated(): Record<string, unknown> & { id: string; type: string; created: number } {
	const created = Math.floor(Date.now() / 1000);
	return {
		id: stripeLikeId('evt'),
		object: 'event',
		api_version: '2025-03-31.basil',
		created,
		livemode: false,
		pending_webhooks: 1,
		request: { id: null, idempotency_key: null },
		type: 'charge.dispute.created',
		data: {
			object: {
				id: `du_${randomBytes(6).toString('hex')}`,
				object: 'dispute',
				amount: 12_500,
				currency: 'eur',
				charge: `ch_${randomBytes(6).toString('hex')}`,
				reason: 'fraudulent',
				status: 'needs_response',
				evidence_details: { due_by: created + 7 * 86_400 },
				metadata: {},
			},
		},
	};
}

beforeAll(async () => {
	stripe = new FakeStripe();
	await stripe.start();
	slack = await FakeSlack.start({ tokens: [SLACK_BOT_TOKEN], channels: CHANNELS });
	n8n = await startRealN8n({
		credentials: credentialsFor(secrets, stripe, slack),
		workflows: [loadTemplate('webhook-health.json', HEALTH_ID), critical],
		publish: [HEALTH_ID, CRITICAL_ID],
	});
	await waitForStripeEndpoint(running(), stripe, CRITICAL_ID, registeredUrl());
}, 240_000);

afterAll(async () => {
	await n8n?.stop();
	await slack?.close();
	await stripe?.stop();
});

describe('webhook health in a real n8n', () => {
	it(
		'posts a disabled endpoint to #payments-critical with @here, once, when a poll runs',
		logged(async () => {
			const { endpoint } = stripe.addEndpoint({
				url: 'https://old-n8n.example.com/webhook/refunds/stripe',
				status: 'disabled',
			});

			await pollHealthNow();
			const [report] = await waitUntil('the disabled-endpoint report in Slack', () => {
				const found = messagesMentioning(slack, CRITICAL, 'Stripe disabled the webhook endpoint');
				return found.length > 0 ? found : undefined;
			});
			await pollHealthNow();
			await sleep(3_000);

			expect(report.text).toContain('<!here>');
			expect(report.text).toContain('…/refunds/stripe');
			expect(JSON.stringify(report.blocks)).toContain(endpoint.id);
			expect(messagesMentioning(slack, CRITICAL, 'Stripe disabled the webhook endpoint')).toHaveLength(1);
			stripe.state.webhookEndpoints.delete(endpoint.id);
		}),
		120_000,
	);

	it(
		'posts every alert missed while n8n was stopped once: recovered on start, not again when Stripe retries',
		logged(async () => {
			const events = [disputeCreated(), disputeCreated(), disputeCreated()];

			// n8n stopped as an operator stops it; the events Stripe sends meanwhile fail to arrive.
			await running().kill('main', 'SIGTERM');
			for (const event of events) {
				const sent = await stripe.sendEvent(event);
				expect(sent.delivered).toEqual([]);
				expect(sent.failed).toHaveLength(1);
			}
			// Stripe lists an event as undelivered once its first attempt had time to fail (the trigger stays 30 s behind).
			await sleep(32_000);
			await running().start('main');

			const alertsOf = (id: string) => messagesMentioning(slack, CRITICAL, id).filter((message) => !message.thread_ts);
			await waitUntil(
				'the three recovered alerts',
				() => (events.every((event) => alertsOf(event.id).length > 0) ? true : undefined),
				90_000,
			);
			await waitUntil('the report of undelivered events', () => {
				const found = messagesMentioning(slack, CRITICAL, 'events not delivered since');
				return found.length > 0 ? found : undefined;
			});

			const retried = await stripe.retryPending();
			expect(retried.delivered).toHaveLength(3);
			await sleep(3_000);

			for (const event of events) expect(alertsOf(event.id)).toHaveLength(1);
			const [report] = messagesMentioning(slack, CRITICAL, 'events not delivered since');
			expect(report.text).toContain('3 events not delivered since');
			expect(report.text).toContain('3 charge.dispute.created');
		}),
		240_000,
	);
});
