import { globalIgnores } from 'eslint/config';
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	globalIgnores(['dist', 'coverage', '.n8n-runtime', '.n8n-home']),
	...configWithoutCloudSupport,
	{
		// This package deliberately depends on the official `stripe` and `@slack/web-api` SDKs (product brief),
		// which rules out n8n Cloud; self-hosted n8n installs runtime dependencies with the package.
		files: ['package.json'],
		rules: {
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
];
