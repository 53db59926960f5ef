import { blocksWithOutcome } from '../../../../src/core/actionOutcome';
import {
	describeSlackError,
	messageBlocks,
	postMessage,
	readOptionalSlackCredentials,
	respondViaResponseUrl,
	slackClientFor,
	updateMessage,
} from '../../../../src/platforms/slack';
import type { ResponseType, SlackCredentials } from '../../../../src/platforms/slack';
import type { SlackBlock } from '../../../../src/platforms/slack/render';
import type { ChatItem } from '../../../../src/core/items/chatInteraction';
import type { OperationContext, ReportMode } from '../operation';
import type { OutcomeReport, OutcomeReporter } from './types';

/**
 * Writes an action's outcome back to Slack: the clicked message loses its buttons and shows the outcome, and a
 * thread reply records who did what and when. Failures here never undo or repeat the Stripe call: they are
 * returned as text for the item's `slackReportError`.
 */

/** Few retries: the Stripe call is done, and a stuck Slack must not hold the execution for minutes. */
const REPORT_RETRIES = 2;

const NO_CREDENTIAL =
	'No Slack credential is selected in this Stripe Action node, so the outcome was not shown in Slack. Select the "Stripe Chat Channel Slack API" credential, or turn off "Report Outcome in Slack".';

function describe(error: unknown, access: SlackCredentials | undefined): string {
	const described = describeSlackError(error, { secrets: access ? [access.botToken] : [] });
	return `${described.message} ${described.hint}`;
}

/** Where an outcome goes in Slack. */
interface ReportPlace {
	channel: string;
	threadTs?: string;
	/** The message whose buttons make way for the outcome; without `blocks` they are read back from the channel. */
	update?: { ts: string; blocks?: unknown[] };
}

/**
 * The clicked message, or for a form submission (which Slack sends without channel or message) the message the
 * form was opened from, as signed into the form and verified by the trigger.
 */
function placeOf(item: ChatItem): ReportPlace | undefined {
	if (item.channelId && (item.messageTs || item.threadTs)) {
		return {
			channel: item.channelId,
			threadTs: item.threadTs ?? item.messageTs ?? undefined,
			update:
				item.messageTs && Array.isArray(item.messageBlocks)
					? { ts: item.messageTs, blocks: item.messageBlocks }
					: undefined,
		};
	}
	const origin = item.target;
	if (!item.channelId && origin?.channelId && origin.messageTs) {
		return { channel: origin.channelId, threadTs: origin.messageTs, update: { ts: origin.messageTs } };
	}
	return undefined;
}

/**
 * `message`: `chat.update` with the buttons replaced by the outcome, then a thread reply; `thread`: only the
 * thread reply. The message's blocks come with a click; for a form they are read from the channel first.
 * Returns a readable error or undefined.
 * @see https://docs.slack.dev/reference/methods/chat.update
 */
async function reportOutcome(operation: OperationContext, input: OutcomeReport): Promise<string | undefined> {
	const place = placeOf(operation.item);
	if (!place) return undefined;
	const access = await readOptionalSlackCredentials(operation.ctx);
	if (!access) return NO_CREDENTIAL;
	try {
		const client = slackClientFor(access, { maxRetries: REPORT_RETRIES });
		if ((input.mode === 'message' || input.mode === 'note') && place.update) {
			const blocks = place.update.blocks ?? (await messageBlocks(client, place.channel, place.update.ts));
			if (blocks) {
				const keepButtons = input.mode === 'note';
				await updateMessage(client, {
					channel: place.channel,
					ts: place.update.ts,
					content: {
						text: input.outcomeText,
						blocks: blocksWithOutcome(blocks, input.outcomeText, input.headline, { keepButtons }),
					},
				});
			}
		}
		if (!input.skipThreadReply) {
			await postMessage(client, {
				channel: place.channel,
				threadTs: place.threadTs,
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
	blocks?: SlackBlock[],
): Promise<string | undefined> {
	const responseUrl = operation.item.responseUrl;
	if (!responseUrl) return undefined;
	const access = await readOptionalSlackCredentials(operation.ctx);
	try {
		await respondViaResponseUrl({
			responseUrl,
			content: blocks ? { text, blocks } : { text },
			responseType,
			apiUrl: access?.apiBaseUrl,
			maxRetries: REPORT_RETRIES,
		});
		return undefined;
	} catch (error: unknown) {
		return describe(error, access);
	}
}

export const slackReporter: OutcomeReporter = {
	canReport: (item: ChatItem, mode: ReportMode) => mode !== 'none' && placeOf(item) !== undefined,
	report: reportOutcome,
	answerPrivately: (operation, text) => answerViaResponseUrl(operation, text, 'ephemeral'),
};
