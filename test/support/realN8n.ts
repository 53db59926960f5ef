/**
 * A real n8n 2.40.7 for end-to-end tests: its own temp home, a free port, this package installed from `npm pack`,
 * credentials and workflows imported through the n8n CLI, an owner and a public-API key created headlessly.
 * Optional queue mode: PostgreSQL + Redis on 127.0.0.1 with a database and a Bull prefix of its own, a main process
 * and one `n8n worker`. `stop()` removes everything it created. Requires `npm run build` before the tests.
 * @see docs/ARCHITECTURE.md, "The n8n runtime for `npm start` and the tests"
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

import { n8nEnv } from '../../scripts/runtime/env';
import { ensureRuntime } from '../../scripts/runtime/install';
import { RUNTIME_DIR } from '../../scripts/runtime/layout';
import { installPackage } from '../../scripts/runtime/packageInstall';
import { findFreePort } from '../../scripts/runtime/ports';
import { runN8nCli, startN8n, stopN8n, waitReady } from '../../scripts/runtime/server';
import { importWorkflows } from '../../scripts/runtime/templates';

const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres', password: '' };
const REDIS = { host: '127.0.0.1', port: 6379 };
const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Owner-Passw0rd' };
// The owner's auth cookie is bound to this browser id: every `/rest` call with the cookie sends the same header.
const BROWSER_ID = 'stripe-chat-channel-e2e';
// Every HTTP call to n8n gets a deadline, so a stuck request fails the test instead of hanging it.
const REQUEST_TIMEOUT_MS = 60_000;
const API_KEY_SCOPES = [
	'workflow:read',
	'workflow:list',
	'workflow:activate',
	'workflow:deactivate',
	'execution:read',
	'execution:list',
];

export interface ImportedCredential {
	id: string;
	name: string;
	/** The credential type's `name`, e.g. `stripeChatChannelApi` (credential types keep their plain name). */
	type: string;
	/** Plain-text values; `n8n import:credentials` encrypts them with the instance's key. */
	data: Record<string, unknown>;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface RealN8nOptions {
	/** PostgreSQL + Redis + worker(s) instead of SQLite in one process. */
	queueMode?: boolean;
	/** Queue mode: how many `n8n worker` processes (default 1). */
	workers?: number;
	/** Queue mode: `--concurrency` of each worker (default 10). */
	workerConcurrency?: number;
	/** Queue mode: also start an `n8n webhook` process; `webhookUrl()` then points at it. */
	webhookProcess?: boolean;
	credentials?: ImportedCredential[];
	workflows?: WorkflowJson[];
	/** Ids of imported workflows to publish (activate) before n8n starts. */
	publish?: string[];
	/** Extra environment for every n8n process, e.g. `{ N8N_LOG_LEVEL: 'debug' }`. */
	env?: Record<string, string>;
}

export interface N8nExecution {
	id: string;
	workflowId: string;
	status: string;
	finished: boolean;
	mode: string;
	data?: { resultData?: { runData?: Record<string, unknown>; error?: unknown } } & Record<string, unknown>;
	[key: string]: unknown;
}

/** One n8n process of an instance: `main`, `webhook`, `worker0`, `worker1`, … */
export type N8nRole = string;

export interface N8nProcessInfo {
	role: N8nRole;
	pid: number | undefined;
	running: boolean;
	/** How many times this role was started (1 before any restart). */
	starts: number;
}

export interface RealN8n {
	readonly baseUrl: string;
	/** Where production webhooks are sent: the `n8n webhook` process when there is one, else the main process. */
	readonly webhookBaseUrl: string;
	readonly port: number;
	readonly homeDir: string;
	readonly apiKey: string;
	/** The `n8n-auth` cookie of the owner (see `rest` for the internal API, which also needs the browser id). */
	readonly authCookie: string;
	/** Ids of the imported workflows, in the order given. */
	readonly workflowIds: string[];
	/** `/webhook/<path>` on this instance. */
	webhookUrl(webhookPath: string): string;
	/** Resolves once n8n has registered a production webhook for `webhookPath` (shortly after readiness). */
	waitForWebhook(webhookPath: string, options?: { method?: string; timeoutMs?: number }): Promise<void>;
	/** Public API: `POST /api/v1/workflows/{id}/activate`. */
	activateWorkflow(workflowId: string): Promise<void>;
	/** Public API: executions of one workflow, newest first, with their data. */
	listExecutions(workflowId: string): Promise<N8nExecution[]>;
	/** Polls `listExecutions` until `count` executions have finished (any status but running/new/waiting). */
	waitForExecutions(workflowId: string, count: number, options?: { timeoutMs?: number }): Promise<N8nExecution[]>;
	/** Calls the public API (`/api/v1/...`) with the API key. */
	api<T = unknown>(method: string, apiPath: string, body?: unknown): Promise<T>;
	/** Calls the editor's internal API (`/rest/...`) as the owner; resolves with the parsed body. */
	rest<T = unknown>(method: string, restPath: string, body?: unknown): Promise<T>;
	/** The n8n log of the main process (and the worker's, in queue mode), for failure messages. */
	logs(): string;
	/** The log of one process. */
	logOf(role: N8nRole): string;
	/** The instance's processes (main, webhook, workers). */
	processes(): N8nProcessInfo[];
	/**
	 * Kills one process and the processes it started (task runners) with `signal` (default SIGKILL: a crash, no
	 * graceful shutdown) and resolves once it has exited.
	 */
	kill(role: N8nRole, signal?: NodeJS.Signals): Promise<void>;
	/** Starts a process again that was killed or stopped, with the same environment, and waits until it is ready. */
	start(role: N8nRole): Promise<void>;
	/** Graceful stop (SIGTERM, as n8n is stopped by an operator or an orchestrator), then `start`. */
	restart(role: N8nRole): Promise<void>;
	/** Resident set size in bytes of one process plus everything it started (task runners), from `/proc`. */
	rssBytes(role?: N8nRole): number;
	/** The environment every process of this instance runs with. */
	readonly env: Record<string, string | undefined>;
	stop(): Promise<void>;
}

/** Pids of every descendant of `pid` (children, grandchildren, …), from `/proc/<pid>/stat` (Linux). */
export function descendantPids(pid: number): number[] {
	const parentOf = new Map<number, number[]>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Field 4 (ppid) follows the command name in parentheses, which may itself hold spaces or parentheses.
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			const children = parentOf.get(ppid) ?? [];
			children.push(Number(entry));
			parentOf.set(ppid, children);
		} catch {
			// The process ended while the list was read.
		}
	}
	const result: number[] = [];
	const queue = [...(parentOf.get(pid) ?? [])];
	while (queue.length > 0) {
		const next = queue.shift() as number;
		result.push(next);
		queue.push(...(parentOf.get(next) ?? []));
	}
	return result;
}

/** VmRSS of a process in bytes (0 when it is gone). */
export function processRssBytes(pid: number): number {
	try {
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

// n8n's bundled database and Redis clients; the project itself has neither as a dependency.
interface PgClient {
	connect(): Promise<void>;
	query(sql: string): Promise<unknown>;
	end(): Promise<void>;
}
interface RedisClient {
	scan(cursor: string, match: 'MATCH', pattern: string, count: 'COUNT', size: number): Promise<[string, string[]]>;
	del(...keys: string[]): Promise<number>;
	select(database: number): Promise<unknown>;
	dbsize(): Promise<number>;
	set(key: string, value: string, nx: 'NX'): Promise<string | null>;
	flushdb(): Promise<unknown>;
	quit(): Promise<unknown>;
	disconnect(): void;
}

export interface ClaimedRedisDatabase {
	/** Redis database number (1–15) that was empty and is now this run's, for the package's `redis` credential. */
	database: number;
	/** Empties the database again (FLUSHDB). */
	release(): Promise<void>;
}

/**
 * A Redis database of its own for one test run: the first of 1–15 that is empty, claimed with a marker key so that
 * a parallel run picks another. The package's `redis` state store writes its keys there, and `release()` drops them.
 * (n8n's own queue keys use `QUEUE_BULL_PREFIX` in database 0.)
 */
export async function claimRedisDatabase(runId = `scc_e2e_${Date.now().toString(36)}`): Promise<ClaimedRedisDatabase> {
	const Redis = requireFromRuntime<new (options: object) => RedisClient>('ioredis');
	for (let database = 1; database <= 15; database++) {
		const redis = new Redis({ ...REDIS, db: database, maxRetriesPerRequest: 1 });
		try {
			if ((await redis.dbsize()) === 0 && (await redis.set('stripe-chat-channel-e2e:owner', runId, 'NX')) === 'OK') {
				return {
					database,
					async release() {
						const cleaner = new Redis({ ...REDIS, db: database, maxRetriesPerRequest: 1 });
						try {
							await cleaner.flushdb();
						} finally {
							cleaner.disconnect();
						}
					},
				};
			}
		} finally {
			redis.disconnect();
		}
	}
	throw new Error('No empty Redis database among 1–15 for this test run');
}

function requireFromRuntime<T>(moduleName: string): T {
	return createRequire(path.join(RUNTIME_DIR, 'package.json'))(moduleName) as T;
}

async function withPostgres(run: (client: PgClient) => Promise<unknown>): Promise<void> {
	const { Client } = requireFromRuntime<{ Client: new (config: object) => PgClient }>('pg');
	const client = new Client({ ...POSTGRES, database: 'postgres' });
	await client.connect();
	try {
		await run(client);
	} finally {
		await client.end();
	}
}

async function deleteRedisKeys(prefix: string): Promise<void> {
	const Redis = requireFromRuntime<new (options: object) => RedisClient>('ioredis');
	const redis = new Redis({ ...REDIS, lazyConnect: false, maxRetriesPerRequest: 1 });
	try {
		let cursor = '0';
		do {
			const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
			if (keys.length > 0) await redis.del(...keys);
			cursor = next;
		} while (cursor !== '0');
	} finally {
		await redis.quit();
	}
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

interface ManagedProcess {
	role: N8nRole;
	/** n8n CLI arguments: `['start']`, `['worker', '--concurrency=10']`, `['webhook']`. */
	args: string[];
	env: Record<string, string | undefined>;
	logFile: string;
	/** The HTTP port of `main` and `webhook`. */
	port?: number;
	child?: ChildProcess;
	starts: number;
	/** Size of the log when the current start began: readiness is looked for only after it. */
	logOffset?: number;
}

async function waitForLogLine(
	file: string,
	pattern: RegExp,
	child: ChildProcess,
	timeoutMs: number,
	fromOffset = 0,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n process exited before it was ready:\n${readTail(file)}`);
		}
		if (fs.existsSync(file) && pattern.test(fs.readFileSync(file, 'utf8').slice(fromOffset))) return;
		await sleep(250);
	}
	throw new Error(`n8n process was not ready within ${timeoutMs / 1000} s:\n${readTail(file)}`);
}

/** Main and webhook processes: `/healthz/readiness`; workers: their "ready" log line (they serve no HTTP here). */
async function waitUntilReady(process: ManagedProcess): Promise<void> {
	if (!process.child) throw new Error(`n8n process "${process.role}" was not started`);
	if (process.role.startsWith('worker')) {
		await waitForLogLine(process.logFile, /worker is now ready/i, process.child, 180_000, process.logOffset);
		return;
	}
	await waitReady(process.port as number, { child: process.child });
}

function readTail(file: string, lines = 40): string {
	if (!fs.existsSync(file)) return '(no log)';
	return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

async function expectOk(response: Response, what: string): Promise<string> {
	const text = await response.text();
	if (!response.ok) throw new Error(`${what} failed: HTTP ${response.status} ${text.slice(0, 500)}`);
	return text;
}

/** Creates the owner on a fresh instance and an API key for the public API. */
async function createOwnerAndApiKey(baseUrl: string): Promise<{ authCookie: string; apiKey: string }> {
	const browserHeaders = { 'content-type': 'application/json', 'browser-id': BROWSER_ID };
	const setup = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: browserHeaders,
		body: JSON.stringify(OWNER),
		signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
	});
	await expectOk(setup, 'POST /rest/owner/setup');
	const authCookie = setup.headers
		.getSetCookie()
		.map((cookie) => cookie.split(';')[0])
		.find((cookie) => cookie.startsWith('n8n-auth='));
	if (!authCookie) throw new Error('POST /rest/owner/setup returned no n8n-auth cookie');
	const keyResponse = await fetch(`${baseUrl}/rest/api-keys`, {
		method: 'POST',
		headers: { ...browserHeaders, cookie: authCookie },
		body: JSON.stringify({ label: 'e2e', scopes: API_KEY_SCOPES, expiresAt: null }),
		signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
	});
	const { data } = JSON.parse(await expectOk(keyResponse, 'POST /rest/api-keys')) as { data: { rawApiKey: string } };
	return { authCookie, apiKey: data.rawApiKey };
}

/** Starts a real n8n with this package installed. Always `await instance.stop()` (e.g. in `afterAll`). */
export async function startRealN8n(options: RealN8nOptions = {}): Promise<RealN8n> {
	await ensureRuntime({ log: (line) => process.stderr.write(`${line}\n`) });
	const runId = `scc_e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
	const homeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-chat-channel-n8n-'));
	const mainLog = path.join(homeDir, 'n8n-main.log');
	const workerLog = path.join(homeDir, 'n8n-worker.log');
	const managed: ManagedProcess[] = [];
	const logFiles = () => managed.map((process) => process.logFile).filter((file) => fs.existsSync(file));
	let databaseCreated = false;
	let stopped = false;
	/** Starts a process; its log is appended to, and `logOffset` remembers where this start's lines begin. */
	const launch = (process: ManagedProcess) => {
		process.logOffset = fs.existsSync(process.logFile) ? fs.statSync(process.logFile).size : 0;
		process.child = startN8n(process.env, { args: process.args, logFile: process.logFile });
		process.starts += 1;
	};

	const stop = async () => {
		if (stopped) return;
		stopped = true;
		// Workers first, so that they do not pick up jobs from a main process that is shutting down.
		for (const process of [...managed].reverse()) await stopN8n(process.child);
		if (options.queueMode) {
			if (databaseCreated)
				await withPostgres(async (client) => await client.query(`DROP DATABASE IF EXISTS "${runId}" WITH (FORCE)`));
			await deleteRedisKeys(runId);
		}
		fs.rmSync(homeDir, { recursive: true, force: true });
	};

	try {
		const port = await findFreePort();
		const queueEnv: Record<string, string> = options.queueMode
			? {
					DB_TYPE: 'postgresdb',
					DB_POSTGRESDB_HOST: POSTGRES.host,
					DB_POSTGRESDB_PORT: String(POSTGRES.port),
					DB_POSTGRESDB_DATABASE: runId,
					DB_POSTGRESDB_USER: POSTGRES.user,
					DB_POSTGRESDB_PASSWORD: POSTGRES.password,
					EXECUTIONS_MODE: 'queue',
					QUEUE_BULL_REDIS_HOST: REDIS.host,
					QUEUE_BULL_REDIS_PORT: String(REDIS.port),
					QUEUE_BULL_PREFIX: runId,
				}
			: {};
		const extra = { ...queueEnv, ...options.env };
		const env = n8nEnv({ homeDir, port, runnersBrokerPort: await findFreePort(), extra });

		if (options.queueMode) {
			await withPostgres(async (client) => await client.query(`CREATE DATABASE "${runId}"`));
			databaseCreated = true;
		}
		await installPackage(homeDir, { log: () => undefined });

		if (options.credentials?.length) {
			const credentialsFile = path.join(homeDir, 'credentials.json');
			fs.writeFileSync(credentialsFile, JSON.stringify(options.credentials));
			await runN8nCli(['import:credentials', `--input=${credentialsFile}`], env);
			fs.rmSync(credentialsFile);
		}
		let workflowIds: string[] = [];
		if (options.workflows?.length) {
			const workflowsDir = path.join(homeDir, 'workflows');
			fs.mkdirSync(workflowsDir);
			options.workflows.forEach((workflow, index) => {
				const fileName = `${String(index).padStart(3, '0')}.json`;
				fs.writeFileSync(path.join(workflowsDir, fileName), JSON.stringify(workflow));
			});
			const imported = await importWorkflows(homeDir, { env, dir: workflowsDir });
			workflowIds = imported.map((workflow) => workflow.id);
		}
		for (const id of options.publish ?? []) await runN8nCli(['publish:workflow', `--id=${id}`], env);

		const main: ManagedProcess = { role: 'main', args: ['start'], env, logFile: mainLog, port, starts: 0 };
		managed.push(main);
		launch(main);
		if (options.queueMode) {
			const workerCount = Math.max(1, options.workers ?? 1);
			const concurrency = options.workerConcurrency ?? 10;
			for (let index = 0; index < workerCount; index++) {
				const worker: ManagedProcess = {
					role: `worker${index}`,
					args: ['worker', `--concurrency=${concurrency}`],
					env: { ...env, N8N_RUNNERS_BROKER_PORT: String(await findFreePort()) },
					// The first worker keeps the log name the single-worker tests always had.
					logFile: index === 0 ? workerLog : path.join(homeDir, `n8n-worker${index}.log`),
					starts: 0,
				};
				managed.push(worker);
				launch(worker);
			}
			if (options.webhookProcess) {
				const webhookPort = await findFreePort();
				managed.push({
					role: 'webhook',
					args: ['webhook'],
					env: {
						...env,
						N8N_PORT: String(webhookPort),
						N8N_RUNNERS_BROKER_PORT: String(await findFreePort()),
					},
					logFile: path.join(homeDir, 'n8n-webhook.log'),
					port: webhookPort,
					starts: 0,
				});
			}
		}
		// n8n's main process runs the database migrations; the other processes start once they are done.
		await waitReady(port, { child: main.child });
		for (const process of managed) {
			if (process.role === 'main') continue;
			if (!process.child) launch(process);
			await waitUntilReady(process);
		}

		const baseUrl = `http://127.0.0.1:${port}`;
		const webhookProcess = managed.find((process) => process.role === 'webhook');
		const webhookBaseUrl = webhookProcess ? `http://127.0.0.1:${webhookProcess.port}` : baseUrl;
		const { authCookie, apiKey } = await createOwnerAndApiKey(baseUrl);

		const request = async <T>(method: string, url: string, headers: Record<string, string>, body?: unknown) => {
			const response = await fetch(`${baseUrl}${url}`, {
				method,
				headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
			});
			const text = await expectOk(response, `${method} ${url}`);
			return (text ? JSON.parse(text) : undefined) as T;
		};
		const api = async <T>(method: string, apiPath: string, body?: unknown) =>
			await request<T>(method, `/api/v1${apiPath}`, { 'X-N8N-API-KEY': apiKey }, body);
		const rest = async <T>(method: string, restPath: string, body?: unknown) =>
			await request<T>(method, `/rest${restPath}`, { cookie: authCookie, 'browser-id': BROWSER_ID }, body);
		const listExecutions = async (workflowId: string) => {
			const query = new URLSearchParams({ workflowId, includeData: 'true', limit: '250' });
			const { data } = await api<{ data: N8nExecution[] }>('GET', `/executions?${query.toString()}`);
			return data;
		};

		const byRole = (role: N8nRole): ManagedProcess => {
			const process = managed.find((candidate) => candidate.role === role);
			if (!process)
				throw new Error(`This n8n has no process "${role}" (it has ${managed.map((p) => p.role).join(', ')})`);
			return process;
		};
		const isRunning = (process: ManagedProcess) =>
			process.child !== undefined && process.child.exitCode === null && process.child.signalCode === null;

		return {
			baseUrl,
			webhookBaseUrl,
			env,
			port,
			homeDir,
			apiKey,
			authCookie,
			workflowIds,
			webhookUrl: (webhookPath) => `${webhookBaseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`,
			async waitForWebhook(webhookPath, { method = 'POST', timeoutMs = 30_000 } = {}) {
				const deadline = Date.now() + timeoutMs;
				const url = `${webhookBaseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
				// A CORS preflight lists the path's registered methods without running the workflow (just `OPTIONS`
				// while nothing is registered; n8n answers 204 either way).
				while (Date.now() < deadline) {
					const response = await fetch(url, {
						method: 'OPTIONS',
						headers: { origin: baseUrl },
						signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
					});
					await response.arrayBuffer();
					const allowed = (response.headers.get('access-control-allow-methods') ?? '').split(/,\s*/);
					if (allowed.includes(method.toUpperCase())) return;
					await sleep(200);
				}
				throw new Error(
					`Webhook ${method} ${url} was not registered within ${timeoutMs / 1000} s:\n${readTail(mainLog)}`,
				);
			},
			async activateWorkflow(workflowId) {
				await api('POST', `/workflows/${workflowId}/activate`);
			},
			listExecutions,
			async waitForExecutions(workflowId, count, { timeoutMs = 60_000 } = {}) {
				const deadline = Date.now() + timeoutMs;
				let executions: N8nExecution[] = [];
				while (Date.now() < deadline) {
					executions = await listExecutions(workflowId);
					const done = executions.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
					if (done.length >= count) return done;
					await sleep(300);
				}
				throw new Error(
					`Expected ${count} finished execution(s) of workflow ${workflowId} within ${timeoutMs / 1000} s, ` +
						`got ${executions.length}: ${JSON.stringify(executions.map((execution) => execution.status))}`,
				);
			},
			api,
			rest,
			logs: () =>
				logFiles()
					.map((file) => fs.readFileSync(file, 'utf8'))
					.join('\n'),
			logOf: (role) => {
				const { logFile } = byRole(role);
				return fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
			},
			processes: () =>
				managed.map((process) => ({
					role: process.role,
					pid: process.child?.pid,
					running: isRunning(process),
					starts: process.starts,
				})),
			async kill(role, signal = 'SIGKILL') {
				const process = byRole(role);
				const child = process.child;
				if (!child || !isRunning(process) || child.pid === undefined) return;
				const exited = new Promise((resolve) => child.once('exit', resolve));
				const tree = [child.pid, ...descendantPids(child.pid)];
				for (const pid of tree) {
					try {
						globalThis.process.kill(pid, signal);
					} catch {
						// Already gone.
					}
				}
				await exited;
				// Task runners that outlived their parent (a SIGTERM lets n8n stop them itself).
				if (signal === 'SIGKILL') {
					for (const pid of tree.slice(1)) {
						try {
							globalThis.process.kill(pid, 'SIGKILL');
						} catch {
							// Already gone.
						}
					}
				}
			},
			async start(role) {
				const process = byRole(role);
				if (isRunning(process)) throw new Error(`n8n process "${role}" is still running`);
				launch(process);
				await waitUntilReady(process);
			},
			async restart(role) {
				const process = byRole(role);
				await stopN8n(process.child);
				launch(process);
				await waitUntilReady(process);
			},
			rssBytes(role = 'main') {
				const pid = byRole(role).child?.pid;
				if (pid === undefined) return 0;
				return [pid, ...descendantPids(pid)].reduce((sum, each) => sum + processRssBytes(each), 0);
			},
			stop,
		};
	} catch (error: unknown) {
		const logs = logFiles()
			.map((file) => `[${path.basename(file)}]\n${readTail(file)}`)
			.join('\n');
		await stop();
		const message = error instanceof Error ? error.message : String(error);
		throw new Error(logs ? `${message}\n--- n8n log ---\n${logs}` : message, { cause: error });
	}
}
