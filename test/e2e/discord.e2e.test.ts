/**
 * The Discord templates, as shipped in `workflows/`, in a real n8n with this package installed: credentials imported
 * through the n8n CLI pointing at the local fake Stripe and fake Discord, `payment-failed-discord.json` and
 * `discord-actions.json` imported and published. A Stripe event signed as Stripe signs it reaches the alert at the fake
 * Discord; a click signed with the application's Ed25519 key retries the invoice once at the fake Stripe and the
 * outcome is written back through the interaction webhook; a forged click is refused.
 */
import { randomBytes } from 'node:crypto';

import { componentInteraction, createDiscordSigner } from '../support/discordSigner';
import { startFakeDiscord } from '../support/fakeDiscord';
import type { FakeDiscord } from '../support/fakeDiscord';
import { FakeStripe } from '../support/fakeStripe';
import { installBillingRoutes } from '../support/fakeStripeBilling';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { startRealN8n } from '../support/realN8n';
import type { ImportedCredential, RealN8n } from '../support/realN8n';
import {
	deliverStripeEvent,
	executionError,
	freshSecrets,
	loadTemplate,
	nodeNamed,
	runOnce,
	sampleEvent,
	STRIPE_CREDENTIAL,
	waitForStripeEndpoint,
	waitUntil,
	webhookPathOf,
	withN8nLog,
} from './templateHarness';

const IDS = { paymentFailed: 'sccE2eDiscordPF1', actions: 'sccE2eDiscordAct' } as const;
const CHANNEL = '123456789012345678';
const FINANCE_USER = '223456789012345678';
const APPLICATION_ID = '1100000000000000001';

const secrets = freshSecrets();
const signer = createDiscordSigner();
let stripe: FakeStripe;
let billing: FakeStripeBilling;
let discord: FakeDiscord;
let n8n: RealN8n | undefined;

const logged = (test: () => Promise<void>) => withN8nLog(() => n8n, test);

function running(): RealN8n {
	if (!n8n) throw new Error('n8n did not start');
	return n8n;
}

const alertWorkflow = loadTemplate('payment-failed-discord.json', IDS.paymentFailed);
const actionsWorkflow = loadTemplate('discord-actions.json', IDS.actions);
const stripePath = webhookPathOf(alertWorkflow, 'Stripe Event Trigger', 'stripe');
const clickPath = webhookPathOf(actionsWorkflow, 'Stripe Chat Discord Trigger', 'discord');
const registeredUrl = () => `http://localhost:${running().port}/webhook/${stripePath}`;

function credentials(): ImportedCredential[] {
	return [
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
		{
			id: 'sccE2eDiscordCred',
			name: 'Discord (Stripe Chat Channel)',
			type: 'stripeChatDiscordApi',
			data: {
				botToken: discord.botToken,
				applicationId: APPLICATION_ID,
				publicKey: signer.publicKeyHex,
				buttonSigningSecret: secrets.buttonSigningSecret,
				apiBaseUrl: discord.apiUrl,
			},
		},
	];
}

async function postClick(body: string, headers: Record<string, string>) {
	const response = await fetch(running().webhookUrl(clickPath), {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'user-agent': 'Discord-Interactions/1.0', ...headers },
		body,
		signal: AbortSignal.timeout(30_000),
	});
	return { status: response.status, body: await response.text() };
}

beforeAll(async () => {
	stripe = new FakeStripe();
	await stripe.start();
	billing = installBillingRoutes(stripe);
	discord = await startFakeDiscord({ botToken: `discord-e2e-${randomBytes(8).toString('hex')}` });

	// What an admin does after the import: the channel, and who may press the buttons that act on Stripe.
	nodeNamed(alertWorkflow, 'Payment Alert').parameters.defaultChannel = CHANNEL;
	nodeNamed(alertWorkflow, 'Post to Discord').parameters.channelId = CHANNEL;
	const rules = nodeNamed(actionsWorkflow, 'Stripe Chat Discord Trigger').parameters.rules as { rule: unknown[] };
	rules.rule.push({ actions: ['*'], channels: '', userGroups: '', users: FINANCE_USER });

	n8n = await startRealN8n({ credentials: credentials(), workflows: [alertWorkflow, actionsWorkflow] });
	await n8n.activateWorkflow(IDS.paymentFailed);
	await n8n.waitForWebhook(stripePath);
	await waitForStripeEndpoint(n8n, stripe, IDS.paymentFailed, registeredUrl());
	await n8n.activateWorkflow(IDS.actions);
	await n8n.waitForWebhook(clickPath);
}, 15 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await stripe?.stop();
	await discord?.close();
}, 120_000);

describe('the Discord templates in a real n8n', () => {
	it(
		'post a signed failed-payment event to Discord, and one signed click retries the invoice once and writes the outcome back',
		logged(async () => {
			const invoiceId = 'in_e2eDiscordRetry1';
			billing.addInvoice({ id: invoiceId, amount_due: 1999, currency: 'gbp', customer: 'cus_TestSam2020Aa' });
			const event = sampleEvent('invoice.payment_failed', { eventId: 'evt_e2eDiscord1', object: { id: invoiceId } });
			const [endpoint] = stripe.endpointsFor(registeredUrl());
			const alert = await runOnce(running(), IDS.paymentFailed, async () => {
				const response = await deliverStripeEvent(running().webhookUrl(stripePath), event, endpoint.secret);
				expect(response.status).toBe(200);
				return response;
			});
			expect(executionError(alert.execution)).toBeUndefined();

			const message = await waitUntil('the alert at the fake Discord', () =>
				(discord.messages.get(CHANNEL) ?? []).find((candidate) => JSON.stringify(candidate).includes(invoiceId)),
			);
			expect(message.content).toContain('£19.99');
			expect(message.allowed_mentions).toMatchObject({ parse: [] });
			const buttons = (
				message.components as Array<{ components: Array<{ label: string; custom_id?: string }> }>
			).flatMap((row) => row.components);
			expect(buttons.map((button) => button.label)).toEqual(
				expect.arrayContaining(['Retry payment', 'Customer summary']),
			);
			const retry = buttons.find((button) => button.label === 'Retry payment');
			expect(retry?.custom_id).toMatch(/^cb\./);

			const body = JSON.stringify(
				componentInteraction({
					customId: retry?.custom_id as string,
					channelId: CHANNEL,
					userId: FINANCE_USER,
					messageId: message.id,
					applicationId: APPLICATION_ID,
				}),
			);
			const click = await runOnce(running(), IDS.actions, async () => await postClick(body, signer.headersFor(body)));
			expect(click.sent.status).toBe(200);
			expect(JSON.parse(click.sent.body)).toEqual({ type: 6 });
			expect(executionError(click.execution)).toBeUndefined();
			expect(billing.executedCount('POST', `/v1/invoices/${invoiceId}/pay`)).toBe(1);

			const edit = await waitUntil('the outcome written back', () =>
				discord.webhookCalls.find((call) => call.method === 'PATCH' && call.path.endsWith('/messages/@original')),
			);
			expect(edit.path.startsWith(`/webhooks/${APPLICATION_ID}/`)).toBe(true);
			expect(edit.body).toMatchObject({ components: [] });
			expect(String(edit.body.content)).toMatch(new RegExp(`Payment retried by <@${FINANCE_USER}>.*succeeded`));
		}),
	);

	it(
		'refuses a click with a forged signature (401) and starts nothing',
		logged(async () => {
			const body = JSON.stringify(
				componentInteraction({ customId: 'cb.0.in_e2eForged.x.0.M', channelId: CHANNEL, userId: FINANCE_USER }),
			);
			const before = (await running().listExecutions(IDS.actions)).length;
			const refused = await postClick(body, createDiscordSigner().headersFor(body));
			expect(refused.status).toBe(401);
			const ping = JSON.stringify({ id: '1', type: 1, application_id: APPLICATION_ID });
			const pong = await postClick(ping, signer.headersFor(ping));
			expect(JSON.parse(pong.body)).toEqual({ type: 1 });
			expect((await running().listExecutions(IDS.actions)).length).toBe(before);
		}),
	);
});
