/**
 * Three projects: `core` forbids `n8n-workflow` (the core and the state stores stay framework-free),
 * `nodes` runs the n8n adapters, the CLI and workflow-level tests with the real n8n packages, `tooling` checks the
 * package build and the n8n runtime for `npm start` and the end-to-end tests (scripts/runtime/).
 * ts-jest only transpiles here; `npm run build` (tsc) is the type check.
 */
const transform = {
	'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
};

module.exports = {
	projects: [
		{
			displayName: 'core',
			testEnvironment: 'node',
			transform,
			testMatch: [
				'<rootDir>/test/core/**/*.test.ts',
				'<rootDir>/test/state/**/*.test.ts',
				'<rootDir>/test/platforms/**/*.test.ts',
			],
			moduleNameMapper: {
				'^n8n-workflow$': '<rootDir>/test/support/forbidden-n8n-workflow.js',
				'^n8n-core$': '<rootDir>/test/support/forbidden-n8n-workflow.js',
			},
		},
		{
			displayName: 'nodes',
			testEnvironment: 'node',
			transform,
			setupFilesAfterEnv: ['<rootDir>/test/support/isolatedStateStore.js'],
			testMatch: ['<rootDir>/test/nodes/**/*.test.ts', '<rootDir>/test/cli/**/*.test.ts'],
		},
		{
			displayName: 'tooling',
			testEnvironment: 'node',
			transform,
			testMatch: ['<rootDir>/test/tooling/**/*.test.ts'],
		},
	],
};
