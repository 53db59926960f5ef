#!/usr/bin/env node
// @ts-check
// `npm test`: jest on a Node that has `node:sqlite` (22.13+), the Node n8n 2.x itself runs on, so that the
// embedded state store is tested for real. On an older Node (this machine's is 20) it uses the pinned runtime's
// Node 24 (.n8n-runtime, the same one `npm start` installs once).
'use strict';

const childProcess = require('node:child_process');
const path = require('node:path');

const { ensureRuntime } = require('./runtime/install');
const { NODE_BIN } = require('./runtime/layout');

const JEST = path.join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
// A variable, not a literal: @types/node 20 declares no `node:sqlite`, and the type check would look for it.
const NODE_SQLITE = 'node:sqlite';

function hasNodeSqlite() {
	try {
		require(NODE_SQLITE);
		return true;
	} catch {
		return false;
	}
}

/** @param {string[]} args */
async function main(args) {
	let node = process.execPath;
	if (!hasNodeSqlite()) {
		await ensureRuntime();
		node = NODE_BIN;
		process.stdout.write(`Node ${process.versions.node} has no node:sqlite; running the tests on ${node}\n`);
	}
	const child = childProcess.spawn(node, [JEST, ...args], { stdio: 'inherit' });
	child.on('exit', (code, signal) => {
		process.exitCode = code ?? (signal ? 1 : 0);
	});
}

main(process.argv.slice(2)).catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
