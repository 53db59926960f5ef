/**
 * The one node pattern (docs/ARCHITECTURE.md, "Node pattern"): every `nodes/<Node>/<Node>.node.ts` is a short
 * manifest (the class, its description from ./description, methods that only delegate), no node imports another
 * node's folder (shared n8n glue lives in nodes/shared), and the trigger decisions in src/triggers stay free of n8n.
 * Also what n8n's linter checks only when a description is written inside the class: the description's name
 * matches the node file, and its light and dark icons exist and differ.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { INodeType } from 'n8n-workflow';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const NODES_DIR = path.join(ROOT, 'nodes');
const MAX_MANIFEST_LINES = 60;

const NODE_NAMES = fs
	.readdirSync(NODES_DIR, { withFileTypes: true })
	.filter((entry) => entry.isDirectory() && entry.name !== 'shared')
	.map((entry) => entry.name)
	.sort();

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

function importsOf(file: string): string[] {
	return ts
		.preProcessFile(fs.readFileSync(file, 'utf8'), true, true)
		.importedFiles.map((imported) => imported.fileName);
}

function manifestLines(node: string): number {
	return fs
		.readFileSync(path.join(NODES_DIR, node, `${node}.node.ts`), 'utf8')
		.trimEnd()
		.split('\n').length;
}

/** The other nodes' folders a node's files import from. */
function foreignImports(node: string): string[] {
	return sourceFiles(path.join(NODES_DIR, node)).flatMap((file) =>
		importsOf(file)
			.filter((specifier) => specifier.startsWith('.'))
			.map((specifier) => path.relative(NODES_DIR, path.resolve(path.dirname(file), specifier)))
			.filter((target) => !target.startsWith('..'))
			.filter((target) => {
				const folder = target.split(path.sep)[0];
				return folder !== node && folder !== 'shared';
			})
			.map((target) => `${path.relative(ROOT, file)} → nodes/${target}`),
	);
}

describe('the one node pattern', () => {
	it('finds the nodes', () => {
		expect(NODE_NAMES.length).toBeGreaterThanOrEqual(8);
	});

	it.each(NODE_NAMES)(`%s.node.ts is a manifest of at most ${MAX_MANIFEST_LINES} lines`, (node) => {
		expect(manifestLines(node)).toBeLessThanOrEqual(MAX_MANIFEST_LINES);
	});

	it.each(NODE_NAMES)("%s imports no other node's folder", (node) => {
		expect(foreignImports(node)).toEqual([]);
	});

	it.each(NODE_NAMES)('%s: its description names the node file and has two icons that exist', (node) => {
		const loaded = jest.requireActual(path.join(NODES_DIR, node, `${node}.node.ts`)) as Record<
			string,
			new () => INodeType
		>;
		const { description } = new loaded[node]();
		expect(description.name).toBe(node.charAt(0).toLowerCase() + node.slice(1));
		const icon = description.icon as { light: string; dark: string };
		expect(icon.light).not.toBe(icon.dark);
		for (const file of [icon.light, icon.dark]) {
			expect(file).toMatch(/^file:/);
			expect(fs.existsSync(path.join(NODES_DIR, node, file.slice('file:'.length)))).toBe(true);
		}
	});

	// For a version-1 webhook node n8n evaluates an expression of its own on every request, which costs a V8 isolate
	// (nodes/shared/webhookTriggerVersions.ts); new nodes must get the version it reads without one.
	it.each(NODE_NAMES)('%s: a webhook trigger adds itself in a version above 1, and still runs version 1', (node) => {
		const loaded = jest.requireActual(path.join(NODES_DIR, node, `${node}.node.ts`)) as Record<
			string,
			new () => INodeType
		>;
		const { description } = new loaded[node]();
		if (!description.webhooks?.length) return;
		expect(description.defaultVersion).toBeGreaterThan(1);
		expect(description.version).toEqual(expect.arrayContaining([1, description.defaultVersion]));
	});
});

describe('the trigger decisions', () => {
	const files = sourceFiles(path.join(ROOT, 'src/triggers'));

	it.each(files.map((file) => path.relative(ROOT, file)))('%s imports neither n8n nor a node', (file) => {
		const imports = importsOf(path.join(ROOT, file));
		expect(imports.filter((specifier) => /^n8n-|\/nodes\//.test(specifier))).toEqual([]);
	});
});
