import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';

import { run } from '../../src/cli/main';
import { StripeEventTrigger } from '../../nodes/StripeEventTrigger/StripeEventTrigger.node';
import { deliverWebhook, outputOf } from '../support/n8nEngine';
import type { EngineWorkflow, WebhookRunResult } from '../support/n8nEngine';

/**
 * The CLI's `send-event` is how users test workflows offline, so what it sends must pass the Stripe Event
 * Trigger's verification exactly like a real Stripe delivery: a local server hands each request, byte for byte,
 * to the trigger's real webhook() and answers with the trigger's status.
 */
const signingSecret = `whsec_${randomBytes(24).toString('base64url')}`;

const workflow: EngineWorkflow = {
	nodes: [
		{
			id: 'trigger',
			name: 'Stripe Event Trigger',
			type: 'stripeEventTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'stripe-events',
			parameters: { endpointMode: 'manual', events: ['*'] },
			credentials: { stripeChatChannelApi: { id: 'cred', name: 'Stripe' } },
		},
	],
	connections: {},
	nodeTypes: { stripeEventTrigger: new StripeEventTrigger() },
	credentials: {
		stripeChatChannelApi: { secretKey: 'sk_test_cli_cross_check', signingSecrets: signingSecret, baseUrl: 'https://api.stripe.com' },
	},
};

const event = {
	id: 'evt_1CliSendEvent',
	object: 'event',
	api_version: '2026-01-28.clover',
	created: Math.floor(Date.now() / 1000),
	livemode: false,
	type: 'charge.dispute.created',
	data: { object: { id: 'du_1Cli', object: 'dispute', amount: 5000, currency: 'jpy', reason: 'fraudulent', status: 'needs_response' } },
};

let server: http.Server;
let url: string;
const results: WebhookRunResult[] = [];

beforeAll(async () => {
	server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, String(value)]));
			void deliverWebhook(workflow, 'Stripe Event Trigger', { headers, rawBody: Buffer.concat(chunks) }).then((result) => {
				results.push(result);
				response.statusCode = result.response.statusCode;
				response.end(typeof result.response.body === 'string' ? result.response.body : '');
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/stripe-events`;
});

afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

function io() {
	const out: string[] = [];
	const err: string[] = [];
	return {
		io: { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, stdin: new PassThrough(), env: {} },
		out,
		err,
	};
}

function eventFile(): string {
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'scc-send-')), 'event.json');
	writeFileSync(file, JSON.stringify(event, null, 2));
	return file;
}

describe('stripe-chat-channel send-event → Stripe Event Trigger', () => {
	it('delivers an event that the trigger verifies and turns into workflow data', async () => {
		const cli = io();
		const code = await run(['send-event', eventFile(), '--url', url, '--secret', signingSecret], cli.io);
		expect(cli.err.join('')).toBe('');
		expect(code).toBe(0);
		const result = results.at(-1)!;
		expect(result.response.statusCode).toBe(200);
		const [items] = outputOf(result.run!, 'Stripe Event Trigger');
		expect(items[0]).toMatchObject({ id: 'evt_1CliSendEvent', type: 'charge.dispute.created', objectId: 'du_1Cli' });
	});

	it('is refused by the trigger when signed with another secret, and the CLI exits non-zero', async () => {
		const cli = io();
		const other = `whsec_${randomBytes(24).toString('base64url')}`;
		const code = await run(['send-event', eventFile(), '--url', url, '--secret', other], cli.io);
		expect(code).toBe(1);
		const result = results.at(-1)!;
		expect(result.response.statusCode).toBe(401);
		expect(result.run).toBeUndefined();
		expect(cli.out.join('') + cli.err.join('')).not.toContain(other);
	});
});
