/** A plain JSON object (not null, not an array): what a parsed JSON body or an n8n item's `json` is. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The same object without its undefined fields, so items show no empty keys in n8n's output panel. */
export function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
	return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as {
		[K in keyof T]: Exclude<T[K], undefined>;
	};
}
