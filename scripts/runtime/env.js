// @ts-check
// The environment of the runtime's processes: Node 24 first on PATH, and n8n's settings for a local instance.
'use strict';

const path = require('node:path');

const { NODE_BIN, NODE_BIN_DIR } = require('./layout');
const { cleanEnv } = require('./process');

/** @typedef {import('./process').Env} Env */

// Local development and tests only: the CLI, the server and a queue worker must share one key.
const LOCAL_ENCRYPTION_KEY = 'stripe-chat-channel-local-development-key';

/**
 * `env` with the runtime's Node 24 first on PATH, for n8n and for native builds (node-gyp) that must target it.
 * @param {Env} env
 * @returns {Env}
 */
function withNode24OnPath(env) {
	return { ...env, PATH: `${NODE_BIN_DIR}${path.delimiter}${env.PATH ?? ''}`, NODE: NODE_BIN };
}

/**
 * The environment for every n8n process of one instance (server, worker, CLI). `N8N_USER_FOLDER` keeps n8n away
 * from the user's own `~/.n8n`; the telemetry and banner switches keep a local instance quiet and offline.
 * @see https://docs.n8n.io/hosting/configuration/environment-variables/
 * @param {{ homeDir: string, port?: number, runnersBrokerPort?: number, extra?: Env }} options
 * @returns {Env}
 */
function n8nEnv({ homeDir, port = 5678, runnersBrokerPort = port + 1, extra = {} }) {
	return withNode24OnPath({
		// n8n's lazy expression sandbox: an execution takes a V8 isolate only when an expression needs it. The
		// recommended production setting for this package (README, "Throughput"); a value set by the caller wins.
		N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
		...cleanEnv(),
		N8N_USER_FOLDER: homeDir,
		N8N_ENCRYPTION_KEY: LOCAL_ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: String(runnersBrokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// Polls api.n8n.io for MCP servers and logs a stack trace per attempt when offline.
		N8N_DISABLED_MODULES: 'mcp-registry',
		...extra,
	});
}

module.exports = { LOCAL_ENCRYPTION_KEY, n8nEnv, withNode24OnPath };
