import type { StateStore } from './stateStore';

/**
 * Keeps a lease in the state store alive while its holder works. Leases are kept short so that a holder that dies
 * frees its key soon, but one step of a live holder can take far longer: a Slack call waits out rate limits for
 * up to 10 minutes. So the holder renews the lease every third of its time to live, as long as the key still holds
 * its value (compare-and-set: once another holder has the key, it stays theirs). When the process dies, the
 * renewals stop with it and the lease runs out as before.
 */
export interface LeaseKeeper {
	/** True once a renewal found the key no longer holding this holder's value: someone else may hold it now. */
	readonly lost: boolean;
	/** Stops renewing (and waits for a renewal in flight), before the holder gives the key up. */
	stop(): Promise<void>;
}

export function keepLeaseAlive(store: StateStore, key: string, value: string, ttlMs: number): LeaseKeeper {
	let lost = false;
	let stopped = false;
	let renewing: Promise<void> = Promise.resolve();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const schedule = () => {
		timer = setTimeout(() => {
			renewing = store
				.replaceIfEquals(key, value, value, ttlMs)
				.then(
					(kept) => {
						if (!kept) lost = true;
					},
					// The store did not answer this time: the lease still runs, and the next renewal tries again.
					() => undefined,
				)
				.then(() => {
					if (!stopped && !lost) schedule();
				});
		}, Math.max(1, Math.floor(ttlMs / 3)));
		// A pending renewal must not keep a process alive that has nothing else to do.
		timer.unref?.();
	};
	schedule();
	return {
		get lost() {
			return lost;
		},
		async stop() {
			stopped = true;
			clearTimeout(timer);
			await renewing;
		},
	};
}
