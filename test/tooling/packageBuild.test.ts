/**
 * The published package is `dist/` (plus the workflow templates), and `dist/` is whatever `tsconfig.build.json`
 * compiles: benchmarks, tests and the development scripts must never be among its inputs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as ts from 'typescript';

const repoRoot = path.resolve(__dirname, '../..');

function buildInputs(): string[] {
	const parsed = ts.getParsedCommandLineOfConfigFile(path.join(repoRoot, 'tsconfig.build.json'), undefined, {
		...ts.sys,
		onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
			throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
		},
	});
	if (!parsed) throw new Error('tsconfig.build.json could not be read');
	return parsed.fileNames.map((file) => path.relative(repoRoot, file).split(path.sep).join('/'));
}

describe('the package build', () => {
	const inputs = buildInputs();

	it('compiles the nodes, the credentials and the runtime code under src/', () => {
		expect(inputs.some((file) => file.startsWith('nodes/'))).toBe(true);
		expect(inputs.some((file) => file.startsWith('credentials/'))).toBe(true);
		expect(inputs.some((file) => file.startsWith('src/'))).toBe(true);
		expect(inputs.filter((file) => !/^(nodes|credentials|src)\//.test(file))).toEqual([]);
	});

	it('compiles no benchmark, test or development script', () => {
		expect(inputs.filter((file) => /(^|\/)(bench|test|scripts)\//.test(file))).toEqual([]);
		expect(inputs.filter((file) => /\.(bench|test)\.ts$/.test(file))).toEqual([]);
	});

	it('publishes only dist/ and the workflow templates', () => {
		const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
		expect(manifest.files).toEqual(['dist', 'workflows']);
	});
});
