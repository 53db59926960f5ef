// @ts-check
// Child processes for the runtime: the environment they get, commands run to completion, and long-running processes
// (n8n) that are stopped gracefully and never outlive the process that started them.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');

const { REPO_ROOT } = require('./layout');

/** @typedef {Record<string, string | undefined>} Env */
/** @typedef {(line: string) => void} Log */
/** @typedef {import('node:child_process').ChildProcess} ChildProcess */

/** For every npm command the runtime runs: no audit, funding or update messages in its output or network. */
const NPM_QUIET_FLAGS = ['--no-audit', '--no-fund', '--no-update-notifier'];

/** @type {Log} */
const logToStdout = (line) => void process.stdout.write(`${line}\n`);

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The environment for npm and n8n child processes. `npm run` exports its own configuration as `npm_config_*`
 * (including this repo's `ignore-scripts=true`) and package metadata; none of that may leak into the runtime's
 * installs or into n8n. Registry, cache and proxy settings stay so that a user's network setup keeps working.
 * @param {Env} [base]
 * @returns {Env}
 */
function cleanEnv(base = process.env) {
	const kept =
		/^npm_config_(registry|cache|userconfig|globalconfig|https?_proxy|proxy|noproxy|no_proxy|strict_ssl|cafile|ca)$/i;
	/** @type {Env} */
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

/** A command that exited with a non-zero code or a signal; keeps what it printed for the caller to explain. */
class CommandFailedError extends Error {
	/**
	 * @param {string} message
	 * @param {string} stdout
	 * @param {string} stderr
	 */
	constructor(message, stdout, stderr) {
		super(message);
		this.name = 'CommandFailedError';
		this.stdout = stdout;
		this.stderr = stderr;
	}
}

/**
 * Runs a command to completion; output goes to `logFile` (appended) or is collected.
 * Rejects with a CommandFailedError on a non-zero exit.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Env, logFile?: string, timeoutMs?: number }} [options]
 * @returns {Promise<{ stdout: string, stderr: string }>}
 */
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
			const outcome = signal ?? `exit code ${code}`;
			reject(new CommandFailedError(`${command} ${args.join(' ')} failed (${outcome}): ${detail}`, stdout, stderr));
		});
	});
}

/** @param {number} pid */
function isProcessAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Long-running processes started here and not stopped yet, killed if this process exits without stopping them. */
/** @type {Set<ChildProcess>} */
const runningChildren = new Set();
/** Children that lead a process group of their own (with the task runners n8n spawns). */
/** @type {WeakSet<ChildProcess>} */
const groupLeaders = new WeakSet();
let exitHookRegistered = false;

/**
 * @param {ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
function killTree(child, signal) {
	if (child.pid === undefined) return;
	try {
		process.kill(groupLeaders.has(child) ? -child.pid : child.pid, signal);
	} catch {
		// Already gone.
	}
}

/**
 * Starts a long-running process. Output goes to `logFile` when given, else is discarded. With `ownProcessGroup`
 * the child leads a process group of its own, so that a terminal's Ctrl+C reaches only this process and a final
 * SIGKILL also reaches the child's own children. The first start registers the exit hook that kills what is left.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: Env, logFile?: string, ownProcessGroup?: boolean }} options
 * @returns {ChildProcess}
 */
function startLongRunning(command, args, { cwd, env, logFile, ownProcessGroup = false }) {
	if (!exitHookRegistered) {
		exitHookRegistered = true;
		process.on('exit', () => {
			for (const child of runningChildren) killTree(child, 'SIGKILL');
		});
	}
	const logFd = logFile ? fs.openSync(logFile, 'a') : undefined;
	const child = childProcess.spawn(command, args, {
		cwd,
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

/**
 * SIGTERM (graceful shutdown), then SIGKILL (to its process group, if it has one) after `graceMs`.
 * @param {ChildProcess | undefined} child
 * @param {{ graceMs: number }} options
 */
async function stopLongRunning(child, { graceMs }) {
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
	// Grandchildren left behind by a child that was killed.
	if (groupLeaders.has(child)) killTree(child, 'SIGKILL');
	runningChildren.delete(child);
}

module.exports = {
	NPM_QUIET_FLAGS,
	CommandFailedError,
	cleanEnv,
	isProcessAlive,
	logToStdout,
	run,
	sleep,
	startLongRunning,
	stopLongRunning,
};
