#!/usr/bin/env node
// A pinned, real n8n for `npm start` and the end-to-end tests, kept in the ignored folder `.n8n-runtime/`.
// n8n 2.x refuses Node < 24 while this machine (and many users) run Node 20, so the runtime brings its own
// Node 24 from the npm package `node@24`.
'use strict';

const childProcess = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const RUNTIME_DIR = path.join(REPO_ROOT, '.n8n-runtime');
const NODE_SPEC = 'node@24';
// 2.41.x does not resolve from the registry (a dependency version is missing); 2.40.7 does.
const N8N_SPEC = 'n8n@2.40.7';
const NODE_BIN_DIR = path.join(RUNTIME_DIR, 'node_modules', 'node', 'bin');
const NODE_BIN = path.join(NODE_BIN_DIR, 'node');
const N8N_BIN = path.join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const RUNTIME_MARKER = path.join(RUNTIME_DIR, 'runtime.json');
const INSTALL_LOG = path.join(RUNTIME_DIR, 'install.log');
const PACKAGE_NAME = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).name;
const INSTALLED_PACKAGE_MARKER = '.stripe-chat-channel-package.json';
const IMPORTED_WORKFLOWS_MARKER = '.stripe-chat-channel-workflows.json';
// Local development and tests only: the CLI, the server and a queue worker must share one key.
const LOCAL_ENCRYPTION_KEY = 'stripe-chat-channel-local-development-key';
const CLI_TIMEOUT_SECONDS = 120;
const STOP_GRACE_MS = 15_000;
/** An install takes about 5 minutes; a second process waits this long for it. */
const INSTALL_LOCK_WAIT_MS = 20 * 60_000;

const defaultLog = (line) => process.stdout.write(`${line}\n`);

/** Processes started by this module, killed if the parent exits without stopping them. */
const runningChildren = new Set();
/** Children that lead a process group of their own (with the task runners n8n spawns). */
const groupLeaders = new WeakSet();
process.on('exit', () => {
	for (const child of runningChildren) killTree(child, 'SIGKILL');
});

function killTree(child, signal) {
	try {
		process.kill(groupLeaders.has(child) ? -child.pid : child.pid, signal);
	} catch {
		// Already gone.
	}
}

/**
 * The environment for npm and n8n child processes. `npm run` exports its own configuration as `npm_config_*`
 * (including this repo's `ignore-scripts=true`) and package metadata; none of that may leak into the runtime's
 * installs or into n8n. Registry, cache and proxy settings stay so that a user's network setup keeps working.
 */
function cleanEnv(base = process.env) {
	const kept =
		/^npm_config_(registry|cache|userconfig|globalconfig|https?_proxy|proxy|noproxy|no_proxy|strict_ssl|cafile|ca)$/i;
	const env = {};
	for (const [key, value] of Object.entries(base)) {
		if (/^npm_/i.test(key) && !kept.test(key)) continue;
		if (key === 'INIT_CWD' || key === 'NODE' || key === 'NODE_OPTIONS') continue;
		// Set by jest: n8n then runs in its test mode (silent logger) and exits with code 1 before it is ready.
		if (key === 'NODE_ENV' || key === 'JEST_WORKER_ID') continue;
		env[key] = value;
	}
	return env;
}

function withNode24OnPath(env) {
	return { ...env, PATH: `${NODE_BIN_DIR}${path.delimiter}${env.PATH ?? ''}`, NODE: NODE_BIN };
}

/** Runs a command to completion; output goes to `logFile` (appended) or is collected. Rejects on a non-zero exit. */
function run(command, args, { cwd = REPO_ROOT, env = cleanEnv(), logFile, timeoutMs } = {}) {
	return new Promise((resolve, reject) => {
		const logFd = logFile ? fs.openSync(logFile, 'a') : undefined;
		if (logFd !== undefined) fs.writeSync(logFd, `\n$ ${command} ${args.join(' ')}  (in ${cwd})\n`);
		const child = childProcess.spawn(command, args, {
			cwd,
			env,
			stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'],
			timeout: timeoutMs,
			killSignal: 'SIGKILL',
		});
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk) => (stdout += chunk));
		child.stderr?.on('data', (chunk) => (stderr += chunk));
		child.on('error', (error) => {
			if (logFd !== undefined) fs.closeSync(logFd);
			reject(error);
		});
		child.on('close', (code, signal) => {
			if (logFd !== undefined) fs.closeSync(logFd);
			if (code === 0) return resolve({ stdout, stderr });
			const detail = logFile ? `see ${logFile}` : `${stderr || stdout}`.trim().split('\n').slice(-20).join('\n');
			const error = new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}): ${detail}`);
			error.stdout = stdout;
			error.stderr = stderr;
			reject(error);
		});
	});
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function writeJson(file, value) {
	fs.writeFileSync(file, `${JSON.stringify(value, null, '\t')}\n`);
}

function sha256(data) {
	return crypto.createHash('sha256').update(data).digest('hex');
}

/** The Node 24 headers shipped in the `node-<platform>-<arch>` package that `node@24` installs for itself. */
function findNode24Headers() {
	const platformPackage = path.join(
		RUNTIME_DIR,
		'node_modules',
		'node',
		'node_modules',
		`node-${process.platform}-${process.arch}`,
	);
	return fs.existsSync(path.join(platformPackage, 'include', 'node', 'node.h')) ? platformPackage : undefined;
}

function isInstalled(marker) {
	return (
		marker &&
		marker.node === NODE_SPEC &&
		marker.n8n === N8N_SPEC &&
		fs.existsSync(NODE_BIN) &&
		fs.existsSync(N8N_BIN)
	);
}

function isProcessAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Runs `work` while holding a lock file inside the runtime folder: two processes installing into one folder at
 * once (two test runs, or git worktrees sharing the folder) leave a broken runtime behind. A lock whose process is
 * gone is taken over.
 */
async function withInstallLock(log, work) {
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	const lock = path.join(RUNTIME_DIR, 'install.lock');
	const deadline = Date.now() + INSTALL_LOCK_WAIT_MS;
	let announced = false;
	for (;;) {
		try {
			fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const holder = Number(fs.readFileSync(lock, 'utf8'));
			if (!holder || !isProcessAlive(holder)) {
				fs.rmSync(lock, { force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`Another process (${holder}) is still installing the n8n runtime`);
			if (!announced) log(`Waiting for another process (${holder}) that is installing the n8n runtime ...`);
			announced = true;
			await new Promise((resolve) => setTimeout(resolve, 2_000));
		}
	}
	try {
		return await work();
	} finally {
		fs.rmSync(lock, { force: true });
	}
}

/**
 * Installs Node 24 and n8n into `.n8n-runtime/` once; later calls return at once while the marker matches the pins.
 * n8n installs with `--ignore-scripts` (an install script of `@confluentinc/kafka-javascript` downloads zlib from
 * the internet), then only the two native modules n8n needs are built, for Node 24.
 */
async function ensureRuntime({ log = defaultLog } = {}) {
	const marker = readJson(RUNTIME_MARKER);
	if (isInstalled(marker)) return marker;
	return await withInstallLock(log, async () => {
		// Another process may have finished the install while this one waited.
		const installedMeanwhile = readJson(RUNTIME_MARKER);
		return isInstalled(installedMeanwhile) ? installedMeanwhile : await installRuntime(log);
	});
}

async function installRuntime(log) {
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	fs.rmSync(RUNTIME_MARKER, { force: true });
	// Its own package.json makes npm treat this folder as the project, so the repo's .npmrc does not apply here.
	writeJson(path.join(RUNTIME_DIR, 'package.json'), { name: 'stripe-chat-channel-n8n-runtime', private: true });
	fs.writeFileSync(INSTALL_LOG, `Runtime install started ${new Date().toISOString()}\n`);
	const npmFlags = ['--no-audit', '--no-fund', '--no-update-notifier'];
	const started = Date.now();
	const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

	log(`Installing a local n8n runtime (${N8N_SPEC} on ${NODE_SPEC}) into ${RUNTIME_DIR}`);
	log('  This happens once and takes about 5 minutes; details go to .n8n-runtime/install.log');
	log(`  [1/3] Downloading ${NODE_SPEC} and ${N8N_SPEC} ...`);
	await run('npm', ['install', '--save-exact', '--ignore-scripts', ...npmFlags, NODE_SPEC, N8N_SPEC], {
		cwd: RUNTIME_DIR,
		logFile: INSTALL_LOG,
	});

	log(`  [2/3] Unpacking the Node 24 binary ... (${elapsed()})`);
	// `node@24` fetches its platform binary in a preinstall script, so that one script has to run.
	await run('npm', ['rebuild', 'node', '--ignore-scripts=false', ...npmFlags], {
		cwd: RUNTIME_DIR,
		logFile: INSTALL_LOG,
	});
	const { stdout: nodeVersion } = await run(NODE_BIN, ['--version'], { cwd: RUNTIME_DIR });
	if (!nodeVersion.startsWith('v24.')) throw new Error(`Expected Node 24 in ${NODE_BIN}, got ${nodeVersion.trim()}`);

	log(`  [3/3] Building sqlite3 and isolated-vm for Node ${nodeVersion.trim()} (about 2 minutes) ... (${elapsed()})`);
	const headers = findNode24Headers();
	// An explicit nodedir wins over a user-level `nodedir` (often the system Node's headers) in ~/.npmrc.
	const nodedirFlag = headers ? [`--nodedir=${headers}`] : [];
	await run('npm', ['rebuild', 'sqlite3', 'isolated-vm', '--ignore-scripts=false', ...nodedirFlag, ...npmFlags], {
		cwd: RUNTIME_DIR,
		env: withNode24OnPath(cleanEnv()),
		logFile: INSTALL_LOG,
	});
	const { stdout: n8nVersion } = await run(NODE_BIN, [N8N_BIN, '--version'], {
		cwd: RUNTIME_DIR,
		env: withNode24OnPath(cleanEnv()),
	});

	const installed = { node: NODE_SPEC, n8n: N8N_SPEC, nodeVersion: nodeVersion.trim(), n8nVersion: n8nVersion.trim() };
	writeJson(RUNTIME_MARKER, installed);
	log(`  Runtime ready: n8n ${installed.n8nVersion} on Node ${installed.nodeVersion} (${elapsed()})`);
	return installed;
}

/**
 * Packs the built package (run `npm run build` first) and installs it into `<homeDir>/.n8n/nodes`, where n8n loads
 * community packages from. Skipped when the packed content is unchanged since the last install.
 * `--legacy-peer-deps` keeps a second `n8n-workflow` out: n8n resolves the peer dependency to its own copy.
 * @returns {Promise<boolean>} whether the package was (re)installed; n8n must be restarted to load it.
 */
async function installPackage(homeDir, { log = defaultLog } = {}) {
	const nodesDir = path.join(homeDir, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-chat-channel-pack-'));
	try {
		const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], {
			cwd: REPO_ROOT,
		});
		const [{ filename }] = JSON.parse(stdout);
		const tarball = fs.readFileSync(path.join(packDir, filename));
		const hash = sha256(tarball);
		const markerFile = path.join(nodesDir, INSTALLED_PACKAGE_MARKER);
		const installedDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
		if (readJson(markerFile)?.sha256 === hash && fs.existsSync(path.join(installedDir, 'package.json'))) return false;

		log(`Installing ${PACKAGE_NAME} into ${nodesDir} ...`);
		const manifest = path.join(nodesDir, 'package.json');
		if (!fs.existsSync(manifest)) writeJson(manifest, { name: 'installed-nodes', private: true, dependencies: {} });
		// A new file name per content makes npm re-extract it; the same `file:` spec would count as already installed.
		const localTarball = `${PACKAGE_NAME}-${hash.slice(0, 12)}.tgz`;
		fs.writeFileSync(path.join(nodesDir, localTarball), tarball);
		await run(
			'npm',
			[
				'install',
				'--legacy-peer-deps',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--no-update-notifier',
				`./${localTarball}`,
			],
			{ cwd: nodesDir },
		);
		for (const entry of fs.readdirSync(nodesDir)) {
			if (entry.startsWith(`${PACKAGE_NAME}-`) && entry.endsWith('.tgz') && entry !== localTarball) {
				fs.rmSync(path.join(nodesDir, entry));
			}
		}
		writeJson(markerFile, { sha256: hash, installedAt: new Date().toISOString() });
		return true;
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}

/**
 * The environment for every n8n process of one instance (server, worker, CLI). `N8N_USER_FOLDER` keeps n8n away
 * from the user's own `~/.n8n`; the telemetry and banner switches keep a local instance quiet and offline.
 * @see https://docs.n8n.io/hosting/configuration/environment-variables/
 */
function n8nEnv({ homeDir, port = 5678, runnersBrokerPort = port + 1, extra = {} }) {
	return withNode24OnPath({
		...cleanEnv(),
		N8N_USER_FOLDER: homeDir,
		N8N_ENCRYPTION_KEY: LOCAL_ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: String(runnersBrokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// Polls api.n8n.io for MCP servers and logs a stack trace per attempt when offline.
		N8N_DISABLED_MODULES: 'mcp-registry',
		...extra,
	});
}

/**
 * Runs one n8n CLI command (e.g. `['import:workflow', '--input=x.json']`) and resolves with its output.
 * It is killed with SIGKILL after `timeoutSeconds`: a CLI call once hung at 99 % CPU and ignored SIGTERM.
 */
function runN8nCli(args, env, { timeoutSeconds = CLI_TIMEOUT_SECONDS } = {}) {
	return run('timeout', ['-s', 'KILL', String(timeoutSeconds), NODE_BIN, N8N_BIN, ...args], {
		cwd: env.N8N_USER_FOLDER ?? REPO_ROOT,
		env,
	});
}

/**
 * Starts `n8n start` (or another long-running command such as `['worker']`). Output goes to `logFile` when given,
 * else is discarded. With `ownProcessGroup` (for a caller that forwards signals itself, like `npm start`), a
 * terminal's Ctrl+C reaches only the caller, and a final SIGKILL also reaches the task runners n8n spawns; without
 * it (tests), Ctrl+C or a `timeout` on the test command reaches n8n directly, so no n8n outlives its test run.
 */
function startN8n(env, { args = ['start'], logFile, ownProcessGroup = false } = {}) {
	const logFd = logFile ? fs.openSync(logFile, 'a') : undefined;
	const child = childProcess.spawn(NODE_BIN, [N8N_BIN, ...args], {
		cwd: env.N8N_USER_FOLDER ?? REPO_ROOT,
		env,
		detached: ownProcessGroup,
		stdio: ['ignore', logFd ?? 'ignore', logFd ?? 'ignore'],
	});
	if (logFd !== undefined) fs.closeSync(logFd);
	if (ownProcessGroup) groupLeaders.add(child);
	runningChildren.add(child);
	child.once('exit', () => runningChildren.delete(child));
	return child;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until n8n answers `/healthz/readiness` (database migrated, server up); `/healthz` answers too early.
 * Rejects when `child` exits first or after `timeoutMs`.
 */
async function waitReady(port, { child, timeoutMs = 180_000, host = '127.0.0.1' } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child && child.exitCode !== null) throw new Error(`n8n exited with code ${child.exitCode} before it was ready`);
		if (child && child.signalCode !== null) throw new Error(`n8n was killed (${child.signalCode}) before it was ready`);
		try {
			const response = await fetch(`http://${host}:${port}/healthz/readiness`, { signal: AbortSignal.timeout(2_000) });
			if (response.ok) return;
		} catch {
			// Not listening yet.
		}
		await sleep(250);
	}
	throw new Error(`n8n on port ${port} was not ready within ${Math.round(timeoutMs / 1000)} s`);
}

/** SIGTERM to n8n (graceful shutdown), then SIGKILL (to its process group, if it has one) after `graceMs`. */
async function stopN8n(child, { graceMs = STOP_GRACE_MS } = {}) {
	if (!child || child.pid === undefined) return;
	const exited =
		child.exitCode !== null || child.signalCode !== null
			? Promise.resolve()
			: new Promise((resolve) => child.once('exit', resolve));
	if (child.exitCode === null && child.signalCode === null) {
		try {
			child.kill('SIGTERM');
		} catch {
			// Already gone.
		}
	}
	const timer = setTimeout(() => killTree(child, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
	// Task runners left behind by a main process that was killed.
	if (groupLeaders.has(child)) killTree(child, 'SIGKILL');
	runningChildren.delete(child);
}

/**
 * Why n8n could not load this package, from its log (n8n still starts, without the package's nodes), or undefined.
 * n8n logs `Failed to load package "<name>"` followed by the error message.
 */
function findPackageLoadError(logText, packageName = PACKAGE_NAME) {
	const lines = logText.split('\n');
	const index = lines.findIndex((line) => line.includes(`Failed to load package "${packageName}"`));
	if (index === -1) return undefined;
	return lines[index + 1]?.trim() || lines[index].trim();
}

/**
 * The node and credential types the built package declares in package.json (`n8n.nodes`, `n8n.credentials`), as
 * n8n will name them: `<package>.<node name>` (plus `<package>.<node name>Tool`, which n8n derives for AI agents
 * from a node with `usableAsTool: true`) and the plain credential `name`. The build is loaded in a separate Node
 * process, so its module-level code cannot block or pollute the caller.
 */
async function readDeclaredTypes(packageDir = REPO_ROOT) {
	const script = `
		const path = require('node:path');
		const { n8n } = require(path.resolve('package.json'));
		const load = (file) => {
			const className = path.basename(file).split('.')[0];
			const exported = require(path.resolve(file))[className];
			if (typeof exported !== 'function') throw new Error(file + ' does not export a class named ' + className);
			return new exported();
		};
		process.stdout.write(JSON.stringify({
			nodes: (n8n.nodes ?? []).map(load).map(({ description }) => ({ name: description.name, usableAsTool: description.usableAsTool === true })),
			credentials: (n8n.credentials ?? []).map(load).map(({ name }) => name),
		}));`;
	let declared;
	try {
		const { stdout } = await run(process.execPath, ['-e', script], { cwd: packageDir, timeoutMs: 60_000 });
		declared = JSON.parse(stdout);
	} catch (error) {
		const reason = String(error.stderr ?? '')
			.split('\n')
			.find((line) => /^\w*Error\b/.test(line));
		throw new Error(
			`Could not load the built nodes and credentials (run npm run build first): ${reason ?? error.message}`,
		);
	}
	return {
		nodeTypes: declared.nodes.flatMap(({ name, usableAsTool }) => {
			const type = `${PACKAGE_NAME}.${name}`;
			return usableAsTool ? [type, `${type}Tool`] : [type];
		}),
		credentialTypes: declared.credentials,
	};
}

/** A port that was free a moment ago on 127.0.0.1. */
function findFreePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether something already listens on 127.0.0.1:`port`. */
function isPortInUse(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(true));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
	});
}

/**
 * n8n workflow ids are 16 characters of [0-9A-Za-z]; a template without an id gets one derived from its file name,
 * so that importing it again updates the same workflow instead of adding a copy.
 */
function stableWorkflowId(fileName) {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const digest = crypto.createHash('sha256').update(`stripe-chat-channel/${fileName}`).digest();
	return Array.from(digest.subarray(0, 16), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** The workflow templates in `dir`: JSON files holding one workflow object (with a `nodes` array). */
function listWorkflowTemplates(dir = path.join(REPO_ROOT, 'workflows')) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.flatMap((name) => {
			const file = path.join(dir, name);
			const text = fs.readFileSync(file, 'utf8');
			let workflow;
			try {
				workflow = JSON.parse(text);
			} catch {
				return [];
			}
			const isWorkflow = workflow !== null && typeof workflow === 'object' && Array.isArray(workflow.nodes);
			return isWorkflow ? [{ name, file, workflow, sha256: sha256(text) }] : [];
		});
}

/**
 * Imports the workflow templates (`workflows/*.json` by default) with n8n stopped. With `onlyChanged`, files whose
 * content was already imported into this home are skipped. Workflows arrive inactive.
 * @returns {Promise<Array<{name: string, id: string}>>} the imported templates
 */
async function importWorkflows(homeDir, { env = n8nEnv({ homeDir }), dir, onlyChanged = false } = {}) {
	const markerFile = path.join(homeDir, '.n8n', IMPORTED_WORKFLOWS_MARKER);
	const imported = (onlyChanged && readJson(markerFile)) || {};
	const templates = listWorkflowTemplates(dir).filter((template) => imported[template.name] !== template.sha256);
	if (templates.length === 0) return [];
	const stagingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-chat-channel-workflows-'));
	try {
		const result = templates.map((template) => {
			const workflow = { ...template.workflow, id: template.workflow.id ?? stableWorkflowId(template.name) };
			fs.writeFileSync(path.join(stagingDir, template.name), JSON.stringify(workflow));
			return { name: template.name, id: workflow.id };
		});
		await runN8nCli(['import:workflow', '--separate', `--input=${stagingDir}`], env);
		fs.mkdirSync(path.dirname(markerFile), { recursive: true });
		const updated = { ...readJson(markerFile) };
		for (const template of templates) updated[template.name] = template.sha256;
		writeJson(markerFile, updated);
		return result;
	} finally {
		fs.rmSync(stagingDir, { recursive: true, force: true });
	}
}

module.exports = {
	REPO_ROOT,
	RUNTIME_DIR,
	NODE_BIN,
	N8N_BIN,
	PACKAGE_NAME,
	LOCAL_ENCRYPTION_KEY,
	cleanEnv,
	ensureRuntime,
	installPackage,
	n8nEnv,
	runN8nCli,
	startN8n,
	waitReady,
	stopN8n,
	findFreePort,
	isPortInUse,
	findPackageLoadError,
	readDeclaredTypes,
	listWorkflowTemplates,
	importWorkflows,
};

const USAGE = `Usage: node scripts/n8n-runtime.js <command>
  ensure                        install the pinned n8n runtime into .n8n-runtime/ (once)
  install-package <home>        pack this package and install it into <home>/.n8n/nodes
  import-workflows <home>       import workflows/*.json into the n8n of <home>
  n8n <home> <args...>          run an n8n CLI command against <home>, e.g. n8n .n8n-home list:workflow`;

async function main([command, homeArg, ...rest]) {
	const homeDir = homeArg ? path.resolve(homeArg) : undefined;
	if (command === 'ensure') return void (await ensureRuntime());
	if (!homeDir) throw new Error(USAGE);
	await ensureRuntime();
	if (command === 'install-package') {
		const installed = await installPackage(homeDir);
		return defaultLog(installed ? 'Installed.' : 'Already up to date.');
	}
	if (command === 'import-workflows') {
		const imported = await importWorkflows(homeDir);
		return defaultLog(`Imported ${imported.length} workflow(s): ${imported.map((item) => item.name).join(', ')}`);
	}
	if (command === 'n8n') {
		const { stdout, stderr } = await runN8nCli(rest, n8nEnv({ homeDir }));
		process.stdout.write(stdout);
		return void process.stderr.write(stderr);
	}
	throw new Error(USAGE);
}

if (require.main === module) {
	main(process.argv.slice(2)).catch((error) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	});
}
