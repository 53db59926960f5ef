// @ts-check
// What n8n should load from this package, and why it could not: the node and credential types the build declares,
// and the load error n8n logs (n8n still starts, without the package's nodes).
'use strict';

const { PACKAGE_NAME, REPO_ROOT } = require('./layout');
const { CommandFailedError, run } = require('./process');

/**
 * Why n8n could not load this package, from its log, or undefined.
 * n8n logs `Failed to load package "<name>"` followed by the error message.
 * @param {string} logText
 * @param {string} [packageName]
 * @returns {string | undefined}
 */
function findPackageLoadError(logText, packageName = PACKAGE_NAME) {
	const lines = logText.split('\n');
	const index = lines.findIndex((line) => line.includes(`Failed to load package "${packageName}"`));
	if (index === -1) return undefined;
	return lines[index + 1]?.trim() || lines[index].trim();
}

/**
 * The node and credential types the built package declares in package.json (`n8n.nodes`, `n8n.credentials`), as
 * n8n will name them: `<package>.<node name>` (plus `<package>.<node name>Tool`, which n8n derives for AI agents
 * from a node with `usableAsTool: true`) and the plain credential `name`. The build is loaded in a separate Node
 * process, so its module-level code cannot block or pollute the caller.
 * @param {string} [packageDir]
 * @returns {Promise<{ nodeTypes: string[], credentialTypes: string[] }>}
 */
async function readDeclaredTypes(packageDir = REPO_ROOT) {
	const script = `
		const path = require('node:path');
		const { n8n } = require(path.resolve('package.json'));
		const load = (file) => {
			const className = path.basename(file).split('.')[0];
			const exported = require(path.resolve(file))[className];
			if (typeof exported !== 'function') throw new Error(file + ' does not export a class named ' + className);
			return new exported();
		};
		process.stdout.write(JSON.stringify({
			nodes: (n8n.nodes ?? []).map(load).map(({ description }) => ({ name: description.name, usableAsTool: description.usableAsTool === true })),
			credentials: (n8n.credentials ?? []).map(load).map(({ name }) => name),
		}));`;
	/** @type {{ nodes: Array<{ name: string, usableAsTool: boolean }>, credentials: string[] }} */
	let declared;
	try {
		const { stdout } = await run(process.execPath, ['-e', script], { cwd: packageDir, timeoutMs: 60_000 });
		declared = JSON.parse(stdout);
	} catch (error) {
		const reason = String(error instanceof CommandFailedError ? error.stderr : '')
			.split('\n')
			.find((line) => /^\w*Error\b/.test(line));
		const message = error instanceof Error ? error.message : String(error);
		throw new Error(`Could not load the built nodes and credentials (run npm run build first): ${reason ?? message}`);
	}
	return {
		nodeTypes: declared.nodes.flatMap(({ name, usableAsTool }) => {
			const type = `${PACKAGE_NAME}.${name}`;
			return usableAsTool ? [type, `${type}Tool`] : [type];
		}),
		credentialTypes: declared.credentials,
	};
}

module.exports = { findPackageLoadError, readDeclaredTypes };
