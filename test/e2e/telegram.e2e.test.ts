/**
 * The Telegram templates, as shipped in `workflows/`, running in a real n8n with this package installed:
 * `dispute-opened-telegram.json` (Stripe Event Trigger → Payment Alert with Chat Platform Telegram → Stripe Chat
 * Telegram) and `telegram-actions.json` (Stripe Chat Telegram Trigger → Stripe Action), both imported and
 * published, credentials pointing at a local fake Stripe and a local Bot API. A signed Stripe dispute event
 * becomes a message at the fake Telegram; a click on its Accept button, delivered as Telegram delivers it (with
 * the webhook's secret token) and confirmed by a second tap, closes the dispute at the fake Stripe and the outcome
 * is written back.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { FakeStripe } from '../support/fakeStripe';
import { installBillingRoutes } from '../support/fakeStripeBilling';
import type { FakeStripeBilling } from '../support/fakeStripeBilling';
import { FAKE_TELEGRAM_TOKEN, FakeTelegram } from '../support/fakeTelegram';
import type { FakeTelegramMessage } from '../support/fakeTelegram';
import { startRealN8n } from '../support/realN8n';
import type { ImportedCredential, RealN8n, WorkflowJson } from '../support/realN8n';
import {
	deliverStripeEvent,
	executionError,
	freshSecrets,
	loadTemplate,
	nodeNamed,
	runOnce,
	STRIPE_CREDENTIAL,
	waitForStripeEndpoint,
	waitUntil,
	webhookPathOf,
	withN8nLog,
} from './templateHarness';

const IDS = { dispute: 'sccE2eTgDispute1', actions: 'sccE2eTgActions1' } as const;
/** The chat the template's Payment Alert names as its Default Channel. */
const CHAT = -1001234567890;
/** The Telegram user the admin allows to press every button (the template allows only "Customer summary" to all). */
const FINANCE_USER = 4242;

const TELEGRAM_CREDENTIAL = {
	id: 'sccE2eTelegramCr',
	name: 'Telegram (Stripe Chat Channel)',
	type: 'stripeChatTelegramApi',
};

const secrets = freshSecrets();
const webhookSecretToken = randomBytes(16).toString('hex');
let stripe: FakeStripe;
let billing: FakeStripeBilling;
let telegram: FakeTelegram;
let n8n: RealN8n | undefined;
let workflows: WorkflowJson[] = [];

const logged = (test: () => Promise<void>) => withN8nLog(() => n8n, test);

function running(): RealN8n {
	if (!n8n) throw new Error('n8n did not start');
	return n8n;
}

function workflow(id: string) {
	const found = workflows.find((candidate) => candidate.id === id);
	if (!found) throw new Error(`No workflow ${id}`);
	return found as ReturnType<typeof loadTemplate>;
}

const stripePath = () => webhookPathOf(workflow(IDS.dispute), 'Stripe Event Trigger', 'stripe');
const registeredUrl = () => `http://localhost:${running().port}/webhook/${stripePath()}`;
const telegramUrl = () =>
	running().webhookUrl(webhookPathOf(workflow(IDS.actions), 'Stripe Chat Telegram Trigger', 'telegram'));

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
			...TELEGRAM_CREDENTIAL,
			data: {
				botToken: FAKE_TELEGRAM_TOKEN,
				webhookSecretToken,
				buttonSigningSecret: secrets.buttonSigningSecret,
				apiBaseUrl: telegram.apiBaseUrl,
			},
		},
	];
}

function disputeEvent(disputeId: string, eventId: string): Record<string, unknown> {
	const file = path.resolve(__dirname, '../../workflows/sample-events/charge.dispute.created.json');
	const event = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> & {
		data: { object: Record<string, unknown> };
	};
	return {
		...event,
		id: eventId,
		created: Math.floor(Date.now() / 1000),
		// Evidence is due in a week: an alert past the deadline offers no buttons.
		data: {
			...event.data,
			object: {
				...event.data.object,
				id: disputeId,
				evidence_details: { due_by: Math.floor(Date.now() / 1000) + 7 * 86400, has_evidence: false },
			},
		},
	};
}

/** Sends a callback query the way Telegram delivers updates to a bot's webhook. */
async function clickButton(
	message: FakeTelegramMessage,
	data: string,
	user = FINANCE_USER,
	token = webhookSecretToken,
) {
	const update = {
		update_id: Date.now(),
		callback_query: {
			id: `cbq-${randomBytes(6).toString('hex')}`,
			from: { id: user, is_bot: false, first_name: 'Fin' },
			message: {
				message_id: message.messageId,
				chat: { id: CHAT, type: 'supergroup' },
				text: message.text,
				reply_markup: message.replyMarkup,
			},
			chat_instance: '-42',
			data,
		},
	};
	const response = await fetch(telegramUrl(), {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': token },
		body: JSON.stringify(update),
		signal: AbortSignal.timeout(30_000),
	});
	return { status: response.status, body: await response.text() };
}

beforeAll(async () => {
	stripe = new FakeStripe();
	await stripe.start();
	billing = installBillingRoutes(stripe);
	telegram = await FakeTelegram.start();

	const actions = loadTemplate('telegram-actions.json', IDS.actions);
	// What an admin does after the import: name who may press the buttons that act on Stripe.
	const rules = nodeNamed(actions, 'Stripe Chat Telegram Trigger').parameters.rules as { rule: unknown[] };
	rules.rule.push({ actions: ['*'], channels: String(CHAT), users: String(FINANCE_USER) });
	workflows = [loadTemplate('dispute-opened-telegram.json', IDS.dispute), actions];

	n8n = await startRealN8n({ credentials: credentials(), workflows });
	await n8n.activateWorkflow(IDS.dispute);
	await n8n.waitForWebhook(stripePath());
	await waitForStripeEndpoint(n8n, stripe, IDS.dispute, registeredUrl());
	await n8n.activateWorkflow(IDS.actions);
	await n8n.waitForWebhook(webhookPathOf(actions, 'Stripe Chat Telegram Trigger', 'telegram'));
}, 15 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await stripe?.stop();
	await telegram?.close();
}, 120_000);

describe('the Telegram templates in a real n8n', () => {
	it(
		'posts a signed dispute event to the chat, and a confirmed click accepts the dispute at Stripe and writes the outcome back',
		logged(async () => {
			const disputeId = 'du_1E2eTelegram0001';
			billing.addDispute({ id: disputeId, amount: 5000, currency: 'usd', status: 'needs_response' });
			const [endpoint] = stripe.endpointsFor(registeredUrl());
			const delivered = await runOnce(running(), IDS.dispute, async () => {
				const response = await deliverStripeEvent(
					running().webhookUrl(stripePath()),
					disputeEvent(disputeId, 'evt_e2eTelegramDispute1'),
					endpoint.secret,
				);
				expect(response.status).toBe(200);
				return response;
			});
			expect(executionError(delivered.execution)).toBeUndefined();

			const alert = await waitUntil('the dispute alert at the fake Telegram', () =>
				telegram
					.messagesIn(CHAT)
					.find((message) => message.text.includes(disputeId) || message.text.includes('$50.00')),
			);
			expect(alert.text).toMatch(/^<b>/);
			expect(alert.text).toContain('$50.00');
			const buttons = alert.replyMarkup?.inline_keyboard.flat() ?? [];
			const accept = buttons.find((button) => String(button.text).includes('Accept'));
			expect(typeof accept?.callback_data).toBe('string');
			expect(String(accept?.callback_data)).toMatch(/^cb\./);
			expect(buttons.some((button) => String(button.url ?? '').startsWith('https://dashboard.stripe.com/'))).toBe(true);

			const forged = await clickButton(alert, String(accept?.callback_data), FINANCE_USER, 'not-the-secret-token');
			expect(forged.status).toBe(401);

			// Accepting cannot be undone: the first tap only asks (Telegram has no confirmation dialog), the second acts.
			const asked = await clickButton(alert, String(accept?.callback_data));
			expect(JSON.parse(asked.body)).toMatchObject({
				show_alert: true,
				text: expect.stringMatching(/Tap the button again/),
			});
			expect(stripe.requestsTo('POST', `/v1/disputes/${disputeId}/close`)).toHaveLength(0);

			const clicked = await runOnce(running(), IDS.actions, async () => {
				const response = await clickButton(alert, String(accept?.callback_data));
				expect(response.status).toBe(200);
				expect(JSON.parse(response.body)).toMatchObject({ method: 'answerCallbackQuery' });
				return response;
			});
			expect(executionError(clicked.execution)).toBeUndefined();
			expect(stripe.requestsTo('POST', `/v1/disputes/${disputeId}/close`)).toHaveLength(1);

			const reply = await waitUntil('the outcome reply', () =>
				telegram.messagesIn(CHAT).find((message) => message.replyTo === alert.messageId),
			);
			expect(reply.text).toContain(`tg://user?id=${FINANCE_USER}`);
			const edited = telegram.messagesIn(CHAT).find((message) => message.messageId === alert.messageId);
			expect(
				(edited?.replyMarkup?.inline_keyboard.flat() ?? []).every((button) => typeof button.url === 'string'),
			).toBe(true);
		}),
	);
});
