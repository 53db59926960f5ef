import { randomUUID } from 'node:crypto';

import { REDIS_PREFIX_ENV } from '../../src/state';
import { TEST_REDIS } from './stateStores';

/**
 * What a workflow test adds to a node so that it keeps its state in the machine's Redis (the store every test
 * machine has, on every Node): the parameter, the node's credential reference and the credential's data.
 */
export const REDIS_STATE_STORE = {
	parameters: { stateStore: 'redis' },
	nodeCredentials: { redis: { id: 'redis', name: 'Redis' } },
	credentials: { redis: { ...TEST_REDIS, database: 0 } },
};

/** Gives this test file keys of its own in Redis, so no earlier run and no other file is remembered. */
export function isolateRedisKeys(): void {
	process.env[REDIS_PREFIX_ENV] = `scc-test:${randomUUID()}:`;
}
