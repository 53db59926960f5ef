import { existsSync } from 'node:fs';

import { auditCsvHeader, auditCsvLine, auditJsonLine, readAuditRecords } from '../core/audit';
import type { StateStore } from '../core/state/stateStore';
import { StateStoreError } from '../core/state/stateStore';
import { closeStateStores, defaultEmbeddedStorePath, REDIS_PREFIX_ENV, STATE_FILE_ENV } from '../state';
import type { RedisConnectionSettings } from '../state';
import { openEmbeddedStore } from '../state/embeddedStore';
import { openRedisStore, REDIS_KEY_PREFIX } from '../state/redisStore';
import { oneOf, parseCommandLine } from './args';
import { AUDIT_HELP } from './help';
import type { CliIo } from './io';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './io';

export const AUDIT_FORMATS = ['csv', 'jsonl'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** Keeps a Redis password out of the shell history: `--redis` may be left out when this is set. */
export const REDIS_URL_ENV = 'STRIPE_CHAT_CHANNEL_REDIS_URL';

/** `2026-11-01` (midnight UTC) or a full ISO 8601 time, as ms since the epoch. */
export function parseDate(option: string, value: string): number {
	const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
	const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
	if (Number.isNaN(ms)) {
		throw new UsageError(`${option} "${value}" is not a date: use 2026-11-01 or 2026-11-01T09:00:00Z`, true);
	}
	return ms;
}

/** `redis://[user:password@]host[:port][/database]`, or `rediss://` for TLS, as n8n's Redis credential holds it. */
export function parseRedisUrl(value: string): RedisConnectionSettings {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new UsageError('--redis is not a URL: use redis://host:6379 (or rediss:// for TLS)', true);
	}
	if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
		throw new UsageError('--redis must start with redis:// or rediss://', true);
	}
	const database = url.pathname.replace(/^\//, '');
	if (database !== '' && !/^\d+$/.test(database)) {
		throw new UsageError('--redis names a database that is not a number (redis://host:6379/0)', true);
	}
	return {
		host: url.hostname,
		port: url.port ? Number(url.port) : 6379,
		database: database === '' ? 0 : Number(database),
		user: url.username ? decodeURIComponent(url.username) : undefined,
		password: url.password ? decodeURIComponent(url.password) : undefined,
		ssl: url.protocol === 'rediss:',
	};
}

interface StoreChoice {
	store: StateStore;
	/** Where the records come from, for the summary line (never the password). */
	description: string;
}

async function openChosenStore(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<StoreChoice> {
	const redisUrl = (values.redis as string | undefined) ?? io.env[REDIS_URL_ENV];
	if (redisUrl) {
		if (values['state-file']) throw new UsageError('choose either --redis or --state-file, not both', true);
		const settings = parseRedisUrl(redisUrl);
		const prefix = (values['redis-prefix'] as string | undefined) ?? (io.env[REDIS_PREFIX_ENV] || REDIS_KEY_PREFIX);
		return {
			store: await openRedisStore(settings, { keyPrefix: prefix }),
			description: `Redis ${settings.host}:${settings.port}/${settings.database} (keys ${prefix}…)`,
		};
	}
	const env = io.env as NodeJS.ProcessEnv;
	const path = (values['state-file'] as string | undefined) ?? (env[STATE_FILE_ENV] || defaultEmbeddedStorePath(env));
	// Opening would create an empty store: a path that names nothing is a mistake to report.
	if (!existsSync(path)) {
		throw new UsageError(
			`no state store at ${path}: give --state-file, set ${STATE_FILE_ENV} or N8N_USER_FOLDER as n8n has it, or use --redis`,
		);
	}
	return { store: openEmbeddedStore({ path }), description: path };
}

/**
 * `stripe-chat-channel audit export --since DATE [--until DATE] [--format csv|jsonl] [--state-file PATH | --redis URL]`:
 * writes every audit record from the state store to standard output, oldest first.
 */
export async function auditCommand(argv: readonly string[], io: CliIo): Promise<number> {
	const [subcommand, ...rest] = argv;
	if (subcommand === '--help' || subcommand === '-h' || subcommand === undefined) {
		(subcommand === undefined ? io.stderr : io.stdout).write(AUDIT_HELP);
		return subcommand === undefined ? EXIT_USAGE : EXIT_OK;
	}
	if (subcommand !== 'export') throw new UsageError(`unknown audit command "${subcommand}" (commands: export)`, true);
	const { values, positionals } = parseCommandLine(rest, {
		since: { type: 'string' },
		until: { type: 'string' },
		format: { type: 'string' },
		'state-file': { type: 'string' },
		redis: { type: 'string' },
		'redis-prefix': { type: 'string' },
		help: { type: 'boolean', short: 'h' },
	});
	if (values.help) {
		io.stdout.write(AUDIT_HELP);
		return EXIT_OK;
	}
	if (positionals.length > 0) throw new UsageError(`audit export takes no file, got "${positionals[0]}"`, true);
	if (!values.since) throw new UsageError('audit export needs --since, e.g. --since 2026-11-01', true);
	const sinceMs = parseDate('--since', values.since as string);
	const untilMs = values.until ? parseDate('--until', values.until as string) : undefined;
	if (untilMs !== undefined && untilMs <= sinceMs) throw new UsageError('--until must be after --since', true);
	const format = oneOf('--format', (values.format as string | undefined) ?? 'csv', AUDIT_FORMATS);

	try {
		const { store, description } = await openChosenStore(values, io);
		let count = 0;
		if (format === 'csv') io.stdout.write(auditCsvHeader());
		for await (const record of readAuditRecords(store, { sinceMs, untilMs })) {
			io.stdout.write(format === 'csv' ? auditCsvLine(record) : auditJsonLine(record));
			count += 1;
		}
		io.stderr.write(`${count} audit record${count === 1 ? '' : 's'} from ${description}\n`);
		return EXIT_OK;
	} catch (error: unknown) {
		if (!(error instanceof StateStoreError)) throw error;
		io.stderr.write(`stripe-chat-channel: ${error.message}\n`);
		return EXIT_FAILURE;
	} finally {
		await closeStateStores();
	}
}
