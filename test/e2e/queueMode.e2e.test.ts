/**
 * The payment-failed template in n8n's queue mode (PostgreSQL + Redis, a main process and one worker): the
 * trigger's `webhook()` runs in the main process, Payment Alert and the Slack node on the worker, which share state
 * with other executions through the Redis state store (set up as the README says for queue mode). Requests go over
 * real HTTP, signed the way Stripe signs them.
 */
import { FakeSlack } from '../support/fakeSlack';
import { FakeStripe } from '../support/fakeStripe';
import { installBillingRoutes } from '../support/fakeStripeBilling';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { startRealN8n } from '../support/realN8n';
import type { N8nExecution, RealN8n } from '../support/realN8n';
import {
	channelId,
	CHANNELS,
	credentialsFor,
	deliverStripeEvent,
	executionError,
	freshSecrets,
	loadTemplate,
	messagesMentioning,
	REDIS_STATE_CREDENTIAL,
	runOnce,
	sampleEvent,
	SLACK_BOT_TOKEN,
	useRedisStateStore,
	waitForStripeEndpoint,
	waitUntil,
	webhookPathOf,
	withN8nLog,
} from './templateHarness';

const WORKFLOW_ID = 'sccE2eQueuePayF1';
const template = useRedisStateStore(loadTemplate('payment-failed.json', WORKFLOW_ID));
const webhookPath = webhookPathOf(template, 'Stripe Event Trigger', 'stripe');

let stripe: FakeStripe;
let billing: FakeStripeBilling;
let slack: FakeSlack;
let n8n: RealN8n | undefined;

const logged = (test: () => Promise<void>) => withN8nLog(() => n8n, test);

function running(): RealN8n {
	if (!n8n) throw new Error('n8n did not start');
	return n8n;
}

let endpointSecret = '';

async function deliver(event: Record<string, unknown>) {
	return await runOnce(running(), WORKFLOW_ID, async () => {
		const response = await deliverStripeEvent(running().webhookUrl(webhookPath), event, endpointSecret);
		expect(response.status).toBe(200);
		return response;
	});
}

function failedInvoiceEvent(invoiceId: string, eventId: string) {
	billing.addInvoice({ id: invoiceId, amount_due: 1999, currency: 'gbp', customer: 'cus_TestSam2020Aa' });
	return sampleEvent('invoice.payment_failed', { eventId, object: { id: invoiceId } });
}

/** n8n's worker logs every job it runs; the main process never writes this line. */
async function expectRunByWorker(execution: N8nExecution): Promise<void> {
	await waitUntil(`the worker's log line for execution ${execution.id}`, () =>
		running().logs().includes(`Worker started execution ${execution.id} `) ? true : undefined,
	);
}

beforeAll(async () => {
	stripe = new FakeStripe();
	await stripe.start();
	billing = installBillingRoutes(stripe);
	slack = await FakeSlack.start({ tokens: [SLACK_BOT_TOKEN], channels: CHANNELS });
	n8n = await startRealN8n({
		queueMode: true,
		credentials: [...credentialsFor(freshSecrets(), stripe, slack), REDIS_STATE_CREDENTIAL],
		workflows: [template],
		// Each run its own keys in the machine's Redis, so no earlier run's threads or claims are seen.
		env: { STRIPE_CHAT_CHANNEL_REDIS_PREFIX: `scc-e2e:${Date.now()}:` },
	});
	await n8n.activateWorkflow(WORKFLOW_ID);
	await n8n.waitForWebhook(webhookPath);
	endpointSecret = await waitForStripeEndpoint(
		n8n,
		stripe,
		WORKFLOW_ID,
		`http://localhost:${n8n.port}/webhook/${webhookPath}`,
	);
}, 15 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await stripe?.stop();
	await slack?.close();
}, 120_000);

describe('the payment-failed template in queue mode (PostgreSQL, Redis, one worker, Redis state store)', () => {
	it(
		'posts the alert from the worker',
		logged(async () => {
			const invoiceId = 'in_e2eQueuePosted1';
			const { execution } = await deliver(failedInvoiceEvent(invoiceId, 'evt_e2eQueuePosted1'));

			expect(executionError(execution)).toBeUndefined();
			await expectRunByWorker(execution);
			const [message] = messagesMentioning(slack, channelId('#payments-test'), invoiceId);
			expect(message?.blocks?.[0]).toMatchObject({
				type: 'header',
				text: { text: '🚨 Invoice payment failed: £19.99' },
			});
		}),
	);

	it(
		'posts one message when Stripe delivers the same event twice: the worker remembers it in Redis',
		logged(async () => {
			const invoiceId = 'in_e2eQueueTwice1';
			const event = failedInvoiceEvent(invoiceId, 'evt_e2eQueueTwice1');
			const first = await deliver(event);
			const second = await deliver(event);

			expect([executionError(first.execution), executionError(second.execution)]).toEqual([undefined, undefined]);
			await expectRunByWorker(first.execution);
			await expectRunByWorker(second.execution);
			expect(messagesMentioning(slack, channelId('#payments-test'), invoiceId)).toHaveLength(1);
			const posts = slack
				.requestsFor('chat.postMessage')
				.filter((request) => JSON.stringify(request.body).includes(invoiceId));
			expect(posts).toHaveLength(1);
		}),
	);
});
