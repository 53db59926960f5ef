/**
 * How long an execution waits for another one that holds the same key (an event, a thread, a lock), and how often
 * it looks again. `now` and `sleep` are there for tests.
 */
export interface Waiting {
	waitMs: number;
	pollMs: number;
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one "set if absent, else wait and look again" loop of the state store's users: calls `attempt` until it
 * settles (returns anything but `undefined`) or the wait is over. Always tries at least once.
 * @returns what `attempt` settled on, or `undefined` when the wait ran out first.
 */
export async function waitFor<T>(attempt: () => Promise<T | undefined>, waiting: Waiting): Promise<T | undefined> {
	const now = waiting.now ?? Date.now;
	const sleep = waiting.sleep ?? defaultSleep;
	const deadline = now() + waiting.waitMs;
	for (;;) {
		const settled = await attempt();
		if (settled !== undefined) return settled;
		if (now() >= deadline) return undefined;
		await sleep(waiting.pollMs);
	}
}
