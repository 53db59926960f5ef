import { createClient } from 'redis';

import { TEST_REDIS } from './stateStores';

/** Deletes every key under `prefix` in the machine's Redis, so a test file leaves nothing behind. */
export async function deleteRedisKeys(prefix: string): Promise<void> {
	const client = createClient({ socket: TEST_REDIS });
	await client.connect();
	try {
		for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
			if (keys.length > 0) await client.del(keys);
		}
	} finally {
		client.destroy();
	}
}
