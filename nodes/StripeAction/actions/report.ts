import { blocksWithOutcome } from '../../../src/core/actionOutcome';
import {
	createSlackClient,
	describeSlackError,
	postMessage,
	respondViaResponseUrl,
	updateMessage,
} from '../../../src/slack';
import type { ResponseType } from '../../../src/slack';
import type { OperationContext, ReportMode } from './common';
import { SLACK_CREDENTIAL } from './common';

/**
 * Writes an action's outcome back to Slack: the clicked message loses its buttons and shows the outcome, and a
 * thread reply records who did what and when. Failures here never undo or repeat the Stripe call: they are
 * returned as text for the item's `slackReportError`.
 */

interface SlackAccess {
	token: string;
	apiUrl?: string;
}

/** Few retries: the Stripe call is done, and a stuck Slack must not hold the execution for minutes. */
const REPORT_RETRIES = 2;

async function slackAccess(operation: OperationContext): Promise<SlackAccess | undefined> {
	try {
		const credentials = await operation.ctx.getCredentials<{ botToken?: string; apiBaseUrl?: string }>(
			SLACK_CREDENTIAL,
		);
		return { token: String(credentials.botToken ?? ''), apiUrl: credentials.apiBaseUrl };
	} catch {
		return undefined;
	}
}

const NO_CREDENTIAL =
	'No Slack credential is selected in this Stripe Action node, so the outcome was not shown in Slack. Select the "Stripe Chat Channel Slack API" credential, or turn off "Report Outcome in Slack".';

function describe(error: unknown, access: SlackAccess | undefined): string {
	const described = describeSlackError(error, { secrets: access ? [access.token] : [] });
	return `${described.message} ${described.hint}`;
}

/** Whether the item comes from a click on a message this node can write back to. */
export function canReport(operation: OperationContext, mode: ReportMode): boolean {
	const { item } = operation;
	if (mode === 'none' || !item.channelId) return false;
	return !!(item.messageTs || item.threadTs);
}

/**
 * `message`: `chat.update` with the buttons replaced by the outcome (when the click carried the message's
 * blocks), then a thread reply; `thread`: only the thread reply. Returns a readable error or undefined.
 * @see https://docs.slack.dev/reference/methods/chat.update
 */
export async function reportOutcome(
	operation: OperationContext,
	input: { mode: ReportMode; outcomeText: string; threadText?: string; skipThreadReply?: boolean },
): Promise<string | undefined> {
	const { item } = operation;
	const channel = item.channelId ?? '';
	const access = await slackAccess(operation);
	if (!access) return NO_CREDENTIAL;
	try {
		const client = createSlackClient({ token: access.token, apiUrl: access.apiUrl, maxRetries: REPORT_RETRIES });
		if (input.mode === 'message' && item.messageTs && Array.isArray(item.messageBlocks)) {
			await updateMessage(client, {
				channel,
				ts: item.messageTs,
				content: { text: input.outcomeText, blocks: blocksWithOutcome(item.messageBlocks, input.outcomeText) },
			});
		}
		if (!input.skipThreadReply) {
			await postMessage(client, {
				channel,
				threadTs: item.threadTs ?? item.messageTs ?? undefined,
				content: { text: input.threadText ? `${input.outcomeText}\n${input.threadText}` : input.outcomeText },
			});
		}
		return undefined;
	} catch (error: unknown) {
		return describe(error, access);
	}
}

/**
 * Answers a slash command or click through its `response_url` (only Slack's hosts, or the credential's API host).
 * Returns a readable error or undefined.
 * @see https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 */
export async function answerViaResponseUrl(
	operation: OperationContext,
	text: string,
	responseType: ResponseType,
): Promise<string | undefined> {
	const responseUrl = operation.item.responseUrl;
	if (!responseUrl) return undefined;
	const access = await slackAccess(operation);
	try {
		await respondViaResponseUrl({
			responseUrl,
			content: { text },
			responseType,
			apiUrl: access?.apiUrl,
			maxRetries: REPORT_RETRIES,
		});
		return undefined;
	} catch (error: unknown) {
		return describe(error, access);
	}
}
