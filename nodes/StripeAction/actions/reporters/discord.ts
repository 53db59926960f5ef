import type { ChatItem } from '../../../../src/core/items/chatInteraction';
import {
	DiscordApiError,
	editOriginalMessage,
	interactionWebhookProblem,
	postFollowUp,
} from '../../../../src/platforms/discord';
import type { OperationContext, ReportMode } from '../operation';
import type { OutcomeReport, OutcomeReporter } from './types';

/**
 * Writes an action's outcome back to Discord through the click's interaction webhook (the item's `responseUrl`,
 * valid 15 minutes, no bot token needed): the clicked message shows the outcome instead of its buttons, and a
 * follow-up message records who did what and when. Failures never undo or repeat the Stripe call: they come back
 * as text for the item's `slackReportError`, without the interaction token.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#edit-original-interaction-response
 */

function describe(error: unknown): string {
	if (error instanceof DiscordApiError) return `${error.message} ${error.hint}`;
	return error instanceof Error ? error.message : String(error);
}

function canReport(item: ChatItem, mode: ReportMode): boolean {
	return mode !== 'none' && typeof item.responseUrl === 'string' && !interactionWebhookProblem(item.responseUrl);
}

async function report(operation: OperationContext, input: OutcomeReport): Promise<string | undefined> {
	const responseUrl = operation.item.responseUrl;
	if (!responseUrl) return undefined;
	try {
		// The embed stays as it was; the content line becomes the outcome and the buttons go, so nobody clicks again.
		if (input.mode === 'message')
			await editOriginalMessage(responseUrl, { content: input.outcomeText, components: [] });
		if (!input.skipThreadReply) {
			await postFollowUp(
				responseUrl,
				input.threadText ? `${input.outcomeText}\n${input.threadText}` : input.outcomeText,
			);
		}
		return undefined;
	} catch (error: unknown) {
		return describe(error);
	}
}

async function answerPrivately(operation: OperationContext, text: string): Promise<string | undefined> {
	const responseUrl = operation.item.responseUrl;
	if (!responseUrl) return undefined;
	try {
		await postFollowUp(responseUrl, text, { ephemeral: true });
		return undefined;
	} catch (error: unknown) {
		return describe(error);
	}
}

export const discordReporter: OutcomeReporter = { canReport, report, answerPrivately };
