/**
 * The Microsoft Teams template (`workflows/payments-critical-teams.json`) in a real n8n with this package installed:
 * the Stripe and Teams credentials imported through the n8n CLI (pointing at a local fake Stripe and a local Teams
 * webhook), the template imported and published, and a signed Stripe event sent over real HTTP to n8n's production
 * webhook URL. What reaches the Teams webhook is read from the fake.
 */
import { FakeStripe } from '../support/fakeStripe';
import { installBillingRoutes } from '../support/fakeStripeBilling';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { FakeTeams, TEAMS_WEBHOOK_KEY } from '../support/fakeTeams';
import { startRealN8n } from '../support/realN8n';
import type { RealN8n } from '../support/realN8n';
import {
	deliverStripeEvent,
	executionError,
	freshSecrets,
	loadTemplate,
	runOnce,
	sampleEvent,
	STRIPE_CREDENTIAL,
	waitForStripeEndpoint,
	waitUntil,
	webhookPathOf,
	withN8nLog,
} from './templateHarness';

const ID = 'sccE2eTeamsCrit1';
const TEAMS_CREDENTIAL = { id: 'sccE2eTeamsCreds', name: 'Teams (Stripe Chat Channel)', type: 'stripeChatTeamsApi' };

const secrets = freshSecrets();
let stripe: FakeStripe;
let billing: FakeStripeBilling;
let teams: FakeTeams;
let n8n: RealN8n | undefined;
const template = loadTemplate('payments-critical-teams.json', ID);
const stripePath = webhookPathOf(template, 'Stripe Event Trigger', 'stripe');

function running(): RealN8n {
	if (!n8n) throw new Error('n8n did not start');
	return n8n;
}

const registeredUrl = () => `http://localhost:${running().port}/webhook/${stripePath}`;

beforeAll(async () => {
	stripe = new FakeStripe();
	await stripe.start();
	billing = installBillingRoutes(stripe);
	teams = await new FakeTeams().start();
	n8n = await startRealN8n({
		credentials: [
			{
				...STRIPE_CREDENTIAL,
				data: {
					secretKey: secrets.stripeSecretKey,
					signingSecrets: secrets.credentialSigningSecret,
					apiVersion: '',
					stripeAccount: '',
					baseUrl: stripe.baseUrl,
				},
			},
			{ ...TEAMS_CREDENTIAL, data: { webhookUrl: teams.webhookUrl } },
		],
		workflows: [template],
	});
	await n8n.activateWorkflow(ID);
	await n8n.waitForWebhook(stripePath);
	await waitForStripeEndpoint(n8n, stripe, ID, registeredUrl());
}, 15 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await stripe?.stop();
	await teams?.stop();
}, 120_000);

describe('the Microsoft Teams template in a real n8n', () => {
	it(
		'posts a signed critical Stripe event as an Adaptive Card to the Teams webhook, once',
		withN8nLog(
			() => n8n,
			async () => {
				billing.addInvoice({ id: 'in_e2eTeams0001', amount_due: 1999, currency: 'gbp', customer: 'cus_TestSam2020Aa' });
				const event = sampleEvent('invoice.payment_failed', {
					eventId: 'evt_e2eTeamsFailed1',
					object: { id: 'in_e2eTeams0001' },
				});
				const [endpoint] = stripe.endpointsFor(registeredUrl());
				const url = running().webhookUrl(stripePath);
				const { execution } = await runOnce(running(), ID, async () => {
					const response = await deliverStripeEvent(url, event, endpoint.secret);
					expect(response.status).toBe(200);
					return response;
				});
				expect(executionError(execution)).toBeUndefined();
				const [card] = await waitUntil('a card at the Teams webhook', () =>
					teams.cards.length > 0 ? teams.cards : undefined,
				);
				expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
				const text = JSON.stringify(card);
				expect(text).toContain('£19.99');
				expect(text).toContain('https://dashboard.stripe.com/test/invoices/in_e2eTeams0001');
				expect(teams.requests[0].body).toMatchObject({ type: 'message' });

				// Stripe delivers the same event again: Payment Alert's claim was completed, so nothing is posted twice.
				const again = await runOnce(running(), ID, async () => await deliverStripeEvent(url, event, endpoint.secret));
				expect(executionError(again.execution)).toBeUndefined();
				expect(teams.accepted).toHaveLength(1);
				expect(JSON.stringify(again.execution)).not.toContain(TEAMS_WEBHOOK_KEY);
			},
		),
	);
});
