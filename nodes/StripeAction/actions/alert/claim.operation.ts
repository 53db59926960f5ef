import type { IExecuteFunctions } from 'n8n-workflow';

import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { alreadyMarked, clickedAlert, markAlert } from './team';

export const option = {
	name: 'Take It',
	value: 'claim',
	action: 'Take an alert',
	description: 'Shows "Handled by @you" on the alert and in its thread; a later "Take it" is told who owns it',
};

/** Changes nothing at Stripe: the owner mark (set once per alert and channel) makes it act once. */
export const meta: OperationMeta = { action: 'alert.claim', report: 'note', mutating: false };

export const description = forOperation('alert', option.value, []);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const alert = clickedAlert(operation);
	const owner = await markAlert(operation, 'owner', alert);
	if (owner.status === 'taken') return await alreadyMarked(operation, meta.action, owner, 'already taken');
	return {
		result: { owner: { userId: operation.item.user?.id ?? null, name: operation.item.user?.name ?? null } },
	};
}
