import { randomBytes } from 'node:crypto';
import type { IDataObject, IHookFunctions, INode, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { StripeEventTrigger } from '../../../nodes/StripeEventTrigger/StripeEventTrigger.node';
import { ENDPOINT_MANAGER, type EndpointRecord } from '../../../src/stripe/webhookEndpoints';
import { FakeStripe, MAX_WEBHOOK_ENDPOINTS } from '../../support/fakeStripe';
import { invoicePaymentFailed, JSON_HEADERS, newSigningSecret, sign } from './support';

/** A test-mode key made up per run; the fake Stripe API accepts any well-formed key. */
const TEST_KEY = `sk_test_${randomBytes(12).toString('hex')}`;
const WEBHOOK_URL = 'https://n8n.example.com/webhook/6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f/stripe';
const TEST_URL = 'https://n8n.example.com/webhook-test/6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f/stripe';
const node: INode = {
	id: 'node-1',
	name: 'Stripe Event Trigger',
	type: 'n8n-nodes-stripe-chat-channel.stripeEventTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

interface Logged {
	level: string;
	message: string;
}

function recordingLogger(logs: Logged[]) {
	const entry = (level: string) => (message: string) => logs.push({ level, message });
	return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
}

function parameterReader(parameters: IDataObject) {
	return (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback);
}

describe('Stripe Event Trigger node', () => {
	const fake = new FakeStripe();
	const trigger = new StripeEventTrigger();
	let logs: Logged[];

	beforeAll(async () => await fake.start());
	afterAll(async () => await fake.stop());
	beforeEach(() => {
		fake.state.webhookEndpoints.clear();
		fake.requests.length = 0;
		logs = [];
	});

	function credentials(override: IDataObject = {}): IDataObject {
		return {
			secretKey: TEST_KEY,
			signingSecrets: '',
			apiVersion: '',
			stripeAccount: '',
			baseUrl: fake.baseUrl,
			...override,
		};
	}

	function hookContext(options: {
		parameters?: IDataObject;
		staticData: IDataObject;
		credentials?: IDataObject;
		url?: string;
	}): IHookFunctions {
		const parameters = {
			endpointMode: 'automatic',
			events: ['invoice.*', 'charge.dispute.created'],
			connect: false,
			...options.parameters,
		};
		return {
			getNodeParameter: parameterReader(parameters),
			getCredentials: async () => options.credentials ?? credentials(),
			getWorkflowStaticData: () => options.staticData,
			getNodeWebhookUrl: () => options.url ?? WEBHOOK_URL,
			getNode: () => node,
			getWorkflow: () => ({ id: 'wf_42', name: 'Payment alerts', active: true }),
			logger: recordingLogger(logs),
		} as unknown as IHookFunctions;
	}

	/** What n8n does on activation: create only when checkExists says there is nothing. */
	async function activate(context: IHookFunctions): Promise<void> {
		if (!(await trigger.webhookMethods.default.checkExists.call(context))) {
			await trigger.webhookMethods.default.create.call(context);
		}
	}

	function recordOf(staticData: IDataObject, url = WEBHOOK_URL): EndpointRecord {
		return (staticData.endpoints as Record<string, EndpointRecord>)[url];
	}

	describe('endpoint lifecycle against a fake Stripe API driven by the stripe client', () => {
		it('creates one endpoint with the expanded events, marks it as ours and keeps its secret', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData, credentials: credentials({ apiVersion: '2025-03-31.basil' }) }));

			const [stored] = fake.endpointsFor(WEBHOOK_URL);
			expect(fake.state.webhookEndpoints.size).toBe(1);
			expect(stored.endpoint.enabled_events).toContain('invoice.payment_failed');
			expect(stored.endpoint.enabled_events).toContain('charge.dispute.created');
			expect(stored.endpoint.enabled_events.some((event) => event.includes('*'))).toBe(false);
			expect(stored.endpoint.api_version).toBe('2025-03-31.basil');
			expect(stored.endpoint.metadata).toMatchObject({
				managed_by: ENDPOINT_MANAGER,
				connect: 'false',
				n8n_workflow_id: 'wf_42',
			});
			expect(stored.endpoint.description).toContain('Payment alerts');
			expect(stored.connect).toBe(false);
			expect(recordOf(staticData)).toMatchObject({ id: stored.endpoint.id, secret: stored.secret, owned: true });
		});

		it('leaves exactly one endpoint when the same URL is activated twice', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			await activate(hookContext({ staticData }));
			expect(fake.endpointsFor(WEBHOOK_URL)).toHaveLength(1);
			expect(fake.requestsTo('POST', '/v1/webhook_endpoints')).toHaveLength(1);
		});

		it('leaves exactly one endpoint when the second activation has lost its static data', async () => {
			await activate(hookContext({ staticData: {} }));
			const fresh: IDataObject = {};
			await activate(hookContext({ staticData: fresh }));
			const endpoints = fake.endpointsFor(WEBHOOK_URL);
			expect(endpoints).toHaveLength(1);
			// The old endpoint's secret was unknown here, so ours was replaced and the new secret kept.
			expect(recordOf(fresh)).toMatchObject({ id: endpoints[0].endpoint.id, secret: endpoints[0].secret });
		});

		it('re-creates the endpoint when it was deleted in Stripe (checkExists answers false)', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			const firstId = recordOf(staticData).id;
			fake.state.webhookEndpoints.delete(firstId);

			expect(await trigger.webhookMethods.default.checkExists.call(hookContext({ staticData }))).toBe(false);
			await trigger.webhookMethods.default.create.call(hookContext({ staticData }));
			const [stored] = fake.endpointsFor(WEBHOOK_URL);
			expect(stored.endpoint.id).not.toBe(firstId);
			expect(recordOf(staticData)).toMatchObject({ id: stored.endpoint.id, secret: stored.secret });
		});

		it('follows a change of the event list by updating the same endpoint', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			const id = recordOf(staticData).id;
			await activate(hookContext({ staticData, parameters: { events: ['customer.subscription.deleted'] } }));

			expect(fake.endpointsFor(WEBHOOK_URL)).toHaveLength(1);
			expect(fake.state.webhookEndpoints.get(id)?.endpoint.enabled_events).toEqual(['customer.subscription.deleted']);
			expect(fake.requestsTo('POST', `/v1/webhook_endpoints/${id}`)).toHaveLength(1);
			expect(recordOf(staticData).enabledEvents).toEqual(['customer.subscription.deleted']);
		});

		it('replaces the endpoint when "Events From Connected Accounts" changes (Stripe cannot update it)', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			await activate(hookContext({ staticData, parameters: { connect: true } }));
			const endpoints = fake.endpointsFor(WEBHOOK_URL);
			expect(endpoints).toHaveLength(1);
			expect(endpoints[0].connect).toBe(true);
			expect(recordOf(staticData)).toMatchObject({ connect: true, secret: endpoints[0].secret });
		});

		it('re-enables an endpoint Stripe disabled after failed deliveries', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			const stored = fake.endpointsFor(WEBHOOK_URL)[0];
			stored.endpoint.status = 'disabled';
			await activate(hookContext({ staticData }));
			expect(stored.endpoint.status).toBe('enabled');
			expect(fake.endpointsFor(WEBHOOK_URL)).toHaveLength(1);
		});

		it('keeps test-run and production endpoints apart', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			await activate(hookContext({ staticData, url: TEST_URL }));
			await trigger.webhookMethods.default.delete.call(hookContext({ staticData, url: TEST_URL }));
			expect(fake.endpointsFor(TEST_URL)).toHaveLength(0);
			expect(fake.endpointsFor(WEBHOOK_URL)).toHaveLength(1);
			expect(recordOf(staticData)).toBeDefined();
		});

		it('deletes its endpoint on deactivation and forgets it', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			expect(await trigger.webhookMethods.default.delete.call(hookContext({ staticData }))).toBe(true);
			expect(fake.state.webhookEndpoints.size).toBe(0);
			expect(recordOf(staticData)).toBeUndefined();
		});

		it('treats an endpoint already deleted in Stripe as deleted', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			fake.state.webhookEndpoints.clear();
			expect(await trigger.webhookMethods.default.delete.call(hookContext({ staticData }))).toBe(true);
			expect(recordOf(staticData)).toBeUndefined();
			expect(logs.some((log) => log.level === 'info' && log.message.includes('already gone'))).toBe(true);
		});

		it('logs and reports a failed deletion, and keeps the record for the next attempt', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			fake.failNext(10, 500);
			await expect(trigger.webhookMethods.default.delete.call(hookContext({ staticData }))).rejects.toBeInstanceOf(
				NodeApiError,
			);
			expect(logs.some((log) => log.level === 'error' && log.message.includes('deleting webhook endpoint'))).toBe(true);
			expect(recordOf(staticData)).toBeDefined();
			fake.failNext(0, 500);
		});

		it('retries a 500 on creation with the same Idempotency-Key and still creates one endpoint', async () => {
			fake.failNext(1, 500, { only: { method: 'POST', path: '/v1/webhook_endpoints' } });
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			const creates = fake.requestsTo('POST', '/v1/webhook_endpoints');
			expect(creates.map((request) => request.status)).toEqual([500, 200]);
			expect(creates[0].headers['idempotency-key']).toBe(creates[1].headers['idempotency-key']);
			expect(fake.endpointsFor(WEBHOOK_URL)).toHaveLength(1);
		});

		it('explains the 16-endpoint cap instead of failing obscurely', async () => {
			for (let index = 0; index < MAX_WEBHOOK_ENDPOINTS; index += 1)
				fake.addEndpoint({ url: `https://other.example.com/${index}` });
			const error = await trigger.webhookMethods.default.create
				.call(hookContext({ staticData: {} }))
				.catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(NodeApiError);
			expect((error as NodeApiError).description).toContain('16 webhook endpoints');
		});

		it('refuses to take over a foreign endpoint for the URL when no signing secret is known', async () => {
			const foreign = fake.addEndpoint({ url: WEBHOOK_URL });
			const error = await trigger.webhookMethods.default.create
				.call(hookContext({ staticData: {} }))
				.catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as NodeOperationError).description).toContain(foreign.endpoint.id);
			expect(fake.endpointsFor(WEBHOOK_URL)).toHaveLength(1);
		});

		it('reuses a foreign endpoint when the credential has its secret, and never deletes it', async () => {
			const foreign = fake.addEndpoint({ url: WEBHOOK_URL });
			const staticData: IDataObject = {};
			const withSecret = credentials({ signingSecrets: foreign.secret });
			await activate(hookContext({ staticData, credentials: withSecret }));
			expect(fake.endpointsFor(WEBHOOK_URL)).toHaveLength(1);
			expect(foreign.endpoint.enabled_events).toContain('invoice.paid');
			await trigger.webhookMethods.default.delete.call(hookContext({ staticData, credentials: withSecret }));
			expect(fake.endpointsFor(WEBHOOK_URL)).toHaveLength(1);
		});

		it('does not touch Stripe in manual mode', async () => {
			const context = hookContext({ staticData: {}, parameters: { endpointMode: 'manual' } });
			await activate(context);
			await trigger.webhookMethods.default.delete.call(context);
			expect(fake.requests).toHaveLength(0);
		});

		it('names the credential field to fix when the secret key is malformed', async () => {
			const context = hookContext({ staticData: {}, credentials: credentials({ secretKey: 'pk_test_publishable' }) });
			await expect(activate(context)).rejects.toThrow(/sk_test_, sk_live_, rk_test_ or rk_live_/);
			expect(fake.requests).toHaveLength(0);
		});
	});

	describe('webhook()', () => {
		interface Reply {
			statusCode?: number;
			body?: unknown;
		}

		function webhookContext(options: {
			body: string;
			headers: Record<string, string>;
			staticData: IDataObject;
			credentials?: IDataObject;
			parameters?: IDataObject;
			reply: Reply;
		}): IWebhookFunctions {
			const parameters = { events: ['invoice.*'], ...options.parameters };
			const response = {
				status(code: number) {
					options.reply.statusCode = code;
					return response;
				},
				json(body: unknown) {
					options.reply.body = body;
					return response;
				},
			};
			return {
				getNodeParameter: parameterReader(parameters),
				getCredentials: async () => options.credentials ?? credentials(),
				getWorkflowStaticData: () => options.staticData,
				getRequestObject: () => ({ rawBody: Buffer.from(options.body, 'utf8'), headers: options.headers }),
				getResponseObject: () => response,
				getHeaderData: () => options.headers,
				getNode: () => node,
				logger: recordingLogger(logs),
			} as unknown as IWebhookFunctions;
		}

		const body = JSON.stringify({ ...invoicePaymentFailed, created: Math.floor(Date.now() / 1000) });
		const signedHeaders = (secret: string) => ({
			...JSON_HEADERS,
			'stripe-signature': sign(body, secret, Math.floor(Date.now() / 1000)),
		});

		it('accepts an event signed with the secret Stripe returned when the endpoint was created', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			const endpointSecret = fake.endpointsFor(WEBHOOK_URL)[0].secret;
			const reply: Reply = {};
			const result = await trigger.webhook.call(
				webhookContext({ body, headers: signedHeaders(endpointSecret), staticData, reply }),
			);
			expect(result.workflowData?.[0]).toHaveLength(1);
			expect(result.workflowData?.[0][0].json).toMatchObject({ id: invoicePaymentFailed.id, objectType: 'invoice' });
			expect(reply.statusCode).toBeUndefined();
		});

		it('accepts an event signed with a credential secret when static data holds none', async () => {
			const secret = newSigningSecret();
			const reply: Reply = {};
			const result = await trigger.webhook.call(
				webhookContext({
					body,
					headers: signedHeaders(secret),
					staticData: {},
					credentials: credentials({ signingSecrets: `${newSigningSecret()}\n${secret}` }),
					reply,
				}),
			);
			expect(result.workflowData?.[0][0].json.id).toBe(invoicePaymentFailed.id);
		});

		it('answers 401 itself, starts nothing and logs an error when no secret is known', async () => {
			const reply: Reply = {};
			const result = await trigger.webhook.call(
				webhookContext({ body, headers: signedHeaders(newSigningSecret()), staticData: {}, reply }),
			);
			expect(result).toEqual({ noWebhookResponse: true });
			expect(reply).toEqual({ statusCode: 401, body: { received: false, error: 'no_secret' } });
			expect(logs.some((log) => log.level === 'error' && log.message.includes('no_secret'))).toBe(true);
		});

		it('answers 401 for a forged request and 400 for an unsigned one', async () => {
			const credentialWithSecret = credentials({ signingSecrets: newSigningSecret() });
			const forged: Reply = {};
			await trigger.webhook.call(
				webhookContext({
					body,
					headers: signedHeaders(newSigningSecret()),
					staticData: {},
					credentials: credentialWithSecret,
					reply: forged,
				}),
			);
			expect(forged).toEqual({ statusCode: 401, body: { received: false, error: 'no_match' } });
			const unsigned: Reply = {};
			const result = await trigger.webhook.call(
				webhookContext({
					body,
					headers: { ...JSON_HEADERS },
					staticData: {},
					credentials: credentialWithSecret,
					reply: unsigned,
				}),
			);
			expect(result.workflowData).toBeUndefined();
			expect(unsigned).toEqual({ statusCode: 400, body: { received: false, error: 'missing_header' } });
		});

		it('answers 200 without starting the workflow for events that are filtered out', async () => {
			const secret = newSigningSecret();
			const reply: Reply = {};
			const result = await trigger.webhook.call(
				webhookContext({
					body,
					headers: signedHeaders(secret),
					staticData: {},
					credentials: credentials({ signingSecrets: secret }),
					parameters: { events: ['charge.dispute.*'] },
					reply,
				}),
			);
			expect(result).toEqual({ webhookResponse: { received: true, ignored: 'event_type_not_selected' } });
			expect(reply.statusCode).toBeUndefined();
		});

		it('keeps no state per event: duplicates pass and static data stays as it was', async () => {
			const staticData: IDataObject = {};
			await activate(hookContext({ staticData }));
			const before = JSON.stringify(staticData);
			const endpointSecret = fake.endpointsFor(WEBHOOK_URL)[0].secret;
			for (let delivery = 0; delivery < 3; delivery += 1) {
				const result = await trigger.webhook.call(
					webhookContext({ body, headers: signedHeaders(endpointSecret), staticData, reply: {} }),
				);
				expect(result.workflowData?.[0][0].json.id).toBe(invoicePaymentFailed.id);
			}
			expect(JSON.stringify(staticData)).toBe(before);
		});
	});

	describe('description', () => {
		it('lets n8n read the response mode from the parameter and answer with no body', () => {
			const [webhook] = trigger.description.webhooks ?? [];
			expect(webhook).toMatchObject({
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{$parameter["responseMode"]}}',
				responseData: 'noData',
			});
			expect(webhook.isFullPath).toBeUndefined();
		});

		it('offers every event type, the group wildcards and *', () => {
			const events = trigger.description.properties.find((property) => property.name === 'events');
			const values = (events?.options ?? []).map((option) => ('value' in option ? option.value : undefined));
			expect(values[0]).toBe('*');
			expect(values).toContain('invoice.*');
			expect(values).toContain('charge.dispute.*');
			expect(values).toContain('invoice.payment_failed');
			expect(values.length).toBeGreaterThan(265);
		});

		it('has a hint on every parameter', () => {
			const missing: string[] = [];
			const visit = (
				properties: Array<{
					name: string;
					type?: string;
					description?: string;
					options?: unknown[];
					values?: unknown[];
				}>,
			) => {
				for (const property of properties) {
					if (property.type !== 'notice' && !property.description && property.values === undefined)
						missing.push(property.name);
					if (property.type === 'collection' || property.type === 'fixedCollection')
						visit((property.options ?? []) as typeof properties);
					if (property.values) visit(property.values as typeof properties);
				}
			};
			visit(trigger.description.properties as Parameters<typeof visit>[0]);
			expect(missing).toEqual([]);
		});
	});
});
