// @ts-check
// This package, packed as npm would publish it, installed into an n8n user folder the way n8n installs a
// community package, so that n8n loads exactly what users get.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { readJson, sha256, writeJson } = require('./files');
const { PACKAGE_NAME, REPO_ROOT } = require('./layout');
const { NPM_QUIET_FLAGS, logToStdout, run } = require('./process');

/** @typedef {import('./process').Log} Log */

/** Records the hash of the installed tarball in `<home>/.n8n/nodes`, so that an unchanged package is not reinstalled. */
const INSTALLED_PACKAGE_MARKER = '.stripe-chat-channel-package.json';

/**
 * Packs the built package (run `npm run build` first) and installs it into `<homeDir>/.n8n/nodes`, where n8n loads
 * community packages from. Skipped when the packed content is unchanged since the last install.
 * `--legacy-peer-deps` keeps a second `n8n-workflow` out: n8n resolves the peer dependency to its own copy.
 * @param {string} homeDir
 * @param {{ log?: Log }} [options]
 * @returns {Promise<boolean>} whether the package was (re)installed; n8n must be restarted to load it.
 */
async function installPackage(homeDir, { log = logToStdout } = {}) {
	const nodesDir = path.join(homeDir, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-chat-channel-pack-'));
	try {
		const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], {
			cwd: REPO_ROOT,
		});
		/** @type {Array<{ filename: string }>} */
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
		await run('npm', ['install', '--legacy-peer-deps', '--ignore-scripts', ...NPM_QUIET_FLAGS, `./${localTarball}`], {
			cwd: nodesDir,
		});
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

module.exports = { installPackage };
