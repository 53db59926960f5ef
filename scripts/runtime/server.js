// @ts-check
// Running n8n from the runtime: one-shot CLI commands, and the server (or a worker) started, awaited until ready and
// stopped.
'use strict';

const { N8N_BIN, NODE_BIN, REPO_ROOT } = require('./layout');
const { run, sleep, startLongRunning, stopLongRunning } = require('./process');

/** @typedef {import('./process').Env} Env */
/** @typedef {import('./process').ChildProcess} ChildProcess */

const CLI_TIMEOUT_SECONDS = 120;
const STOP_GRACE_MS = 15_000;

/**
 * Runs one n8n CLI command (e.g. `['import:workflow', '--input=x.json']`) and resolves with its output.
 * It is killed with SIGKILL after `timeoutSeconds`: a CLI call once hung at 99 % CPU and ignored SIGTERM.
 * @param {string[]} args
 * @param {Env} env
 * @param {{ timeoutSeconds?: number }} [options]
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
 * @param {Env} env
 * @param {{ args?: string[], logFile?: string, ownProcessGroup?: boolean }} [options]
 * @returns {ChildProcess}
 */
function startN8n(env, { args = ['start'], logFile, ownProcessGroup = false } = {}) {
	return startLongRunning(NODE_BIN, [N8N_BIN, ...args], {
		cwd: env.N8N_USER_FOLDER ?? REPO_ROOT,
		env,
		logFile,
		ownProcessGroup,
	});
}

/**
 * Waits until n8n answers `/healthz/readiness` (database migrated, server up); `/healthz` answers too early.
 * Rejects when `child` exits first or after `timeoutMs`.
 * @param {number} port
 * @param {{ child?: ChildProcess, timeoutMs?: number, host?: string }} [options]
 * @returns {Promise<void>}
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

/**
 * SIGTERM to n8n (graceful shutdown), then SIGKILL (to its process group, if it has one) after `graceMs`.
 * @param {ChildProcess | undefined} child
 * @param {{ graceMs?: number }} [options]
 * @returns {Promise<void>}
 */
async function stopN8n(child, { graceMs = STOP_GRACE_MS } = {}) {
	await stopLongRunning(child, { graceMs });
}

module.exports = { runN8nCli, startN8n, stopN8n, waitReady };
