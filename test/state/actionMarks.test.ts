/**
 * "Already done" marks on every store engine (embedded SQLite file, Redis): one click acts, every other click on
 * the same button meets the mark, also when they all arrive at once.
 */
import { randomUUID } from 'node:crypto';

import { describeEarlierAction } from '../../src/core/actionOutcome';
import { slackPlatform } from '../../src/platforms/slack/platform';
import { claimAction, completeAction, releaseAction } from '../../src/core/state/actionMarks';
import type { ActionClaim } from '../../src/core/state/actionMarks';
import type { StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { storeEngines } from '../support/stateStores';

const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));
const AT = Date.parse('2026-12-02T10:32:00Z');

type Claimed = Extract<ActionClaim, { status: 'claimed' }>;

function claimed(claim: ActionClaim): Claimed {
	if (claim.status !== 'claimed') throw new Error(`expected a claim, got ${claim.status}`);
	return claim;
}

afterAll(async () => {
	await closeStateStores();
});

describe.each(storeEngines())('action marks on the $name store', (engine) => {
	let store: StateStore;
	beforeEach(async () => {
		store = await engine.open();
	});

	const click = (userId: string, timing = {}) =>
		claimAction({ store, buttonKey: 'scc-refund-pi_1', userId, token: randomUUID(), timing, now: () => AT });

	it('lets the first click act, shows a second clicker who is at it, then who did it and when', async () => {
		const alice = claimed(await click('U0ALICE'));
		expect(await click('U0BOB')).toMatchObject({ status: 'pending', userId: 'U0ALICE', at: new Date(AT) });

		expect(await completeAction(store, alice, { now: () => AT + 5_000 })).toBe(true);
		expect(await click('U0BOB')).toMatchObject({ status: 'done', userId: 'U0ALICE', at: new Date(AT + 5_000) });
		expect(await click('U0ALICE')).toMatchObject({ status: 'done', userId: 'U0ALICE' });
	});

	it('gives the button back when the action failed, so it can be clicked again', async () => {
		const alice = claimed(await click('U0ALICE'));
		await releaseAction(store, alice);
		const bob = claimed(await click('U0BOB'));
		expect(await completeAction(store, bob)).toBe(true);
		expect(await click('U0CAROL')).toMatchObject({ status: 'done', userId: 'U0BOB' });
	});

	it('keeps a lease that ran out from being completed or released by its old owner', async () => {
		const slow = claimed(await click('U0ALICE', { leaseMs: 30 }));
		await sleep(80);
		const bob = claimed(await click('U0BOB'));
		expect(await completeAction(store, slow)).toBe(false);
		await releaseAction(store, slow);
		expect(await click('U0CAROL')).toMatchObject({ status: 'pending', userId: 'U0BOB' });
		expect(await completeAction(store, bob)).toBe(true);
	});

	it('forgets a done mark after its keeping time', async () => {
		expect(await completeAction(store, claimed(await click('U0ALICE')), { timing: { keepMs: 30 } })).toBe(true);
		await sleep(80);
		expect((await click('U0BOB')).status).toBe('claimed');
	});

	it('lets exactly one of many simultaneous clicks act', async () => {
		const claims = await Promise.all(Array.from({ length: 25 }, (_, index) => click(`U0USER${index}`)));
		expect(claims.filter((claim) => claim.status === 'claimed')).toHaveLength(1);
		const winner = claims.find((claim) => claim.status === 'claimed') as Claimed;
		const others = claims.filter((claim) => claim !== winner);
		expect(new Set(others.map((claim) => (claim as { userId?: string }).userId)).size).toBe(1);
	});

	it('refuses a click when the mark cannot be read', async () => {
		await store.put('action:scc-refund-pi_1', 'not a mark', 60_000);
		expect((await click('U0BOB')).status).toBe('pending');
	});
});

describe('describeEarlierAction', () => {
	it.each([
		[
			{ state: 'done', userId: 'U0ALICE' },
			':information_source: Already done: Refund created by <@U0ALICE> at <!date^1796207520^{date_short_pretty} at {time}|2 Dec 2026, 10:32 UTC>. Nothing was done again.',
		],
		[
			{ state: 'pending', userId: 'U0ALICE' },
			':hourglass_flowing_sand: <@U0ALICE> is doing this right now (Refund, since <!date^1796207520^{time}|10:32 UTC>). Nothing else was done.',
		],
		[
			{ state: 'pending', userId: '<!channel>' },
			':hourglass_flowing_sand: Someone is doing this right now (Refund, since <!date^1796207520^{time}|10:32 UTC>). Nothing else was done.',
		],
	] as const)('says %j', (earlier, text) => {
		expect(describeEarlierAction({ action: 'refund.create', at: new Date(AT), ...earlier }, slackPlatform.voice)).toBe(
			text,
		);
	});
});
