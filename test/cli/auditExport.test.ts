import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import { run } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/main';
import { AUDIT_COLUMNS, auditRow, readAuditRecords, redactAuditRecord, writeAuditRecord } from '../../src/core/audit';
import type { AuditOutcome, AuditRecord, AuditSource } from '../../src/core/audit';
import type { StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { openEmbeddedStore } from '../../src/state/embeddedStore';
import { openRedisStore } from '../../src/state/redisStore';
import { parseCsv } from '../support/csv';
import { deleteRedisKeys } from '../support/redisCleanup';
import { hasNodeSqlite, TEST_REDIS } from '../support/stateStores';

/**
 * `stripe-chat-channel audit export` over a seeded audit log, from the embedded file and from Redis, run in
 * process: every record comes out once, in order, CSV with the expected columns and JSON Lines alike.
 */

interface Captured {
	code: number;
	stdout: string;
	stderr: string;
}

async function runCli(argv: string[], env: Record<string, string> = {}): Promise<Captured> {
	let stdout = '';
	let stderr = '';
	const io: CliIo = {
		stdout: { write: (text: string) => (stdout += text) },
		stderr: { write: (text: string) => (stderr += text) },
		stdin: Readable.from([]),
		env,
	};
	const code = await run(argv, io);
	return { code, stdout, stderr };
}

const OUTCOMES: AuditOutcome[] = ['done', 'refused', 'failed'];
const SOURCES: AuditSource[] = ['button', 'form', 'command', 'ai_tool', 'workflow'];
/** Text that CSV must quote, and a formula a spreadsheet must not run. */
const AWKWARD = ['plain', 'with, comma', 'with "quotes"', 'two\r\nlines', 'naïve – ünïcödé ✓', '=SUM(A1:A9)'];

/** 1,100 records (more than two pages of the reader), of every outcome and source, some with awkward text. */
function seededRecords(): AuditRecord[] {
	return Array.from({ length: 1100 }, (_, index) => ({
		at: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
		outcome: OUTCOMES[index % OUTCOMES.length],
		action: index % 4 === 0 ? 'refund.create' : 'invoice.retry',
		operation: index % 7 === 0 ? undefined : 'refund.create',
		source: SOURCES[index % SOURCES.length],
		workspaceId: 'T0FAKE',
		channelId: 'C0PAYMENTS',
		userId: `U0USER${index % 13}`,
		userName: `user${index % 13}`,
		objectId: `pi_${index}`,
		objectType: 'payment_intent',
		amountMinor: index % 5 === 0 ? undefined : 100 + index,
		currency: index % 5 === 0 ? undefined : ['eur', 'jpy', 'bhd'][index % 3],
		eventId: `evt_${index}`,
		reason: index % 3 === 1 ? AWKWARD[index % AWKWARD.length] : undefined,
		detail: index % 3 === 0 ? AWKWARD[(index + 1) % AWKWARD.length] : undefined,
		idempotencyKey: `scc-${index}`,
		replayed: index % 11 === 0 ? true : undefined,
		livemode: index % 2 === 0,
		messageLink: `https://acme.slack.com/archives/C0PAYMENTS/p17000000${String(index).padStart(4, '0')}000100`,
		workflowId: 'wf1',
		executionId: String(index),
	}));
}

async function seed(store: StateStore, records: AuditRecord[]): Promise<void> {
	for (const record of records) await writeAuditRecord(store, record, { retentionDays: 400 });
}

function withoutId(record: Record<string, unknown>): Record<string, unknown> {
	const { recordId, ...rest } = record;
	expect(recordId).toMatch(/^\d+-\d+$/);
	return rest;
}

const redisPrefix = `scc-test:${randomUUID()}:`;

afterAll(async () => {
	await closeStateStores();
	await deleteRedisKeys(redisPrefix);
});

interface Source {
	name: string;
	/** Seeds the log and returns the CLI options and environment that find it. */
	prepare(records: AuditRecord[]): Promise<{ args: string[]; env: Record<string, string>; reopen(): Promise<StateStore> }>;
}

const SOURCES_UNDER_TEST: Source[] = [
	...(hasNodeSqlite()
		? [
				{
					name: 'the embedded file named by STRIPE_CHAT_CHANNEL_STATE_FILE',
					async prepare(records: AuditRecord[]) {
						const file = path.join(mkdtempSync(path.join(tmpdir(), 'scc-audit-cli-')), 'state.sqlite');
						await seed(openEmbeddedStore({ path: file }), records);
						return { args: [], env: { STRIPE_CHAT_CHANNEL_STATE_FILE: file }, reopen: async () => openEmbeddedStore({ path: file }) };
					},
				},
				{
					name: 'the embedded file in the n8n user folder',
					async prepare(records: AuditRecord[]) {
						const userFolder = mkdtempSync(path.join(tmpdir(), 'scc-audit-home-'));
						const file = path.join(userFolder, '.n8n', 'stripe-chat-channel', 'state.sqlite');
						await seed(openEmbeddedStore({ path: file }), records);
						return { args: [], env: { N8N_USER_FOLDER: userFolder }, reopen: async () => openEmbeddedStore({ path: file }) };
					},
				},
			]
		: []),
	{
		name: 'Redis (--redis and --redis-prefix)',
		async prepare(records: AuditRecord[]) {
			const prefix = redisPrefix;
			await seed(await openRedisStore(TEST_REDIS, { keyPrefix: prefix }), records);
			return {
				args: ['--redis', `redis://${TEST_REDIS.host}:${TEST_REDIS.port}/0`, '--redis-prefix', prefix],
				env: {},
				reopen: async () => await openRedisStore(TEST_REDIS, { keyPrefix: prefix }),
			};
		},
	},
];

describe.each(SOURCES_UNDER_TEST)('audit export from $name', (source) => {
	const records = seededRecords();
	const expected = records.map(redactAuditRecord);
	let found: { args: string[]; env: Record<string, string>; reopen(): Promise<StateStore> };
	// The records are appended now; --since today covers them all.
	const today = new Date().toISOString().slice(0, 10);

	beforeAll(async () => {
		found = await source.prepare(records);
	});

	it('writes every record as JSON Lines, in order, as stored', async () => {
		const result = await runCli(['audit', 'export', '--since', today, '--format', 'jsonl', ...found.args], found.env);

		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(/^1100 audit records from /);
		const lines = result.stdout.split('\n');
		expect(lines.pop()).toBe('');
		const exported = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(exported.map(withoutId)).toEqual(expected);
		expect(new Set(exported.map((record) => record.recordId)).size).toBe(1100);
	});

	it('writes the same records as CSV: the header row, then one row per record with every column', async () => {
		const result = await runCli(['audit', 'export', '--since', today, '--format', 'csv', ...found.args], found.env);

		expect(result.code).toBe(0);
		const [header, ...rows] = parseCsv(result.stdout);
		expect(header).toEqual([...AUDIT_COLUMNS]);
		expect(header.slice(0, 4)).toEqual(['record_id', 'at', 'outcome', 'action']);
		expect(rows).toHaveLength(1100);
		const stored: AuditRecord[] = [];
		for await (const record of readAuditRecords(await found.reopen(), { sinceMs: 0 })) stored.push(record);
		rows.forEach((row, index) => {
			const values = Object.fromEntries(header.map((column, position) => [column, row[position]]));
			const expectedRow = auditRow(stored[index]);
			// A cell a spreadsheet would run as a formula is written with a leading apostrophe.
			if (expectedRow.detail.startsWith('=')) expectedRow.detail = `'${expectedRow.detail}`;
			if (expectedRow.reason.startsWith('=')) expectedRow.reason = `'${expectedRow.reason}`;
			expect(values).toEqual(expectedRow);
		});
		// Index 1 is 101 JPY, 2 is 102 BHD (three decimals), 3 is 103 EUR.
		expect(rows[1][header.indexOf('amount')]).toBe('101');
		expect(rows[2][header.indexOf('amount')]).toBe('0.102');
		expect(rows[3][header.indexOf('amount')]).toBe('1.03');
	});

	it('exports nothing from before --since or from --until on, and nothing from a later day', async () => {
		const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
		const later = await runCli(['audit', 'export', '--since', tomorrow, ...found.args], found.env);
		expect(later.code).toBe(0);
		expect(later.stdout).toBe(`${AUDIT_COLUMNS.join(',')}\r\n`);
		const ended = await runCli(['audit', 'export', '--since', '2026-01-01', '--until', today, ...found.args], found.env);
		expect(parseCsv(ended.stdout)).toHaveLength(1);
	});
});

describe('audit export mistakes', () => {
	it.each([
		[['audit', 'export'], /needs --since/],
		[['audit', 'export', '--since', 'yesterday'], /--since "yesterday" is not a date/],
		[['audit', 'export', '--since', '2026-11-02', '--until', '2026-11-01'], /--until must be after --since/],
		[['audit', 'export', '--since', '2026-11-01', '--format', 'xlsx'], /--format must be one of csv, jsonl/],
		[['audit', 'export', '--since', '2026-11-01', '--redis', 'http://x'], /must start with redis:\/\//],
		[['audit', 'purge'], /unknown audit command "purge"/],
	])('refuses %j with a one-line reason and exit 2', async (argv, message) => {
		const result = await runCli(argv);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(message);
		expect(result.stdout).toBe('');
	});

	it('says where it looked when there is no store file, and creates none', async () => {
		const missing = path.join(mkdtempSync(path.join(tmpdir(), 'scc-audit-none-')), 'state.sqlite');
		const result = await runCli(['audit', 'export', '--since', '2026-11-01', '--state-file', missing]);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`no state store at ${missing}`);
		expect(existsSync(missing)).toBe(false);
	});

	it('fails with exit 1 when Redis does not answer', async () => {
		const result = await runCli(['audit', 'export', '--since', '2026-11-01', '--redis', 'redis://127.0.0.1:1/0']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/Redis state store at 127\.0\.0\.1:1 did not answer/);
	});
});
