import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { withoutUndefined } from '../../src/core/records';

/**
 * What every node of this package emits for an item that failed while "Continue On Fail" (Settings → On Error →
 * Continue) is on: one shape, so a workflow can route failures the same way after any node of the package.
 * `ok: false`, `error` says what went wrong, `hint` what to do; a node may add fields of its own that describe the
 * item (e.g. `operation`, `outcome`). The item goes on the output it would have taken had it succeeded (the first
 * output when that cannot be known), keeping its `pairedItem`.
 */
export interface ErrorItemJson extends IDataObject {
	ok: false;
	error: string;
	hint?: string;
}

/** The message and the hint of a thrown error: n8n's errors carry the hint in `description`. */
export function describeFailure(error: unknown): { error: string; hint?: string } {
	if (error instanceof Error) {
		const { description } = error as Error & { description?: unknown };
		return {
			error: error.message,
			hint: typeof description === 'string' && description !== '' ? description : undefined,
		};
	}
	return { error: String(error) };
}

export function errorItem(error: unknown, itemIndex: number, fields: IDataObject = {}): INodeExecutionData {
	const json: ErrorItemJson = withoutUndefined({ ok: false as const, ...fields, ...describeFailure(error) });
	return { json, pairedItem: { item: itemIndex } };
}
