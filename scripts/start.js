#!/usr/bin/env node
// @ts-check
// `npm start`: a local n8n (SQLite, data in .n8n-home/) with this package installed and the templates imported.
// The first run installs the runtime (about 5 minutes); later runs start in seconds.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { n8nEnv } = require('./runtime/env');
const { ensureRuntime } = require('./runtime/install');
const { PACKAGE_NAME, REPO_ROOT } = require('./runtime/layout');
const { installPackage } = require('./runtime/packageInstall');
const { findPackageLoadError } = require('./runtime/packageTypes');
const { isPortInUse } = require('./runtime/ports');
const { startN8n, stopN8n, waitReady } = require('./runtime/server');
const { importWorkflows, listWorkflowTemplates } = require('./runtime/templates');

const HOME_DIR = path.join(REPO_ROOT, '.n8n-home');
const LOG_FILE = path.join(HOME_DIR, 'n8n.log');
const BUILD_INPUTS = [
	'nodes',
	'credentials',
	'src',
	'package.json',
	'tsconfig.json',
	'tsconfig.build.json',
	'scripts/copy-assets.js',
];

/** @param {string} [line] */
const say = (line = '') => void process.stdout.write(`${line}\n`);

/**
 * @param {string} target
 * @returns {number}
 */
function newestMtime(target) {
	if (!fs.existsSync(target)) return 0;
	const stat = fs.statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return fs
		.readdirSync(target)
		.reduce((newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

/** Builds when dist/ is missing or a source is newer than everything in it. */
async function ensureBuilt() {
	const distMtime = newestMtime(path.join(REPO_ROOT, 'dist'));
	const sourceMtime = Math.max(...BUILD_INPUTS.map((input) => newestMtime(path.join(REPO_ROOT, input))));
	if (distMtime > 0 && distMtime >= sourceMtime) return;
	say('Building the package (npm run build) ...');
	const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error('The build failed; fix the errors above and run `npm start` again.');
}

/**
 * @param {string} file
 * @param {number} lines
 */
function tail(file, lines) {
	if (!fs.existsSync(file)) return '';
	return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** @param {{ url: string, imported: unknown[], seconds: number }} summary */
function printNextSteps({ url, imported, seconds }) {
	const templates = listWorkflowTemplates();
	say();
	say(`n8n is running at ${url}  (ready in ${seconds} s)`);
	say();
	say('Next steps:');
	say(`  1. Open ${url} in your browser. On the first start, create the owner account`);
	say('     (it stays on this computer, in .n8n-home/).');
	if (templates.length > 0) {
		say(`  2. Open "Overview" > "Workflows": the Stripe Chat Channel templates are there, switched off:`);
		for (const template of templates) say(`       - ${template.workflow.name ?? template.name}`);
		if (imported.length > 0) say(`     (${imported.length} imported or updated on this start)`);
	} else {
		say('  2. No workflow templates in workflows/ yet: add the Stripe Chat Channel nodes to a new workflow.');
	}
	say('  3. In the workflow, open the Stripe and Slack nodes and create their credentials:');
	say('     the Stripe webhook signing secret and API key, the Slack bot token and signing secret.');
	say("  4. Publish the workflow, then point your Stripe webhook endpoint at the trigger's production URL.");
	say();
	say(`Stop n8n with Ctrl+C. The n8n log is ${path.relative(process.cwd(), LOG_FILE) || LOG_FILE}.`);
}

async function main() {
	const startedAt = Date.now();
	const port = Number(process.env.N8N_PORT ?? 5678);
	if (!Number.isInteger(port) || port <= 0 || port > 65535)
		throw new Error(`N8N_PORT must be a port number, got "${process.env.N8N_PORT}".`);
	if (await isPortInUse(port)) {
		throw new Error(
			`Port ${port} is already in use (another n8n?). Stop it, or choose another port: N8N_PORT=5700 npm start`,
		);
	}

	await ensureRuntime();
	await ensureBuilt();
	fs.mkdirSync(HOME_DIR, { recursive: true });
	if (await installPackage(HOME_DIR)) say('Package installed.');

	const env = n8nEnv({ homeDir: HOME_DIR, port });
	const imported = await importWorkflows(HOME_DIR, { env, onlyChanged: true });
	if (imported.length > 0) say(`Imported ${imported.length} workflow template(s).`);

	say(`Starting n8n on port ${port} ...`);
	fs.appendFileSync(LOG_FILE, `\n---- npm start ${new Date().toISOString()} ----\n`);
	const logOffset = fs.statSync(LOG_FILE).size;
	const child = startN8n(env, { logFile: LOG_FILE, ownProcessGroup: true });

	let stopping = false;
	/** @param {NodeJS.Signals} signal */
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		say(`\n${signal} received, stopping n8n ...`);
		await stopN8n(child);
		say('n8n stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
	child.on('exit', (code, signal) => {
		if (stopping) return;
		process.stderr.write(`\nn8n stopped unexpectedly (${signal ?? `exit code ${code}`}). Last lines of ${LOG_FILE}:\n`);
		process.stderr.write(`${tail(LOG_FILE, 30)}\n`);
		process.exit(1);
	});

	await waitReady(port, { child });
	const loadError = findPackageLoadError(fs.readFileSync(LOG_FILE).subarray(logOffset).toString('utf8'));
	printNextSteps({
		url: `http://localhost:${port}`,
		imported,
		seconds: Math.round((Date.now() - startedAt) / 100) / 10,
	});
	if (loadError) {
		say();
		say(`WARNING: n8n could not load ${PACKAGE_NAME}, so its nodes are missing from the editor:`);
		say(`  ${loadError}`);
		say('  Fix the cause, stop n8n and run `npm start` again (it rebuilds and reinstalls the package).');
	}
}

main().catch((error) => {
	process.stderr.write(`\nnpm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
	if (fs.existsSync(LOG_FILE)) process.stderr.write(`The n8n log is ${LOG_FILE}.\n`);
	process.exit(1);
});
