import type { IExecuteFunctions } from 'n8n-workflow';

import { escapeMrkdwn } from '../../../../src/core/escape';
import { isChannelId } from '../../../../src/platforms/slack/addressing';
import { inputError, stringParameter } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { replyInThread } from './team';

export const option = {
	name: 'Post Ticket Link',
	value: 'postTicketLink',
	action: 'Post a ticket link in the alert thread',
	description:
		'After your ticket node: "Ticket created: &lt;link&gt;" in the thread of the alert it was requested from',
};

export const meta: OperationMeta = { action: 'ticket.link', report: 'none', mutating: false };

const FROM_REQUEST = "$('Request Ticket').item.json.result";

export const description = forOperation('alert', option.value, [
	{
		displayName: 'Ticket URL',
		name: 'ticketUrl',
		type: 'string',
		required: true,
		default: '={{ $json.url }}',
		description: "The ticket's address from the ticket node's output (Linear: URL; Jira: build it from the key)",
	},
	{
		displayName: 'Ticket Name',
		name: 'ticketName',
		type: 'string',
		default: '={{ $json.identifier || $json.key || "" }}',
		description: 'Shown as the link text, e.g. ENG-123; empty shows the address',
	},
	{
		displayName: 'Channel ID',
		name: 'channelId',
		type: 'string',
		required: true,
		default: `={{ ${FROM_REQUEST}.channelId }}`,
		description: 'The channel of the alert (from the Request Ticket step)',
	},
	{
		displayName: 'Thread Timestamp',
		name: 'threadTs',
		type: 'string',
		required: true,
		default: `={{ ${FROM_REQUEST}.threadTs }}`,
		description: 'The alert message (from the Request Ticket step)',
	},
]);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const url = stringParameter(operation, 'ticketUrl');
	const name = stringParameter(operation, 'ticketName');
	const channelId = stringParameter(operation, 'channelId');
	const threadTs = stringParameter(operation, 'threadTs');
	// Only a plain https address becomes a link: nothing the ticket system returns can become a mention or markup.
	if (!/^https:\/\/[^\s<>|]{1,2000}$/.test(url)) {
		throw inputError(
			operation,
			`"${url.slice(0, 100)}" is not a ticket address`,
			'Map "Ticket URL" to the ticket node\'s https address.',
		);
	}
	if (!isChannelId(channelId) || !/^\d+\.\d+$/.test(threadTs)) {
		throw inputError(
			operation,
			'No alert thread to post the ticket link in',
			'Map "Channel ID" and "Thread Timestamp" to the Request Ticket step\'s result (channelId, threadTs).',
		);
	}
	const text = `:ticket: Ticket created: <${url}|${escapeMrkdwn(name || url)}>`;
	const failure = await replyInThread(operation, { channelId, objectId: '', threadTs }, text);
	if (failure) throw failure;
	return { result: { url, channelId, threadTs }, detail: name || url };
}
