/**
 * The one reader of "list" fields typed into the n8n editor (account ids, channel names, user ids, lookup keys,
 * signing secrets): entries separated by commas, spaces or new lines, so `acct_1, acct_2`, `acct_1 acct_2` and one
 * per line all mean the same. Blanks are dropped and the order is kept; duplicates stay (callers that need a set
 * make one).
 */
export function parseList(value: unknown): string[] {
	if (typeof value !== 'string') return [];
	return value.split(/[\s,]+/).filter((entry) => entry !== '');
}

/** The values chosen in a multiple-choice field (n8n's `multiOptions`), which arrives as an array. */
export function chosenOptions(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}
