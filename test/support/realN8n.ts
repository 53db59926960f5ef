/**
 * A real n8n 2.40.7 for end-to-end tests: its own temp home, a free port, this package installed from `npm pack`,
 * credentials and workflows imported through the n8n CLI, an owner and a public-API key created headlessly.
 * Optional queue mode: PostgreSQL + Redis on 127.0.0.1 with a database and a Bull prefix of its own, a main process
 * and one `n8n worker`. `stop()` removes everything it created. Requires `npm run build` before the tests.
 * @see /work/shared/reference/N8N-RUNTIME.md
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

import * as runtime from '../../scripts/n8n-runtime';

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
	/** PostgreSQL + Redis + one worker instead of SQLite in one process. */
	queueMode?: boolean;
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

export interface RealN8n {
	readonly baseUrl: string;
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
	/**
	 * Stops n8n (SIGTERM), runs `whileStopped`, and starts it again on the same port, database and user folder;
	 * resolves when it is ready again. Regular mode only.
	 */
	restart(whileStopped?: () => Promise<void>): Promise<void>;
	/** The n8n log of the main process (and the worker's, in queue mode), for failure messages. */
	logs(): string;
	stop(): Promise<void>;
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
	quit(): Promise<unknown>;
}

function requireFromRuntime<T>(moduleName: string): T {
	return createRequire(path.join(runtime.RUNTIME_DIR, 'package.json'))(moduleName) as T;
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

async function waitForLogLine(file: string, pattern: RegExp, child: ChildProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n worker exited before it was ready:\n${readTail(file)}`);
		}
		if (fs.existsSync(file) && pattern.test(fs.readFileSync(file, 'utf8'))) return;
		await sleep(250);
	}
	throw new Error(`n8n worker was not ready within ${timeoutMs / 1000} s:\n${readTail(file)}`);
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
	await runtime.ensureRuntime({ log: (line) => process.stderr.write(`${line}\n`) });
	const runId = `scc_e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
	const homeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-chat-channel-n8n-'));
	const mainLog = path.join(homeDir, 'n8n-main.log');
	const workerLog = path.join(homeDir, 'n8n-worker.log');
	const children: ChildProcess[] = [];
	let databaseCreated = false;
	let stopped = false;

	const stop = async () => {
		if (stopped) return;
		stopped = true;
		// Worker first, so that it does not pick up jobs from a main process that is shutting down.
		for (const child of [...children].reverse()) await runtime.stopN8n(child);
		if (options.queueMode) {
			if (databaseCreated)
				await withPostgres(async (client) => await client.query(`DROP DATABASE IF EXISTS "${runId}" WITH (FORCE)`));
			await deleteRedisKeys(runId);
		}
		fs.rmSync(homeDir, { recursive: true, force: true });
	};

	try {
		const port = await runtime.findFreePort();
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
		const env = runtime.n8nEnv({ homeDir, port, runnersBrokerPort: await runtime.findFreePort(), extra });

		if (options.queueMode) {
			await withPostgres(async (client) => await client.query(`CREATE DATABASE "${runId}"`));
			databaseCreated = true;
		}
		await runtime.installPackage(homeDir, { log: () => undefined });

		if (options.credentials?.length) {
			const credentialsFile = path.join(homeDir, 'credentials.json');
			fs.writeFileSync(credentialsFile, JSON.stringify(options.credentials));
			await runtime.runN8nCli(['import:credentials', `--input=${credentialsFile}`], env);
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
			const imported = await runtime.importWorkflows(homeDir, { env, dir: workflowsDir });
			workflowIds = imported.map((workflow) => workflow.id);
		}
		for (const id of options.publish ?? []) await runtime.runN8nCli(['publish:workflow', `--id=${id}`], env);

		const main = runtime.startN8n(env, { logFile: mainLog });
		children.push(main);
		if (options.queueMode) {
			const workerEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(await runtime.findFreePort()) };
			const worker = runtime.startN8n(workerEnv, { args: ['worker', '--concurrency=10'], logFile: workerLog });
			children.push(worker);
			await waitForLogLine(workerLog, /worker is now ready/i, worker, 180_000);
		}
		await runtime.waitReady(port, { child: main });

		const baseUrl = `http://127.0.0.1:${port}`;
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

		return {
			baseUrl,
			port,
			homeDir,
			apiKey,
			authCookie,
			workflowIds,
			webhookUrl: (webhookPath) => `${baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`,
			async waitForWebhook(webhookPath, { method = 'POST', timeoutMs = 30_000 } = {}) {
				const deadline = Date.now() + timeoutMs;
				const url = `${baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
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
			async restart(whileStopped) {
				if (options.queueMode) throw new Error('restart() is for regular mode');
				const running = children.pop();
				if (running) await runtime.stopN8n(running);
				await whileStopped?.();
				const again = runtime.startN8n(env, { logFile: mainLog });
				children.push(again);
				await runtime.waitReady(port, { child: again });
			},
			logs: () =>
				[mainLog, workerLog]
					.filter((file) => fs.existsSync(file))
					.map((file) => fs.readFileSync(file, 'utf8'))
					.join('\n'),
			stop,
		};
	} catch (error: unknown) {
		const logs = [mainLog, workerLog]
			.filter((file) => fs.existsSync(file))
			.map((file) => readTail(file))
			.join('\n');
		await stop();
		const message = error instanceof Error ? error.message : String(error);
		throw new Error(logs ? `${message}\n--- n8n log ---\n${logs}` : message, { cause: error });
	}
}
