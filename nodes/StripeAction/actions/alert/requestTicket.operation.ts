import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { alreadyMarked, clickedAlert, markAlert } from './team';

export const option = {
	name: 'Request Ticket',
	value: 'requestTicket',
	action: 'Request a ticket for an alert',
	description:
		'Passes the ticket of a "Create ticket" click on to your ticket node, once per alert; a later click is told who asked',
};

/**
 * Between the Chat Interaction Trigger and the ticket node (Jira, Linear, …): one ticket per alert however often
 * the button is clicked. The item's `result.ticket` is what the trigger read from the alert.
 */
export const meta: OperationMeta = { action: 'ticket.create', report: 'note', mutating: false };

export const description = forOperation('alert', option.value, []);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const alert = clickedAlert(operation);
	const ticket = operation.ctx.getInputData()[operation.itemIndex].json.ticket as IDataObject | undefined;
	if (!ticket || typeof ticket !== 'object') {
		throw inputError(
			operation,
			'The click carries no ticket',
			'Connect this node to the Chat Interaction Trigger\'s "ticket.create" clicks (a Switch on its "action" field).',
		);
	}
	const requested = await markAlert(operation, 'ticket', alert);
	if (requested.status === 'taken') return await alreadyMarked(operation, meta.action, requested, 'already requested');
	return { result: { ticket, channelId: alert.channelId, threadTs: alert.threadTs ?? null } };
}
