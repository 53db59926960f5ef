/**
 * The core stays framework-free and I/O-free (pure functions with an injected clock; docs/ARCHITECTURE.md,
 * "The flow"): it imports only `node:crypto` and its own files. Checked twice: statically over the sources, and by
 * loading every core module in this jest project, where `n8n-workflow` and `n8n-core` are mapped to a module that
 * throws (jest.config.js).
 */
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

const CORE_DIR = path.resolve(__dirname, '../../src/core');
const FORBIDDEN = ['n8n-workflow', 'n8n-core', '@slack/web-api', 'stripe'];
const ALLOWED_PACKAGES = ['node:crypto'];

function sourceFiles(dir: string): string[] {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) => {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) return sourceFiles(full);
			return /\.(?:ts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
		})
		.sort();
}

/** Every module a file loads (static and dynamic imports, re-exports, require), as TypeScript itself sees them. */
function specifiersOf(source: string): string[] {
	return ts.preProcessFile(source, true, true).importedFiles.map((imported) => imported.fileName);
}

/** The package a bare specifier names: `stripe/lib/x` → `stripe`, `@slack/web-api/dist` → `@slack/web-api`. */
function packageOf(specifier: string): string {
	const parts = specifier.split('/');
	return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const FILES = sourceFiles(CORE_DIR).map((file) => path.relative(CORE_DIR, file));

describe('the import scanner', () => {
	it.each([
		['an import', "import { IExecuteFunctions } from 'n8n-workflow';", ['n8n-workflow']],
		['a type import', "import type { WebClient } from '@slack/web-api';", ['@slack/web-api']],
		['a default import', 'import Stripe from "stripe";', ['stripe']],
		['a require of a deep path', "const x = require('stripe/lib/stripe.core');", ['stripe/lib/stripe.core']],
		['a dynamic import', "const y = await import('n8n-core');", ['n8n-core']],
		[
			'a re-export and a side-effect import',
			"export { x } from './x';\nimport './side-effect';",
			['./x', './side-effect'],
		],
		['a comment and a string that mention "from"', "// moved from 'parent' in basil\nconst from = 'payments';", []],
		['node:crypto', "import { createHmac } from 'node:crypto';", ['node:crypto']],
	])('finds the modules loaded by %s', (_case, source, expected) => {
		expect(specifiersOf(source)).toEqual(expected);
	});

	it.each([
		['stripe/lib/x', 'stripe'],
		['@slack/web-api/dist/index', '@slack/web-api'],
		['n8n-workflow', 'n8n-workflow'],
	])('names the package of %p: %p', (specifier, name) => {
		expect(packageOf(specifier)).toBe(name);
	});
});

describe('src/core imports', () => {
	it('has core files to check', () => {
		expect(FILES.length).toBeGreaterThan(10);
	});

	it.each(FILES)('%s imports no framework, SDK or I/O module', (file) => {
		const source = fs.readFileSync(path.join(CORE_DIR, file), 'utf8');
		const bare = specifiersOf(source).filter((specifier) => !specifier.startsWith('.'));
		const forbidden = bare.filter((specifier) => FORBIDDEN.includes(packageOf(specifier)));
		expect({ file, forbidden }).toEqual({ file, forbidden: [] });
		const other = bare.filter((specifier) => !ALLOWED_PACKAGES.includes(specifier));
		expect({ file, notAllowed: other }).toEqual({ file, notAllowed: [] });
	});

	it.each(FILES)('%s imports only files inside src/core', (file) => {
		const source = fs.readFileSync(path.join(CORE_DIR, file), 'utf8');
		const outside = specifiersOf(source)
			.filter((specifier) => specifier.startsWith('.'))
			.filter((specifier) => {
				const target = path.resolve(path.dirname(path.join(CORE_DIR, file)), specifier);
				return path.relative(CORE_DIR, target).startsWith('..');
			});
		expect({ file, outside }).toEqual({ file, outside: [] });
	});
});

describe('loading the core in a project where n8n-workflow throws', () => {
	it('has the trap armed', () => {
		expect(() => jest.requireActual('n8n-workflow')).toThrow(/must not import n8n-workflow/);
		expect(() => jest.requireActual('n8n-core')).toThrow(/must not import n8n-workflow or n8n-core/);
	});

	it.each(FILES.filter((file) => file.endsWith('.ts')))('loads %s', (file) => {
		jest.isolateModules(() => {
			expect(() => jest.requireActual(path.join(CORE_DIR, file))).not.toThrow();
		});
	});
});
