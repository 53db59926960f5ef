/** A retried call never waits longer than this between tries when the server names no wait of its own. */
const MAX_BACKOFF_MS = 30_000;

/** One try's outcome: the value, or an error worth trying again after the wait the server asked for (if any). */
export type TryOutcome<T> = { value: T } | { retry: Error; retryAfterMs?: number };

export interface BackoffOptions {
	/** Tries after the first. */
	maxRetries: number;
	/** The first wait when the server names none; it doubles per try, up to 30 s. */
	minDelayMs: number;
	sleep: (ms: number) => Promise<void>;
}

export const sleepFor = async (ms: number): Promise<void> =>
	await new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Tries `attempt` until it gives a value, waiting between tries as the server asked (`Retry-After`) or with
 * exponential back-off. An error `attempt` throws is final and goes to the caller at once; after the last try the
 * last retryable error does.
 */
export async function retryWithBackoff<T>(attempt: () => Promise<TryOutcome<T>>, options: BackoffOptions): Promise<T> {
	let last: { retry: Error; retryAfterMs?: number } | undefined;
	for (let tryNumber = 0; tryNumber <= Math.max(0, Math.floor(options.maxRetries)); tryNumber++) {
		if (last) {
			await options.sleep(last.retryAfterMs ?? Math.min(options.minDelayMs * 2 ** (tryNumber - 1), MAX_BACKOFF_MS));
		}
		const outcome = await attempt();
		if ('value' in outcome) return outcome.value;
		last = outcome;
	}
	throw (last as { retry: Error }).retry;
}
