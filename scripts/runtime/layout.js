// @ts-check
// Where the pinned n8n runtime lives and what it runs. Everything is relative to this checkout, so each clone or
// git worktree has its own `.n8n-runtime/` (worktrees may share one through a symlink).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Ignored by git; `npm start`, `npm test` and the end-to-end tests install into it once and reuse it. */
const RUNTIME_DIR = path.join(REPO_ROOT, '.n8n-runtime');
const NODE_BIN_DIR = path.join(RUNTIME_DIR, 'node_modules', 'node', 'bin');
/** Node 24 from the npm package `node@24`: n8n 2.x refuses Node < 24, which many users (and CI) still run. */
const NODE_BIN = path.join(NODE_BIN_DIR, 'node');
const N8N_BIN = path.join(RUNTIME_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
/** @type {string} */
const PACKAGE_NAME = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).name;

module.exports = { REPO_ROOT, RUNTIME_DIR, NODE_BIN_DIR, NODE_BIN, N8N_BIN, PACKAGE_NAME };
