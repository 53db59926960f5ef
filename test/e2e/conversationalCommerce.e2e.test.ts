/**
 * Conversational commerce in a real n8n: the templates `workflows/whatsapp-checkout.json` and
 * `workflows/instagram-checkout.json`, imported and published as they ship, with their credentials pointing at
 * local fakes of Meta's Graph API, Stripe and Slack. A signed chat message asking to buy gets a Checkout link in
 * the same chat; the signed `checkout.session.completed` of that session sends the confirmation to the same
 * customer and a notice to Slack, with the chat read back from the session's metadata. Forged deliveries start
 * nothing, and a repeated delivery creates no second session.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import Stripe from 'stripe';

import { FakeGraphApi } from '../support/fakeGraphApi';
import { FakeSlack } from '../support/fakeSlack';
import { FakeStripe } from '../support/fakeStripe';
import { installBillingRoutes, type FakeStripeBilling } from '../support/fakeStripeBilling';
import { startRealN8n, type N8nExecution, type RealN8n, type WorkflowJson } from '../support/realN8n';
import {
	instagramDelivery as buildInstagramDelivery,
	metaSignature as signMeta,
	whatsappDelivery as buildWhatsappDelivery,
	whatsappTextMessage,
} from '../support/metaDeliveries';

const repoRoot = path.resolve(__dirname, '../..');
const PACKAGE_NAME = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string })
	.name;

const APP_SECRET = 'meta-app-secret-for-e2e';
const VERIFY_TOKEN = 'verify-token-for-e2e';
const ACCESS_TOKEN = 'EAAG-test-access-token';
const PHONE_NUMBER_ID = '106540352242922';
const INSTAGRAM_ACCOUNT_ID = '17841405822304914';
const STRIPE_SECRET_KEY = 'sk_test_ConversationalCommerceE2e';
const SLACK_TOKEN = 'xoxb-test-token';
const BOOKINGS_CHANNEL = { id: 'C0BOOKINGS', name: 'bookings' };

// Fixed ids, so that the workflows can be published before n8n starts.
const WHATSAPP_WORKFLOW_ID = 'ccWhatsAppCheck1';
const INSTAGRAM_WORKFLOW_ID = 'ccInstagramChek1';

const WHATSAPP_CHAT_PATH = 'stripe-chat-channel-whatsapp/meta';
const WHATSAPP_PAYMENTS_PATH = 'stripe-chat-channel-whatsapp-payments/stripe';
const INSTAGRAM_CHAT_PATH = 'stripe-chat-channel-instagram/meta';
const INSTAGRAM_PAYMENTS_PATH = 'stripe-chat-channel-instagram-payments/stripe';

const CHECKOUT_URL = /^https:\/\/checkout\.stripe\.com\/c\/pay\/(cs_test_\w+)$/;
const WAIT_MS = 60_000;

const stripeSdk = new Stripe(STRIPE_SECRET_KEY);

function readTemplate(file: string, id: string): WorkflowJson {
	const template = JSON.parse(fs.readFileSync(path.join(repoRoot, 'workflows', file), 'utf8')) as WorkflowJson;
	return { ...template, id };
}

function metaSignature(body: string, secret = APP_SECRET): string {
	return signMeta(body, secret);
}

function whatsappDelivery(from: string, messageId: string, text: string): string {
	return JSON.stringify(
		buildWhatsappDelivery([whatsappTextMessage(from, messageId, text)], {
			phoneNumberId: PHONE_NUMBER_ID,
			contact: { waId: from, name: 'Alex Guest' },
		}),
	);
}

function instagramDelivery(senderId: string, messageId: string, text: string): string {
	return JSON.stringify(buildInstagramDelivery(INSTAGRAM_ACCOUNT_ID, senderId, messageId, text));
}

function wamid(): string {
	return `wamid.HBgL${randomBytes(12).toString('hex').toUpperCase()}`;
}

interface PublicationStatus {
	status: string;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('conversational commerce templates in a real n8n (WhatsApp and Instagram → Stripe Checkout → chat + Slack)', () => {
	let n8n: RealN8n | undefined;
	let graph: FakeGraphApi;
	let stripe: FakeStripe;
	let billing: FakeStripeBilling;
	let slack: FakeSlack;
	const durations: Array<[string, number]> = [];
	const expectedExecutions: Record<string, number> = { [WHATSAPP_WORKFLOW_ID]: 0, [INSTAGRAM_WORKFLOW_ID]: 0 };

	function instance(): RealN8n {
		if (!n8n) throw new Error('n8n did not start');
		return n8n;
	}

	async function measured<T>(label: string, run: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await run();
		} finally {
			durations.push([label, Date.now() - started]);
		}
	}

	/** Polls until `check` returns a value; on timeout the error carries the n8n log, so a failure explains itself. */
	async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>): Promise<T> {
		const deadline = Date.now() + WAIT_MS;
		while (Date.now() < deadline) {
			const value = await check();
			if (value !== undefined) return value;
			await sleep(200);
		}
		throw new Error(`Timed out waiting for ${what}.\n--- n8n log (tail) ---\n${instance().logs().slice(-6000)}`);
	}

	/** Waits for the next execution of a workflow and expects it to have succeeded. */
	async function nextExecution(workflowId: string): Promise<N8nExecution> {
		expectedExecutions[workflowId] += 1;
		const executions = await instance().waitForExecutions(workflowId, expectedExecutions[workflowId], {
			timeoutMs: WAIT_MS,
		});
		const newest = executions[0];
		if (newest.status !== 'success') {
			throw new Error(
				`Execution ${newest.id} of ${workflowId} ended ${newest.status}: ` +
					`${JSON.stringify(newest.data?.resultData?.error ?? null).slice(0, 2000)}\n--- n8n log (tail) ---\n` +
					instance().logs().slice(-6000),
			);
		}
		return newest;
	}

	/**
	 * Waits until n8n has finished publishing a workflow and expects every trigger to be active. n8n 2.40 stores a
	 * trigger's webhook before it runs the trigger's activation hook and removes it when the hook fails, and logs
	 * only "some triggers failed to activate": the publication status carries the reason.
	 */
	async function waitForPublished(workflowId: string): Promise<void> {
		const status = await waitFor(`workflow ${workflowId} to finish publishing`, async () => {
			const { data } = await instance().rest<{ data: PublicationStatus }>(
				'GET',
				`/workflows/${workflowId}/publication-status`,
			);
			return data.status === 'in_progress' || data.triggers.length === 0 ? undefined : data;
		});
		const failed = status.triggers.filter((trigger) => trigger.status !== 'activated');
		if (failed.length > 0) {
			throw new Error(`Workflow ${workflowId}: triggers failed to activate: ${JSON.stringify(failed)}`);
		}
	}

	async function postMeta(webhookPath: string, body: string, signature: string | undefined): Promise<Response> {
		return await fetch(instance().webhookUrl(webhookPath), {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
			body,
			signal: AbortSignal.timeout(30_000),
		});
	}

	/** The signing secret of the endpoint the Stripe Event Trigger registered at the fake Stripe on activation. */
	function endpointSecret(webhookPath: string): string {
		// n8n names itself `localhost` in the URL it registers; the path is what identifies the trigger.
		const stored = [...stripe.state.webhookEndpoints.values()].find(
			(candidate) => new URL(candidate.endpoint.url).pathname === `/webhook/${webhookPath}`,
		);
		if (!stored) {
			const known = [...stripe.state.webhookEndpoints.values()].map((candidate) => candidate.endpoint.url);
			throw new Error(`No webhook endpoint registered for ${webhookPath}; registered: ${JSON.stringify(known)}`);
		}
		return stored.secret;
	}

	async function postStripeEvent(webhookPath: string, event: object): Promise<Response> {
		const payload = JSON.stringify(event);
		return await fetch(instance().webhookUrl(webhookPath), {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'stripe-signature': stripeSdk.webhooks.generateTestHeaderString({
					payload,
					secret: endpointSecret(webhookPath),
				}),
			},
			body: payload,
			signal: AbortSignal.timeout(30_000),
		});
	}

	function sessionEvent(type: string, sessionId: string, changes: Record<string, unknown>): object {
		const session = billing.checkoutSessions.get(sessionId);
		if (!session) throw new Error(`The fake Stripe has no session ${sessionId}`);
		return {
			id: `evt_${randomBytes(12).toString('hex')}`,
			object: 'event',
			api_version: '2025-03-31.basil',
			created: Math.floor(Date.now() / 1000),
			livemode: false,
			pending_webhooks: 1,
			request: { id: null, idempotency_key: null },
			type,
			data: { object: { ...session, ...changes } },
		};
	}

	function messagesTo(recipient: string) {
		return graph.sentMessages.filter((message) => {
			const body = message.body ?? {};
			return body.to === recipient || (body.recipient as { id?: string } | undefined)?.id === recipient;
		});
	}

	beforeAll(async () => {
		graph = await FakeGraphApi.start({
			accessToken: ACCESS_TOKEN,
			phoneNumberIds: [PHONE_NUMBER_ID],
			instagramAccountIds: [INSTAGRAM_ACCOUNT_ID],
		});
		stripe = new FakeStripe();
		billing = installBillingRoutes(stripe);
		await stripe.start();
		slack = await FakeSlack.start({ tokens: [SLACK_TOKEN], channels: [BOOKINGS_CHANNEL] });

		const metaData = {
			accessToken: ACCESS_TOKEN,
			appSecret: APP_SECRET,
			verifyToken: VERIFY_TOKEN,
			phoneNumberId: PHONE_NUMBER_ID,
			instagramAccountId: INSTAGRAM_ACCOUNT_ID,
			facebookPageId: '',
			graphApiBaseUrl: graph.baseUrl,
		};
		n8n = await measured('start n8n (import 2 credentials sets, 2 workflows, publish)', async () =>
			startRealN8n({
				credentials: [
					{ id: 'ccMetaWhatsApp01', name: 'Meta (WhatsApp)', type: 'metaMessagingApi', data: metaData },
					{ id: 'ccMetaInstagram1', name: 'Meta (Instagram)', type: 'metaMessagingApi', data: metaData },
					{
						id: 'ccStripeCredent1',
						name: 'Stripe (Chat Channel)',
						type: 'stripeChatChannelApi',
						data: {
							secretKey: STRIPE_SECRET_KEY,
							signingSecrets: '',
							apiVersion: '',
							stripeAccount: '',
							baseUrl: stripe.baseUrl,
						},
					},
					{
						id: 'ccSlackCredent01',
						name: 'Slack (Stripe Chat Channel)',
						type: 'stripeChatSlackApi',
						data: {
							botToken: SLACK_TOKEN,
							signingSecret: 'slack-signing-secret-e2e',
							buttonSigningSecret: '',
							apiBaseUrl: slack.apiUrl,
						},
					},
				],
				workflows: [
					readTemplate('whatsapp-checkout.json', WHATSAPP_WORKFLOW_ID),
					readTemplate('instagram-checkout.json', INSTAGRAM_WORKFLOW_ID),
				],
				publish: [WHATSAPP_WORKFLOW_ID, INSTAGRAM_WORKFLOW_ID],
			}),
		);
		await measured('both workflows published, every trigger active', async () => {
			for (const workflowId of [WHATSAPP_WORKFLOW_ID, INSTAGRAM_WORKFLOW_ID]) await waitForPublished(workflowId);
		});
	}, 15 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await graph?.close();
		await stripe?.stop();
		await slack?.close();
		if (durations.length > 0) {
			process.stdout.write(
				`conversational commerce e2e durations:\n${durations.map(([label, ms]) => `  ${label}: ${ms} ms`).join('\n')}\n`,
			);
		}
	}, 120_000);

	it('registers one Stripe webhook endpoint per template, for the three Checkout events', () => {
		for (const webhookPath of [WHATSAPP_PAYMENTS_PATH, INSTAGRAM_PAYMENTS_PATH]) {
			const endpoints = [...stripe.state.webhookEndpoints.values()].filter((stored) =>
				stored.endpoint.url.endsWith(`/webhook/${webhookPath}`),
			);
			expect(endpoints).toHaveLength(1);
			expect([...endpoints[0].endpoint.enabled_events].sort()).toEqual([
				'checkout.session.async_payment_succeeded',
				'checkout.session.completed',
				'checkout.session.expired',
			]);
		}
	});

	it.each([
		['the right verify token', VERIFY_TOKEN, 200, '1158201444'],
		['a wrong verify token', 'not-the-token', 403, undefined],
	])('answers Meta’s verification handshake with %s', async (_label, token, status, body) => {
		const query = new URLSearchParams({
			'hub.mode': 'subscribe',
			'hub.verify_token': token,
			'hub.challenge': '1158201444',
		});
		const response = await fetch(`${instance().webhookUrl(WHATSAPP_CHAT_PATH)}?${query.toString()}`, {
			signal: AbortSignal.timeout(30_000),
		});
		expect(response.status).toBe(status);
		const text = await response.text();
		if (body !== undefined) expect(text).toBe(body);
	});

	describe('WhatsApp: a booking paid in the chat', () => {
		const customer = '4915112345678';
		const messageId = wamid();
		const delivery = whatsappDelivery(customer, messageId, 'I want to book the Deluxe Suite for June 15-17');
		let sessionId = '';

		it('answers a signed message asking to buy with a Pay now button linking to a new Checkout Session', async () => {
			const response = await measured('WhatsApp message → checkout link (acknowledged)', async () =>
				postMeta(WHATSAPP_CHAT_PATH, delivery, metaSignature(delivery)),
			);
			expect(response.status).toBe(200);
			await measured('WhatsApp message → checkout link (execution finished)', async () =>
				nextExecution(WHATSAPP_WORKFLOW_ID),
			);

			const [sent] = await waitFor('the link message', () =>
				messagesTo(customer).length > 0 ? messagesTo(customer) : undefined,
			);
			expect(messagesTo(customer)).toHaveLength(1);
			expect(sent.senderId).toBe(PHONE_NUMBER_ID);
			expect(sent.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
			const interactive = sent.body as {
				type: string;
				interactive: {
					type: string;
					body: { text: string };
					action: { parameters: { url: string; display_text: string } };
				};
			};
			expect(interactive.type).toBe('interactive');
			expect(interactive.interactive.type).toBe('cta_url');
			expect(interactive.interactive.body.text).toContain('Deluxe Suite');
			expect(interactive.interactive.action.parameters.display_text).toBe('Pay now');
			const link = interactive.interactive.action.parameters.url;
			expect(link).toMatch(CHECKOUT_URL);
			sessionId = CHECKOUT_URL.exec(link)?.[1] ?? '';

			const session = billing.checkoutSessions.get(sessionId);
			expect(session).toEqual(
				expect.objectContaining({
					mode: 'payment',
					amount_total: 24000,
					currency: 'usd',
					client_reference_id: `whatsapp:${customer}`,
					metadata: {
						chat_channel: 'whatsapp',
						chat_sender_id: customer,
						chat_account_id: PHONE_NUMBER_ID,
						product: 'Deluxe Suite',
					},
				}),
			);
			const create = stripe.requestsTo('POST', '/v1/checkout/sessions');
			expect(create).toHaveLength(1);
			expect(create[0].headers['idempotency-key']).toBe(`checkout-meta:whatsapp:${messageId}`);
		});

		it('creates no second session when Meta delivers the same message again', async () => {
			const response = await postMeta(WHATSAPP_CHAT_PATH, delivery, metaSignature(delivery));
			expect(response.status).toBe(200);
			const execution = await measured('repeated delivery (execution finished)', async () =>
				nextExecution(WHATSAPP_WORKFLOW_ID),
			);
			expect(Object.keys(execution.data?.resultData?.runData ?? {}).sort()).toEqual([
				'Meta Messaging Trigger',
				'Skip Repeated Messages',
			]);
			expect(stripe.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(1);
			expect(billing.checkoutSessions.size).toBe(1);
			expect(messagesTo(customer)).toHaveLength(1);
		});

		it.each([
			['a signature made with another secret', (body: string) => metaSignature(body, 'not-the-app-secret')],
			['no signature', () => undefined],
			['the signature of another body', () => metaSignature(whatsappDelivery(customer, wamid(), 'hello'))],
		])('refuses a forged delivery with %s (401) and starts nothing', async (_label, sign) => {
			const forged = whatsappDelivery(customer, wamid(), 'I want to buy the Deluxe Suite');
			const response = await postMeta(WHATSAPP_CHAT_PATH, forged, sign(forged));
			expect(response.status).toBe(401);
			await response.text();
			// Nothing to wait for: the refusal is decided before any execution could start. Later tests check the count.
			expect(billing.checkoutSessions.size).toBe(1);
		});

		it('confirms a completed payment to the same WhatsApp user and posts a notice in Slack', async () => {
			const event = sessionEvent('checkout.session.completed', sessionId, {
				status: 'complete',
				payment_status: 'paid',
				payment_intent: 'pi_3ConversationalE2e',
				customer_details: { email: 'alex.guest@example.com', name: 'Alex Guest', phone: null, address: null },
			});
			const response = await measured('checkout.session.completed → chat + Slack (acknowledged)', async () =>
				postStripeEvent(WHATSAPP_PAYMENTS_PATH, event),
			);
			expect(response.status).toBe(200);
			await measured('checkout.session.completed → chat + Slack (execution finished)', async () =>
				nextExecution(WHATSAPP_WORKFLOW_ID),
			);

			const messages = messagesTo(customer);
			expect(messages).toHaveLength(2);
			const confirmation = messages[1].body as { type: string; text: { body: string } };
			expect(confirmation.type).toBe('text');
			expect(confirmation.text.body).toContain('your payment is confirmed');
			expect(confirmation.text.body).toContain('Deluxe Suite');
			expect(messages[1].senderId).toBe(PHONE_NUMBER_ID);

			const notices = slack.messages(BOOKINGS_CHANNEL.id);
			expect(notices).toHaveLength(1);
			const notice = JSON.stringify(notices[0]);
			expect(notices[0].text).toMatch(/Checkout completed/);
			expect(notice).toContain('$240.00');
			expect(notices[0].metadata?.event_payload.thread_key).toBe(`checkout.session:${sessionId}`);
			// The notice comes from Stripe's ids and amounts; the customer's e-mail is masked by the default redaction.
			expect(notice).not.toContain('alex.guest@example.com');
		});

		it('started exactly the executions the accepted deliveries asked for (the forged ones started none)', async () => {
			const executions = await instance().listExecutions(WHATSAPP_WORKFLOW_ID);
			expect(executions).toHaveLength(expectedExecutions[WHATSAPP_WORKFLOW_ID]);
			expect(executions.every((execution) => execution.status === 'success')).toBe(true);
		});
	});

	describe('WhatsApp: an unpaid link that expires', () => {
		const customer = '447700900123';

		it('reminds the customer in the chat and tells Slack', async () => {
			const delivery = whatsappDelivery(customer, wamid(), 'Can I book a standard room please?');
			expect((await postMeta(WHATSAPP_CHAT_PATH, delivery, metaSignature(delivery))).status).toBe(200);
			await nextExecution(WHATSAPP_WORKFLOW_ID);
			const [linkMessage] = messagesTo(customer);
			const link = (linkMessage.body as { interactive: { action: { parameters: { url: string } } } }).interactive.action
				.parameters.url;
			const sessionId = CHECKOUT_URL.exec(link)?.[1] ?? '';
			expect(billing.checkoutSessions.get(sessionId)).toEqual(
				expect.objectContaining({
					amount_total: 12000,
					metadata: expect.objectContaining({ product: 'Standard Room' }),
				}),
			);

			const response = await measured('checkout.session.expired → reminder', async () =>
				postStripeEvent(
					WHATSAPP_PAYMENTS_PATH,
					sessionEvent('checkout.session.expired', sessionId, { status: 'expired' }),
				),
			);
			expect(response.status).toBe(200);
			await nextExecution(WHATSAPP_WORKFLOW_ID);

			const messages = messagesTo(customer);
			expect(messages).toHaveLength(2);
			expect((messages[1].body as { text: { body: string } }).text.body).toContain(
				'has expired and nothing was charged',
			);
			expect(slack.messages(BOOKINGS_CHANNEL.id).map((message) => message.text)).toEqual(
				expect.arrayContaining([expect.stringMatching(/Checkout expired/)]),
			);
		});

		it('answers a message that asks for nothing it sells with the product list, creating no session', async () => {
			const before = billing.checkoutSessions.size;
			const delivery = whatsappDelivery(customer, wamid(), 'What time is breakfast?');
			expect((await postMeta(WHATSAPP_CHAT_PATH, delivery, metaSignature(delivery))).status).toBe(200);
			await nextExecution(WHATSAPP_WORKFLOW_ID);
			const last = messagesTo(customer).at(-1)?.body as { text: { body: string } };
			expect(last.text.body).toContain('book the Deluxe Suite');
			expect(billing.checkoutSessions.size).toBe(before);
		});
	});

	describe('Instagram: the same flow in a direct message', () => {
		const customer = '6872159834401234';

		it('sends the link, then the confirmation, to the same Instagram user; WhatsApp’s trigger ignores the event', async () => {
			const delivery = instagramDelivery(
				customer,
				`aWdfZAmid${randomBytes(8).toString('hex')}`,
				'I would like to buy the deluxe suite',
			);
			expect((await postMeta(INSTAGRAM_CHAT_PATH, delivery, metaSignature(delivery))).status).toBe(200);
			await measured('Instagram message → checkout link', async () => nextExecution(INSTAGRAM_WORKFLOW_ID));
			const [linkMessage] = messagesTo(customer);
			expect(linkMessage.senderId).toBe(INSTAGRAM_ACCOUNT_ID);
			const link =
				/https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_\w+/.exec(JSON.stringify(linkMessage.body))?.[0] ?? '';
			const sessionId = CHECKOUT_URL.exec(link)?.[1] ?? '';
			expect(billing.checkoutSessions.get(sessionId)).toEqual(
				expect.objectContaining({
					client_reference_id: `instagram:${customer}`,
					metadata: expect.objectContaining({ chat_channel: 'instagram', chat_sender_id: customer }),
				}),
			);

			const event = sessionEvent('checkout.session.completed', sessionId, {
				status: 'complete',
				payment_status: 'paid',
			});
			// Both templates' endpoints receive every Checkout event of the account; each acts only on its own chats.
			const [toWhatsApp, toInstagram] = await Promise.all([
				postStripeEvent(WHATSAPP_PAYMENTS_PATH, event),
				postStripeEvent(INSTAGRAM_PAYMENTS_PATH, event),
			]);
			expect(toWhatsApp.status).toBe(200);
			expect(await toWhatsApp.json()).toEqual({ received: true, ignored: expect.any(String) });
			expect(toInstagram.status).toBe(200);
			await nextExecution(INSTAGRAM_WORKFLOW_ID);

			const messages = messagesTo(customer);
			expect(messages).toHaveLength(2);
			expect(JSON.stringify(messages[1].body)).toContain('your payment is confirmed');
			expect((await instance().listExecutions(WHATSAPP_WORKFLOW_ID)).length).toBe(
				expectedExecutions[WHATSAPP_WORKFLOW_ID],
			);
		});
	});

	it('offers what the optional AI agent branch needs: the AI Agent node and Stripe Action as a tool', async () => {
		const response = await fetch(`${instance().baseUrl}/types/nodes.json`, {
			headers: { cookie: instance().authCookie },
			signal: AbortSignal.timeout(30_000),
		});
		expect(response.status).toBe(200);
		const names = ((await response.json()) as Array<{ name: string }>).map((type) => type.name);
		expect(names).toEqual(
			expect.arrayContaining(['@n8n/n8n-nodes-langchain.agent', `${PACKAGE_NAME}.stripeActionTool`]),
		);
	});
});
