/**
 * The append-only log of the state store (what the audit trail is kept in), on every engine: records come back in
 * order and in pages, a once-key appends once however many callers race, and retention drops old records.
 */
import type { LogRecord, StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { storeEngines } from '../support/stateStores';

const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));
const times = <T>(count: number, make: (index: number) => T): T[] => Array.from({ length: count }, (_, index) => make(index));
const DAY = 86_400_000;

afterAll(async () => {
	await closeStateStores();
});

async function readAll(store: StateStore, stream: string, sinceMs = 0, pageSize = 7): Promise<LogRecord[]> {
	const records: LogRecord[] = [];
	for (;;) {
		const page = await store.readRecords(stream, { sinceMs, after: records.at(-1)?.id, limit: pageSize });
		records.push(...page);
		if (page.length < pageSize) return records;
	}
}

describe.each(storeEngines())('append-only log on the $name store', (engine) => {
	let store: StateStore;
	beforeEach(async () => {
		store = await engine.open();
	});

	it('reads back every record in the order appended, page by page, with ids of the form <ms>-<n>', async () => {
		const before = Date.now();
		for (const index of times(25, (index) => index)) {
			expect(await store.appendRecord('audit', `record ${index}`, { retentionMs: DAY })).toBe(true);
		}
		const records = await readAll(store, 'audit');
		expect(records.map((record) => record.body)).toEqual(times(25, (index) => `record ${index}`));
		expect(new Set(records.map((record) => record.id)).size).toBe(25);
		for (const record of records) {
			expect(record.id).toMatch(/^\d+-\d+$/);
			expect(record.at).toBe(Number(record.id.split('-')[0]));
			expect(record.at).toBeGreaterThanOrEqual(before - 1000);
			expect(record.at).toBeLessThanOrEqual(Date.now() + 1000);
		}
		expect(await store.readRecords('another-stream', { sinceMs: 0, limit: 10 })).toEqual([]);
	});

	it('reads only the records from sinceMs and before untilMs', async () => {
		await store.appendRecord('audit', 'early', { retentionMs: DAY });
		await sleep(30);
		const middle = Date.now();
		await store.appendRecord('audit', 'middle', { retentionMs: DAY });
		await sleep(30);
		const late = Date.now();
		await store.appendRecord('audit', 'late', { retentionMs: DAY });

		const fromMiddle = await store.readRecords('audit', { sinceMs: middle, limit: 10 });
		expect(fromMiddle.map((record) => record.body)).toEqual(['middle', 'late']);
		const window = await store.readRecords('audit', { sinceMs: middle, untilMs: late, limit: 10 });
		expect(window.map((record) => record.body)).toEqual(['middle']);
	});

	it('appends a record with a once-key once, also when 20 callers race with it', async () => {
		const results = await Promise.all(
			times(20, (index) => store.appendRecord('audit', `attempt ${index}`, { retentionMs: DAY, onceKey: 'click-1' })),
		);
		expect(results.filter(Boolean)).toHaveLength(1);
		expect(await store.appendRecord('audit', 'other click', { retentionMs: DAY, onceKey: 'click-2' })).toBe(true);
		expect(await store.appendRecord('audit', 'no key', { retentionMs: DAY })).toBe(true);
		expect(await store.appendRecord('audit', 'no key', { retentionMs: DAY })).toBe(true);
		expect(await store.appendRecord('other', 'same key, other stream', { retentionMs: DAY, onceKey: 'click-1' })).toBe(
			true,
		);

		const bodies = (await readAll(store, 'audit')).map((record) => record.body);
		expect(bodies).toHaveLength(4);
		expect(bodies.filter((body) => body.startsWith('attempt '))).toHaveLength(1);
		expect(bodies.slice(1)).toEqual(['other click', 'no key', 'no key']);
	});

	it('drops records older than the retention when the next record is appended', async () => {
		await store.appendRecord('audit', 'old', { retentionMs: 60, onceKey: 'old-click' });
		await store.appendRecord('audit', 'recent', { retentionMs: DAY });
		await sleep(100);
		await store.appendRecord('audit', 'new', { retentionMs: 60 });
		expect((await readAll(store, 'audit')).map((record) => record.body)).toEqual(['new']);
		// Once its record has gone, the once-key is free again.
		expect(await store.appendRecord('audit', 'old again', { retentionMs: DAY, onceKey: 'old-click' })).toBe(true);
	});
});
