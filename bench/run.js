#!/usr/bin/env node
// Runs one benchmark (`node bench/run.js render.bench.ts`, `node bench/run.js n8nBench.ts`) without a build step:
// TypeScript files are transpiled on require (no type check here; `npm run bench` and `npm run bench:n8n` type-check
// them first with bench/tsconfig.json). A benchmark exports `main()`, which returns (or resolves to) the exit code.
// Nothing of this reaches dist/.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2022,
			esModuleInterop: true,
			resolveJsonModule: true,
			sourceMap: false,
		},
	});
	module._compile(outputText, filename);
};

const [benchmark] = process.argv.slice(2);
if (!benchmark) {
	process.stderr.write('Usage: node bench/run.js <benchmark file in bench/, e.g. render.bench.ts>\n');
	process.exit(2);
}

Promise.resolve()
	.then(() => require(path.join(__dirname, benchmark)).main())
	.then((code) => {
		process.exitCode = code;
	})
	.catch((error) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exitCode = 2;
	});
