import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import Stripe from 'stripe';

import { run } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/main';
import { renderFormats } from '../../src/cli/render';
import { verifyActionValue } from '../../src/core/signedValue';

const stripe = new Stripe('sk_test_cli_tests');
const SECRET = 'whsec_cli_test_0123456789abcdef';
const ACTION_SECRET = 'button-signing-secret-for-cli-tests';
const CUSTOMER_EMAIL = 'jane.doe@example.com';

interface Captured {
	code: number;
	stdout: string;
	stderr: string;
}

async function runCli(
	argv: string[],
	options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<Captured> {
	let stdout = '';
	let stderr = '';
	const io: CliIo = {
		stdout: { write: (text: string) => (stdout += text) },
		stderr: { write: (text: string) => (stderr += text) },
		stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin, 'utf8')]),
		env: options.env ?? {},
	};
	const code = await run(argv, io);
	return { code, stdout, stderr };
}

/** A payment failure as Stripe sends it (API 2024-06-20), authored for these tests. */
const paymentFailedEvent = {
	id: 'evt_cli_payment_failed',
	object: 'event',
	api_version: '2024-06-20',
	created: 1_760_000_000,
	livemode: false,
	pending_webhooks: 1,
	request: { id: 'req_cli_1', idempotency_key: null },
	type: 'payment_intent.payment_failed',
	data: {
		object: {
			id: 'pi_cli_1',
			object: 'payment_intent',
			amount: 129_900,
			currency: 'jpy',
			customer: 'cus_cli_1',
			description: `Order for ${CUSTOMER_EMAIL}`,
			receipt_email: CUSTOMER_EMAIL,
			status: 'requires_payment_method',
			last_payment_error: {
				code: 'card_declined',
				decline_code: 'insufficient_funds',
				message: 'Your card has insufficient funds.',
			},
			livemode: false,
			created: 1_760_000_000,
		},
	},
};

let workDir: string;
let eventFile: string;
/** Pretty-printed with a trailing space and non-ASCII text, so a re-serialised body would not match the signature. */
let eventBytes: Buffer;

beforeAll(() => {
	workDir = mkdtempSync(path.join(tmpdir(), 'scc-cli-'));
	eventFile = path.join(workDir, 'payment_failed.json');
	const pretty = JSON.stringify(
		{
			...paymentFailedEvent,
			data: { object: { ...paymentFailedEvent.data.object, statement_descriptor: 'Zoë 東京' } },
		},
		null,
		2,
	);
	eventBytes = Buffer.from(`${pretty} \n`, 'utf8');
	writeFileSync(eventFile, eventBytes);
});

afterAll(() => {
	rmSync(workDir, { recursive: true, force: true });
});

function writeTemp(name: string, content: string): string {
	const file = path.join(workDir, name);
	writeFileSync(file, content);
	return file;
}

describe('help and version', () => {
	it.each([
		[['--help'], /Usage:\n {2}stripe-chat-channel render/],
		[['-h'], /Commands:/],
		[['render', '--help'], /Usage: stripe-chat-channel render \[options\] FILE\|-/],
		[['send-event', '--help'], /Usage: stripe-chat-channel send-event FILE --url URL/],
		[['send-event', '-h'], /STRIPE_WEBHOOK_SECRET/],
	])('%j prints help on stdout and exits 0', async (argv, expected) => {
		const result = await runCli(argv);
		expect(result).toMatchObject({ code: 0, stderr: '' });
		expect(result.stdout).toMatch(expected);
	});

	it('prints the package version', async () => {
		const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
			version: string;
		};
		expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
	});

	it('prints the overview on stderr and exits 2 without a command', async () => {
		const result = await runCli([]);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/Commands:/);
	});

	it('keeps the shebang as the first line of the entry point, so npm can link the bin', () => {
		const source = readFileSync(path.resolve(__dirname, '../../src/cli/main.ts'), 'utf8');
		expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
	});
});

describe('render', () => {
	it('prints the Slack payload as passed to chat.postMessage (text + blocks, no channel) by default', async () => {
		const result = await runCli(['render', eventFile]);
		expect(result).toMatchObject({ code: 0, stderr: '' });
		const payload = JSON.parse(result.stdout) as { text: string; blocks: Array<{ type: string }> };
		expect(Object.keys(payload).sort()).toEqual(['blocks', 'text']);
		expect(payload.text).toContain('¥129,900');
		expect(payload.blocks[0].type).toBe('header');
		expect(payload.blocks.some((block) => block.type === 'actions')).toBe(false);
	});

	it.each([['--format', 'text'], ['--format=text']])('prints plain text with %j', async (...flags) => {
		const result = await runCli(['render', ...flags, eventFile]);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^\[WARNING\] .+\n/);
		expect(result.stdout).toContain('¥129,900');
		expect(() => JSON.parse(result.stdout)).toThrow();
	});

	it('prints the message model as JSON', async () => {
		const result = await runCli(['render', '--format', 'model', eventFile]);
		expect(result.code).toBe(0);
		const message = JSON.parse(result.stdout) as Record<string, unknown>;
		expect(message).toMatchObject({
			eventId: 'evt_cli_payment_failed',
			eventType: 'payment_intent.payment_failed',
			category: 'paymentFailed',
			livemode: false,
			amount: { minor: 129_900, currency: 'jpy', text: '¥129,900' },
			redactionPolicy: 'standard',
			actions: [],
		});
	});

	it('reads the event from standard input for -', async () => {
		const result = await runCli(['render', '--format', 'model', '-'], { stdin: JSON.stringify(paymentFailedEvent) });
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({ eventId: 'evt_cli_payment_failed' });
	});

	it('uses the locale and time zone for amounts', async () => {
		const result = await runCli([
			'render',
			'--format',
			'model',
			'--locale',
			'de-DE',
			'--timezone',
			'Europe/Berlin',
			eventFile,
		]);
		expect(result.code).toBe(0);
		const message = JSON.parse(result.stdout) as { amount: { text: string } };
		expect(message.amount.text).toBe(
			new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'JPY' }).format(129_900),
		);
	});

	it.each([
		['standard', false],
		['strict', false],
		['off', true],
	])('with --redaction %s shows the full e-mail address: %s', async (policy, shown) => {
		for (const format of ['slack', 'text', 'model']) {
			const result = await runCli(['render', '--redaction', policy, '--format', format, eventFile]);
			expect(result.code).toBe(0);
			expect(result.stdout.includes(CUSTOMER_EMAIL)).toBe(shown);
		}
	});

	it.each([
		['--action-secret flag', ['--action-secret', ACTION_SECRET], {}],
		['STRIPE_CHAT_CHANNEL_ACTION_SECRET', [], { STRIPE_CHAT_CHANNEL_ACTION_SECRET: ACTION_SECRET }],
	])('includes signed buttons with the %s', async (_name, flags, env) => {
		const slack = await runCli(['render', ...flags, eventFile], { env });
		expect(slack.code).toBe(0);
		const payload = JSON.parse(slack.stdout) as {
			blocks: Array<{ type: string; elements?: Array<{ value?: string }> }>;
		};
		const buttons = payload.blocks.find((block) => block.type === 'actions')?.elements ?? [];
		expect(buttons.length).toBeGreaterThan(0);
		for (const button of buttons) {
			expect(verifyActionValue(button.value ?? '', { secret: ACTION_SECRET })).toMatchObject({ livemode: false });
		}
		expect(slack.stdout).not.toContain(ACTION_SECRET);
	});

	it.each([
		[
			'a file that is not JSON',
			() => ['render', writeTemp('broken.json', '{"id": ')],
			/broken\.json is not valid JSON/,
		],
		['an empty file', () => ['render', writeTemp('empty.json', '')], /empty\.json is empty/],
		['a JSON array', () => ['render', writeTemp('array.json', '[]')], /got an array/],
		[
			'a bare Stripe object',
			() => ['render', writeTemp('object.json', '{"id":"in_1","object":"invoice"}')],
			/"invoice" object/,
		],
		[
			'an event without data.object',
			() => ['render', writeTemp('nodata.json', '{"id":"evt_1","object":"event","type":"invoice.paid"}')],
			/data\.object/,
		],
		[
			'a missing file',
			() => ['render', path.join(workDir, 'missing.json')],
			/cannot read .*missing\.json: no such file$/,
		],
		['an unknown flag', () => ['render', '--colour', eventFile], /unknown option --colour \(see --help\)$/],
		[
			'an unknown format',
			() => ['render', '--format', 'html', eventFile],
			new RegExp(`--format must be one of ${renderFormats().join(', ')} \\(got "html"\\) \\(see --help\\)$`),
		],
		[
			'an unknown redaction policy',
			() => ['render', '--redaction', 'some', eventFile],
			/--redaction must be one of standard, strict, off/,
		],
		['a flag without its value', () => ['render', eventFile, '--format'], /option --format needs a value/],
		[
			'a bad locale',
			() => ['render', '--locale', 'not a locale', eventFile],
			/--locale "not a locale" is not a locale/,
		],
		[
			'a bad time zone',
			() => ['render', '--timezone', 'Mars/Olympus', eventFile],
			/--timezone "Mars\/Olympus" is not a time zone/,
		],
		['no file', () => ['render'], /render needs a FILE/],
		['two files', () => ['render', eventFile, eventFile], /render takes one FILE, got 2/],
		['an unknown command', () => ['renders', eventFile], /unknown command "renders"/],
	])('exits 2 with one line on stderr for %s', async (_name, argv, expected) => {
		const result = await runCli(argv());
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/^stripe-chat-channel: [^\n]+\n$/);
		expect(result.stderr.trimEnd()).toMatch(expected);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});
});

interface ReceivedRequest {
	method?: string;
	url?: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

describe('error lines', () => {
	it('drops control characters and scrubs what the line repeats from the input', async () => {
		const result = await runCli(['render', '/nonexistent/\u001b[2J jane@example.com.json']);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			'stripe-chat-channel: cannot read /nonexistent/[2J j***@example.com.json: no such file\n',
		);
	});
});

describe('send-event', () => {
	let server: Server;
	let baseUrl: string;
	let received: ReceivedRequest[];
	let answer: { status: number; body: string };

	beforeAll(async () => {
		server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				received.push({
					method: request.method,
					url: request.url,
					headers: request.headers,
					body: Buffer.concat(chunks),
				});
				response.writeHead(answer.status, { 'Content-Type': 'application/json' });
				response.end(answer.body);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	beforeEach(() => {
		received = [];
		answer = { status: 200, body: '{"received":true}' };
	});

	afterAll(async () => {
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	it('POSTs the file byte for byte with headers the Stripe SDK verifies', async () => {
		const result = await runCli(['send-event', eventFile, '--url', `${baseUrl}/webhook/stripe`, '--secret', SECRET]);
		expect(result).toMatchObject({ code: 0, stderr: '' });
		expect(result.stdout).toBe(
			`Sent payment_intent.payment_failed (evt_cli_payment_failed) to ${baseUrl}/webhook/stripe\nHTTP 200 OK\n{"received":true}\n`,
		);
		expect(received).toHaveLength(1);
		const [request] = received;
		expect(request).toMatchObject({ method: 'POST', url: '/webhook/stripe' });
		expect(request.body.equals(eventBytes)).toBe(true);
		expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(request.headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
		const event = stripe.webhooks.constructEvent(request.body, String(request.headers['stripe-signature']), SECRET);
		expect(event.id).toBe('evt_cli_payment_failed');
	});

	it('takes the secret from STRIPE_WEBHOOK_SECRET and never prints it', async () => {
		const result = await runCli(['send-event', eventFile, '--url', baseUrl], {
			env: { STRIPE_WEBHOOK_SECRET: SECRET },
		});
		expect(result.code).toBe(0);
		expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
		const [request] = received;
		expect(() =>
			stripe.webhooks.constructEvent(request.body, String(request.headers['stripe-signature']), SECRET),
		).not.toThrow();
	});

	it('signs with the given --timestamp exactly as the Stripe SDK would', async () => {
		const result = await runCli([
			'send-event',
			eventFile,
			'--url',
			baseUrl,
			'--secret',
			SECRET,
			'--timestamp',
			'1760000000',
		]);
		expect(result.code).toBe(0);
		const expected = stripe.webhooks.generateTestHeaderString({
			payload: eventBytes.toString('utf8'),
			secret: SECRET,
			timestamp: 1_760_000_000,
		});
		expect(received[0].headers['stripe-signature']).toBe(expected);
	});

	it.each([400, 404, 500])('exits 1 when the webhook answers %i', async (status) => {
		answer = { status, body: '{"error":"Stripe-Signature did not match"}' };
		const result = await runCli(['send-event', eventFile, '--url', baseUrl, '--secret', SECRET]);
		expect(result.code).toBe(1);
		expect(result.stdout).toContain(`HTTP ${status} `);
		expect(result.stdout).toContain('Stripe-Signature did not match');
		expect(result.stderr).toBe(`the webhook answered HTTP ${status}, not 2xx: Stripe would retry this delivery\n`);
	});

	it('strips terminal control sequences from the answer it prints', async () => {
		answer = { status: 200, body: '\u001b[31mred\u001b[0m\u0007 ok' };
		const result = await runCli(['send-event', eventFile, '--url', baseUrl, '--secret', SECRET]);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('[31mred[0m ok\n');
		expect(result.stdout).not.toContain('\u001b');
		expect(result.stdout).not.toContain('\u0007');
	});

	it('exits 1 when nothing listens at the URL', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const result = await runCli(['send-event', eventFile, '--url', `http://127.0.0.1:${port}/`, '--secret', SECRET]);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(new RegExp(`^could not reach http://127\\.0\\.0\\.1:${port}/: .*ECONNREFUSED`));
		expect(result.stderr).not.toContain(SECRET);
	});

	it.each([
		[
			'a file that is not a Stripe event',
			() => [
				'send-event',
				writeTemp('customer.json', '{"id":"cus_1","object":"customer"}'),
				'--url',
				baseUrl,
				'--secret',
				SECRET,
			],
			/customer\.json: Expected a Stripe event, got a "customer" object.*nothing was sent$/,
		],
		[
			'a file that is not JSON',
			() => ['send-event', writeTemp('text.txt', 'hello'), '--url', baseUrl, '--secret', SECRET],
			/text\.txt is not valid JSON/,
		],
		[
			'no secret',
			() => ['send-event', eventFile, '--url', baseUrl],
			/needs the endpoint's signing secret.*STRIPE_WEBHOOK_SECRET \(see --help\)$/,
		],
		['no URL', () => ['send-event', eventFile, '--secret', SECRET], /send-event needs --url/],
		[
			'a URL that is not http',
			() => ['send-event', eventFile, '--url', 'ftp://127.0.0.1/', '--secret', SECRET],
			/--url must start with http:\/\/ or https:\/\//,
		],
		[
			'a URL that is not a URL',
			() => ['send-event', eventFile, '--url', 'localhost webhook', '--secret', SECRET],
			/--url "localhost webhook" is not a URL/,
		],
		[
			'a timestamp that is not Unix seconds',
			() => ['send-event', eventFile, '--url', baseUrl, '--secret', SECRET, '--timestamp', 'yesterday'],
			/--timestamp must be Unix seconds/,
		],
		[
			'an unknown flag',
			() => ['send-event', eventFile, '--url', baseUrl, '--secret', SECRET, '--retry'],
			/unknown option --retry \(see --help\)$/,
		],
	])('exits 2 and sends nothing for %s', async (_name, argv, expected) => {
		const result = await runCli(argv());
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^stripe-chat-channel: [^\n]+\n$/);
		expect(result.stderr.trimEnd()).toMatch(expected);
		expect(result.stderr).not.toContain(SECRET);
		expect(received).toHaveLength(0);
	});
});
