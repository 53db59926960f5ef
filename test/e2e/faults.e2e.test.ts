/**
 * Faults in the middle of a burst of Stripe events, each of which must end with nothing lost and nothing doubled:
 * every event the sender delivered posted exactly once (read from the `event_id` in the alerts' Slack metadata).
 * The sender behaves like Stripe: anything not answered 2xx (a reset connection, a timeout, a 5xx from a failed run
 * in "When the Workflow Finishes") is delivered again after a back-off. Payment Alert's processing timeout is 20 s,
 * so an event whose execution died is processed again by a redelivery after that.
 *
 * - SQLite, one process: Slack answering 503 for two minutes; n8n's main process restarted (SIGTERM) and then
 *   crashed (SIGKILL) mid-burst, each time started again. While it starts, n8n acknowledges some deliveries with its
 *   "starting up" page before any workflow runs; the template's Recover Missed Events finds those in Stripe's events
 *   list (the fake Stripe lists each event from its first delivery on, as Stripe does) and posts them.
 * - Queue mode (PostgreSQL + Redis, main + webhook process + two workers, state store `redis`): a worker killed
 *   (SIGKILL) mid-burst; the machine's Redis restarted mid-burst (n8n's queue and the package's state are both in
 *   it; Redis keeps nothing on disk here, so the restart forgets every de-duplication key: what "nothing doubled"
 *   can mean there is spelled out in that test).
 * The first deliveries of a brand-new workflow arriving together are in concurrency.e2e.test.ts.
 */
import { execFileSync } from 'node:child_process';

import { FakeSlack } from '../support/fakeSlack';
import { FakeStripe } from '../support/fakeStripe';
import { claimRedisDatabase, startRealN8n } from '../support/realN8n';
import type { ClaimedRedisDatabase, RealN8n } from '../support/realN8n';
import { describeReport, sendLikeStripe } from '../support/stripeSender';
import type { DeliveryAttempt, SendReport } from '../support/stripeSender';
import {
	account,
	countByStatus,
	distinctFailures,
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
	waitUntil,
	withN8nLog,
} from './templateHarness';

const PROCESSING_TIMEOUT_SECONDS = 20;
const OUTAGE_MS = 120_000;

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

interface FaultScenario {
	key: string;
	channel: { id: string; name: string };
	/** Changes to the scenario's template copy. */
	copy?: Partial<CopyOptions>;
}

/** One n8n (SQLite or queue mode) with one template copy per scenario, each posting into its own channel. */
function faultSuite(queueMode: boolean, scenarios: FaultScenario[]) {
	const tag = queueMode ? 'Q' : 'S';
	const state: {
		stripe?: FakeStripe;
		slack?: FakeSlack;
		redisDb?: ClaimedRedisDatabase;
		n8n?: RealN8n;
		secrets: Map<string, string>;
		copies: Map<string, CopyOptions>;
	} = { secrets: new Map(), copies: new Map() };

	beforeAll(async () => {
		state.stripe = new FakeStripe();
		await state.stripe.start();
		state.slack = await FakeSlack.start({
			tokens: [SLACK_BOT_TOKEN],
			channels: [...CHANNELS, ...scenarios.map((scenario) => scenario.channel)],
		});
		if (queueMode) state.redisDb = await claimRedisDatabase();
		for (const [index, scenario] of scenarios.entries()) {
			state.copies.set(scenario.key, {
				id: `sccFt${tag}${scenario.key.padEnd(10, '0').slice(0, 10)}`,
				webhookId: `scc-ft-${tag.toLowerCase()}-${index}-${scenario.key}`,
				channel: `#${scenario.channel.name}`,
				burst: false,
				responseMode: 'lastNode',
				processingTimeout: PROCESSING_TIMEOUT_SECONDS,
				...(queueMode ? { stateStore: 'redis' as const } : {}),
				...scenario.copy,
			});
		}
		state.n8n = await startRealN8n({
			queueMode,
			workers: 2,
			webhookProcess: true,
			credentials: [
				...credentialsFor(freshSecrets(), state.stripe, state.slack),
				...(state.redisDb ? [redisCredential(state.redisDb.database)] : []),
			],
			workflows: [...state.copies.values()].map(paymentFailedCopy),
		});
		for (const copy of state.copies.values()) await state.n8n.activateWorkflow(copy.id);
		for (const [key, copy] of state.copies) {
			const path = webhookPathOfCopy(copy);
			await state.n8n.waitForWebhook(path);
			state.secrets.set(
				key,
				await waitForStripeEndpoint(
					state.n8n,
					state.stripe,
					copy.id,
					`http://localhost:${state.n8n.port}/webhook/${path}`,
				),
			);
		}
	}, 15 * 60_000);

	afterAll(async () => {
		await state.n8n?.stop();
		await state.redisDb?.release();
		await state.stripe?.stop();
		await state.slack?.close();
	}, 120_000);

	const n8n = (): RealN8n => {
		if (!state.n8n) throw new Error('n8n did not start');
		return state.n8n;
	};
	const slack = (): FakeSlack => state.slack as FakeSlack;

	/**
	 * Sends `events` and starts `fault` once `afterAttempts` attempts have finished (so the burst is under way);
	 * resolves when every delivery succeeded or gave up and the fault has run its course.
	 */
	async function burstWithFault(
		key: string,
		events: Array<Record<string, unknown>>,
		options: {
			concurrency: number;
			afterAttempts: number;
			fault: () => Promise<void>;
			/** Whether the fake Stripe lists each event from its first delivery on (its events list, as Stripe's). */
			listedByStripe?: boolean;
		},
	): Promise<{ report: SendReport; faultStartedAt: number; faultEndedAt: number }> {
		const copy = state.copies.get(key) as CopyOptions;
		let faultRun: Promise<void> | undefined;
		let faultStartedAt = 0;
		let faultEndedAt = 0;
		const report = await sendLikeStripe(events, {
			url: n8n().webhookUrl(webhookPathOfCopy(copy)),
			secret: state.secrets.get(key) as string,
			concurrency: options.concurrency,
			attemptTimeoutMs: 30_000,
			deadlineMs: 7 * 60_000,
			...(options.listedByStripe
				? {
						onCreate: (event: Record<string, unknown>) =>
							state.stripe?.addEvent(event as Parameters<FakeStripe['addEvent']>[0]),
					}
				: {}),
			onAttempt: (_attempt, progress) => {
				if (faultRun || progress.finishedAttempts < options.afterAttempts) return;
				faultStartedAt = Date.now();
				faultRun = options.fault().finally(() => {
					faultEndedAt = Date.now();
				});
			},
		});
		if (!faultRun) throw new Error(`The fault never started: ${describeReport(report)}`);
		await faultRun;
		return { report, faultStartedAt, faultEndedAt };
	}

	/** Nothing lost, nothing doubled: every event sent was posted exactly once, and nothing else was. */
	async function expectEachPostedOnce(key: string, events: Array<Record<string, unknown>>, report: SendReport) {
		const copy = state.copies.get(key) as CopyOptions;
		const executions = await waitForQuiet(n8n(), copy.id);
		process.stderr.write(
			`[${tag}] ${key}: ${describeReport(report)}; executions ${JSON.stringify(countByStatus(executions))}\n`,
		);
		expect({ undelivered: report.undelivered.length, report: describeReport(report) }).toEqual({
			undelivered: 0,
			report: expect.any(String),
		});
		const channel = scenarios.find((scenario) => scenario.key === key)?.channel.id as string;
		const accounting = account(
			ledgerOf(slack(), channel),
			events.map((event) => String(event.id)),
		);
		expect({
			lost: accounting.notPosted,
			doubled: accounting.doubledEvents,
			strangers: accounting.strangers,
		}).toEqual({ lost: [], doubled: [], strangers: [] });
		return accounting;
	}

	return {
		tag,
		n8n,
		slack,
		burstWithFault,
		expectEachPostedOnce,
		copyId: (key: string) => (state.copies.get(key) as CopyOptions).id,
		channelOf: (key: string) => scenarios.find((scenario) => scenario.key === key)?.channel.id as string,
		logged: (test: () => Promise<void>) => withN8nLog(() => state.n8n, test),
	};
}

describe('faults mid-burst, SQLite (one n8n process)', () => {
	const suite = faultSuite(false, [
		{ key: 'outage', channel: { id: 'C0FTOUTAGE', name: 'ft-slack-outage' } },
		{
			key: 'mainRestart',
			channel: { id: 'C0FTMAINRS', name: 'ft-main-restart' },
			copy: { recoverEveryMinute: true },
		},
	]);

	it(
		'Slack answering 503 for two minutes: every alert is posted once after Slack is back',
		suite.logged(async () => {
			const events = distinctFailures(`FtOutage${suite.tag}`, 40);
			const { report, faultStartedAt } = await suite.burstWithFault('outage', events, {
				concurrency: 5,
				afterAttempts: 10,
				fault: async () => {
					suite.slack().unavailableFor(OUTAGE_MS, { status: 503 });
					await sleep(OUTAGE_MS);
				},
			});
			await suite.expectEachPostedOnce('outage', events, report);
			// The outage really hit deliveries: some were answered non-2xx during it and delivered again afterwards.
			const answeredDuringOutage = report.attempts.filter(
				(attempt: DeliveryAttempt) => attempt.startedAt >= faultStartedAt && attempt.status !== 200,
			);
			expect(answeredDuringOutage.length).toBeGreaterThan(0);
			expect(suite.slack().requests.some((request) => request.fault === 'outage')).toBe(true);
		}),
		10 * 60_000,
	);

	it(
		"n8n's main process restarted mid-burst, then crashed (SIGKILL) and started again: nothing lost, nothing doubled",
		suite.logged(async () => {
			// Long enough to outlast a graceful stop (n8n goes on answering for up to 10 s while it finishes what it has),
			// a start and the crash after it: with 500, a 2-core machine answered the whole burst (40 events/s) before the
			// restarts met anything.
			const events = distinctFailures(`FtMainRs${suite.tag}`, 1_500);
			let downAt = 0;
			const { report } = await suite.burstWithFault('mainRestart', events, {
				concurrency: 10,
				afterAttempts: 20,
				listedByStripe: true,
				fault: async () => {
					downAt = Date.now();
					// As an operator or an orchestrator restarts it: SIGTERM (n8n's graceful shutdown), then start.
					await suite.n8n().restart('main');
					await sleep(3_000);
					// A crash: in-flight executions die with their claims held until the processing timeout.
					await suite.n8n().kill('main', 'SIGKILL');
					await suite.n8n().start('main');
				},
			});
			expect(
				suite
					.n8n()
					.processes()
					.find((process) => process.role === 'main')?.starts,
			).toBe(3);
			// n8n itself answers every request 200 "n8n is starting up" for a moment while it starts, before anything
			// runs; Stripe takes that as delivered and never sends the event again. Recover Missed Events (every minute in
			// this copy) finds them in Stripe's events list, unhandled by Payment Alert, and hands them to it.
			const startupAcknowledged = [
				...new Set(report.attempts.filter((attempt) => attempt.n8nStartingUp).map((attempt) => attempt.eventId)),
			];
			const postedNow = () => ledgerOf(suite.slack(), suite.channelOf('mainRestart')).postsByEvent;
			const recoveryStartedAt = Date.now();
			await waitUntil(
				`the ${startupAcknowledged.length} event(s) acknowledged by n8n's starting-up page to be recovered`,
				() => (startupAcknowledged.every((eventId) => postedNow().has(eventId)) ? true : undefined),
				4 * 60_000,
			);
			const executions = await waitForQuiet(suite.n8n(), suite.copyId('mainRestart'));
			process.stderr.write(
				`[S] mainRestart: ${describeReport(report)}; executions ${JSON.stringify(countByStatus(executions))}; ` +
					`${startupAcknowledged.length} event(s) acknowledged by n8n's starting-up page, all posted ` +
					`${Math.round((Date.now() - recoveryStartedAt) / 1000)} s after the burst\n`,
			);
			expect(report.undelivered).toEqual([]);
			const accounting = account(
				ledgerOf(suite.slack(), suite.channelOf('mainRestart')),
				events.map((event) => String(event.id)),
			);
			expect({ lost: accounting.notPosted, strangers: accounting.strangers }).toEqual({ lost: [], strangers: [] });
			// Slack's chat.postMessage has no idempotency key: a run killed after Slack posted its alert and before it
			// marked the event handled leaves a claim that runs out, and Stripe's redelivery would post again. The
			// posting note it left makes the redelivery look for that alert first (src/core/state/postingIntent.ts).
			process.stderr.write(
				`[S] mainRestart: ${accounting.doubledEvents.length} event(s) posted twice: ${JSON.stringify(accounting.doubledEvents)}\n`,
			);
			expect(accounting.doubledEvents).toEqual([]);
			// The restarts really met the burst: deliveries got no answer and were delivered again afterwards.
			const unanswered = report.attempts.filter((attempt) => attempt.startedAt >= downAt && attempt.status !== 200);
			expect(unanswered.length).toBeGreaterThan(0);
		}),
		10 * 60_000,
	);
});

describe('faults mid-burst, queue mode (PostgreSQL, Redis, main + webhook process + two workers)', () => {
	const suite = faultSuite(true, [
		{ key: 'workerKill', channel: { id: 'C0FTWKILL0', name: 'ft-worker-kill' } },
		{ key: 'redis', channel: { id: 'C0FTREDIS0', name: 'ft-redis-restart' } },
	]);

	it(
		'a worker killed (SIGKILL) mid-burst: nothing lost, nothing doubled',
		suite.logged(async () => {
			const events = distinctFailures(`FtWKill${suite.tag}`, 80);
			const { report } = await suite.burstWithFault('workerKill', events, {
				concurrency: 10,
				afterAttempts: 20,
				fault: async () => {
					await suite.n8n().kill('worker1', 'SIGKILL');
					// An orchestrator brings the worker back a little later.
					await sleep(5_000);
					await suite.n8n().start('worker1');
				},
			});
			await suite.expectEachPostedOnce('workerKill', events, report);
		}),
		10 * 60_000,
	);

	it(
		'Redis restarted mid-burst: nothing lost; only events still unacknowledged when Redis went down may be posted twice',
		suite.logged(async () => {
			const events = distinctFailures(`FtRedis${suite.tag}`, 80);
			let downAt = 0;
			const { report } = await suite.burstWithFault('redis', events, {
				concurrency: 10,
				afterAttempts: 20,
				fault: async () => {
					downAt = Date.now();
					await restartRedis(3_000);
					// n8n exits when Redis stays away longer than its threshold; a supervisor would start it again.
					for (const process of suite.n8n().processes()) {
						if (!process.running) {
							globalThis.process.stderr.write(`[Q] redis: n8n ${process.role} exited; starting it again\n`);
							await suite.n8n().start(process.role);
						}
					}
				},
			});
			// An execution whose queue job vanished with Redis stays "new" in n8n for good: do not wait for it long.
			const executions = await waitForQuiet(suite.n8n(), 'sccFtQredis00000', 15_000);
			process.stderr.write(
				`[Q] redis: ${describeReport(report)}; executions ${JSON.stringify(countByStatus(executions))}\n`,
			);
			expect(report.undelivered).toEqual([]);
			const ledger = ledgerOf(suite.slack(), 'C0FTREDIS0');
			const accounting = account(
				ledger,
				events.map((event) => String(event.id)),
			);
			expect({ lost: accounting.notPosted, strangers: accounting.strangers }).toEqual({ lost: [], strangers: [] });
			// Redis keeps nothing on disk here: after the restart the store has forgotten every event it handled. An
			// event acknowledged (2xx) before Redis went down is never sent again, so it must not be posted twice. An
			// event whose alert was posted but whose answer was lost with Redis is redelivered, finds no key and is
			// posted again: that is the one doubling a store without persistence cannot prevent. Count and report it.
			const ackedBefore = new Set(
				report.attempts
					.filter(
						(attempt) =>
							attempt.status >= 200 && attempt.status < 300 && attempt.startedAt + attempt.durationMs < downAt,
					)
					.map((attempt) => attempt.eventId),
			);
			const doubledAfterAck = accounting.doubledEvents.filter((eventId) => ackedBefore.has(eventId));
			process.stderr.write(
				`[Q] redis: ${accounting.doubledEvents.length} event(s) posted twice, all unacknowledged when Redis went down: ${JSON.stringify(accounting.doubledEvents)}\n`,
			);
			expect(doubledAfterAck).toEqual([]);
		}),
		10 * 60_000,
	);
});

/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- a test, not a node: restarting the machine's Redis
   is the fault under test, with fixed arguments. */
/**
 * Restarts the machine's Redis (port 6379) with nothing kept on disk, as CI runs it: `SHUTDOWN NOSAVE`, `downMs`
 * without Redis, then a new `redis-server`; resolves once it answers PING.
 */
async function restartRedis(downMs: number): Promise<void> {
	try {
		execFileSync('redis-cli', ['-p', '6379', 'shutdown', 'nosave'], { stdio: 'ignore', timeout: 10_000 });
	} catch {
		// The connection closes as Redis exits: redis-cli reports that as an error.
	}
	await sleep(downMs);
	execFileSync(
		'redis-server',
		[
			'--daemonize',
			'yes',
			'--bind',
			'127.0.0.1',
			'-::1',
			'--port',
			'6379',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			'/var/lib/redis',
			'--logfile',
			'/var/log/redis/ci.log',
		],
		{ stdio: 'ignore', timeout: 10_000 },
	);
	for (let attempt = 0; attempt < 100; attempt++) {
		try {
			if (execFileSync('redis-cli', ['-p', '6379', 'ping'], { timeout: 2_000 }).toString().trim() === 'PONG') return;
		} catch {
			// Not up yet.
		}
		await sleep(100);
	}
	throw new Error('Redis did not come back on 127.0.0.1:6379');
}
/* eslint-enable @n8n/community-nodes/no-dangerous-functions */
