/**
 * `npm run bench:n8n`: the payment-failed template in a real n8n (SQLite, one process, this package installed as a
 * user would) against a baseline made of n8n's built-in nodes only (Webhook → Code verifying Stripe's HMAC → HTTP
 * Request to Slack's `chat.postMessage`), in the same run and in alternating blocks, with the sender behaving like
 * Stripe (signed deliveries, redelivery of anything not answered 2xx). Slack and Stripe are the local fakes of the
 * test suite; Slack answers at once, so the numbers are n8n's own cost.
 *
 * The template runs twice: as shipped (burst collapse on, so past the fifth failure in five minutes each event
 * updates one summary) and with burst collapse off (every event a new alert of a new invoice: its own
 * `chat.postMessage`, starting its thread).
 *
 * Prints one table: acknowledgement throughput, p50 and p95 per side, the template/baseline ratios, Slack calls
 * per event by method and the bytes received from Slack, and the RSS of n8n (main process and the processes it
 * started) after about 200 and about 2,000 events of the shipped template. RSS is read after a full garbage
 * collection in n8n's main process (through its inspector, which the bench enables): between collections V8 lets the
 * heap rise and fall by hundreds of MiB under this load, so a plain reading says where the collector happens to be,
 * not what n8n holds. It exits with code 1 when one of the issue's targets is missed, saying which. Ratios and
 * bounds only: machines differ, so nothing here is a test.
 *
 * Environment: BENCH_CONCURRENCY, BENCH_BLOCKS, BENCH_BLOCK_EVENTS, BENCH_WARMUP_EVENTS, BENCH_RSS_EARLY,
 * BENCH_RSS_LATE (sizes); BENCH_STAGES=1 (where the time goes); BENCH_N8N_NODE_OPTIONS (e.g. --cpu-prof for n8n).
 * n8n's own settings (N8N_*) pass through to n8n. The runtime starts n8n with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true
 * (scripts/runtime/env.js; README, "Throughput"); N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=false measures n8n's default,
 * where the `vm` engine takes a V8 isolate for every webhook request whose trigger is not n8n's own Webhook node.
 *
 * Not part of the published package (`files` is `dist` and `workflows`); run through bench/run.js.
 */
import { randomBytes } from 'node:crypto';

import WebSocket from 'ws';

import { n8nEnv } from '../scripts/runtime/env';
import { findFreePort } from '../scripts/runtime/ports';
import { FakeSlack } from '../test/support/fakeSlack';
import type { MethodStats } from '../test/support/fakeSlack';
import { FakeStripe } from '../test/support/fakeStripe';
import { startRealN8n } from '../test/support/realN8n';
import type { RealN8n, WorkflowJson } from '../test/support/realN8n';
import { percentile, sendLikeStripe } from '../test/support/stripeSender';
import type { SendReport } from '../test/support/stripeSender';
import { ALERT_METADATA, allExecutions, countByStatus, distinctFailures } from '../test/e2e/loadHarness';
import {
	CHANNELS,
	credentialsFor,
	freshSecrets,
	loadTemplate,
	nodeNamed,
	SLACK_BOT_TOKEN,
	waitForStripeEndpoint,
	webhookPathOf,
} from '../test/e2e/templateHarness';

const TEMPLATE_ID = 'sccBenchPayFail1';
const POSTS_ID = 'sccBenchPayFail2';
const POSTS_WEBHOOK_ID = 'stripe-chat-channel-bench-every-alert-posted';
const BASELINE_ID = 'sccBenchBaseline';
const BASELINE_PATH = 'stripe-chat-channel-bench-baseline';
const BASELINE_CHANNEL = { id: 'C0BENCHBASE', name: 'bench-baseline' };

const env = (name: string, fallback: number) => {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
};
const CONCURRENCY = env('BENCH_CONCURRENCY', 10);
const BLOCKS = env('BENCH_BLOCKS', 3);
const BLOCK_EVENTS = env('BENCH_BLOCK_EVENTS', 100);
const WARMUP_EVENTS = env('BENCH_WARMUP_EVENTS', 10);
const RSS_EARLY = env('BENCH_RSS_EARLY', 200);
const RSS_LATE = env('BENCH_RSS_LATE', 2_000);
const CHUNK = 100;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** The Code node's program: Stripe's documented check of `Stripe-Signature` over the raw body, then the text. */
function baselineCode(secret: string): string {
	return `const crypto = require('crypto');
const secret = ${JSON.stringify(secret)};
const item = $input.first();
const raw = Buffer.from(item.binary.data.data, 'base64').toString('utf8');
const header = String(item.json.headers['stripe-signature'] || '');
const parts = Object.fromEntries(header.split(',').map((part) => part.split('=')));
const expected = crypto.createHmac('sha256', secret).update(parts.t + '.' + raw).digest('hex');
const given = Buffer.from(String(parts.v1 || ''), 'hex');
if (given.length !== 32 || !crypto.timingSafeEqual(given, Buffer.from(expected, 'hex'))) throw new Error('Bad Stripe signature');
if (Math.abs(Date.now() / 1000 - Number(parts.t)) > 300) throw new Error('Stripe signature too old');
const event = JSON.parse(raw);
const invoice = event.data.object;
return [{ json: { text: 'Invoice payment failed: ' + invoice.id + ' ' + (invoice.amount_due / 100).toFixed(2) + ' ' + invoice.currency.toUpperCase() } }];`;
}

function baselineWorkflow(secret: string, slack: FakeSlack, responseMode: string): WorkflowJson {
	return {
		id: BASELINE_ID,
		name: 'Bench baseline: Webhook → Code (HMAC) → HTTP Request to Slack',
		nodes: [
			{
				parameters: {
					httpMethod: 'POST',
					path: BASELINE_PATH,
					responseMode,
					options: { rawBody: true },
				},
				id: 'b0000000-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: BASELINE_PATH,
			},
			{
				parameters: { jsCode: baselineCode(secret) },
				id: 'b0000000-0000-4000-8000-000000000002',
				name: 'Verify Stripe Signature',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
			},
			{
				parameters: {
					method: 'POST',
					url: `${slack.apiUrl}chat.postMessage`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${SLACK_BOT_TOKEN}` }] },
					sendBody: true,
					specifyBody: 'json',
					jsonBody: `={{ JSON.stringify({ channel: '${BASELINE_CHANNEL.id}', text: $json.text }) }}`,
					options: {},
				},
				id: 'b0000000-0000-4000-8000-000000000003',
				name: 'Post to Slack',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [440, 0],
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Verify Stripe Signature', type: 'main', index: 0 }]] },
			'Verify Stripe Signature': { main: [[{ node: 'Post to Slack', type: 'main', index: 0 }]] },
		},
		active: false,
		settings: { executionOrder: 'v1' },
	};
}

interface Side {
	label: string;
	workflowId: string;
	url: string;
	secret: string;
	sent: number;
	/** Deliveries answered 2xx so far: each one is a finished execution. */
	delivered: number;
	blocks: BlockResult[];
	/** [start, end] of each measured block, to attribute Slack calls. */
	windows: Array<[number, number]>;
}

interface BlockResult {
	events: number;
	ackMs: number[];
	wallMs: number;
	/** Time until every execution of the block had finished (equals the ack time in "When the Workflow Finishes"). */
	drainMs: number;
	report: SendReport;
}

async function waitDrained(n8n: RealN8n, workflowId: string, expected: number, timeoutMs = 600_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await allExecutions(n8n, workflowId);
		const done = executions.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
		if (done.length >= expected) return;
		if (Date.now() > deadline) throw new Error(`${workflowId}: ${done.length}/${expected} executions finished`);
		await sleep(250);
	}
}

async function runBlock(n8n: RealN8n, side: Side, events: Array<Record<string, unknown>>): Promise<BlockResult> {
	const started = Date.now();
	const report = await sendLikeStripe(events, {
		url: side.url,
		secret: side.secret,
		concurrency: CONCURRENCY,
		deadlineMs: 5 * 60_000,
	});
	const wallMs = Date.now() - started;
	side.sent += events.length;
	side.delivered += report.delivered;
	// Every delivery answered 2xx started an execution; in "As Soon As the Event Is Verified" it may still run.
	await waitDrained(n8n, side.workflowId, side.delivered);
	const drainMs = Date.now() - started;
	const ackMs = report.attempts.filter((a) => a.status >= 200 && a.status < 300).map((a) => a.durationMs);
	return { events: events.length, ackMs, wallMs, drainMs, report };
}

function fmt(value: number, digits = 0): string {
	return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function mib(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

function slackStatsIn(slack: FakeSlack, windows: Array<[number, number]>): Record<string, MethodStats> {
	const stats: Record<string, MethodStats> = {};
	for (const request of slack.requests) {
		if (!windows.some(([from, to]) => request.receivedAt >= from && request.receivedAt <= to)) continue;
		const entry = (stats[request.method] ??= { calls: 0, ok: 0, responseBytes: 0 });
		entry.calls += 1;
		if (request.status === 200 && request.error === undefined) entry.ok += 1;
		entry.responseBytes += request.responseBytes;
	}
	return stats;
}

interface Stage {
	label: string;
	workflow: WorkflowJson;
	path: string;
	/** Whether the trigger registers a Stripe endpoint (the package's trigger) or takes the baseline's secret. */
	stripeEndpoint: boolean;
}

/** n8n's expression-engine settings of this run, as the table names them (they decide the cost of a trigger). */
function expressionEngineSettings(): string {
	const settings = Object.entries(n8nEnv({ homeDir: '' }))
		.filter(([name]) => name.startsWith('N8N_EXPRESSION_ENGINE'))
		.map(([name, value]) => `${name}=${value}`);
	return settings.length > 0 ? settings.join(', ') : "n8n's defaults (vm, an isolate taken for every request)";
}

/**
 * BENCH_STAGES=1: where the template's time goes. The built-in Webhook alone, the package's trigger alone, the
 * trigger + Payment Alert, each answering like the template, measured one block each after the main table.
 */
function stageWorkflows(template: ReturnType<typeof loadTemplate>, responseMode: string): Stage[] {
	const node = (name: string) => JSON.parse(JSON.stringify(nodeNamed(template, name))) as Record<string, unknown>;
	const withTrigger = (id: string, webhookId: string, names: string[]): WorkflowJson => {
		const nodes = names.map(node);
		nodes[0].webhookId = webhookId;
		const connections: Record<string, unknown> = {};
		for (let index = 0; index + 1 < names.length; index++) {
			connections[names[index]] = { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] };
		}
		return { id, name: `Bench stage ${id}`, nodes, connections, active: false, settings: { executionOrder: 'v1' } };
	};
	return [
		{
			label: 'built-in Webhook alone',
			path: 'stripe-chat-channel-bench-webhook-only',
			stripeEndpoint: false,
			workflow: {
				id: 'sccBenchStageWeb',
				name: 'Bench stage: Webhook alone',
				nodes: [
					{
						parameters: {
							httpMethod: 'POST',
							path: 'stripe-chat-channel-bench-webhook-only',
							responseMode,
							options: {},
						},
						id: 'b0000000-0000-4000-8000-000000000011',
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: 'stripe-chat-channel-bench-webhook-only',
					},
				],
				connections: {},
				active: false,
				settings: { executionOrder: 'v1' },
			},
		},
		{
			label: 'Stripe Event Trigger alone',
			path: 'scc-bench-stage-trigger/stripe',
			stripeEndpoint: true,
			workflow: withTrigger('sccBenchStageTrg', 'scc-bench-stage-trigger', ['Stripe Event Trigger']),
		},
		{
			label: 'Trigger + Payment Alert',
			path: 'scc-bench-stage-alert/stripe',
			stripeEndpoint: true,
			workflow: withTrigger('sccBenchStageAlr', 'scc-bench-stage-alert', ['Stripe Event Trigger', 'Payment Alert']),
		},
	];
}

async function measureStages(n8n: RealN8n, stripe: FakeStripe, stages: Stage[], baselineSecret: string): Promise<void> {
	const rows: string[] = ['', 'Where the time goes (one block each, after the main run):'];
	let batch = 0;
	for (const stage of stages) {
		const id = stage.workflow.id as string;
		await n8n.activateWorkflow(id);
		await n8n.waitForWebhook(stage.path);
		const secret = stage.stripeEndpoint
			? await waitForStripeEndpoint(n8n, stripe, id, `http://localhost:${n8n.port}/webhook/${stage.path}`)
			: baselineSecret;
		const side = newSide(stage.label, id, n8n.webhookUrl(stage.path), secret);
		await runBlock(n8n, side, distinctFailures(`Stage${batch++}w`, WARMUP_EVENTS));
		const result = await runBlock(n8n, side, distinctFailures(`Stage${batch++}m`, BLOCK_EVENTS));
		rows.push(
			`  ${stage.label.padEnd(28)} ${fmt((result.events / result.wallMs) * 1000, 1).padStart(6)} req/s, ` +
				`p50 ${fmt(percentile(result.ackMs, 50))} ms, p95 ${fmt(percentile(result.ackMs, 95))} ms`,
		);
	}
	process.stdout.write(`${rows.join('\n')}\n`);
}

/** Successful `chat.postMessage` calls in the windows: all of them, or those carrying alert metadata of this type. */
function alertsIn(slack: FakeSlack, windows: Array<[number, number]>, metadataType: string): number {
	return slack.requests.filter(
		(request) =>
			request.method === 'chat.postMessage' &&
			request.status === 200 &&
			request.error === undefined &&
			windows.some(([from, to]) => request.receivedAt >= from && request.receivedAt <= to) &&
			(metadataType === 'chat.postMessage' ||
				(request.body.metadata as { event_type?: string } | undefined)?.event_type === metadataType),
	).length;
}

/** A full garbage collection in n8n's main process, through the inspector listening on `port`. */
async function collectGarbage(port: number): Promise<void> {
	const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
		webSocketDebuggerUrl: string;
	}>;
	if (targets.length === 0) throw new Error(`n8n's inspector on port ${port} lists no target`);
	const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
	try {
		await new Promise((resolve, reject) => {
			socket.once('open', resolve);
			socket.once('error', reject);
		});
		await new Promise((resolve, reject) => {
			socket.once('message', resolve);
			socket.once('error', reject);
			socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
		});
	} finally {
		socket.close();
	}
}

function newSide(label: string, workflowId: string, url: string, secret: string): Side {
	return { label, workflowId, url, secret, sent: 0, delivered: 0, blocks: [], windows: [] };
}

function summaryOf(side: Side) {
	const events = side.blocks.reduce((sum, block) => sum + block.events, 0);
	const wall = side.blocks.reduce((sum, block) => sum + block.wallMs, 0);
	const drain = side.blocks.reduce((sum, block) => sum + block.drainMs, 0);
	const acks = side.blocks.flatMap((block) => block.ackMs);
	const attempts = side.blocks.reduce((sum, block) => sum + block.report.attempts.length, 0);
	return {
		events,
		ackRate: (events / wall) * 1000,
		doneRate: (events / drain) * 1000,
		perBlock: side.blocks.map((block) => (block.events / block.wallMs) * 1000),
		p50: percentile(acks, 50),
		p95: percentile(acks, 95),
		retries: attempts - events,
	};
}

const totalCalls = (stats: Record<string, MethodStats>) =>
	Object.values(stats).reduce((sum, entry) => sum + entry.calls, 0);
const totalBytes = (stats: Record<string, MethodStats>) =>
	Object.values(stats).reduce((sum, entry) => sum + entry.responseBytes, 0);
const callsPerEvent = (stats: Record<string, MethodStats>, events: number) =>
	Object.entries(stats)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([method, entry]) => `${method} ${fmt(entry.calls / events, 2)}`)
		.join(', ') || 'none';

export async function main(): Promise<number> {
	const benchStarted = Date.now();
	const stripe = new FakeStripe();
	await stripe.start();
	const slack = await FakeSlack.start({ tokens: [SLACK_BOT_TOKEN], channels: [...CHANNELS, BASELINE_CHANNEL] });
	const secrets = freshSecrets();
	const baselineSecret = `whsec_${randomBytes(24).toString('hex')}`;

	const template = loadTemplate('payment-failed.json', TEMPLATE_ID);
	const trigger = nodeNamed(template, 'Stripe Event Trigger');
	const alertNode = nodeNamed(template, 'Payment Alert');
	const responseMode = String(trigger.parameters.responseMode ?? 'onReceived');
	const templatePath = webhookPathOf(template, 'Stripe Event Trigger', 'stripe');
	if (alertNode.parameters.burstCollapse !== true) throw new Error('payment-failed.json ships with burst collapse off');
	const burst = `on (${String(alertNode.parameters.burstThreshold ?? 5)} per ${String(alertNode.parameters.burstWindowMinutes ?? 5)} min)`;
	// The same template with every alert a post of its own: the path of a new alert, one chat.postMessage.
	const posts = loadTemplate('payment-failed.json', POSTS_ID);
	nodeNamed(posts, 'Stripe Event Trigger').webhookId = POSTS_WEBHOOK_ID;
	nodeNamed(posts, 'Payment Alert').parameters.burstCollapse = false;
	const postsPath = webhookPathOf(posts, 'Stripe Event Trigger', 'stripe');
	log(
		`template: responseMode=${responseMode}, burst collapse ${burst}, state store ${String(alertNode.parameters.stateStore ?? '(default)')}`,
	);

	const stages = process.env.BENCH_STAGES === '1' ? stageWorkflows(template, responseMode) : [];

	let n8n: RealN8n | undefined;
	try {
		log('starting n8n (SQLite) ...');
		const inspectorPort = await findFreePort();
		n8n = await startRealN8n({
			credentials: credentialsFor(secrets, stripe, slack),
			workflows: [
				template,
				posts,
				baselineWorkflow(baselineSecret, slack, responseMode),
				...stages.map((stage) => stage.workflow),
			],
			// The baseline's Code node needs Node's crypto module, as a user's would.
			env: {
				NODE_FUNCTION_ALLOW_BUILTIN: 'crypto',
				// The inspector, to collect garbage before reading RSS; an idle inspector costs n8n nothing measurable.
				// e.g. BENCH_N8N_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/n8n-prof" to profile n8n during the run.
				NODE_OPTIONS: [`--inspect=127.0.0.1:${inspectorPort}`, process.env.BENCH_N8N_NODE_OPTIONS ?? '']
					.join(' ')
					.trim(),
			},
		});
		const running = n8n;
		const packageSide = async (label: string, id: string, path: string) => {
			await running.activateWorkflow(id);
			await running.waitForWebhook(path);
			const url = `http://localhost:${running.port}/webhook/${path}`;
			return newSide(label, id, running.webhookUrl(path), await waitForStripeEndpoint(running, stripe, id, url));
		};
		const templateSide = await packageSide('template', TEMPLATE_ID, templatePath);
		const postsSide = await packageSide('template, collapse off', POSTS_ID, postsPath);
		await n8n.activateWorkflow(BASELINE_ID);
		await n8n.waitForWebhook(BASELINE_PATH);
		const baselineSide = newSide('baseline', BASELINE_ID, n8n.webhookUrl(BASELINE_PATH), baselineSecret);
		const sides = [baselineSide, templateSide, postsSide];

		let batch = 0;
		const nextEvents = (count: number) => distinctFailures(`Bench${(batch++).toString(36).padStart(3, '0')}x`, count);

		log(`warm-up: ${WARMUP_EVENTS} events each`);
		for (const side of sides) await runBlock(n8n, side, nextEvents(WARMUP_EVENTS));
		const rss: Array<{ events: number; bytes: number; beforeGc: number }> = [];
		const sampleRss = async () => {
			const before = running.rssBytes('main');
			await collectGarbage(inspectorPort);
			await sleep(1_000);
			rss.push({ events: templateSide.sent, bytes: running.rssBytes('main'), beforeGc: before });
			log(
				`RSS after ${templateSide.sent} template events: ${mib(before)}, after a full collection ${mib(rss[rss.length - 1].bytes)}`,
			);
		};

		for (let block = 0; block < BLOCKS; block++) {
			// Rotate which side goes first, so that none always runs on a warmer or more loaded machine.
			const order = sides.map((_, index) => sides[(index + block) % sides.length]);
			for (const side of order) {
				const from = Date.now();
				const result = await runBlock(n8n, side, nextEvents(BLOCK_EVENTS));
				side.windows.push([from, Date.now()]);
				side.blocks.push(result);
				log(
					`block ${block + 1} ${side.label}: ${fmt((result.events / result.wallMs) * 1000, 1)} req/s, ` +
						`p50 ${fmt(percentile(result.ackMs, 50))} ms, p95 ${fmt(percentile(result.ackMs, 95))} ms, ` +
						`drained in ${fmt(result.drainMs / 1000, 1)} s`,
				);
				if (side === templateSide && rss.length === 0 && templateSide.sent >= RSS_EARLY) await sampleRss();
			}
		}
		if (rss.length === 0) await sampleRss();
		while (templateSide.sent < RSS_LATE) {
			await runBlock(n8n, templateSide, nextEvents(Math.min(CHUNK, RSS_LATE - templateSide.sent)));
			if (templateSide.sent % 500 < CHUNK) log(`template events so far: ${templateSide.sent}`);
		}
		await sampleRss();

		// Results
		const summaries = sides.map(summaryOf);
		const [base] = summaries;
		const slackStats = sides.map((side) => slackStatsIn(slack, side.windows));
		const statuses = await Promise.all(
			sides.map(async (side) => countByStatus(await allExecutions(running, side.workflowId))),
		);
		const posted = sides.map((side, index) =>
			alertsIn(slack, side.windows, index === 0 ? 'chat.postMessage' : ALERT_METADATA),
		);
		const [rssEarly, rssLate] = [rss[0], rss[rss.length - 1]];
		const rssGrowth = rssLate.bytes / rssEarly.bytes - 1;
		const each = (cell: (index: number) => string) => sides.map((_, index) => cell(index));
		const ratios = (pick: (summary: (typeof summaries)[number]) => number) =>
			each((index) => (index === 0 ? '' : fmt(pick(summaries[index]) / pick(base), 2)));

		const rows: string[][] = [
			['', 'baseline (built-in nodes)', 'template (as shipped)', 'template, burst collapse off'],
			['burst collapse', '–', burst, 'off (every event a new alert)'],
			['events measured (blocks × events)', ...each(() => `${BLOCKS} × ${BLOCK_EVENTS}`)],
			['concurrency', ...each(() => String(CONCURRENCY))],
			['answers Stripe', ...each(() => responseMode)],
			['ack throughput (req/s)', ...each((i) => fmt(summaries[i].ackRate, 1))],
			['  per block', ...each((i) => summaries[i].perBlock.map((v) => fmt(v, 1)).join(' / '))],
			['done throughput (executions finished/s)', ...each((i) => fmt(summaries[i].doneRate, 1))],
			['ack p50 (ms)', ...each((i) => fmt(summaries[i].p50))],
			['ack p95 (ms)', ...each((i) => fmt(summaries[i].p95))],
			['redeliveries needed', ...each((i) => String(summaries[i].retries))],
			['Slack calls per event', ...each((i) => fmt(totalCalls(slackStats[i]) / summaries[i].events, 2))],
			['  by method', ...each((i) => callsPerEvent(slackStats[i], summaries[i].events))],
			[
				'alerts posted on their own / counted in a summary',
				...each((i) => `${posted[i]} / ${summaries[i].events - posted[i]}`),
			],
			['bytes from Slack per event', ...each((i) => fmt(totalBytes(slackStats[i]) / summaries[i].events))],
			['executions (all, by status)', ...each((i) => JSON.stringify(statuses[i]))],
			['template/baseline ack throughput', ...ratios((summary) => summary.ackRate)],
			['template/baseline done throughput', ...ratios((summary) => summary.doneRate)],
			[
				`n8n RSS after ${rssEarly.events} template events, after a full GC`,
				'',
				`${mib(rssEarly.bytes)} (before the GC: ${mib(rssEarly.beforeGc)})`,
				'',
			],
			[
				`n8n RSS after ${rssLate.events} template events, after a full GC`,
				'',
				`${mib(rssLate.bytes)}, ${rssGrowth >= 0 ? '+' : ''}${fmt(rssGrowth * 100, 1)} % (before the GC: ${mib(rssLate.beforeGc)})`,
				'',
			],
		];
		const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
		const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
		const out = [
			'',
			'Stripe Chat Channel: payment-failed template vs built-in baseline, real n8n (SQLite), ' +
				`expression engine: ${expressionEngineSettings()}`,
			line(rows[0]),
			`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
			...rows.slice(1).map(line),
			'',
		];
		process.stdout.write(`${out.join('\n')}\n`);

		const missed: string[] = [];
		sides.forEach((side, index) => {
			if (index === 0) return;
			const summary = summaries[index];
			const ratio = summary.ackRate / base.ackRate;
			if (!(ratio >= 0.9)) missed.push(`${side.label}: ack throughput ${fmt(ratio, 2)}× the baseline (target ≥ 0.9×)`);
			if (!(summary.p95 < 1_000))
				missed.push(`${side.label}: ack p95 ${fmt(summary.p95)} ms at concurrency ${CONCURRENCY} (target < 1000 ms)`);
			const calls = totalCalls(slackStats[index]) / summary.events;
			if (!(calls <= 1))
				missed.push(
					`${side.label}: ${fmt(calls, 2)} Slack calls per event (target ≤ 1): ${callsPerEvent(slackStats[index], summary.events)}`,
				);
			const failed = Object.entries(statuses[index]).filter(([status]) => status !== 'success');
			if (failed.length > 0)
				missed.push(`${side.label}: executions that did not succeed: ${JSON.stringify(Object.fromEntries(failed))}`);
		});
		// A new alert is one chat.postMessage: every event of the collapse-off side posted, and nothing else called.
		const postsIndex = sides.indexOf(postsSide);
		const postMessages = slackStats[postsIndex]['chat.postMessage']?.calls ?? 0;
		if (posted[postsIndex] !== summaries[postsIndex].events || postMessages !== totalCalls(slackStats[postsIndex]))
			missed.push(
				`new alerts: ${posted[postsIndex]} of ${summaries[postsIndex].events} posted, with ${callsPerEvent(slackStats[postsIndex], summaries[postsIndex].events)} (target: one chat.postMessage each)`,
			);
		// Growth is what matters (a leak); RSS may also fall as n8n's heap settles after the first executions.
		if (!(rssGrowth <= 0.2)) {
			missed.push(
				`n8n RSS after ${rssLate.events} events is ${fmt(rssGrowth * 100, 1)} % above the RSS after ${rssEarly.events} (target: at most +20 %)`,
			);
		}
		if (stages.length > 0) await measureStages(n8n, stripe, stages, baselineSecret);
		process.stdout.write(
			missed.length === 0
				? `All targets met (${fmt((Date.now() - benchStarted) / 60_000, 1)} min).\n`
				: `Targets missed:\n${missed.map((reason) => `  - ${reason}`).join('\n')}\n`,
		);
		return missed.length === 0 ? 0 : 1;
	} finally {
		await n8n?.stop();
		await stripe.stop();
		await slack.close();
	}
}
