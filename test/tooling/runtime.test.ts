/**
 * The n8n runtime module (scripts/runtime/) does nothing when it is loaded: `npm test`, `npm start` and the test
 * harnesses require it, and only starting a long-running process may register the hook that kills what is left.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { findPackageLoadError } from '../../scripts/runtime/packageTypes';
import { cleanEnv, run, startLongRunning, stopLongRunning } from '../../scripts/runtime/process';

const runtimeDir = path.resolve(__dirname, '../../scripts/runtime');
const runtimeFiles = fs
	.readdirSync(runtimeDir)
	.filter((name) => name.endsWith('.js'))
	.map((name) => path.join(runtimeDir, name));

/** The process listeners of a fresh Node process after it required `files`. */
async function listenersAfterRequiring(files: string[]): Promise<Record<string, number>> {
	const script = `
		for (const file of ${JSON.stringify(files)}) require(file);
		const events = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection'];
		process.stdout.write(JSON.stringify(Object.fromEntries(events.map((event) => [event, process.listenerCount(event)]))));`;
	const { stdout } = await run(process.execPath, ['-e', script]);
	return JSON.parse(stdout) as Record<string, number>;
}

describe('the n8n runtime module', () => {
	it('registers no process listener when its files are loaded', async () => {
		expect(runtimeFiles.length).toBeGreaterThan(0);
		expect(await listenersAfterRequiring(runtimeFiles)).toEqual(await listenersAfterRequiring([]));
	});

	it('registers the exit hook once, when it starts its first long-running process', async () => {
		const exitListeners = process.listenerCount('exit');
		const start = () =>
			startLongRunning(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { cwd: runtimeDir, env: process.env });
		const first = start();
		const second = start();
		try {
			expect(process.listenerCount('exit')).toBe(exitListeners + 1);
		} finally {
			await stopLongRunning(first, { graceMs: 5_000 });
			await stopLongRunning(second, { graceMs: 5_000 });
		}
		expect(first.signalCode).toBe('SIGTERM');
		expect(second.signalCode).toBe('SIGTERM');
	});

	it('keeps npm configuration and jest markers out of child environments, but not the network settings', () => {
		const env = cleanEnv({
			PATH: '/usr/bin',
			npm_config_ignore_scripts: 'true',
			npm_package_name: 'n8n-nodes-stripe-chat-channel',
			npm_config_registry: 'https://registry.example.test/',
			npm_config_https_proxy: 'http://proxy.example.test:3128',
			NODE_ENV: 'test',
			JEST_WORKER_ID: '1',
			NODE_OPTIONS: '--inspect',
		});
		expect(env).toEqual({
			PATH: '/usr/bin',
			npm_config_registry: 'https://registry.example.test/',
			npm_config_https_proxy: 'http://proxy.example.test:3128',
		});
	});

	it("finds n8n's reason for not loading the package in its log", () => {
		const log = [
			'Initializing n8n process',
			'Failed to load package "n8n-nodes-stripe-chat-channel"',
			"  Cannot find module 'stripe'",
			'Editor is now accessible',
		].join('\n');
		expect(findPackageLoadError(log, 'n8n-nodes-stripe-chat-channel')).toBe("Cannot find module 'stripe'");
		expect(findPackageLoadError('Editor is now accessible', 'n8n-nodes-stripe-chat-channel')).toBeUndefined();
	});
});
