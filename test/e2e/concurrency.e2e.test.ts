/**
 * The payment-failed template under concurrent load in a real n8n, once with SQLite in one process and once in
 * queue mode (PostgreSQL + Redis, main + an `n8n webhook` process + two workers, state store `redis`). Events are
 * sent the way Stripe sends them (signed; anything not answered 2xx is delivered again after a back-off), and the
 * template answers "When the Workflow Finishes", so a failed run is a redelivery, never a silent loss.
 *
 * What is checked, per mode, each scenario on a copy of the template posting into a channel of its own:
 * - the first deliveries of a brand-new workflow arriving together: every alert posted exactly once;
 * - 500 distinct events at concurrency 20: no failed execution, every alert posted exactly once or counted in the
 *   burst summary, and the summary exact: single posts + summary count == events sent (±0);
 * - one event delivered 10 times at once: one post;
 * - several updates of one invoice at once (in queue mode on two workers): one thread, every update a reply in it,
 *   and the parent showing the newest event.
 * "Posted" is read from the fake Slack: successful `chat.postMessage` calls carrying the alert metadata's `event_id`.
 */
import { FakeSlack } from '../support/fakeSlack';
import { FakeStripe } from '../support/fakeStripe';
import { claimRedisDatabase, startRealN8n } from '../support/realN8n';
import type { ClaimedRedisDatabase, RealN8n } from '../support/realN8n';
import { describeReport, sendLikeStripe } from '../support/stripeSender';
import type { SendReport } from '../support/stripeSender';
import {
	account,
	countByStatus,
	distinctFailures,
	failedInvoiceEvent,
	failureSummary,
	ledgerOf,
	paymentFailedCopy,
	redisCredential,
	waitForQuiet,
	webhookPathOfCopy,
} from './loadHarness';
import type { CopyOptions } from './loadHarness';
import {
	CHANNELS,
	credentialsFor,
	freshSecrets,
	SLACK_BOT_TOKEN,
	waitForStripeEndpoint,
	withN8nLog,
} from './templateHarness';

const BURST = { threshold: 5, windowMinutes: 1440 };
const LOAD_EVENTS = 500;
const LOAD_CONCURRENCY = 20;

interface Scenario {
	key: 'first' | 'load' | 'duplicates' | 'threads';
	channel: { id: string; name: string };
	burst: CopyOptions['burst'];
}

const SCENARIOS: Scenario[] = [
	{ key: 'first', channel: { id: 'C0CCFIRST0', name: 'cc-first' }, burst: false },
	{ key: 'load', channel: { id: 'C0CCLOAD00', name: 'cc-load' }, burst: BURST },
	{ key: 'duplicates', channel: { id: 'C0CCDUPES0', name: 'cc-duplicates' }, burst: BURST },
	{ key: 'threads', channel: { id: 'C0CCTHREAD', name: 'cc-threads' }, burst: false },
];

describe.each([
	['SQLite, one process', false],
	['queue mode: PostgreSQL, Redis, main + webhook process + two workers', true],
])('the payment-failed template under concurrent deliveries (%s)', (_label, queueMode) => {
	const tag = queueMode ? 'Q' : 'S';
	let stripe: FakeStripe;
	let slack: FakeSlack;
	let redisDb: ClaimedRedisDatabase | undefined;
	let n8n: RealN8n | undefined;
	const secrets = new Map<string, string>();
	const copies = new Map<Scenario['key'], CopyOptions>();

	const running = (): RealN8n => {
		if (!n8n) throw new Error('n8n did not start');
		return n8n;
	};
	const logged = (test: () => Promise<void>) => withN8nLog(() => n8n, test);

	beforeAll(async () => {
		stripe = new FakeStripe();
		await stripe.start();
		slack = await FakeSlack.start({
			tokens: [SLACK_BOT_TOKEN],
			channels: [...CHANNELS, ...SCENARIOS.map((scenario) => scenario.channel)],
		});
		if (queueMode) redisDb = await claimRedisDatabase();
		for (const [index, scenario] of SCENARIOS.entries()) {
			copies.set(scenario.key, {
				id: `sccCc${tag}${scenario.key.padEnd(10, '0').slice(0, 10)}`,
				webhookId: `scc-cc-${tag.toLowerCase()}-${index}-${scenario.key}`,
				channel: `#${scenario.channel.name}`,
				burst: scenario.burst,
				responseMode: 'lastNode',
				...(queueMode ? { stateStore: 'redis' as const } : {}),
			});
		}
		n8n = await startRealN8n({
			queueMode,
			workers: 2,
			webhookProcess: true,
			credentials: [
				...credentialsFor(freshSecrets(), stripe, slack),
				...(redisDb ? [redisCredential(redisDb.database)] : []),
			],
			workflows: [...copies.values()].map(paymentFailedCopy),
		});
		for (const copy of copies.values()) await n8n.activateWorkflow(copy.id);
		for (const [key, copy] of copies) {
			const path = webhookPathOfCopy(copy);
			await n8n.waitForWebhook(path);
			secrets.set(
				key,
				await waitForStripeEndpoint(n8n, stripe, copy.id, `http://localhost:${n8n.port}/webhook/${path}`),
			);
		}
	}, 15 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await redisDb?.release();
		await stripe?.stop();
		await slack?.close();
	}, 120_000);

	const copyOf = (key: Scenario['key']): CopyOptions => copies.get(key) as CopyOptions;
	const channelOf = (key: Scenario['key']): string =>
		(SCENARIOS.find((scenario) => scenario.key === key) as Scenario).channel.id;

	async function send(key: Scenario['key'], events: Array<Record<string, unknown>>, concurrency: number) {
		const copy = copyOf(key);
		return await sendLikeStripe(events, {
			url: running().webhookUrl(webhookPathOfCopy(copy)),
			secret: secrets.get(key) as string,
			concurrency,
			deadlineMs: 5 * 60_000,
		});
	}

	async function executionsOf(key: Scenario['key']) {
		return await waitForQuiet(running(), copyOf(key).id);
	}

	function expectAllDelivered(report: SendReport): void {
		expect({ undelivered: report.undelivered.length, report: describeReport(report) }).toEqual({
			undelivered: 0,
			report: expect.any(String),
		});
	}

	it(
		'posts every alert exactly once when the first deliveries of a brand-new workflow arrive together',
		logged(async () => {
			// Ten new invoices and one more event delivered ten times, all at the same moment: nothing ran before.
			const distinct = distinctFailures(`CcFirst${tag}`, 10);
			const repeated = failedInvoiceEvent(`in_CcFirst${tag}Rep`, `evt_CcFirst${tag}Rep`);
			const events = [...distinct, ...Array.from({ length: 10 }, () => repeated)];
			const report = await send('first', events, events.length);
			const executions = await executionsOf('first');

			expectAllDelivered(report);
			const accounting = account(
				ledgerOf(slack, channelOf('first')),
				events.map((event) => String(event.id)),
			);
			expect(accounting).toMatchObject({
				sent: 11,
				posted: 11,
				summarized: 0,
				lost: 0,
				doubledEvents: [],
				strangers: [],
			});
			// Reported, not asserted: a delivery that met its duplicate in progress may be answered non-2xx and redelivered.
			process.stderr.write(
				`[${tag}] first deliveries: ${describeReport(report)}; executions ${JSON.stringify(countByStatus(executions))}\n`,
			);
		}),
		8 * 60_000,
	);

	it(
		`handles ${LOAD_EVENTS} distinct events at concurrency ${LOAD_CONCURRENCY}: no failed execution, every alert posted once or counted in an exact burst summary`,
		logged(async () => {
			const events = distinctFailures(`CcLoad${tag}`, LOAD_EVENTS);
			const report = await send('load', events, LOAD_CONCURRENCY);
			const executions = await executionsOf('load');
			const statuses = countByStatus(executions);
			process.stderr.write(`[${tag}] load: ${describeReport(report)}; executions ${JSON.stringify(statuses)}\n`);

			expectAllDelivered(report);
			const failed = executions.filter((execution) => execution.status !== 'success');
			expect({ failed: failed.length, why: failed.length ? await failureSummary(running(), failed) : '' }).toEqual({
				failed: 0,
				why: '',
			});

			const ledger = ledgerOf(slack, channelOf('load'));
			const accounting = account(
				ledger,
				events.map((event) => String(event.id)),
			);
			process.stderr.write(
				`[${tag}] load ledger: posted ${accounting.posted}, summaries ${JSON.stringify(ledger.summaries.map((s) => [s.burstKey, s.count]))}\n`,
			);
			expect({ doubled: accounting.doubledEvents, strangers: accounting.strangers }).toEqual({
				doubled: [],
				strangers: [],
			});
			// One summary per burst window, and single posts + summary counts == events sent, exactly.
			const windows = new Set(ledger.summaries.map((summary) => summary.burstKey));
			expect(ledger.summaries).toHaveLength(windows.size);
			expect(windows.size).toBeGreaterThanOrEqual(1);
			expect(accounting.posted + accounting.summarized).toBe(LOAD_EVENTS);
			// The first `threshold` alerts of a window post on their own, no more.
			expect(accounting.posted).toBe(BURST.threshold * windows.size);
			for (const summary of ledger.summaries) expect(summary.text).toMatch(/^\+\d+ more payment failures in the last /);
		}),
		12 * 60_000,
	);

	it(
		'posts one alert when the same event is delivered 10 times at once',
		logged(async () => {
			const event = failedInvoiceEvent(`in_CcDup${tag}0001`, `evt_CcDup${tag}0001`);
			const report = await send(
				'duplicates',
				Array.from({ length: 10 }, () => event),
				10,
			);
			const executions = await executionsOf('duplicates');
			process.stderr.write(
				`[${tag}] duplicates: ${describeReport(report)}; executions ${JSON.stringify(countByStatus(executions))}\n`,
			);

			expectAllDelivered(report);
			const ledger = ledgerOf(slack, channelOf('duplicates'));
			expect(Object.fromEntries(ledger.postsByEvent)).toEqual({ [String(event.id)]: 1 });
			expect(ledger.summaries).toEqual([]);
		}),
		8 * 60_000,
	);

	it(
		queueMode
			? 'keeps one thread per invoice when two workers race on its updates'
			: 'keeps one thread per invoice when its updates arrive at once',
		logged(async () => {
			const invoices = 5;
			const updates = 4;
			const base = Math.floor(Date.now() / 1000) - 3_600;
			const events: Array<Record<string, unknown>> = [];
			for (let update = 0; update < updates; update++) {
				for (let invoice = 0; invoice < invoices; invoice++) {
					events.push(
						failedInvoiceEvent(`in_CcThr${tag}${invoice}`, `evt_CcThr${tag}${invoice}u${update}`, {
							created: base + update * 60,
							attemptCount: update + 1,
						}),
					);
				}
			}
			const report = await send('threads', events, events.length);
			const executions = await executionsOf('threads');
			process.stderr.write(
				`[${tag}] threads: ${describeReport(report)}; executions ${JSON.stringify(countByStatus(executions))}\n`,
			);
			expectAllDelivered(report);

			if (queueMode) {
				// Both workers took part (each logs the executions it runs).
				const ran = [running().logOf('worker0'), running().logOf('worker1')].map(
					(log) => (log.match(/Worker started execution/g) ?? []).length,
				);
				expect(ran.every((count) => count > 0)).toBe(true);
			}

			const ledger = ledgerOf(slack, channelOf('threads'));
			expect(ledger.doubled).toEqual([]);
			expect(ledger.postsByEvent.size).toBe(events.length);
			expect(ledger.threads.size).toBe(invoices);
			const messages = slack.messages(channelOf('threads'));
			for (const [threadKey, thread] of ledger.threads) {
				expect({ threadKey, parents: thread.parents.length }).toEqual({ threadKey, parents: 1 });
				expect(thread.replies).toHaveLength(updates - 1);
				for (const reply of thread.replies) expect(reply.threadTs).toBe(thread.parents[0]);
				// The first message always shows the latest status (the template promises it).
				const parent = messages.find((message) => message.ts === thread.parents[0]);
				expect(parent?.metadata?.event_payload.event_id).toMatch(new RegExp(`u${updates - 1}$`));
			}
		}),
		8 * 60_000,
	);
});
