import { createHash } from 'node:crypto';

import { createClient } from 'redis';

import { StateStoreError } from '../core/state/stateStore';
import type { StateStore } from '../core/state/stateStore';

/**
 * The Redis state store, for n8n in queue mode or multi-main, where executions run in several processes and only
 * a shared server can make an operation atomic. Redis is the engine n8n itself uses there, so it is already
 * running; `redis` (node-redis) is the client n8n's own Redis node uses.
 *
 * Each operation is one command or one Lua script, and Redis runs a script without interleaving anything else, so
 * every operation is atomic for all workers at once. Every key carries a time to live (`PX`).
 * @see https://redis.io/docs/latest/develop/interact/programmability/eval-intro/
 */

/** What n8n's `redis` credential holds (n8n 2.x: host, port, database, user, password, ssl, disableTlsVerification). */
export interface RedisConnectionSettings {
	host?: string;
	port?: number;
	database?: number;
	user?: string;
	password?: string;
	ssl?: boolean;
	disableTlsVerification?: boolean;
}

/** Every key this package writes starts with this, so it never collides with n8n's own queue keys (`bull:`). */
export const REDIS_KEY_PREFIX = 'stripe-chat-channel:';
/** A command that gets no answer within this time fails the operation (with what to check) instead of hanging. */
const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 10_000;
/** While Redis is unreachable, reconnect attempts back off up to this delay (a restart is usually seconds). */
const MAX_RECONNECT_DELAY_MS = 2_000;

const PUT_IF_ABSENT = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

const REPLACE_IF_EQUALS = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

const DELETE_IF_EQUALS = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

/** A hash from member to arrival position; HLEN + 1 is the next position. The TTL is set when the set is created. */
const ORDINAL = `
local known = redis.call('HGET', KEYS[1], ARGV[1])
if known then return tonumber(known) end
local position = redis.call('HLEN', KEYS[1]) + 1
redis.call('HSET', KEYS[1], ARGV[1], position)
if position == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return position`;

type RedisClient = ReturnType<typeof createClient>;

function describeFailure(error: unknown, settings: RedisConnectionSettings): StateStoreError {
	const cause = error instanceof Error ? error.message : String(error);
	const where = `${settings.host || 'localhost'}:${settings.port || 6379}`;
	return new StateStoreError(
		`The Redis state store at ${where} did not answer: ${cause}`,
		"Check that Redis is running and that the node's Redis credential names the host, port, database and password " +
			'n8n itself uses; the event is answered with an error so that Stripe delivers it again.',
	);
}

class RedisStateStore implements StateStore {
	readonly kind = 'redis' as const;

	constructor(
		private readonly client: RedisClient,
		private readonly settings: RedisConnectionSettings,
		private readonly prefix: string,
		private readonly commandTimeoutMs: number,
	) {}

	async putIfAbsent(key: string, value: string, ttlMs: number): Promise<string | undefined> {
		const reply = await this.script(PUT_IF_ABSENT, key, [value, ttlMs]);
		return typeof reply === 'string' ? reply : undefined;
	}

	async get(key: string): Promise<string | undefined> {
		const reply = await this.command(['GET', this.prefix + key]);
		return typeof reply === 'string' ? reply : undefined;
	}

	async put(key: string, value: string, ttlMs: number): Promise<void> {
		await this.command(['SET', this.prefix + key, value, 'PX', String(Math.max(1, Math.round(ttlMs)))]);
	}

	async replaceIfEquals(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
		return Number(await this.script(REPLACE_IF_EQUALS, key, [expected, value, ttlMs])) === 1;
	}

	async deleteIfEquals(key: string, expected: string): Promise<boolean> {
		return Number(await this.script(DELETE_IF_EQUALS, key, [expected])) === 1;
	}

	async ordinal(key: string, member: string, ttlMs: number): Promise<number> {
		return Number(await this.script(ORDINAL, key, [member, ttlMs]));
	}

	async size(key: string): Promise<number> {
		return Number(await this.command(['HLEN', this.prefix + key]));
	}

	private async script(source: string, key: string, args: Array<string | number>): Promise<unknown> {
		const values = args.map((arg) => (typeof arg === 'number' ? String(Math.max(1, Math.round(arg))) : arg));
		return await this.command(['EVAL', source, '1', this.prefix + key, ...values]);
	}

	/**
	 * Sends one command and waits for its answer at most `commandTimeoutMs`. node-redis's own `timeout` only covers
	 * a command still waiting to be sent: one that was sent to a Redis that then stays silent (paused, overloaded,
	 * a connection dropped without a reset) would wait forever, and with it the execution.
	 */
	private async command(args: string[]): Promise<unknown> {
		const sent = this.client.sendCommand(args, { timeout: this.commandTimeoutMs });
		let timer: ReturnType<typeof setTimeout> | undefined;
		const silence = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new Error(`no answer within ${this.commandTimeoutMs / 1000} s`)),
				this.commandTimeoutMs,
			);
		});
		// Answered after we gave up: nobody is waiting for it any more.
		sent.catch(() => undefined);
		try {
			return await Promise.race([sent, silence]);
		} catch (error: unknown) {
			throw describeFailure(error, this.settings);
		} finally {
			clearTimeout(timer);
		}
	}
}

/**
 * Connected clients by connection settings, so executions share one connection per process (as n8n's queue does)
 * instead of connecting for every execution. This caches a connection, not state: what the store knows is in Redis.
 */
const clients = new Map<string, Promise<RedisClient>>();

function settingsKey(settings: RedisConnectionSettings): string {
	return createHash('sha256').update(JSON.stringify(settings)).digest('hex');
}

async function connect(settings: RedisConnectionSettings): Promise<RedisClient> {
	const endpoint = {
		host: settings.host || 'localhost',
		port: settings.port || 6379,
		connectTimeout: CONNECT_TIMEOUT_MS,
		reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
	};
	const client = createClient({
		socket:
			settings.ssl === true
				? { ...endpoint, tls: true, rejectUnauthorized: settings.disableTlsVerification !== true }
				: endpoint,
		database: settings.database || 0,
		username: settings.user || undefined,
		password: settings.password || undefined,
	});
	// Without a listener node-redis throws connection errors at the process; commands report them instead.
	client.on('error', () => undefined);
	await client.connect();
	return client;
}

/**
 * Opens the Redis store for these settings, connecting once per process.
 * @throws StateStoreError when Redis cannot be reached, with what to check.
 */
export async function openRedisStore(
	settings: RedisConnectionSettings,
	options: { keyPrefix?: string; commandTimeoutMs?: number } = {},
): Promise<StateStore> {
	const key = settingsKey(settings);
	let pending = clients.get(key);
	if (!pending) {
		pending = connect(settings);
		clients.set(key, pending);
	}
	try {
		return new RedisStateStore(
			await pending,
			settings,
			options.keyPrefix ?? REDIS_KEY_PREFIX,
			options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
		);
	} catch (error: unknown) {
		// A failed first connection is not cached: the next execution tries again.
		clients.delete(key);
		throw describeFailure(error, settings);
	}
}

/** Closes every connection this process opened (tests and the CLI; n8n keeps them for the process's life). */
export async function closeRedisStores(): Promise<void> {
	const open = [...clients.values()];
	clients.clear();
	await Promise.all(open.map(async (pending) => (await pending.catch(() => undefined))?.destroy()));
}
