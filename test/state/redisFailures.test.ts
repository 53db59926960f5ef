/**
 * The Redis store when Redis accepts a command but does not answer in time (a paused or overloaded server, a
 * connection that went silent): the operation must fail within the command timeout with what to check, and an
 * event claim that Redis performs after the caller gave up must not keep the event locked.
 * Writes are paused with CLIENT PAUSE … WRITE for under a second, on the machine's shared Redis.
 */
import { randomUUID } from 'node:crypto';

import { createClient } from 'redis';

import { claimEvent, eventClaimKey } from '../../src/core/state/eventClaims';
import { StateStoreError } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { openRedisStore } from '../../src/state/redisStore';
import { TEST_REDIS } from '../support/stateStores';

const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

async function pauseRedisWrites(ms: number): Promise<void> {
	const admin = createClient({ socket: TEST_REDIS });
	await admin.connect();
	await admin.sendCommand(['CLIENT', 'PAUSE', String(ms), 'WRITE']);
	admin.destroy();
}

afterAll(async () => {
	await closeStateStores();
});

describe('Redis store when Redis does not answer', () => {
	it('fails an operation Redis does not answer within the command timeout, saying what to check', async () => {
		const store = await openRedisStore(TEST_REDIS, { keyPrefix: `scc-test:${randomUUID()}:`, commandTimeoutMs: 150 });
		await pauseRedisWrites(800);
		const startedAt = Date.now();
		const failure = await store.putIfAbsent('k', 'v', 60_000).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(Date.now() - startedAt).toBeLessThan(600);
		expect(failure).toBeInstanceOf(StateStoreError);
		expect((failure as StateStoreError).message).toContain('did not answer');
		await sleep(800);
	});

	it('leaves no claim behind when claiming an event timed out but Redis performed it later', async () => {
		const prefix = `scc-test:${randomUUID()}:`;
		const store = await openRedisStore(TEST_REDIS, { keyPrefix: prefix, commandTimeoutMs: 150 });
		await pauseRedisWrites(500);
		await expect(claimEvent({ store, scope: 'wf', eventId: 'evt_late', token: 'run-1' })).rejects.toBeInstanceOf(StateStoreError);
		await sleep(700);
		// The redelivery must be able to take the event, not find it "still being handled" until the lease runs out.
		expect(await store.get(eventClaimKey('wf', 'evt_late'))).toBeUndefined();
	});
});
