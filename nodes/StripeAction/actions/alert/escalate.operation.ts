import type { IExecuteFunctions } from 'n8n-workflow';

import { dashboardUrl } from '../../../../src/core/links';
import { alertFactsFromBlocks, escalationText } from '../../../../src/platforms/slack/alertFacts';
import { slackAddressing } from '../../../../src/platforms/slack/addressing';
import { inputError, stringParameter } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { platformOf } from '../reporters';
import { alreadyMarked, clickedAlert, markAlert, replyInThread, unmarkAlert } from './team';

export const option = {
	name: 'Escalate',
	value: 'escalate',
	action: 'Escalate an alert to a group',
	description: 'Mentions a Slack user group (legal, finance) in the thread with the facts it needs, once per alert',
};

export const meta: OperationMeta = { action: 'alert.escalate', report: 'note', mutating: false };

export const description = forOperation('alert', option.value, [
	{
		displayName: 'User Group ID',
		name: 'userGroupId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'S0123ABCD',
		description:
			'The Slack user group to mention (Slack admin → User groups, or the usergroups.list API): legal, finance, …',
	},
	{
		displayName: 'Group Name',
		name: 'groupName',
		type: 'string',
		default: '',
		placeholder: 'Legal',
		description: 'How the thread reply names the group ("Escalated to Legal by @alice")',
	},
]);

function userGroupOf(operation: OperationContext): string {
	const id = stringParameter(operation, 'userGroupId');
	const problem = slackAddressing.describeMentionProblem({ type: 'usergroup', id });
	if (problem) throw inputError(operation, `"${id}" ${problem}`, 'Fill in "User Group ID" with the group\'s id.');
	return id;
}

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	if (platformOf(operation.item) !== 'slack') {
		throw inputError(
			operation,
			'Escalate mentions a Slack user group, and this click comes from another chat platform; nothing was done',
			'Route only Slack clicks (the Chat Interaction Trigger) to this step.',
		);
	}
	const alert = clickedAlert(operation);
	const userGroupId = userGroupOf(operation);
	const groupName = stringParameter(operation, 'groupName') || undefined;
	const escalated = await markAlert(operation, 'escalated', alert, groupName ?? userGroupId);
	if (escalated.status === 'taken') return await alreadyMarked(operation, meta.action, escalated, 'already escalated');
	const { item } = operation;
	const target = item.target ?? {};
	const links = [
		{
			label: 'Stripe Dashboard',
			url: dashboardUrl({
				objectType: target.objectType,
				objectId: target.objectId,
				livemode: target.livemode === true,
				account: target.account,
			}),
		},
		{ label: 'The alert', url: item.messageLink ?? undefined },
	].filter((link): link is { label: string; url: string } => typeof link.url === 'string');
	const text = escalationText({
		userGroupId,
		groupName,
		userId: item.user?.id,
		facts: alertFactsFromBlocks(item.messageBlocks),
		links,
	});
	const failure = await replyInThread(operation, alert, text);
	if (failure) {
		// The mention did not go out: the next click may try again.
		await unmarkAlert(operation, escalated);
		throw failure;
	}
	return {
		result: { userGroupId, groupName: groupName ?? null },
		detail: groupName ? `to ${groupName}` : undefined,
		threadReplyPosted: true,
	};
}
