import { NodeOperationError } from 'n8n-workflow';

import { describeEarlierAction } from '../../../../src/core/actionOutcome';
import { readTeamMark, releaseTeamMark, setTeamMark } from '../../../../src/core/state/teamMarks';
import type { TeamMarkKind, TeamMarkResult } from '../../../../src/core/state/teamMarks';
import {
	describeSlackError,
	postMessage,
	readOptionalSlackCredentials,
	slackClientFor,
} from '../../../../src/platforms/slack';
import { stateStoreFailure } from '../../../shared/stateStore';
import { storeOf } from '../clickGuard';
import { inputError } from '../common';
import type { ActionResult, OperationContext } from '../operation';
import { reporterFor, voiceOf } from '../reporters';

/**
 * What the team operations share (take it, escalate, request a ticket): the alert a click is about, a mark set
 * once per alert in the state store (src/core/state/teamMarks.ts), and the private answer to the click that
 * finds the mark already set.
 */

export interface ClickedAlert {
	/** The channel the alert was posted in: the one signed into the button, else the clicked message's. */
	channelId: string;
	/** The Stripe object the alert is about, from the signed button value. */
	objectId: string;
	threadTs?: string;
}

/** The alert of a signed click; anything else (an unsigned item, a manual run) has none and is refused. */
export function clickedAlert(operation: OperationContext): ClickedAlert {
	const { item } = operation;
	const channelId = item.target?.channelId ?? item.channelId ?? undefined;
	const objectId = item.target?.objectId;
	if (!channelId || !objectId || !item.user?.id) {
		throw inputError(
			operation,
			'This operation works on a button click on an alert, and the item is not one',
			'Connect this node after the Chat Interaction Trigger (a Switch on its "action" field in between).',
		);
	}
	operation.objectId = objectId;
	return { channelId, objectId, threadTs: item.threadTs ?? item.messageTs ?? undefined };
}

/** Sets the alert's mark for this click; a store that cannot be reached stops the item before anything is posted. */
export async function markAlert(
	operation: OperationContext,
	kind: TeamMarkKind,
	alert: ClickedAlert,
	detail?: string,
): Promise<TeamMarkResult> {
	const store = await storeOf(operation);
	try {
		return await setTeamMark({
			store,
			kind,
			channelId: alert.channelId,
			objectId: alert.objectId,
			mark: {
				userId: operation.item.user?.id ?? undefined,
				userName: operation.item.user?.name ?? undefined,
				requestId: operation.item.requestId ?? undefined,
				detail,
			},
		});
	} catch (error: unknown) {
		throw stateStoreFailure(operation.ctx, error, operation.itemIndex);
	}
}

/** Gives the mark back (what it stands for did not happen); a failure here leaves the mark, never hides the error. */
export async function unmarkAlert(operation: OperationContext, set: Extract<TeamMarkResult, { status: 'set' }>) {
	try {
		await releaseTeamMark(await storeOf(operation), set);
	} catch {
		// The error that led here is what the person must see.
	}
}

/** Who set a mark, for a scheduled check or a later operation. */
export async function alertMark(operation: OperationContext, kind: TeamMarkKind, alert: ClickedAlert) {
	return await readTeamMark(await storeOf(operation), kind, alert.channelId, alert.objectId);
}

/**
 * The answer to a click that found the mark set: privately, naming who and when ("Already done: Handled by @alice
 * at …"), and nothing done. Slack delivering the first click again gets no second answer.
 */
export async function alreadyMarked(
	operation: OperationContext,
	action: string,
	taken: Extract<TeamMarkResult, { status: 'taken' }>,
	refused: string,
): Promise<ActionResult> {
	const { mark } = taken;
	const reason = `${refused}${mark.userId ? ` by ${mark.userId}` : ''} at ${mark.at}`;
	let slackReportError: string | undefined;
	if (!taken.sameRequest) {
		const text = describeEarlierAction(
			{ action, state: 'done', userId: mark.userId, at: new Date(mark.at), timeZone: operation.ctx.getTimezone() },
			voiceOf(operation.item),
		);
		slackReportError = await reporterFor(operation.item)?.answerPrivately(operation, text);
	}
	return {
		result: { earlier: { userId: mark.userId ?? null, at: mark.at, detail: mark.detail ?? null } },
		notDone: { reason, refused: taken.sameRequest ? 'repeated_delivery' : refused.replace(/ /g, '_') },
		slackReportError,
	};
}

/** Posts a reply in the alert's thread with the node's Slack credential; returns the error that stops the item. */
export async function replyInThread(
	operation: OperationContext,
	alert: ClickedAlert,
	text: string,
): Promise<NodeOperationError | undefined> {
	const access = await readOptionalSlackCredentials(operation.ctx);
	if (!access) {
		return inputError(
			operation,
			'No Slack credential is selected in this Stripe Action node, so nothing could be posted',
			'Select the "Stripe Chat Channel Slack API" credential.',
		);
	}
	try {
		await postMessage(slackClientFor(access, { maxRetries: 2 }), {
			channel: alert.channelId,
			threadTs: alert.threadTs,
			content: { text },
		});
		return undefined;
	} catch (error: unknown) {
		const described = describeSlackError(error, { secrets: [access.botToken] });
		return new NodeOperationError(operation.ctx.getNode(), described.message, {
			itemIndex: operation.itemIndex,
			description: described.hint,
		});
	}
}
