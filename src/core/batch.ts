/**
 * The entries whose key did not come earlier in the list, in their order: of items repeated within one batch
 * (one execution's input), the first stands for all, before any state store is asked.
 */
export function firstOfEachKey<T>(entries: readonly T[], keyOf: (entry: T) => string): T[] {
	const seen = new Set<string>();
	return entries.filter((entry) => {
		const key = keyOf(entry);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
