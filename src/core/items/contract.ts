import { isRecord } from '../records';

/**
 * What one node of this package hands the next. Each contract (one file per contract in this folder) names the node
 * that emits the item and the fields the reading node cannot do without; the reading node calls `readItem` so a
 * workflow wired to the wrong node fails with a message that says how to connect it, instead of a confusing error
 * deep inside an operation.
 */
export interface ItemContract<T> {
	/** The node whose output this is, as the editor shows it, e.g. "Payment Alert". */
	emittedBy: string;
	/** Returns what is wrong with the item (field by field), or nothing when it is usable. */
	problems(json: Record<string, unknown>): string[];
	/** Only for the type: `readItem` returns the item typed as T. */
	readonly type?: T;
}

export class ItemContractError extends Error {
	readonly hint: string;
	constructor(readerName: string, contract: ItemContract<unknown>, problems: string[]) {
		super(`${readerName} expects the output of ${contract.emittedBy}: ${problems.join('; ')}`);
		this.name = 'ItemContractError';
		this.hint = `Connect this node after ${contract.emittedBy}, or map the fields listed above into the item (e.g. with an Edit Fields node).`;
	}
}

export function readItem<T>(json: unknown, contract: ItemContract<T>, readerName: string): T {
	const problems = isRecord(json) ? contract.problems(json) : ['the item is not an object'];
	if (problems.length > 0) throw new ItemContractError(readerName, contract, problems);
	return json as T;
}
