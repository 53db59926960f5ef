import { closeEmbeddedStores, defaultEmbeddedStorePath, openEmbeddedStore } from './embeddedStore';
import { closeRedisStores, openRedisStore, REDIS_KEY_PREFIX } from './redisStore';
import type { RedisConnectionSettings } from './redisStore';
import { StateStoreError } from '../core/state/stateStore';
import type { StateStore, StateStoreKind } from '../core/state/stateStore';

export { defaultEmbeddedStorePath, n8nUserFolder } from './embeddedStore';
export type { RedisConnectionSettings } from './redisStore';

/**
 * Environment an admin may set (read where the store is opened, like n8n's own settings):
 * - `STRIPE_CHAT_CHANNEL_STATE_FILE`: the embedded store's file (default `<n8n user folder>/stripe-chat-channel/state.sqlite`);
 * - `STRIPE_CHAT_CHANNEL_REDIS_PREFIX`: the Redis key prefix (default `stripe-chat-channel:`), for several n8n
 *   installations on one Redis.
 */
export const STATE_FILE_ENV = 'STRIPE_CHAT_CHANNEL_STATE_FILE';
export const REDIS_PREFIX_ENV = 'STRIPE_CHAT_CHANNEL_REDIS_PREFIX';

/**
 * How n8n runs when executions may run in more than one process: queue mode (workers) or multi-main. Then only a
 * shared server keeps state consistent, and the embedded file (one per machine) must not be used.
 * @returns a description for error messages, or undefined for one n8n instance.
 */
export function scaledModeOf(env: NodeJS.ProcessEnv = process.env): string | undefined {
	if (env.EXECUTIONS_MODE === 'queue') return 'queue mode (EXECUTIONS_MODE=queue)';
	if (env.N8N_MULTI_MAIN_SETUP_ENABLED === 'true') return 'multi-main mode (N8N_MULTI_MAIN_SETUP_ENABLED=true)';
	return undefined;
}

export interface OpenStateStoreInput {
	kind: StateStoreKind;
	/** n8n's `redis` credential, for `kind: 'redis'`. */
	redis?: RedisConnectionSettings;
	env?: NodeJS.ProcessEnv;
}

/**
 * Opens the store a node is set to use.
 * @throws StateStoreError when it cannot be used here (embedded in queue mode, Node without `node:sqlite`,
 * unreachable Redis), with what to change.
 */
export async function openStateStore(input: OpenStateStoreInput): Promise<StateStore> {
	const env = input.env ?? process.env;
	if (input.kind === 'redis') {
		if (!input.redis) {
			throw new StateStoreError(
				'The Redis state store needs a Redis credential.',
				"Choose n8n's Redis credential in the node.",
			);
		}
		return await openRedisStore(input.redis, { keyPrefix: env[REDIS_PREFIX_ENV] || REDIS_KEY_PREFIX });
	}
	const scaled = scaledModeOf(env);
	if (scaled) {
		throw new StateStoreError(
			`The embedded state store cannot be used in n8n's ${scaled}.`,
			'Executions run in several processes there, and each would keep its own file, so repeats, counts and threads ' +
				'would not be shared. Set "State Store" to Redis and choose a Redis credential for the Redis that n8n ' +
				'already uses for its queue (QUEUE_BULL_REDIS_HOST).',
		);
	}
	return openEmbeddedStore({ path: env[STATE_FILE_ENV] || defaultEmbeddedStorePath(env) });
}

/** Closes every store connection of this process (tests and the CLI). */
export async function closeStateStores(): Promise<void> {
	closeEmbeddedStores();
	await closeRedisStores();
}
