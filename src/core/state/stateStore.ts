/**
 * The one place where the package keeps state between executions: which Stripe events were handled, how many
 * alerts a burst window counted, which Slack message starts an object's thread, which button already acted.
 *
 * n8n's own helpers are not enough for this: its processed-items store is read-modify-write without a lock, and
 * workflow static data is not shared between queue-mode workers (docs/ARCHITECTURE.md, "State"). So every
 * operation here is atomic in the engine that implements it:
 * - the embedded store (a SQLite file in the n8n user folder, through Node's built-in `node:sqlite`) for one n8n
 *   instance;
 * - Redis (the engine n8n itself uses in queue mode) for queue mode and multi-main.
 *
 * Keys are plain strings chosen by the callers in this folder; values are short strings. Every entry has a time to
 * live, so the store never grows without bound.
 */
export interface StateStore {
	/** `embedded` or `redis`: shown in outputs and errors so a person can tell which store answered. */
	readonly kind: StateStoreKind;
	/**
	 * Stores `value` under `key` when the key is absent or expired, atomically ("set if absent").
	 * @returns undefined when this call stored the value; otherwise the value already there.
	 */
	putIfAbsent(key: string, value: string, ttlMs: number): Promise<string | undefined>;
	/** The live value under `key`, or undefined. */
	get(key: string): Promise<string | undefined>;
	/** Stores `value` under `key`, replacing what was there. */
	put(key: string, value: string, ttlMs: number): Promise<void>;
	/**
	 * Replaces the value under `key` only while it is exactly `expected` (compare-and-set), so an owner whose claim
	 * expired and was taken by someone else cannot overwrite the new owner's value.
	 * @returns whether the value was replaced.
	 */
	replaceIfEquals(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;
	/**
	 * Deletes `key` only while it holds exactly `expected`, for the same reason.
	 * @returns whether the key was deleted.
	 */
	deleteIfEquals(key: string, expected: string): Promise<boolean>;
	/**
	 * The arrival position (from 1) of `member` among the members of the set under `key`, adding it when new,
	 * atomically. The same member always gets the same position, so a redelivered event is not counted twice.
	 * The set expires `ttlMs` after it was created.
	 */
	ordinal(key: string, member: string, ttlMs: number): Promise<number>;
	/** How many members the set under `key` holds (0 when absent or expired). */
	size(key: string): Promise<number>;
	/**
	 * Appends `body` to the append-only log `stream`, stamped with the store's clock, and drops the stream's records
	 * older than `retentionMs`. Records are never changed; they leave only by that retention.
	 * With `onceKey`, the append happens at most once per key and stream for as long as records are kept, atomically,
	 * so a repeated delivery of one request cannot append a second record.
	 * @returns whether this call appended (false: a record with this `onceKey` is already there).
	 */
	appendRecord(stream: string, body: string, options: AppendRecordOptions): Promise<boolean>;
	/** The records of `stream` from `sinceMs` (and before `untilMs`), oldest first, one page at a time. */
	readRecords(stream: string, page: ReadRecordsPage): Promise<LogRecord[]>;
}

export interface AppendRecordOptions {
	retentionMs: number;
	onceKey?: string;
}

export interface ReadRecordsPage {
	/** Earliest record time, ms since the epoch (inclusive). */
	sinceMs: number;
	/** Latest record time, ms since the epoch (exclusive); default: no end. */
	untilMs?: number;
	/** The `id` of the last record of the previous page: this page starts after it. */
	after?: string;
	limit: number;
}

/** One record of an append-only log as stored: `id` is `<ms>-<sequence>` in both engines, ordered like the log. */
export interface LogRecord {
	id: string;
	/** When the store appended it, ms since the epoch. */
	at: number;
	body: string;
}

export type StateStoreKind = 'embedded' | 'redis';

/** Thrown by a store that cannot be used as configured; the message says what to change. */
export class StateStoreError extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
		this.name = 'StateStoreError';
	}
}
