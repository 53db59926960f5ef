/**
 * Shared pieces of the end-to-end tests that run the workflow templates in a real n8n: the two credentials as an
 * admin would create them (pointing at the local fake Stripe and fake Slack), copies of `workflows/*.json` with
 * fixed ids, the Slack channels the templates name, and requests signed exactly the way Stripe and Slack sign them.
 */
import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import Stripe from 'stripe';

import type { FakeChannel, FakeMessage, FakeSlack } from '../support/fakeSlack';
import type { FakeStripe } from '../support/fakeStripe';
import type { ImportedCredential, N8nExecution, RealN8n, WorkflowJson } from '../support/realN8n';

const WORKFLOWS_DIR = path.resolve(__dirname, '../../workflows');

/** The credential names the templates carry (workflows/README.md, step 3): n8n links credentials of that name on import. */
export const STRIPE_CREDENTIAL = {
	id: 'sccE2eStripeCred',
	name: 'Stripe (Chat Channel)',
	type: 'stripeChatChannelApi',
};
export const SLACK_CREDENTIAL = {
	id: 'sccE2eSlackCreds',
	name: 'Slack (Stripe Chat Channel)',
	type: 'stripeChatSlackApi',
};

export const SLACK_BOT_TOKEN = 'xoxb-e2e-templates-token';

/** n8n's own Redis credential, pointing at the machine's Redis, for the Redis state store in queue mode. */
export const REDIS_STATE_CREDENTIAL: ImportedCredential = {
	id: 'sccE2eRedisState',
	name: 'Redis (state)',
	type: 'redis',
	data: { host: '127.0.0.1', port: 6379, database: 0, password: '' },
};

/** The node types that keep state (Payment Alert, Stripe Chat Slack, Meta Messaging's Skip Repeated Messages). */
const STATEFUL_NODE_TYPES = ['.paymentAlert', '.stripeChatSlack', '.metaMessaging', '.stripeWebhookHealth'];

/**
 * What an admin does for queue mode (README, "Scale"): State Store = Redis with n8n's Redis credential in every
 * node that keeps state. Returns the workflow for chaining.
 */
export function useRedisStateStore<T extends { nodes: TemplateNode[] }>(workflow: T): T {
	for (const node of workflow.nodes) {
		if (!STATEFUL_NODE_TYPES.some((type) => node.type.endsWith(type))) continue;
		node.parameters.stateStore = 'redis';
		node.credentials = {
			...node.credentials,
			redis: { id: REDIS_STATE_CREDENTIAL.id, name: REDIS_STATE_CREDENTIAL.name },
		};
	}
	return workflow;
}

/** Every channel a template names, as the Slack workspace of an admin would have them. */
export const CHANNELS: FakeChannel[] = [
	{ id: 'C0PAYMENTS', name: 'payments' },
	{ id: 'C0PAYTEST0', name: 'payments-test' },
	{ id: 'C0CRITICAL', name: 'payments-critical' },
	{ id: 'C0DISPUTES', name: 'disputes' },
	{ id: 'C0BILLING0', name: 'billing' },
];

export const channelId = (name: string): string => {
	const channel = CHANNELS.find((candidate) => candidate.name === name.replace(/^#/, ''));
	if (!channel) throw new Error(`No channel named ${name}`);
	return channel.id;
};

/** Secrets made fresh for every test run, as an admin would paste them into the credentials. */
export interface RunSecrets {
	stripeSecretKey: string;
	/** The credential's "Webhook Signing Secrets" line (`whsec_…`). */
	credentialSigningSecret: string;
	slackSigningSecret: string;
	buttonSigningSecret: string;
}

export function freshSecrets(): RunSecrets {
	return {
		stripeSecretKey: `sk_test_${randomBytes(16).toString('hex')}`,
		credentialSigningSecret: `whsec_${randomBytes(24).toString('hex')}`,
		slackSigningSecret: randomBytes(16).toString('hex'),
		buttonSigningSecret: randomBytes(24).toString('hex'),
	};
}

/** The two credentials, in the format of `n8n import:credentials`. */
export function credentialsFor(secrets: RunSecrets, stripe: FakeStripe, slack: FakeSlack): ImportedCredential[] {
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
			...SLACK_CREDENTIAL,
			data: {
				botToken: SLACK_BOT_TOKEN,
				signingSecret: secrets.slackSigningSecret,
				buttonSigningSecret: secrets.buttonSigningSecret,
				apiBaseUrl: slack.apiUrl,
			},
		},
	];
}

export interface TemplateNode {
	name: string;
	type: string;
	typeVersion: number;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: string; name: string }>;
}

/** A template as shipped, with `id` set so the test knows it (n8n keeps the id of an imported workflow). */
export function loadTemplate(file: string, id: string): WorkflowJson & { nodes: TemplateNode[] } {
	const workflow = JSON.parse(fs.readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as WorkflowJson & {
		nodes: TemplateNode[];
	};
	return { ...workflow, id };
}

export function nodeNamed(workflow: { nodes: TemplateNode[] }, name: string): TemplateNode {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`The template has no node "${name}"`);
	return node;
}

/** `/webhook/<webhookId>/<path>` of a template's trigger, as its Production URL shows it. */
export function webhookPathOf(workflow: { nodes: TemplateNode[] }, triggerName: string, pathSuffix: string): string {
	const { webhookId } = nodeNamed(workflow, triggerName);
	if (!webhookId) throw new Error(`Node "${triggerName}" has no webhookId`);
	return `${webhookId}/${pathSuffix}`;
}

/** A sample event from `workflows/sample-events/`, made fresh: new event id, `created` now, fields overridden. */
export function sampleEvent(
	type: 'invoice.payment_failed' | 'invoice.paid',
	overrides: { eventId: string; object: Record<string, unknown> },
): Record<string, unknown> {
	const event = JSON.parse(
		fs.readFileSync(path.join(WORKFLOWS_DIR, 'sample-events', `${type}.json`), 'utf8'),
	) as Record<string, unknown> & { data: { object: Record<string, unknown> } };
	return {
		...event,
		id: overrides.eventId,
		created: Math.floor(Date.now() / 1000),
		data: { ...event.data, object: { ...event.data.object, ...overrides.object } },
	};
}

const stripeSdk = new Stripe('sk_test_signatureHelperOnly');

/** The exact bytes Stripe sends for an event (pretty-printed JSON, as Stripe's deliveries are). */
export function stripePayload(event: Record<string, unknown>): string {
	return JSON.stringify(event, null, 2);
}

/** A `Stripe-Signature` header for `payload`, made by the official SDK. */
export function stripeSignature(payload: string, secret: string, timestamp?: number): string {
	return stripeSdk.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

/** POSTs a body to a Stripe Event Trigger with Stripe's headers (`signature` omitted when undefined). */
export async function postToStripeTrigger(
	url: string,
	payload: string,
	signature: string | undefined,
): Promise<{ status: number; body: string }> {
	return await post(url, payload, {
		'content-type': 'application/json; charset=utf-8',
		'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
		...(signature === undefined ? {} : { 'stripe-signature': signature }),
	});
}

/** Delivers an event the way Stripe does: the exact JSON bytes, signed in `Stripe-Signature`. */
export async function deliverStripeEvent(
	url: string,
	event: Record<string, unknown>,
	secret: string,
): Promise<{ status: number; body: string }> {
	const payload = stripePayload(event);
	return await postToStripeTrigger(url, payload, stripeSignature(payload, secret));
}

/** Sends a form body signed the way Slack signs requests to an app (`v0` HMAC over `v0:<timestamp>:<body>`). */
export async function sendSlackForm(
	url: string,
	form: Record<string, string>,
	signingSecret: string,
): Promise<{ status: number; body: string }> {
	const body = new URLSearchParams(form).toString();
	const timestamp = String(Math.floor(Date.now() / 1000));
	const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
	return await post(url, body, {
		'content-type': 'application/x-www-form-urlencoded',
		'x-slack-request-timestamp': timestamp,
		'x-slack-signature': signature,
	});
}

async function post(
	url: string,
	body: string,
	headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
	const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
	return { status: response.status, body: await response.text() };
}

/** Sends a request and waits until n8n has finished the one execution it starts. */
export async function runOnce<T>(
	n8n: RealN8n,
	workflowId: string,
	send: () => Promise<T>,
): Promise<{ sent: T; execution: N8nExecution; executionCount: number }> {
	const before = (await n8n.listExecutions(workflowId)).length;
	const sent = await send();
	const executions = await n8n.waitForExecutions(workflowId, before + 1);
	return { sent, execution: executions[0], executionCount: executions.length };
}

/** Polls a condition on a fake server (which n8n reaches asynchronously), failing with `what` after the deadline. */
export async function waitUntil<T>(
	what: string,
	probe: () => T | undefined | Promise<T | undefined>,
	timeoutMs = 30_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * Resolves with the signing secret of the endpoint a published Stripe Event Trigger registered at the fake Stripe,
 * once n8n has also saved it in the workflow's static data, where the trigger's `webhook()` reads it. Only then is
 * a delivery signed by Stripe accepted. Publishing finishes after the API call returns in queue mode, where n8n
 * applies it from an outbox, and the webhook path is registered before the endpoint exists.
 */
export async function waitForStripeEndpoint(
	n8n: RealN8n,
	stripe: FakeStripe,
	workflowId: string,
	registeredUrl: string,
): Promise<string> {
	return await waitUntil(`the Stripe endpoint of workflow ${workflowId} for ${registeredUrl}`, async () => {
		const [endpoint] = stripe.endpointsFor(registeredUrl);
		if (!endpoint) return undefined;
		const { staticData } = await n8n.api<{ staticData?: unknown }>('GET', `/workflows/${workflowId}`);
		return JSON.stringify(staticData ?? null).includes(endpoint.secret) ? endpoint.secret : undefined;
	});
}

/** The execution's error message, if it failed, for readable assertions. */
export function executionError(execution: N8nExecution): string | undefined {
	const error = execution.data?.resultData?.error as { message?: string; description?: string } | undefined;
	if (execution.status === 'success') return undefined;
	return `${execution.status}: ${error?.message ?? 'no error message'}${error?.description ? ` (${error.description})` : ''}`;
}

/** Top-level messages and replies the bot posted into a channel that mention `text`. */
export function messagesMentioning(slack: FakeSlack, channel: string, text: string): FakeMessage[] {
	return slack.messages(channel).filter((message) => JSON.stringify([message.text, message.blocks]).includes(text));
}

interface ButtonElement {
	type: string;
	action_id: string;
	value?: string;
	text?: { text: string };
}

/** The buttons of a message, from its `actions` blocks. */
export function buttonsOf(message: FakeMessage): ButtonElement[] {
	return (message.blocks ?? [])
		.filter((block) => (block as { type?: string }).type === 'actions')
		.flatMap((block) => (block as { elements?: ButtonElement[] }).elements ?? [])
		.filter((element) => element.type === 'button');
}

/** The tail of n8n's log, for failure messages. */
export function logTail(n8n: RealN8n | undefined, lines = 80): string {
	if (!n8n) return '(n8n did not start)';
	return n8n.logs().trimEnd().split('\n').slice(-lines).join('\n');
}

/** Wraps a test body so that a failure carries the tail of n8n's log. */
export function withN8nLog(getN8n: () => RealN8n | undefined, test: () => Promise<void>): () => Promise<void> {
	return async () => {
		try {
			await test();
		} catch (error: unknown) {
			if (error instanceof Error) error.message += `\n--- n8n log (last lines) ---\n${logTail(getN8n())}`;
			throw error;
		}
	};
}
