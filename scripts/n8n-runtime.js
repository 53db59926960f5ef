#!/usr/bin/env node
// @ts-check
// The pinned n8n runtime (scripts/runtime/) from the command line, for a look into the instance `npm start` runs.
'use strict';

const path = require('node:path');

const { n8nEnv } = require('./runtime/env');
const { ensureRuntime } = require('./runtime/install');
const { installPackage } = require('./runtime/packageInstall');
const { logToStdout } = require('./runtime/process');
const { runN8nCli } = require('./runtime/server');
const { importWorkflows } = require('./runtime/templates');

const USAGE = `Usage: node scripts/n8n-runtime.js <command>
  ensure                        install the pinned n8n runtime into .n8n-runtime/ (once)
  install-package <home>        pack this package and install it into <home>/.n8n/nodes
  import-workflows <home>       import workflows/*.json into the n8n of <home>
  n8n <home> <args...>          run an n8n CLI command against <home>, e.g. n8n .n8n-home list:workflow`;

/** @param {string[]} argv */
async function main([command, homeArg, ...rest]) {
	const homeDir = homeArg ? path.resolve(homeArg) : undefined;
	if (command === 'ensure') return void (await ensureRuntime());
	if (!homeDir) throw new Error(USAGE);
	await ensureRuntime();
	if (command === 'install-package') {
		const installed = await installPackage(homeDir);
		return logToStdout(installed ? 'Installed.' : 'Already up to date.');
	}
	if (command === 'import-workflows') {
		const imported = await importWorkflows(homeDir);
		return logToStdout(`Imported ${imported.length} workflow(s): ${imported.map((item) => item.name).join(', ')}`);
	}
	if (command === 'n8n') {
		const { stdout, stderr } = await runN8nCli(rest, n8nEnv({ homeDir }));
		process.stdout.write(stdout);
		return void process.stderr.write(stderr);
	}
	throw new Error(USAGE);
}

main(process.argv.slice(2)).catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
