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
			// The only override pins a dev-only tool (eslint's import resolver) to a version whose platform builds all
			// exist on the registry this project installs from, so `npm ci` works; overrides never reach users.
			'@n8n/community-nodes/no-overrides-field': 'off',
		},
	},
	{
		// The core, the SDK adapters and the CLI never import n8n (docs/ARCHITECTURE.md, "The flow"): they throw their
		// own typed errors, and the node files translate them into NodeApiError / NodeOperationError at the edge.
		files: ['src/**/*.ts', 'test/**/*.ts'],
		rules: {
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	{
		// A Teams or Google Chat webhook URL has no request that tests it without posting into the channel, so these
		// credentials have no test (their descriptions say so). The URL carries the webhook's own key, so it is a secret.
		files: ['credentials/StripeChatTeamsApi.credentials.ts', 'credentials/StripeChatGoogleChatApi.credentials.ts'],
		rules: {
			'@n8n/community-nodes/credential-test-required': 'off',
			'@n8n/community-nodes/credential-unnecessary-password': 'off',
		},
	},
	{
		// Tests sign real payloads with made-up secrets; none of them is a credential.
		files: ['test/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
		},
	},
	{
		// A Slack app has exactly one Interactivity URL, set by the admin in the app's settings; Slack has no API to
		// register it. A Meta app has one Callback URL per product, also set in the app dashboard; registering it
		// through the API would take the URL away from other workflows sharing the app. Neither trigger has a
		// webhook lifecycle to implement.
		files: [
			'nodes/ChatInteractionTrigger/ChatInteractionTrigger.node.ts',
			'nodes/MetaMessagingTrigger/MetaMessagingTrigger.node.ts',
		],
		rules: {
			'@n8n/community-nodes/webhook-lifecycle-complete': 'off',
		},
	},
	{
		// The Redis state store uses n8n's own `redis` credential (the one n8n's Redis node uses), so that an admin
		// running queue mode reuses the Redis connection n8n already has instead of typing it into a look-alike.
		// It only ever reaches the Redis client in src/state/redisStore.ts, never a log or an output.
		files: [
			'nodes/MetaMessaging/description.ts',
			'nodes/PaymentAlert/description.ts',
			'nodes/StripeEventTrigger/description.ts',
			'nodes/StripeAction/description.ts',
			'nodes/StripeChatSlack/description.ts',
			'nodes/StripeChatTeams/description.ts',
			'nodes/StripeChatGoogleChat/description.ts',
			'nodes/StripeChatDiscord/description.ts',
			'nodes/StripeChatDiscordTrigger/description.ts',
			'nodes/StripeChatTelegram/description.ts',
			'nodes/StripeChatTelegramTrigger/description.ts',
			'nodes/StripeWebhookHealth/description.ts',
		],
		rules: {
			'@n8n/community-nodes/no-credential-reuse': 'off',
			'@n8n/community-nodes/valid-credential-references': 'off',
			'n8n-nodes-base/node-class-description-credentials-name-unsuffixed': 'off',
		},
	},
	{
		// The one node pattern (docs/ARCHITECTURE.md, "Node pattern"): a node's description is in its description.ts
		// and the class in <Node>.node.ts only points at it. These two rules read the description from the class file
		// only; test/nodes/nodeShape.test.ts checks instead that each description's name matches its node file and
		// that its icons exist and differ.
		files: ['nodes/*/*.node.ts', 'nodes/*/description.ts'],
		rules: {
			'@n8n/community-nodes/icon-validation': 'off',
			'n8n-nodes-base/node-filename-against-convention': 'off',
		},
	},
];
