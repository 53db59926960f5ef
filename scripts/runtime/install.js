// @ts-check
// The pinned runtime itself: Node 24 and n8n installed once into `.n8n-runtime/`, guarded by a lock so that two
// processes (two test runs, or git worktrees sharing the folder) never install into it at once.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { withNode24OnPath } = require('./env');
const { readJson, writeJson } = require('./files');
const { N8N_BIN, NODE_BIN, RUNTIME_DIR } = require('./layout');
const { NPM_QUIET_FLAGS, cleanEnv, isProcessAlive, logToStdout, run, sleep } = require('./process');

/** @typedef {import('./process').Log} Log */
/** @typedef {{ node: string, n8n: string, nodeVersion: string, n8nVersion: string }} InstalledRuntime */

const NODE_SPEC = 'node@24';
// 2.41.x does not resolve from the registry (a dependency version is missing); 2.40.7 does.
const N8N_SPEC = 'n8n@2.40.7';
/** Written last by an install, so that its presence with the current pins means the install is complete. */
const RUNTIME_MARKER = path.join(RUNTIME_DIR, 'runtime.json');
const INSTALL_LOG = path.join(RUNTIME_DIR, 'install.log');
const INSTALL_LOCK = path.join(RUNTIME_DIR, 'install.lock');
/** An install takes about 5 minutes; a second process waits this long for it. */
const INSTALL_LOCK_WAIT_MS = 20 * 60_000;

/**
 * Whether `marker` (the content of `.n8n-runtime/runtime.json`) records an install of the current pins whose
 * binaries are still there.
 * @param {unknown} marker
 * @returns {marker is InstalledRuntime}
 */
function isInstalled(marker) {
	if (typeof marker !== 'object' || marker === null) return false;
	const { node, n8n } = /** @type {Partial<InstalledRuntime>} */ (marker);
	return node === NODE_SPEC && n8n === N8N_SPEC && fs.existsSync(NODE_BIN) && fs.existsSync(N8N_BIN);
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

/**
 * Runs `work` while holding the lock file inside the runtime folder: two processes installing into one folder at
 * once leave a broken runtime behind. A lock whose process is gone is taken over.
 * @template T
 * @param {Log} log
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
async function withInstallLock(log, work) {
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	const deadline = Date.now() + INSTALL_LOCK_WAIT_MS;
	let announced = false;
	for (;;) {
		try {
			fs.writeFileSync(INSTALL_LOCK, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
			const holder = Number(fs.readFileSync(INSTALL_LOCK, 'utf8'));
			if (!holder || !isProcessAlive(holder)) {
				fs.rmSync(INSTALL_LOCK, { force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`Another process (${holder}) is still installing the n8n runtime`);
			if (!announced) log(`Waiting for another process (${holder}) that is installing the n8n runtime ...`);
			announced = true;
			await sleep(2_000);
		}
	}
	try {
		return await work();
	} finally {
		fs.rmSync(INSTALL_LOCK, { force: true });
	}
}

/**
 * Installs Node 24 and n8n into `.n8n-runtime/` once; later calls return at once while the marker matches the pins.
 * @param {{ log?: Log }} [options]
 * @returns {Promise<InstalledRuntime>}
 */
async function ensureRuntime({ log = logToStdout } = {}) {
	const marker = readJson(RUNTIME_MARKER);
	if (isInstalled(marker)) return marker;
	return await withInstallLock(log, async () => {
		// Another process may have finished the install while this one waited.
		const installedMeanwhile = readJson(RUNTIME_MARKER);
		return isInstalled(installedMeanwhile) ? installedMeanwhile : await installRuntime(log);
	});
}

/**
 * n8n installs with `--ignore-scripts` (an install script of `@confluentinc/kafka-javascript` downloads zlib from
 * the internet), then only the two native modules n8n needs are built, for Node 24.
 * @param {Log} log
 * @returns {Promise<InstalledRuntime>}
 */
async function installRuntime(log) {
	fs.mkdirSync(RUNTIME_DIR, { recursive: true });
	fs.rmSync(RUNTIME_MARKER, { force: true });
	// Its own package.json makes npm treat this folder as the project, so the repo's .npmrc does not apply here.
	writeJson(path.join(RUNTIME_DIR, 'package.json'), { name: 'stripe-chat-channel-n8n-runtime', private: true });
	fs.writeFileSync(INSTALL_LOG, `Runtime install started ${new Date().toISOString()}\n`);
	const started = Date.now();
	const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

	log(`Installing a local n8n runtime (${N8N_SPEC} on ${NODE_SPEC}) into ${RUNTIME_DIR}`);
	log('  This happens once and takes about 5 minutes; details go to .n8n-runtime/install.log');
	log(`  [1/3] Downloading ${NODE_SPEC} and ${N8N_SPEC} ...`);
	await run('npm', ['install', '--save-exact', '--ignore-scripts', ...NPM_QUIET_FLAGS, NODE_SPEC, N8N_SPEC], {
		cwd: RUNTIME_DIR,
		logFile: INSTALL_LOG,
	});

	log(`  [2/3] Unpacking the Node 24 binary ... (${elapsed()})`);
	// `node@24` fetches its platform binary in a preinstall script, so that one script has to run.
	await run('npm', ['rebuild', 'node', '--ignore-scripts=false', ...NPM_QUIET_FLAGS], {
		cwd: RUNTIME_DIR,
		logFile: INSTALL_LOG,
	});
	const { stdout: nodeVersion } = await run(NODE_BIN, ['--version'], { cwd: RUNTIME_DIR });
	if (!nodeVersion.startsWith('v24.')) throw new Error(`Expected Node 24 in ${NODE_BIN}, got ${nodeVersion.trim()}`);

	log(`  [3/3] Building sqlite3 and isolated-vm for Node ${nodeVersion.trim()} (about 2 minutes) ... (${elapsed()})`);
	const headers = findNode24Headers();
	// An explicit nodedir wins over a user-level `nodedir` (often the system Node's headers) in ~/.npmrc.
	const nodedirFlag = headers ? [`--nodedir=${headers}`] : [];
	await run(
		'npm',
		['rebuild', 'sqlite3', 'isolated-vm', '--ignore-scripts=false', ...nodedirFlag, ...NPM_QUIET_FLAGS],
		{
			cwd: RUNTIME_DIR,
			env: withNode24OnPath(cleanEnv()),
			logFile: INSTALL_LOG,
		},
	);
	const { stdout: n8nVersion } = await run(NODE_BIN, [N8N_BIN, '--version'], {
		cwd: RUNTIME_DIR,
		env: withNode24OnPath(cleanEnv()),
	});

	/** @type {InstalledRuntime} */
	const installed = { node: NODE_SPEC, n8n: N8N_SPEC, nodeVersion: nodeVersion.trim(), n8nVersion: n8nVersion.trim() };
	writeJson(RUNTIME_MARKER, installed);
	log(`  Runtime ready: n8n ${installed.n8nVersion} on Node ${installed.nodeVersion} (${elapsed()})`);
	return installed;
}

module.exports = { ensureRuntime };
