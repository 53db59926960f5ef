/**
 * End-to-end tests against a real n8n (test/support/realN8n.ts), run by `npm run test:e2e`; they need `npm run build` first.
 * Kept out of the default `npm test`: the first run installs n8n (about 5 minutes) and each test file starts
 * n8n processes, so files run one at a time.
 */
module.exports = {
	displayName: 'e2e',
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	maxWorkers: 1,
	testTimeout: 120_000,
};
