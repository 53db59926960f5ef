/**
 * The state store's contract, on every engine (embedded SQLite file, Redis), sequentially and with many operations
 * at once: what the alert path relies on to post each alert once, count bursts exactly and keep one thread.
 */
import { randomUUID } from 'node:crypto';

import { decideBurst } from '../../src/core/burst';
import { BurstSummaryBusyError, syncBurstSummary } from '../../src/core/state/burstSummary';
import { claimEvent, completeEvent, releaseEvent } from '../../src/core/state/eventClaims';
import { notePostingIntent } from '../../src/core/state/postingIntent';
import type { StateStore } from '../../src/core/state/stateStore';
import { claimThread, recordThreadParent, releaseThreadClaim, ThreadBusyError } from '../../src/core/state/threadMap';
import { closeStateStores } from '../../src/state';
import { storeEngines } from '../support/stateStores';

const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));
const times = <T>(count: number, make: (index: number) => T): T[] =>
	Array.from({ length: count }, (_, index) => make(index));

afterAll(async () => {
	await closeStateStores();
});

describe.each(storeEngines())('$name state store', (engine) => {
	let store: StateStore;
	beforeEach(async () => {
		store = await engine.open();
	});

	it('stores a value only when the key is absent, and reports the value already there', async () => {
		expect(await store.putIfAbsent('k', 'first', 60_000)).toBeUndefined();
		expect(await store.putIfAbsent('k', 'second', 60_000)).toBe('first');
		expect(await store.get('k')).toBe('first');
	});

	it('forgets a value when its time to live has passed', async () => {
		await store.putIfAbsent('short', 'a', 30);
		await sleep(80);
		expect(await store.get('short')).toBeUndefined();
		expect(await store.putIfAbsent('short', 'b', 60_000)).toBeUndefined();
		expect(await store.get('short')).toBe('b');
	});

	it('replaces and deletes only while the value is the expected one', async () => {
		await store.put('k', 'mine', 60_000);
		expect(await store.replaceIfEquals('k', 'theirs', 'x', 60_000)).toBe(false);
		expect(await store.deleteIfEquals('k', 'theirs')).toBe(false);
		expect(await store.get('k')).toBe('mine');
		expect(await store.replaceIfEquals('k', 'mine', 'next', 60_000)).toBe(true);
		expect(await store.get('k')).toBe('next');
		expect(await store.deleteIfEquals('k', 'next')).toBe(true);
		expect(await store.get('k')).toBeUndefined();
		expect(await store.replaceIfEquals('absent', '', 'x', 60_000)).toBe(false);
	});

	it('gives each member of a set its arrival position, the same one every time', async () => {
		expect(await store.ordinal('set', 'evt_a', 60_000)).toBe(1);
		expect(await store.ordinal('set', 'evt_b', 60_000)).toBe(2);
		expect(await store.ordinal('set', 'evt_a', 60_000)).toBe(1);
		expect(await store.size('set')).toBe(2);
		expect(await store.size('other')).toBe(0);
	});

	it('lets exactly one of 50 simultaneous callers store a key', async () => {
		const results = await Promise.all(times(50, (index) => store.putIfAbsent('race', `caller-${index}`, 60_000)));
		const winners = results.filter((result) => result === undefined);
		expect(winners).toHaveLength(1);
		const stored = await store.get('race');
		expect(results.filter((result) => result !== undefined).every((result) => result === stored)).toBe(true);
	});

	it('numbers 300 simultaneous members 1..300 exactly, redeliveries included', async () => {
		const members = times(300, (index) => `evt_${index}`);
		const positions = await Promise.all(
			[...members, ...members.slice(0, 100)].map((member) => store.ordinal('burst', member, 60_000)),
		);
		const firstRound = positions.slice(0, 300);
		expect([...firstRound].sort((a, b) => a - b)).toEqual(times(300, (index) => index + 1));
		expect(positions.slice(300)).toEqual(firstRound.slice(0, 100));
		expect(await store.size('burst')).toBe(300);
	});

	describe('event claims', () => {
		it('hands an event delivered 10 times at once to one execution; the others see it done', async () => {
			const scope = randomUUID();
			const attempt = async (index: number) => {
				const claim = await claimEvent({
					store,
					scope,
					eventId: 'evt_same',
					token: `t${index}`,
					timing: { pollMs: 5 },
				});
				if (claim.status === 'claimed') {
					await sleep(30);
					await completeEvent(store, claim);
				}
				return claim.status;
			};
			const statuses = await Promise.all(times(10, attempt));
			expect(statuses.filter((status) => status === 'claimed')).toHaveLength(1);
			expect(statuses.filter((status) => status === 'duplicate')).toHaveLength(9);
		});

		it('hands a released event to the next delivery, and lets no one else release or complete a claim', async () => {
			const scope = randomUUID();
			const first = await claimEvent({ store, scope, eventId: 'evt_1', token: 'a' });
			expect(first.status).toBe('claimed');
			expect(await releaseEvent(store, { key: first.key, token: 'intruder' })).toBe(false);
			expect(await completeEvent(store, { key: first.key, token: 'intruder' })).toBe(false);
			expect(await releaseEvent(store, { key: first.key, token: 'a' })).toBe(true);
			const second = await claimEvent({ store, scope, eventId: 'evt_1', token: 'b' });
			expect(second.status).toBe('claimed');
		});

		it('lets the posting nodes of one attempt complete a claim twice, and the one that fails give it back', async () => {
			const scope = randomUUID();
			const claim = await claimEvent({ store, scope, eventId: 'evt_two_nodes', token: 'a' });
			expect(claim.status).toBe('claimed');
			expect(await completeEvent(store, { key: claim.key, token: 'a' })).toBe(true);
			expect(await completeEvent(store, { key: claim.key, token: 'a' })).toBe(true);
			const repeat = await claimEvent({ store, scope, eventId: 'evt_two_nodes', token: 'b' });
			expect(repeat).toMatchObject({ status: 'duplicate', handledAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
			// Another attempt cannot reopen it; this attempt's failing node can.
			expect(await releaseEvent(store, { key: claim.key, token: 'b' })).toBe(false);
			expect(await releaseEvent(store, { key: claim.key, token: 'a' })).toBe(true);
			const redelivery = await claimEvent({ store, scope, eventId: 'evt_two_nodes', token: 'c' });
			expect(redelivery.status).toBe('claimed');
		});

		it('takes over an event whose execution died once its lease ran out', async () => {
			const scope = randomUUID();
			// Long enough that a loaded machine still asks again within the lease.
			await claimEvent({ store, scope, eventId: 'evt_dead', token: 'dead', timing: { leaseMs: 1_000 } });
			const waiting = await claimEvent({
				store,
				scope,
				eventId: 'evt_dead',
				token: 'next',
				timing: { waitMs: 20, pollMs: 5 },
			});
			expect(waiting.status).toBe('inFlight');
			await sleep(1_100);
			const retried = await claimEvent({ store, scope, eventId: 'evt_dead', token: 'next' });
			expect(retried.status).toBe('claimed');
		});

		it('keeps two scopes (workflows) apart', async () => {
			const first = await claimEvent({ store, scope: randomUUID(), eventId: 'evt_x', token: 'a' });
			const second = await claimEvent({ store, scope: randomUUID(), eventId: 'evt_x', token: 'b' });
			expect([first.status, second.status]).toEqual(['claimed', 'claimed']);
		});

		it('tells the attempt after a crash that an earlier one was about to post, and keeps the earliest note', async () => {
			const claimKey = `event:${randomUUID()}:evt_crash`;
			expect(await notePostingIntent(store, claimKey, 'node-1', { channel: 'C1', since: 1_000 })).toBeUndefined();
			expect(await notePostingIntent(store, claimKey, 'node-1', { channel: 'C2', since: 2_000 })).toEqual({
				channel: 'C1',
				since: 1_000,
			});
			expect(await notePostingIntent(store, claimKey, 'node-1', { channel: 'C3', since: 3_000 })).toEqual({
				channel: 'C1',
				since: 1_000,
			});
		});

		it('lets exactly one of 20 attempts noting at once find no earlier note', async () => {
			const claimKey = `event:${randomUUID()}:evt_race`;
			const notes = await Promise.all(
				Array.from(
					{ length: 20 },
					async (_, index) => await notePostingIntent(store, claimKey, 'node-1', { channel: 'C1', since: index }),
				),
			);
			expect(notes.filter((note) => note === undefined)).toHaveLength(1);
		});
	});

	describe('thread map', () => {
		it('makes one thread when 10 executions race on a new object', async () => {
			const threadKey = `invoice:in_${randomUUID()}`;
			let posts = 0;
			const racer = async (index: number) => {
				const claim = await claimThread({
					store,
					channel: 'C0PAY',
					threadKey,
					token: `t${index}`,
					timing: { pollMs: 5 },
				});
				if (claim.role === 'reply') return claim.parent.ts;
				posts += 1;
				await sleep(40);
				await recordThreadParent(store, claim, { ts: '1700000000.000100', occurredAt: 10 });
				return 'parent';
			};
			const results = await Promise.all(times(10, racer));
			expect(posts).toBe(1);
			expect(results.filter((result) => result === '1700000000.000100')).toHaveLength(9);
		});

		it('lets the next event start the thread when the parent could not be posted', async () => {
			const threadKey = `dispute:du_${randomUUID()}`;
			const failed = await claimThread({ store, channel: 'C0PAY', threadKey, token: 'a' });
			expect(failed.role).toBe('parent');
			if (failed.role === 'parent') await releaseThreadClaim(store, failed);
			expect((await claimThread({ store, channel: 'C0PAY', threadKey, token: 'b' })).role).toBe('parent');
		});

		it('fails an execution that waited too long for another one starting the thread', async () => {
			const threadKey = `invoice:in_${randomUUID()}`;
			await claimThread({ store, channel: 'C0PAY', threadKey, token: 'slow' });
			await expect(
				claimThread({ store, channel: 'C0PAY', threadKey, token: 'late', timing: { waitMs: 20, pollMs: 5 } }),
			).rejects.toBeInstanceOf(ThreadBusyError);
		});
	});

	describe('burst counts and summary', () => {
		const label = { one: 'payment failure', other: 'payment failures' };

		it('counts 200 alerts arriving at once exactly: 5 post, 195 collapse', async () => {
			const scope = randomUUID();
			const decisions = await Promise.all(
				times(200, (index) =>
					decideBurst({
						store,
						scope,
						kind: 'C0PAY|invoice.payment_failed',
						eventId: `evt_${index}`,
						label,
						settings: { threshold: 5, windowMinutes: 60 },
						now: () => Date.UTC(2026, 11, 2, 10, 0),
					}),
				),
			);
			expect(decisions.filter((decision) => decision.mode === 'post')).toHaveLength(5);
			expect(
				decisions
					.filter((decision) => decision.mode === 'collapse')
					.map((d) => d.collapsedCount)
					.sort((a, b) => a - b),
			).toEqual(times(195, (index) => index + 1));
		});

		it('ends with one summary showing the exact count when 120 collapsed alerts write at once', async () => {
			const burstKey = `burst:${randomUUID()}`;
			const threshold = 5;
			const writes: Array<{ count: number; ts: string | undefined }> = [];
			const alert = async (index: number) => {
				await store.ordinal(burstKey, `evt_${index}`, 60_000);
				if (index < threshold) return;
				await sleep(Math.floor(Math.random() * 20));
				await syncBurstSummary({
					store,
					burstKey,
					channel: 'C0PAY',
					threshold,
					token: `t${index}`,
					write: async (count, existing) => {
						writes.push({ count, ts: existing?.ts });
						await sleep(5);
						return existing?.ts ?? '1700000000.000200';
					},
				});
			};
			await Promise.all(times(125, alert));
			expect(writes.filter((write) => write.ts === undefined)).toHaveLength(1);
			const counts = writes.map((write) => write.count);
			expect(counts).toEqual([...counts].sort((a, b) => a - b));
			expect(counts[counts.length - 1]).toBe(120);
		});

		it('counts an alert as shown only once the message shows it, also when the holder of the lock died', async () => {
			const burstKey = `burst:${randomUUID()}`;
			for (const index of times(3, (i) => i)) await store.ordinal(burstKey, `evt_${index}`, 60_000);
			// A holder that was killed mid-write: its lock stays until its lease runs out.
			await store.putIfAbsent(`burst-lock:C0PAY:${burstKey}`, 'dead', 300);
			const writes: number[] = [];
			const waiting = await syncBurstSummary({
				store,
				burstKey,
				channel: 'C0PAY',
				threshold: 0,
				token: 'waiting',
				waitMs: 5_000,
				pollMs: 10,
				write: async (count) => {
					writes.push(count);
					return 'ts1';
				},
			});
			expect(waiting).toEqual({ action: 'posted', count: 3, ts: 'ts1' });
			expect(writes).toEqual([3]);
		});

		it('waits for a live holder to show its count, and gives the alert back when the holder takes too long', async () => {
			const burstKey = `burst:${randomUUID()}`;
			await store.ordinal(burstKey, 'evt_1', 60_000);
			let finishWrite: (ts: string) => void = () => undefined;
			const firstWrite = new Promise<string>((resolve) => (finishWrite = resolve));
			const holder = syncBurstSummary({
				store,
				burstKey,
				channel: 'C0PAY',
				threshold: 0,
				token: 'holder',
				// The first write is slow (Slack busy); the holder's second round is quick.
				write: async (count) => (count === 1 ? await firstWrite : 'ts1'),
			});
			await sleep(20);
			await store.ordinal(burstKey, 'evt_2', 60_000);
			const sync = (token: string, waitMs: number) =>
				syncBurstSummary({
					store,
					burstKey,
					channel: 'C0PAY',
					threshold: 0,
					token,
					waitMs,
					pollMs: 5,
					write: async () => 'ts1',
				});
			await expect(sync('impatient', 30)).rejects.toBeInstanceOf(BurstSummaryBusyError);
			const patient = sync('patient', 5_000);
			await sleep(20);
			finishWrite('ts1');
			expect(await holder).toMatchObject({ count: 2, ts: 'ts1' });
			expect(await patient).toEqual({ action: 'deferred', count: 2, ts: 'ts1' });
		});

		it('leaves the lock free when a write fails, so the next alert brings the summary up to date', async () => {
			const burstKey = `burst:${randomUUID()}`;
			await store.ordinal(burstKey, 'evt_1', 60_000);
			const failing = syncBurstSummary({
				store,
				burstKey,
				channel: 'C0PAY',
				threshold: 0,
				token: 'a',
				write: async () => {
					throw new Error('service_unavailable');
				},
			});
			await expect(failing).rejects.toThrow('service_unavailable');
			await store.ordinal(burstKey, 'evt_2', 60_000);
			const next = await syncBurstSummary({
				store,
				burstKey,
				channel: 'C0PAY',
				threshold: 0,
				token: 'b',
				write: async () => 'ts1',
			});
			expect(next).toEqual({ action: 'posted', count: 2, ts: 'ts1' });
		});
	});
});
