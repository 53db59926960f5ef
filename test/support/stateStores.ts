import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { StateStore } from '../../src/core/state/stateStore';
import { openEmbeddedStore } from '../../src/state/embeddedStore';
import { openRedisStore } from '../../src/state/redisStore';

/** The machine's Redis (every machine of this project and CI run one; see README "Development"). */
export const TEST_REDIS = { host: '127.0.0.1', port: 6379 };

/** Whether this Node has `node:sqlite` (22.13+; n8n 2.x runs on 24): the embedded store needs it. */
export function hasNodeSqlite(): boolean {
	return process.getBuiltinModule?.('node:sqlite') !== undefined;
}

export interface StoreEngine {
	name: 'embedded' | 'redis';
	/** A fresh, empty store of this engine (its own file or its own key prefix). */
	open(options?: { now?: () => number }): Promise<StateStore>;
}

const embedded: StoreEngine = {
	name: 'embedded',
	async open(options = {}) {
		const dir = mkdtempSync(join(tmpdir(), 'scc-state-'));
		return openEmbeddedStore({ path: join(dir, 'state.sqlite'), now: options.now });
	},
};

const redis: StoreEngine = {
	name: 'redis',
	async open() {
		return await openRedisStore(TEST_REDIS, { keyPrefix: `scc-test:${randomUUID()}:` });
	},
};

/**
 * Every engine this Node can run. `npm test` runs on Node 24 (scripts/test.js), where both are here; a plain
 * `npx jest` on Node 20 runs the Redis engine only and says so.
 */
export function storeEngines(): StoreEngine[] {
	if (hasNodeSqlite()) return [embedded, redis];
	process.stderr.write('node:sqlite is missing on this Node: the embedded store is not tested here (use npm test)\n');
	return [redis];
}
