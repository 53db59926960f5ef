#!/usr/bin/env node
// @ts-check
// tsc emits only JavaScript; n8n also loads each node's codex (.node.json) and icons (.svg) from dist.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const ASSET = /\.(svg|png|node\.json)$/;

/** @param {string} relativeDir */
function copyAssets(relativeDir) {
	const from = path.join(root, relativeDir);
	if (!fs.existsSync(from)) return;
	for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
		const rel = path.join(relativeDir, entry.name);
		if (entry.isDirectory()) copyAssets(rel);
		else if (ASSET.test(entry.name)) {
			fs.mkdirSync(path.join(root, 'dist', relativeDir), { recursive: true });
			fs.copyFileSync(path.join(root, rel), path.join(root, 'dist', rel));
		}
	}
}

copyAssets('nodes');
copyAssets('credentials');
