#!/usr/bin/env node
// Runs bench/n8nBench.ts without a build step: TypeScript files are transpiled on require (no type check here;
// `npm run bench:n8n` type-checks them first with bench/tsconfig.json). Nothing of this reaches dist/.
'use strict';

const fs = require('node:fs');
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

require('./n8nBench.ts')
	.main()
	.then((code) => {
		process.exitCode = code;
	})
	.catch((error) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exitCode = 2;
	});
