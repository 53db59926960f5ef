import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	claimReminder,
	confirmReminder,
	releaseReminder,
	reminderKey,
	reminderMessage,
	reminderThreshold,
} from '../../../../src/core/disputeReminders';
import type { ReminderDispute } from '../../../../src/core/disputeReminders';
import { readThreadParent } from '../../../../src/core/state/threadMap';
import {
	describeSlackError,
	postMessage,
	readSlackCredentials,
	resolveChannelId,
	slackClientFor,
} from '../../../../src/platforms/slack';
import type { SlackMessageContent } from '../../../../src/platforms/slack';
import { renderSlack } from '../../../../src/platforms/slack/render';
import { readDisputesAwaitingResponse } from '../../../../src/stripe/digest';
import { storeOf } from '../clickGuard';
import { inputError, stringParameter, stripeClient } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { credentialScope } from './shared';

export const option = {
	name: 'Dispute Deadline Reminders',
	value: 'disputeReminders',
	action: 'Remind of dispute evidence deadlines',
	description:
		"Posts once in the dispute's thread when evidence is due within 72 hours and again within 24 hours, and none was submitted",
};

export const meta: OperationMeta = { action: 'report.dispute_reminders', report: 'none', mutating: false };

export const description = forOperation('report', option.value, [
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'C0123DISPUTES or #disputes',
		description:
			"The channel the dispute alerts are posted in: a reminder goes into the dispute's thread there, or into the channel when it has none",
	},
]);

function asReminderDispute(dispute: {
	id: string;
	status: string;
	amount: number;
	currency: string;
	reason: string;
	livemode: boolean;
	evidence_details?: { due_by: number | null; has_evidence: boolean; submission_count: number } | null;
}): ReminderDispute {
	return {
		id: dispute.id,
		status: dispute.status,
		amount: dispute.amount,
		currency: dispute.currency,
		reason: dispute.reason,
		livemode: dispute.livemode,
		dueBy: dispute.evidence_details?.due_by ?? null,
		hasEvidence: dispute.evidence_details?.has_evidence === true,
		submissionCount: dispute.evidence_details?.submission_count ?? 0,
	};
}

/**
 * In the thread when there is one; a thread whose parent was deleted (`thread_not_found`) falls back to the channel.
 * Returns where it was posted, or Slack's error.
 */
async function postInThreadOrChannel(
	client: ReturnType<typeof slackClientFor>,
	channel: string,
	threadTs: string | undefined,
	content: SlackMessageContent,
): Promise<{ ts: string; inThread: boolean } | { error: unknown }> {
	let failure: unknown;
	for (const place of threadTs ? [threadTs, undefined] : [undefined]) {
		try {
			return { ts: (await postMessage(client, { channel, threadTs: place, content })).ts, inThread: !!place };
		} catch (error: unknown) {
			failure = error;
			if (!place || describeSlackError(error).code !== 'thread_not_found') break;
		}
	}
	return { error: failure };
}

/**
 * Each dispute whose deadline crossed a threshold: claim its reminder (one of any number of runs at once gets it),
 * post it in the dispute's thread (the thread map's `dispute:<id>`, as Payment Alert's threads are keyed) or in the
 * channel, then mark it sent; a failed post gives the claim back for the next run.
 */
export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const channelParameter = stringParameter(operation, 'channel');
	if (!channelParameter) {
		throw inputError(
			operation,
			'No channel for the reminders',
			'Fill in "Channel" with the channel of the dispute alerts.',
		);
	}
	const slack = await readSlackCredentials(operation.ctx);
	const client = slackClientFor(slack);
	const nowSeconds = Math.floor(Date.now() / 1000);
	const disputes = (await readDisputesAwaitingResponse(await stripeClient(operation), nowSeconds)).map((dispute) =>
		asReminderDispute(dispute as unknown as Parameters<typeof asReminderDispute>[0]),
	);
	const due = disputes
		.map((dispute) => ({ dispute, threshold: reminderThreshold(dispute, nowSeconds) }))
		.filter((entry) => entry.threshold !== undefined);
	const reminded: IDataObject[] = [];
	const errors: string[] = [];
	if (due.length > 0) {
		const channel = await resolveChannelId(client, channelParameter);
		const store = await storeOf(operation);
		const scope = await credentialScope(operation);
		for (const { dispute, threshold } of due) {
			if (!threshold) continue;
			const claim = await claimReminder(store, reminderKey(channel, dispute.id, threshold.id), randomUUID());
			if (!claim.claimed) continue;
			const parent = await readThreadParent(store, channel, `dispute:${dispute.id}`);
			const rendered = renderSlack(
				reminderMessage(dispute, threshold, {
					nowSeconds,
					account: scope.account,
					timeZone: operation.ctx.getTimezone(),
				}),
			);
			const posted = await postInThreadOrChannel(client, channel, parent?.ts, rendered);
			if ('error' in posted) {
				await releaseReminder(store, claim);
				const described = describeSlackError(posted.error, { secrets: [slack.botToken] });
				errors.push(`${dispute.id}: ${described.message}`);
				continue;
			}
			await confirmReminder(store, claim, Date.now());
			reminded.push({
				disputeId: dispute.id,
				threshold: threshold.id,
				channel,
				ts: posted.ts,
				inThread: posted.inThread,
			});
		}
	}
	if (errors.length > 0 && reminded.length === 0) {
		throw inputError(operation, `No reminder could be posted: ${errors.join('; ')}`, 'The next run tries again.');
	}
	return {
		result: { checked: disputes.length, reminded, ...(errors.length > 0 ? { errors } : {}) },
		detail: `${reminded.length} reminder${reminded.length === 1 ? '' : 's'} posted`,
	};
}
