/**
 * `npm run bench:n8n`: the payment-failed template in a real n8n (SQLite, one process, this package installed as a
 * user would) against a baseline made of n8n's built-in nodes only (Webhook → Code verifying Stripe's HMAC → HTTP
 * Request to Slack's `chat.postMessage`), in the same run and in alternating blocks, with the sender behaving like
 * Stripe (signed deliveries, redelivery of anything not answered 2xx). Slack and Stripe are the local fakes of the
 * test suite; Slack answers at once, so the numbers are n8n's own cost.
 *
 * Prints one table: acknowledgement throughput, p50 and p95 per side, the template/baseline ratio, Slack calls
 * per alert by method and the bytes received from Slack, and the RSS of n8n (main process and the processes it
 * started) after about 200 and about 2,000 template events. It exits with code 1 when one of the issue's targets
 * is missed, saying which. Ratios and bounds only: machines differ, so nothing here is a test.
 *
 * Environment: BENCH_CONCURRENCY, BENCH_BLOCKS, BENCH_BLOCK_EVENTS, BENCH_WARMUP_EVENTS, BENCH_RSS_EARLY,
 * BENCH_RSS_LATE (sizes); BENCH_BURST_COLLAPSE=off (every alert a post of its own); BENCH_STAGES=1 (where the time
 * goes); BENCH_N8N_NODE_OPTIONS (e.g. --cpu-prof for n8n). n8n's own settings (N8N_*) pass through to n8n. The
 * runtime starts n8n with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (scripts/runtime/env.js; README, "Throughput");
 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=false measures n8n's default, where the `vm` engine takes a V8 isolate for
 * every webhook request whose trigger is not n8n's own Webhook node, which is most of the template's cost against
 * the baseline.
 *
 * Not part of the published package (`files` is `dist` and `workflows`); run through bench/run.js.
 */
import { randomBytes } from 'node:crypto';

import { n8nEnv } from '../scripts/runtime/env';
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
		const side: Side = {
			label: stage.label,
			workflowId: id,
			url: n8n.webhookUrl(stage.path),
			secret,
			sent: 0,
			delivered: 0,
			blocks: [],
			windows: [],
		};
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
	// BENCH_BURST_COLLAPSE=off measures every alert as a post of its own (the template ships with collapse on).
	if (process.env.BENCH_BURST_COLLAPSE === 'off') alertNode.parameters.burstCollapse = false;
	const burst = alertNode.parameters.burstCollapse
		? `on (${String(alertNode.parameters.burstThreshold ?? 5)} per ${String(alertNode.parameters.burstWindowMinutes ?? 5)} min)`
		: 'off';
	log(
		`template: responseMode=${responseMode}, burst collapse ${burst}, state store ${String(alertNode.parameters.stateStore ?? '(default)')}`,
	);

	const stages = process.env.BENCH_STAGES === '1' ? stageWorkflows(template, responseMode) : [];

	let n8n: RealN8n | undefined;
	try {
		log('starting n8n (SQLite) ...');
		n8n = await startRealN8n({
			credentials: credentialsFor(secrets, stripe, slack),
			workflows: [
				template,
				baselineWorkflow(baselineSecret, slack, responseMode),
				...stages.map((stage) => stage.workflow),
			],
			// The baseline's Code node needs Node's crypto module, as a user's would.
			env: {
				NODE_FUNCTION_ALLOW_BUILTIN: 'crypto',
				// e.g. BENCH_N8N_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/n8n-prof" to profile n8n during the run.
				...(process.env.BENCH_N8N_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS } : {}),
			},
		});
		await n8n.activateWorkflow(TEMPLATE_ID);
		await n8n.activateWorkflow(BASELINE_ID);
		await n8n.waitForWebhook(templatePath);
		await n8n.waitForWebhook(BASELINE_PATH);
		const templateSecret = await waitForStripeEndpoint(
			n8n,
			stripe,
			TEMPLATE_ID,
			`http://localhost:${n8n.port}/webhook/${templatePath}`,
		);
		const templateSide: Side = {
			label: 'template',
			workflowId: TEMPLATE_ID,
			url: n8n.webhookUrl(templatePath),
			secret: templateSecret,
			sent: 0,
			delivered: 0,
			blocks: [],
			windows: [],
		};
		const baselineSide: Side = {
			label: 'baseline',
			workflowId: BASELINE_ID,
			url: n8n.webhookUrl(BASELINE_PATH),
			secret: baselineSecret,
			sent: 0,
			delivered: 0,
			blocks: [],
			windows: [],
		};
		let batch = 0;
		const nextEvents = (count: number) => distinctFailures(`Bench${(batch++).toString(36).padStart(3, '0')}x`, count);

		log(`warm-up: ${WARMUP_EVENTS} events each`);
		for (const side of [baselineSide, templateSide]) await runBlock(n8n, side, nextEvents(WARMUP_EVENTS));
		const rss: Array<{ events: number; bytes: number }> = [];
		const sampleRss = async () => {
			await sleep(3_000);
			rss.push({ events: templateSide.sent, bytes: n8n?.rssBytes('main') ?? 0 });
			log(`RSS after ${templateSide.sent} template events: ${mib(rss[rss.length - 1].bytes)}`);
		};

		for (let block = 0; block < BLOCKS; block++) {
			// Alternate which side goes first, so neither always runs on a warmer or more loaded machine.
			const order = block % 2 === 0 ? [baselineSide, templateSide] : [templateSide, baselineSide];
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
			if (templateSide.sent % 500 === 0) log(`template events so far: ${templateSide.sent}`);
		}
		await sampleRss();

		// Results
		const sideSummary = (side: Side) => {
			const events = side.blocks.reduce((sum, block) => sum + block.events, 0);
			const wall = side.blocks.reduce((sum, block) => sum + block.wallMs, 0);
			const drain = side.blocks.reduce((sum, block) => sum + block.drainMs, 0);
			const acks = side.blocks.flatMap((block) => block.ackMs);
			const attempts = side.blocks.reduce((sum, block) => sum + block.report.attempts.length, 0);
			const perBlock = side.blocks.map((block) => (block.events / block.wallMs) * 1000);
			return {
				events,
				ackRate: (events / wall) * 1000,
				doneRate: (events / drain) * 1000,
				perBlock,
				p50: percentile(acks, 50),
				p95: percentile(acks, 95),
				retries: attempts - events,
			};
		};
		const base = sideSummary(baselineSide);
		const tmpl = sideSummary(templateSide);
		const ratio = tmpl.ackRate / base.ackRate;
		const doneRatio = tmpl.doneRate / base.doneRate;
		const templateSlack = slackStatsIn(slack, templateSide.windows);
		const baselineSlack = slackStatsIn(slack, baselineSide.windows);
		const callsPerEvent = (stats: Record<string, MethodStats>, events: number) =>
			Object.entries(stats)
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([method, entry]) => `${method} ${fmt(entry.calls / events, 2)}`)
				.join(', ') || 'none';
		const totalCalls = (stats: Record<string, MethodStats>) =>
			Object.values(stats).reduce((sum, entry) => sum + entry.calls, 0);
		const totalBytes = (stats: Record<string, MethodStats>) =>
			Object.values(stats).reduce((sum, entry) => sum + entry.responseBytes, 0);
		const templateStatuses = countByStatus(await allExecutions(n8n, TEMPLATE_ID));
		const baselineStatuses = countByStatus(await allExecutions(n8n, BASELINE_ID));
		const [rssEarly, rssLate] = [rss[0], rss[rss.length - 1]];
		const rssGrowth = rssLate.bytes / rssEarly.bytes - 1;

		const rows: Array<[string, string, string]> = [
			['', 'baseline (built-in nodes)', 'template (payment-failed)'],
			['events measured (blocks × events)', `${BLOCKS} × ${BLOCK_EVENTS}`, `${BLOCKS} × ${BLOCK_EVENTS}`],
			['concurrency', String(CONCURRENCY), String(CONCURRENCY)],
			['answers Stripe', responseMode, responseMode],
			['ack throughput (req/s)', fmt(base.ackRate, 1), fmt(tmpl.ackRate, 1)],
			['  per block', base.perBlock.map((v) => fmt(v, 1)).join(' / '), tmpl.perBlock.map((v) => fmt(v, 1)).join(' / ')],
			['done throughput (executions finished/s)', fmt(base.doneRate, 1), fmt(tmpl.doneRate, 1)],
			['ack p50 (ms)', fmt(base.p50), fmt(tmpl.p50)],
			['ack p95 (ms)', fmt(base.p95), fmt(tmpl.p95)],
			['redeliveries needed', String(base.retries), String(tmpl.retries)],
			[
				'Slack calls per event',
				fmt(totalCalls(baselineSlack) / base.events, 2),
				fmt(totalCalls(templateSlack) / tmpl.events, 2),
			],
			['  by method', callsPerEvent(baselineSlack, base.events), callsPerEvent(templateSlack, tmpl.events)],
			[
				'alerts posted on their own / counted in a summary',
				`${alertsIn(slack, baselineSide.windows, 'chat.postMessage')} / 0`,
				`${alertsIn(slack, templateSide.windows, ALERT_METADATA)} / ${tmpl.events - alertsIn(slack, templateSide.windows, ALERT_METADATA)}`,
			],
			[
				'bytes from Slack per event',
				fmt(totalBytes(baselineSlack) / base.events),
				fmt(totalBytes(templateSlack) / tmpl.events),
			],
			['executions (all, by status)', JSON.stringify(baselineStatuses), JSON.stringify(templateStatuses)],
			['template/baseline ack throughput', '', fmt(ratio, 2)],
			['template/baseline done throughput', '', fmt(doneRatio, 2)],
			[`n8n RSS after ${rssEarly.events} template events`, '', mib(rssEarly.bytes)],
			[
				`n8n RSS after ${rssLate.events} template events`,
				'',
				`${mib(rssLate.bytes)} (${rssGrowth >= 0 ? '+' : ''}${fmt(rssGrowth * 100, 1)} %)`,
			],
		];
		const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
		const line = (row: [string, string, string]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
		const out = [
			'',
			`Stripe Chat Channel: payment-failed template vs built-in baseline, real n8n (SQLite), burst collapse ${burst}, ` +
				`expression engine: ${expressionEngineSettings()}`,
			line(rows[0]),
			`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
			...rows.slice(1).map(line),
			'',
		];
		process.stdout.write(`${out.join('\n')}\n`);

		const missed: string[] = [];
		if (!(ratio >= 0.9)) missed.push(`template ack throughput is ${fmt(ratio, 2)}× the baseline (target ≥ 0.9×)`);
		if (!(tmpl.p95 < 1_000))
			missed.push(`template ack p95 is ${fmt(tmpl.p95)} ms at concurrency ${CONCURRENCY} (target < 1000 ms)`);
		const templateCallsPerEvent = totalCalls(templateSlack) / tmpl.events;
		if (!(templateCallsPerEvent <= 1)) {
			missed.push(
				`the template makes ${fmt(templateCallsPerEvent, 2)} Slack calls per new alert (target ≤ 1, one chat.postMessage): ${callsPerEvent(templateSlack, tmpl.events)}`,
			);
		}
		// Growth is what matters (a leak); RSS may also fall as n8n's heap settles after the first executions.
		if (!(rssGrowth <= 0.2)) {
			missed.push(
				`n8n RSS after ${rssLate.events} events is ${fmt(rssGrowth * 100, 1)} % above the RSS after ${rssEarly.events} (target: at most +20 %)`,
			);
		}
		if (stages.length > 0) await measureStages(n8n, stripe, stages, baselineSecret);
		const failed = Object.entries(templateStatuses).filter(([status]) => status !== 'success');
		if (failed.length > 0)
			missed.push(`template executions that did not succeed: ${JSON.stringify(Object.fromEntries(failed))}`);
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
