import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import { StateStoreError } from '../core/state/stateStore';
import type { StateStore } from '../core/state/stateStore';

/**
 * The embedded state store: one SQLite file in the n8n user folder, through Node's built-in `node:sqlite`.
 *
 * Why `node:sqlite` (docs/ARCHITECTURE.md, "State"): it ships with every Node that n8n 2.x runs on (n8n needs
 * Node 22+, 2.36+ needs 24), so there is no native build step — `better-sqlite3` and `sqlite3` need one, which
 * fails in n8n's Docker image and on machines without a compiler; a JSON file would need a home-made lock and
 * rewrites the whole history on every change. SQLite gives atomic statements, transactions across processes
 * (`BEGIN IMMEDIATE`), durability across restarts (write-ahead log) and indexes, so every operation costs the
 * same however long the history is.
 *
 * Every call is synchronous inside one statement or one immediate transaction, so executions running at once in
 * one n8n process cannot interleave inside an operation, and other processes on the same file wait for the lock.
 */

/** The part of `node:sqlite` this store uses (Node 20's type definitions do not include the module). */
interface SqliteStatement {
	run(...parameters: Array<string | number>): unknown;
	get(...parameters: Array<string | number>): Record<string, unknown> | undefined;
}
interface SqliteDatabase {
	exec(sql: string): void;
	prepare(sql: string): SqliteStatement;
	close(): void;
}
interface SqliteModule {
	DatabaseSync: new (path: string, options?: { timeout?: number }) => SqliteDatabase;
}

/** How long a statement waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 10_000;
/** Expired rows are swept every this many writes, a bounded batch at a time. */
const SWEEP_EVERY_WRITES = 500;
const SWEEP_BATCH = 1_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS entries_expiry ON entries (expires_at);
CREATE TABLE IF NOT EXISTS set_members (
	set_key TEXT NOT NULL, member TEXT NOT NULL, position INTEGER NOT NULL, expires_at INTEGER NOT NULL,
	PRIMARY KEY (set_key, member)
);
CREATE INDEX IF NOT EXISTS set_members_expiry ON set_members (expires_at);
`;

/** The n8n user folder as n8n itself finds it: `$N8N_USER_FOLDER/.n8n`, else `~/.n8n`. */
export function n8nUserFolder(env: NodeJS.ProcessEnv = process.env): string {
	return join(env.N8N_USER_FOLDER || homedir(), '.n8n');
}

/** Where the embedded store keeps its file: `<n8n user folder>/stripe-chat-channel/state.sqlite`. */
export function defaultEmbeddedStorePath(env: NodeJS.ProcessEnv = process.env): string {
	return join(n8nUserFolder(env), 'stripe-chat-channel', 'state.sqlite');
}

function loadSqlite(): SqliteModule {
	// Loaded on first use, so that merely loading the package on an older Node does not fail.
	const sqlite = process.getBuiltinModule?.('node:sqlite') as SqliteModule | undefined;
	if (!sqlite) {
		throw new StateStoreError(
			`The embedded state store needs Node.js 22.13 or later (this n8n runs on Node.js ${process.versions.node}).`,
			'n8n 2.x runs on Node.js 24: update Node.js, or set "State Store" to Redis.',
		);
	}
	return sqlite;
}

class EmbeddedStateStore implements StateStore {
	readonly kind = 'embedded' as const;
	private writes = 0;
	private readonly statements: Record<string, SqliteStatement>;

	constructor(
		private readonly db: SqliteDatabase,
		private readonly now: () => number,
	) {
		const prepare = (sql: string) => db.prepare(sql);
		this.statements = {
			insertIfAbsent: prepare(
				`INSERT INTO entries (key, value, expires_at) VALUES (?, ?, ?)
				 ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
				 WHERE entries.expires_at <= ? RETURNING value`,
			),
			get: prepare('SELECT value FROM entries WHERE key = ? AND expires_at > ?'),
			put: prepare(
				`INSERT INTO entries (key, value, expires_at) VALUES (?, ?, ?)
				 ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
			),
			replaceIfEquals: prepare(
				'UPDATE entries SET value = ?, expires_at = ? WHERE key = ? AND value = ? AND expires_at > ? RETURNING key',
			),
			deleteIfEquals: prepare('DELETE FROM entries WHERE key = ? AND value = ? AND expires_at > ? RETURNING key'),
			dropExpiredSet: prepare('DELETE FROM set_members WHERE set_key = ? AND expires_at <= ?'),
			position: prepare('SELECT position FROM set_members WHERE set_key = ? AND member = ?'),
			setInfo: prepare('SELECT COUNT(*) AS size, MIN(expires_at) AS expires_at FROM set_members WHERE set_key = ?'),
			addMember: prepare('INSERT INTO set_members (set_key, member, position, expires_at) VALUES (?, ?, ?, ?)'),
			size: prepare('SELECT COUNT(*) AS size FROM set_members WHERE set_key = ? AND expires_at > ?'),
			sweepEntries: prepare(
				'DELETE FROM entries WHERE rowid IN (SELECT rowid FROM entries WHERE expires_at <= ? LIMIT ?)',
			),
			sweepMembers: prepare(
				'DELETE FROM set_members WHERE rowid IN (SELECT rowid FROM set_members WHERE expires_at <= ? LIMIT ?)',
			),
		};
	}

	async putIfAbsent(key: string, value: string, ttlMs: number): Promise<string | undefined> {
		const now = this.now();
		return this.transaction(() => {
			if (this.statements.insertIfAbsent.get(key, value, now + ttlMs, now)) return undefined;
			return this.statements.get.get(key, now)?.value as string | undefined;
		});
	}

	async get(key: string): Promise<string | undefined> {
		return this.statements.get.get(key, this.now())?.value as string | undefined;
	}

	async put(key: string, value: string, ttlMs: number): Promise<void> {
		this.statements.put.run(key, value, this.now() + ttlMs);
		this.afterWrite();
	}

	async replaceIfEquals(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
		const now = this.now();
		return this.statements.replaceIfEquals.get(value, now + ttlMs, key, expected, now) !== undefined;
	}

	async deleteIfEquals(key: string, expected: string): Promise<boolean> {
		return this.statements.deleteIfEquals.get(key, expected, this.now()) !== undefined;
	}

	async ordinal(key: string, member: string, ttlMs: number): Promise<number> {
		const now = this.now();
		return this.transaction(() => {
			this.statements.dropExpiredSet.run(key, now);
			const known = this.statements.position.get(key, member);
			if (known) return Number(known.position);
			const info = this.statements.setInfo.get(key) ?? {};
			const position = Number(info.size ?? 0) + 1;
			const expiresAt =
				info.expires_at === null || info.expires_at === undefined ? now + ttlMs : Number(info.expires_at);
			this.statements.addMember.run(key, member, position, expiresAt);
			return position;
		});
	}

	async size(key: string): Promise<number> {
		return Number(this.statements.size.get(key, this.now())?.size ?? 0);
	}

	/** Runs `work` in an immediate transaction: other processes wait, and nothing runs between its statements. */
	private transaction<T>(work: () => T): T {
		this.db.exec('BEGIN IMMEDIATE');
		try {
			const result = work();
			this.db.exec('COMMIT');
			this.afterWrite();
			return result;
		} catch (error: unknown) {
			this.db.exec('ROLLBACK');
			throw error;
		}
	}

	private afterWrite(): void {
		this.writes += 1;
		if (this.writes % SWEEP_EVERY_WRITES !== 0) return;
		const now = this.now();
		this.statements.sweepEntries.run(now, SWEEP_BATCH);
		this.statements.sweepMembers.run(now, SWEEP_BATCH);
	}
}

/**
 * Open databases by file, so that executions share one connection per process instead of opening the file every
 * time. This caches a handle, not state: everything the store knows is in the file.
 */
const openDatabases = new Map<string, SqliteDatabase>();

export interface EmbeddedStoreOptions {
	/** The database file; default `defaultEmbeddedStorePath()`. */
	path?: string;
	/** Injected clock, ms since the epoch. */
	now?: () => number;
}

/**
 * Opens (creating when needed) the embedded store.
 * @throws StateStoreError when `node:sqlite` is missing or the file cannot be opened, with what to do.
 */
export function openEmbeddedStore(options: EmbeddedStoreOptions = {}): StateStore {
	const path = options.path ?? defaultEmbeddedStorePath();
	let db = openDatabases.get(path);
	if (!db) {
		const { DatabaseSync } = loadSqlite();
		try {
			mkdirSync(dirname(path), { recursive: true });
			db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
			db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
			db.exec(SCHEMA);
		} catch (error: unknown) {
			const cause = error instanceof Error ? error.message : String(error);
			throw new StateStoreError(
				`The embedded state store could not open ${path}: ${cause}`,
				'Check that n8n may write to its user folder (N8N_USER_FOLDER), or set "State Store" to Redis.',
			);
		}
		openDatabases.set(path, db);
	}
	return new EmbeddedStateStore(db, options.now ?? Date.now);
}

/** Closes every database this process opened (tests; n8n itself never needs to). */
export function closeEmbeddedStores(): void {
	for (const db of openDatabases.values()) db.close();
	openDatabases.clear();
}
