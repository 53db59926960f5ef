import type { IDataObject, INode, IRun } from 'n8n-workflow';

import { MetaMessaging } from '../../nodes/MetaMessaging/MetaMessaging.node';
import { MetaMessagingTrigger } from '../../nodes/MetaMessagingTrigger/MetaMessagingTrigger.node';
import { FakeGraphApi } from '../support/fakeGraphApi';
import { itemsTrigger, itemsTriggerNode } from '../support/itemsTrigger';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import {
	instagramDelivery as buildInstagramDelivery,
	metaSignature,
	whatsappDelivery as buildWhatsappDelivery,
	whatsappTextMessage,
} from '../support/metaDeliveries';
import type { EngineWorkflow, FakeHttpRequest } from '../support/n8nEngine';

const APP_SECRET = 'meta-app-secret-for-tests-0001';
const VERIFY_TOKEN = 'verify-token-for-tests';
const ACCESS_TOKEN = 'EAAG-test-access-token';
const PHONE_NUMBER_ID = '106540352242922';
const OTHER_PHONE_NUMBER_ID = '106540352249999';
const INSTAGRAM_ACCOUNT_ID = '17841405822304914';
const FACEBOOK_PAGE_ID = '104417581811470';
const CUSTOMER = '16505551234';
const IG_CUSTOMER = '1254459154682919';
const CHECKOUT_URL = 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3';

let graph: FakeGraphApi;
beforeAll(async () => {
	graph = await FakeGraphApi.start({
		accessToken: ACCESS_TOKEN,
		phoneNumberIds: [PHONE_NUMBER_ID, OTHER_PHONE_NUMBER_ID],
		instagramAccountIds: [INSTAGRAM_ACCOUNT_ID, FACEBOOK_PAGE_ID],
	});
});
afterAll(async () => graph.close());
beforeEach(() => graph.reset());

/** Every workflow gets its own id, so the de-duplication history of one test never leaks into another. */
let workflowCounter = 0;
const nextWorkflowId = () => `wf-meta-${++workflowCounter}`;

function credentials(overrides: Record<string, string> = {}) {
	return {
		metaMessagingApi: {
			accessToken: ACCESS_TOKEN,
			appSecret: APP_SECRET,
			verifyToken: VERIFY_TOKEN,
			phoneNumberId: PHONE_NUMBER_ID,
			instagramAccountId: INSTAGRAM_ACCOUNT_ID,
			graphApiBaseUrl: graph.baseUrl,
			...overrides,
		},
	};
}

const credentialRef = { metaMessagingApi: { id: 'meta', name: 'Meta' } };

function node(name: string, type: string, parameters: Record<string, unknown>, extra: Partial<INode> = {}): INode {
	return {
		id: name,
		name,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: credentialRef,
		...extra,
	};
}

/** Trigger → Skip Repeated Messages → send a checkout link button to the sender. */
function checkoutWorkflow(
	triggerParameters: Record<string, unknown> = {},
	credentialOverrides: Record<string, string> = {},
	id = nextWorkflowId(),
): EngineWorkflow {
	return {
		id,
		nodes: [
			node(
				'Meta Messaging Trigger',
				'metaMessagingTrigger',
				{
					channels: ['whatsapp', 'instagram'],
					accountFilter: 'credential',
					includeStatuses: false,
					...triggerParameters,
				},
				{ webhookId: 'meta-hook' },
			),
			node('Skip Repeated', 'metaMessaging', {
				operation: 'skipRepeated',
				dedupKey: '={{ $json.dedupKey }}',
				rememberDays: 7,
			}),
			node('Send Checkout Link', 'metaMessaging', {
				operation: 'sendLinkButton',
				channel: 'incoming',
				recipient: '={{ $json.senderId }}',
				lastMessageAt: '={{ $json.timestamp }}',
				bodyText: 'Your order: 2 × T-shirt, €40.00',
				buttonText: 'Pay now',
				url: CHECKOUT_URL,
				options: {},
			}),
		],
		connections: {
			'Meta Messaging Trigger': { main: [[{ node: 'Skip Repeated', type: 'main', index: 0 }]] },
			'Skip Repeated': { main: [[{ node: 'Send Checkout Link', type: 'main', index: 0 }]] },
		},
		nodeTypes: { metaMessagingTrigger: new MetaMessagingTrigger(), metaMessaging: new MetaMessaging() },
		credentials: credentials(credentialOverrides),
	};
}

function signed(body: unknown, secret = APP_SECRET): FakeHttpRequest {
	const raw = typeof body === 'string' ? body : JSON.stringify(body);
	return {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(raw, secret) },
		rawBody: Buffer.from(raw),
	};
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function whatsappMessage(id: string, text: string) {
	return whatsappTextMessage(CUSTOMER, id, text);
}

function whatsappDelivery(messages: unknown[], options: { phoneNumberId?: string; statuses?: unknown[] } = {}) {
	return buildWhatsappDelivery(messages, {
		phoneNumberId: options.phoneNumberId ?? PHONE_NUMBER_ID,
		contact: { waId: CUSTOMER, name: 'Sheena Nelson' },
		statuses: options.statuses,
	});
}

function instagramDelivery(mid: string, text: string, accountId = INSTAGRAM_ACCOUNT_ID) {
	return buildInstagramDelivery(accountId, IG_CUSTOMER, mid, text);
}

function nodeError(run: IRun, nodeName: string) {
	return run.data.resultData.runData[nodeName]?.[0]?.error as (Error & { description?: string }) | undefined;
}

describe('Meta Messaging Trigger: verification handshake', () => {
	const handshake = (token: string): FakeHttpRequest => ({
		method: 'GET',
		headers: {},
		rawBody: Buffer.alloc(0),
		query: { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' },
	});

	it('answers the challenge as plain text when the verify token matches, and starts nothing', async () => {
		const result = await deliverWebhook(checkoutWorkflow(), 'Meta Messaging Trigger', handshake(VERIFY_TOKEN));
		expect(result.response.statusCode).toBe(200);
		expect(result.response.body).toBe('1158201444');
		expect(result.response.headers['content-type']).toMatch(/^text\/plain/);
		expect(result.webhook).toEqual({ noWebhookResponse: true });
		expect(result.run).toBeUndefined();
	});

	it.each([
		['a wrong verify token', {}, 'guessed-token'],
		['no verify token in the credential', { verifyToken: '' }, ''],
	])('refuses %s with 403', async (_name, overrides, token) => {
		const result = await deliverWebhook(checkoutWorkflow({}, overrides), 'Meta Messaging Trigger', handshake(token));
		expect(result.response.statusCode).toBe(403);
		expect(result.response.body).not.toContain('1158201444');
		expect(result.run).toBeUndefined();
	});
});

describe('Meta Messaging Trigger: deliveries', () => {
	it('turns a signed WhatsApp message into an item, lets it through once and sends the checkout link', async () => {
		const result = await deliverWebhook(
			checkoutWorkflow(),
			'Meta Messaging Trigger',
			signed(whatsappDelivery([whatsappMessage('wamid.A1', 'I want to buy 2 T-shirts')])),
		);
		expect(result.response.statusCode).toBe(200);
		expect(result.response.body).toBe('EVENT_RECEIVED');
		const [items] = outputOf(result.run!, 'Meta Messaging Trigger');
		expect(items).toEqual([
			expect.objectContaining({
				kind: 'message',
				channel: 'whatsapp',
				messageId: 'wamid.A1',
				dedupKey: 'meta:whatsapp:wamid.A1',
				accountId: PHONE_NUMBER_ID,
				senderId: CUSTOMER,
				senderName: 'Sheena Nelson',
				type: 'text',
				text: 'I want to buy 2 T-shirts',
			}),
		]);
		expect(outputOf(result.run!, 'Skip Repeated')[0]).toHaveLength(1);
		expect(outputOf(result.run!, 'Send Checkout Link')[0]).toEqual([
			{ ok: true, channel: 'whatsapp', recipientId: CUSTOMER, messageId: expect.stringMatching(/^wamid\./) },
		]);
		expect(graph.sentMessages).toHaveLength(1);
		expect(graph.sentMessages[0]).toMatchObject({
			path: `/v25.0/${PHONE_NUMBER_ID}/messages`,
			authorization: `Bearer ${ACCESS_TOKEN}`,
			body: {
				messaging_product: 'whatsapp',
				to: CUSTOMER,
				type: 'interactive',
				interactive: {
					type: 'cta_url',
					action: { name: 'cta_url', parameters: { display_text: 'Pay now', url: CHECKOUT_URL } },
				},
			},
		});
	});

	it('answers an Instagram DM on Instagram', async () => {
		const result = await deliverWebhook(
			checkoutWorkflow(),
			'Meta Messaging Trigger',
			signed(instagramDelivery('aWdfZAig1', 'price?')),
		);
		expect(outputOf(result.run!, 'Meta Messaging Trigger')[0][0]).toMatchObject({
			channel: 'instagram',
			senderId: IG_CUSTOMER,
			accountId: INSTAGRAM_ACCOUNT_ID,
			text: 'price?',
		});
		expect(graph.sentMessages).toEqual([
			expect.objectContaining({
				path: `/v25.0/${INSTAGRAM_ACCOUNT_ID}/messages`,
				body: {
					recipient: { id: IG_CUSTOMER },
					message: {
						attachment: {
							type: 'template',
							payload: {
								template_type: 'button',
								text: 'Your order: 2 × T-shirt, €40.00',
								buttons: [{ type: 'web_url', url: CHECKOUT_URL, title: 'Pay now' }],
							},
						},
					},
				},
			}),
		]);
	});

	const body = () => JSON.stringify(whatsappDelivery([whatsappMessage('wamid.F1', 'hello')]));
	it.each([
		[
			'unsigned',
			(): FakeHttpRequest => ({
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				rawBody: Buffer.from(body()),
			}),
			{},
		],
		['signed with another app secret (forged)', () => signed(body(), 'not-the-app-secret'), {}],
		[
			'tampered after signing',
			() => {
				const request = signed(body());
				const tampered = request.rawBody.toString().replace('hello', 'refund');
				expect(tampered).not.toBe(request.rawBody.toString());
				return { ...request, rawBody: Buffer.from(tampered) };
			},
			{},
		],
		[
			'with a malformed signature header',
			() => ({ ...signed(body()), headers: { 'x-hub-signature-256': 'sha256=zz' } }),
			{},
		],
		['correctly signed, but the credential has no App Secret (fail closed)', () => signed(body()), { appSecret: '' }],
	])('starts nothing for a delivery %s (401)', async (_name, request, overrides) => {
		const result = await deliverWebhook(checkoutWorkflow({}, overrides), 'Meta Messaging Trigger', request());
		expect(result.response.statusCode).toBe(401);
		expect(result.run).toBeUndefined();
		expect(result.webhook.workflowData).toBeUndefined();
		expect(String(result.response.body)).not.toContain(APP_SECRET);
		expect(graph.requests).toHaveLength(0);
	});

	it('lets a replayed delivery (same body, valid signature) through the trigger but not past Skip Repeated', async () => {
		const workflow = checkoutWorkflow();
		const delivery = signed(whatsappDelivery([whatsappMessage('wamid.R1', 'buy')]));
		const first = await deliverWebhook(workflow, 'Meta Messaging Trigger', delivery);
		const replay = await deliverWebhook(workflow, 'Meta Messaging Trigger', delivery);
		expect(first.response.statusCode).toBe(200);
		expect(replay.response.statusCode).toBe(200);
		expect(outputOf(replay.run!, 'Meta Messaging Trigger')[0]).toHaveLength(1);
		expect(outputOf(replay.run!, 'Skip Repeated')[0] ?? []).toEqual([]);
		expect(replay.run!.data.resultData.runData['Send Checkout Link']).toBeUndefined();
		expect(graph.sentMessages).toHaveLength(1);
	});

	it('drops a message delivered again inside a new batch, and a repeat within one batch, but passes the new one', async () => {
		const workflow = checkoutWorkflow();
		await deliverWebhook(
			workflow,
			'Meta Messaging Trigger',
			signed(whatsappDelivery([whatsappMessage('wamid.D1', 'first')])),
		);
		const batch = whatsappDelivery([
			whatsappMessage('wamid.D1', 'first'),
			whatsappMessage('wamid.D2', 'second'),
			whatsappMessage('wamid.D2', 'second'),
		]);
		const result = await deliverWebhook(workflow, 'Meta Messaging Trigger', signed(batch));
		expect(outputOf(result.run!, 'Meta Messaging Trigger')[0]).toHaveLength(3);
		expect(outputOf(result.run!, 'Skip Repeated')[0].map((item) => item.messageId)).toEqual(['wamid.D2']);
		expect(graph.sentMessages).toHaveLength(2);
	});

	it('keeps the de-duplication history per workflow: another workflow still answers the same message', async () => {
		const delivery = signed(whatsappDelivery([whatsappMessage('wamid.W1', 'hi')]));
		await deliverWebhook(checkoutWorkflow(), 'Meta Messaging Trigger', delivery);
		await deliverWebhook(checkoutWorkflow(), 'Meta Messaging Trigger', delivery);
		expect(graph.sentMessages).toHaveLength(2);
	});

	const statuses = [
		{ id: 'wamid.SENT1', status: 'delivered', timestamp: String(nowSeconds()), recipient_id: CUSTOMER },
	];
	it('ignores status callbacks unless asked, answering 200 so Meta does not retry', async () => {
		const result = await deliverWebhook(
			checkoutWorkflow(),
			'Meta Messaging Trigger',
			signed(whatsappDelivery([], { statuses })),
		);
		expect(result.response.statusCode).toBe(200);
		expect(result.run).toBeUndefined();
	});

	it('emits status callbacks when asked', async () => {
		const workflow = checkoutWorkflow({ includeStatuses: true });
		workflow.nodes = [workflow.nodes[0]];
		workflow.connections = {};
		const result = await deliverWebhook(workflow, 'Meta Messaging Trigger', signed(whatsappDelivery([], { statuses })));
		expect(outputOf(result.run!, 'Meta Messaging Trigger')[0]).toEqual([
			expect.objectContaining({
				kind: 'status',
				status: 'delivered',
				messageId: 'wamid.SENT1',
				recipientId: CUSTOMER,
				dedupKey: 'meta:whatsapp:wamid.SENT1:delivered',
			}),
		]);
	});

	it.each([
		['a webhook of another product (Messenger pages)', { object: 'page', entry: [] }],
		['a body that is not JSON', 'not json'],
	])('answers 200 to a signed delivery of %s and starts nothing', async (_name, body) => {
		const result = await deliverWebhook(checkoutWorkflow(), 'Meta Messaging Trigger', signed(body));
		expect(result.response.statusCode).toBe(200);
		expect(result.run).toBeUndefined();
	});

	it('starts nothing for a channel switched off', async () => {
		const result = await deliverWebhook(
			checkoutWorkflow({ channels: ['instagram'] }),
			'Meta Messaging Trigger',
			signed(whatsappDelivery([whatsappMessage('wamid.C1', 'x')])),
		);
		expect(result.response.statusCode).toBe(200);
		expect(result.run).toBeUndefined();
	});
});

describe('Meta Messaging Trigger: several workflows sharing one Meta app', () => {
	const shop = (phoneNumberId: string) => checkoutWorkflow({}, { phoneNumberId });

	it('runs only the workflow whose credential has the receiving phone number ID', async () => {
		const delivery = signed(
			whatsappDelivery([whatsappMessage('wamid.S1', 'hi')], { phoneNumberId: OTHER_PHONE_NUMBER_ID }),
		);
		const first = await deliverWebhook(shop(PHONE_NUMBER_ID), 'Meta Messaging Trigger', delivery);
		const second = await deliverWebhook(shop(OTHER_PHONE_NUMBER_ID), 'Meta Messaging Trigger', delivery);
		expect(first.response.statusCode).toBe(200);
		expect(first.run).toBeUndefined();
		expect(outputOf(second.run!, 'Meta Messaging Trigger')[0]).toHaveLength(1);
		expect(graph.sentMessages.map((request) => request.senderId)).toEqual([OTHER_PHONE_NUMBER_ID]);
	});

	it.each([
		[
			'a listed Instagram account ID',
			{ accountFilter: 'list', accountIds: `${PHONE_NUMBER_ID}, ${INSTAGRAM_ACCOUNT_ID}` },
			INSTAGRAM_ACCOUNT_ID,
			true,
		],
		[
			'an Instagram account that is not listed',
			{ accountFilter: 'list', accountIds: PHONE_NUMBER_ID },
			INSTAGRAM_ACCOUNT_ID,
			false,
		],
		['any account of the app', { accountFilter: 'any' }, '17841400000000000', true],
		["the credential's account only", {}, '17841400000000000', false],
	])('filters Instagram by page/account: %s', async (_name, parameters, accountId, runs) => {
		const result = await deliverWebhook(
			checkoutWorkflow(parameters),
			'Meta Messaging Trigger',
			signed(instagramDelivery(`mid.${accountId}.${String(runs)}`, 'hi', accountId)),
		);
		expect(result.response.statusCode).toBe(200);
		expect(result.run !== undefined).toBe(runs);
	});
});

describe('Meta Messaging Trigger: Instagram through a Facebook Page', () => {
	it("listens to the credential's linked Page as well as its Instagram account", async () => {
		const result = await deliverWebhook(
			checkoutWorkflow({}, { facebookPageId: FACEBOOK_PAGE_ID }),
			'Meta Messaging Trigger',
			signed(instagramDelivery('aWdfZApage1', 'hi', FACEBOOK_PAGE_ID)),
		);
		expect(outputOf(result.run!, 'Meta Messaging Trigger')[0]).toHaveLength(1);
		expect(graph.sentMessages.map((request) => request.senderId)).toEqual([FACEBOOK_PAGE_ID]);
	});
});

async function send(
	parameters: Record<string, unknown>,
	items: IDataObject[],
	options: { continueOnFail?: boolean; credentials?: Record<string, string>; workflowId?: string } = {},
) {
	const workflow: EngineWorkflow = {
		id: options.workflowId ?? nextWorkflowId(),
		nodes: [
			itemsTriggerNode('Item Source', 'source'),
			node(
				'Send',
				'metaMessaging',
				{
					channel: 'incoming',
					recipient: '={{ $json.senderId }}',
					lastMessageAt: '={{ $json.timestamp }}',
					options: {},
					...parameters,
				},
				options.continueOnFail ? { onError: 'continueRegularOutput' } : {},
			),
		],
		connections: { 'Item Source': { main: [[{ node: 'Send', type: 'main', index: 0 }]] } },
		nodeTypes: { itemsTrigger, metaMessaging: new MetaMessaging() },
		credentials: credentials(options.credentials),
	};
	const result = await deliverWebhook(workflow, 'Item Source', {
		headers: {},
		rawBody: Buffer.from(JSON.stringify(items)),
	});
	return result.run!;
}

const whatsappItem = { channel: 'whatsapp', senderId: CUSTOMER, timestamp: new Date().toISOString() };
const instagramItem = { channel: 'instagram', senderId: IG_CUSTOMER, timestamp: new Date().toISOString() };

describe('Meta Messaging: sending', () => {
	it.each([
		[
			'a WhatsApp text',
			{ operation: 'sendText', text: 'Thanks! Your order is on its way.', options: { previewUrl: true } },
			whatsappItem,
			PHONE_NUMBER_ID,
			{
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: CUSTOMER,
				type: 'text',
				text: { body: 'Thanks! Your order is on its way.', preview_url: true },
			},
		],
		[
			'an Instagram text',
			{ operation: 'sendText', text: 'Thanks!' },
			instagramItem,
			INSTAGRAM_ACCOUNT_ID,
			{ recipient: { id: IG_CUSTOMER }, message: { text: 'Thanks!' } },
		],
		[
			'WhatsApp reply buttons with header and footer',
			{
				operation: 'sendReplyButtons',
				bodyText: 'Shall I send you the payment link?',
				buttons: {
					button: [
						{ title: 'Yes, pay now', id: 'pay_now' },
						{ title: 'Not yet', id: '' },
					],
				},
				options: { headerText: 'Your order', footerText: 'Secure payment by Stripe' },
			},
			whatsappItem,
			PHONE_NUMBER_ID,
			{
				type: 'interactive',
				interactive: {
					type: 'button',
					header: { type: 'text', text: 'Your order' },
					body: { text: 'Shall I send you the payment link?' },
					footer: { text: 'Secure payment by Stripe' },
					action: {
						buttons: [
							{ type: 'reply', reply: { id: 'pay_now', title: 'Yes, pay now' } },
							{ type: 'reply', reply: { id: 'Not yet', title: 'Not yet' } },
						],
					},
				},
			},
		],
		[
			'Instagram quick replies',
			{ operation: 'sendReplyButtons', bodyText: 'Pay now?', buttons: { button: [{ title: 'Yes', id: 'pay_now' }] } },
			instagramItem,
			INSTAGRAM_ACCOUNT_ID,
			{
				recipient: { id: IG_CUSTOMER },
				message: { text: 'Pay now?', quick_replies: [{ content_type: 'text', title: 'Yes', payload: 'pay_now' }] },
			},
		],
		[
			'a WhatsApp template two days after the last message, on a fixed channel',
			{
				operation: 'sendTemplate',
				channel: 'whatsapp',
				recipient: '+1 650 555 1234',
				templateName: 'payment_reminder',
				languageCode: 'en_US',
				bodyParameters: { parameter: [{ value: 'Sheena' }, { value: '€40.00' }] },
				urlButtonParameter: 'cs_test_a1b2c3',
			},
			{ timestamp: new Date(Date.now() - 2 * 86_400_000).toISOString() },
			PHONE_NUMBER_ID,
			{
				to: CUSTOMER,
				type: 'template',
				template: {
					name: 'payment_reminder',
					language: { code: 'en_US' },
					components: [
						{
							type: 'body',
							parameters: [
								{ type: 'text', text: 'Sheena' },
								{ type: 'text', text: '€40.00' },
							],
						},
						{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'cs_test_a1b2c3' }] },
					],
				},
			},
		],
	])('sends %s', async (_name, parameters, item, senderId, payload) => {
		const run = await send(parameters, [item]);
		expect(nodeError(run, 'Send')).toBeUndefined();
		expect(outputOf(run, 'Send')[0]).toEqual([
			{ ok: true, channel: expect.any(String), recipientId: expect.any(String), messageId: expect.any(String) },
		]);
		expect(graph.sentMessages).toHaveLength(1);
		expect(graph.sentMessages[0].senderId).toBe(senderId);
		expect(graph.sentMessages[0].body).toMatchObject(payload);
	});

	it('says clearly that a free-form reply is no longer allowed after 24 hours, and sends nothing', async () => {
		const run = await send(
			{ operation: 'sendLinkButton', bodyText: 'Pay here', buttonText: 'Pay now', url: CHECKOUT_URL },
			[{ ...whatsappItem, timestamp: String(nowSeconds() - 25 * 3600) }],
		);
		const error = nodeError(run, 'Send');
		expect(error?.message).toMatch(
			/More than 24 hours have passed since the customer's last message, so a free-form reply is no longer allowed/,
		);
		expect(error?.description).toMatch(/Send Template/);
		expect(graph.requests).toHaveLength(0);
	});

	it("turns Meta's re-engagement error 131047 into the same clear message, without retrying", async () => {
		graph.failNext({ status: 400, error: { code: 131047, message: 'Re-engagement message' } });
		const run = await send({ operation: 'sendText', text: 'Hi again', lastMessageAt: '' }, [whatsappItem]);
		const error = nodeError(run, 'Send');
		expect(error?.message).toMatch(/free-form reply is no longer allowed.*131047/);
		expect(error?.description).toMatch(/Send Template/);
		expect(graph.requests).toHaveLength(1);
	});

	it('retries 429 and 500 answers (honouring Retry-After) and then sends once', async () => {
		graph.failNext(
			{ status: 429, retryAfter: 0, error: { code: 130429, message: 'Rate limit hit' } },
			{ status: 500, retryAfter: 0 },
		);
		const run = await send({ operation: 'sendText', text: 'Hello' }, [whatsappItem]);
		expect(nodeError(run, 'Send')).toBeUndefined();
		expect(graph.requests.map((request) => request.status)).toEqual([429, 500, 200]);
		expect(graph.sentMessages).toHaveLength(1);
	});

	it('gives up after the last retry with a hint', async () => {
		graph.failNext(...Array.from({ length: 4 }, () => ({ status: 503, retryAfter: 0 })));
		const run = await send({ operation: 'sendText', text: 'Hello' }, [whatsappItem]);
		expect(nodeError(run, 'Send')?.message).toMatch(/Meta had a problem on its side \(HTTP 503\)/);
		expect(graph.requests).toHaveLength(4);
	});

	it('explains an invalid token without echoing it', async () => {
		const run = await send({ operation: 'sendText', text: 'Hello' }, [whatsappItem], {
			credentials: { accessToken: 'EAAG-wrong-token' },
		});
		const error = nodeError(run, 'Send');
		expect(error?.message).toMatch(/did not accept the access token \(error 190\)/);
		expect(JSON.stringify(error)).not.toContain('EAAG-wrong-token');
	});

	it.each([
		[
			'four reply buttons',
			{
				operation: 'sendReplyButtons',
				bodyText: 'Pick',
				buttons: { button: [{ title: 'A' }, { title: 'B' }, { title: 'C' }, { title: 'D' }] },
			},
			whatsappItem,
			/at most 3/,
			/Buttons/,
		],
		[
			'a 21-character button title',
			{ operation: 'sendReplyButtons', bodyText: 'Pick', buttons: { button: [{ title: 'Pay with card or bank' }] } },
			whatsappItem,
			/at most 20/,
			/Buttons/,
		],
		[
			'an http checkout link',
			{
				operation: 'sendLinkButton',
				bodyText: 'Pay',
				buttonText: 'Pay now',
				url: 'http://checkout.stripe.com/c/pay/cs_1',
			},
			whatsappItem,
			/https/,
			/Link/,
		],
		[
			'a template on Instagram',
			{ operation: 'sendTemplate', templateName: 'payment_reminder', languageCode: 'en_US' },
			instagramItem,
			/Instagram has no message templates/,
			/Operation/,
		],
		[
			'an item that names no channel',
			{ operation: 'sendText', text: 'Hi' },
			{ senderId: CUSTOMER },
			/does not say whether it came from WhatsApp or Instagram/,
			/set Channel/,
		],
		[
			'no phone number ID in the credential',
			{ operation: 'sendText', text: 'Hi' },
			whatsappItem,
			/no valid Phone Number ID/,
			/API Setup/,
		],
	])('refuses %s before calling Meta', async (name, parameters, item, message, hint) => {
		const run = await send(
			parameters,
			[item],
			name.includes('credential') ? { credentials: { phoneNumberId: '' } } : {},
		);
		const error = nodeError(run, 'Send');
		expect(error?.message).toMatch(message);
		expect(error?.description).toMatch(hint);
		expect(graph.requests).toHaveLength(0);
	});

	it('sends Instagram replies as the linked Facebook Page when the credential names one', async () => {
		const run = await send({ operation: 'sendText', text: 'Thanks!' }, [instagramItem], {
			credentials: { facebookPageId: FACEBOOK_PAGE_ID },
		});
		expect(nodeError(run, 'Send')).toBeUndefined();
		expect(graph.sentMessages.map((request) => request.path)).toEqual([`/v25.0/${FACEBOOK_PAGE_ID}/messages`]);
	});

	it('with Continue On Fail, reports the failing item and sends the others, each paired with its input', async () => {
		const run = await send(
			{ operation: 'sendText', text: 'Hi' },
			[whatsappItem, { senderId: CUSTOMER }, instagramItem],
			{ continueOnFail: true },
		);
		const task = run.data.resultData.runData['Send'][0];
		const output = task.data!.main[0]!;
		expect(output.map((item) => item.json.ok)).toEqual([true, false, true]);
		expect(output[1].json.hint).toMatch(/set Channel/);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(graph.sentMessages.map((request) => request.senderId)).toEqual([PHONE_NUMBER_ID, INSTAGRAM_ACCOUNT_ID]);
	});
});

describe('Meta Messaging: Skip Repeated Messages', () => {
	const skip = { operation: 'skipRepeated', dedupKey: '={{ $json.dedupKey }}', rememberDays: 7 };
	const passed = (run: Awaited<ReturnType<typeof send>>) => run.data.resultData.runData['Send'][0].data!.main[0]!;

	it('lets exactly one of ten deliveries of one message through when they arrive at once', async () => {
		const workflowId = nextWorkflowId();
		const runs = await Promise.all(
			Array.from({ length: 10 }, () => send(skip, [{ dedupKey: 'whatsapp:wamid.SAME' }], { workflowId })),
		);
		expect(runs.map((run) => passed(run).length).reduce((sum, count) => sum + count, 0)).toBe(1);
	});

	it('lets the first of repeated keys in one run through, and remembers it for the next run', async () => {
		const workflowId = nextWorkflowId();
		const first = await send(skip, [{ dedupKey: 'a' }, { dedupKey: 'b' }, { dedupKey: 'a' }], { workflowId });
		const second = await send(skip, [{ dedupKey: 'b' }, { dedupKey: 'c' }], { workflowId });
		expect(passed(first).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(passed(second).map((item) => item.json.dedupKey)).toEqual(['c']);
	});

	it('refuses items without a key, with a hint to place it after the trigger', async () => {
		const run = await send({ operation: 'skipRepeated', dedupKey: '={{ $json.dedupKey }}', rememberDays: 7 }, [
			{ text: 'no key' },
		]);
		const error = nodeError(run, 'Send');
		expect(error?.message).toMatch(/no message key/);
		expect(error?.description).toMatch(/right after the Meta Messaging Trigger/);
	});

	it('with Continue On Fail, passes an item without a key on as the error item, paired with its input', async () => {
		const run = await send(skip, [{ text: 'no key' }, { dedupKey: `k-${nextWorkflowId()}` }], {
			continueOnFail: true,
			workflowId: nextWorkflowId(),
		});
		expect(passed(run)).toEqual([
			{
				json: { ok: false, error: 'This item has no message key.', hint: expect.stringMatching(/Meta Messaging Trigger/) },
				pairedItem: { item: 0 },
			},
			expect.objectContaining({ pairedItem: { item: 1 } }),
		]);
	});
});
