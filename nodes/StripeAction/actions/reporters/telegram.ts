import {
	describeTelegramError,
	editTelegramReplyMarkup,
	escapeTelegramHtml,
	readOptionalTelegramCredentials,
	sendTelegramMessage,
	telegramClientFor,
} from '../../../../src/platforms/telegram';
import type { TelegramInlineButton, TelegramReplyMarkup } from '../../../../src/platforms/telegram';
import type { ChatItem } from '../../../../src/core/items/chatInteraction';
import type { OperationContext, ReportMode } from '../operation';
import type { OutcomeReport, OutcomeReporter } from './types';

/**
 * Writes an action's outcome back to Telegram with the bot token of the Stripe Action's optional Telegram
 * credential: the clicked message keeps its link buttons and loses its action buttons (`message` mode), and a
 * reply to it records who did what and when. Failures never undo or repeat the Stripe call: they come back as
 * text for the item's `slackReportError`, without the token.
 */

/** Few retries and a short flood-control budget: the Stripe call is done, and a stuck chat must not hold the run. */
const REPORT_CLIENT = { maxRetries: 2, rateLimitBudgetMs: 30_000 } as const;

const NO_CREDENTIAL =
	'No Telegram credential is selected in this Stripe Action node, so the outcome was not shown in Telegram. Select the "Stripe Chat Channel Telegram API" credential, or turn off "Report Outcome".';

interface TelegramPlace {
	chat: string;
	messageId: number;
	/** The keyboard the clicked message showed, as the click reported it. */
	keyboard?: TelegramReplyMarkup;
}

function placeOf(item: ChatItem): TelegramPlace | undefined {
	const messageId = Number(item.messageTs);
	if (!item.channelId || !Number.isSafeInteger(messageId) || messageId <= 0) return undefined;
	const markup = item.messageBlocks as Partial<TelegramReplyMarkup> | null | undefined;
	return {
		chat: item.channelId,
		messageId,
		keyboard: Array.isArray(markup?.inline_keyboard) ? (markup as TelegramReplyMarkup) : undefined,
	};
}

/** The keyboard without its action buttons: the Dashboard links stay, nothing can be clicked twice. */
function linksOnly(keyboard: TelegramReplyMarkup | undefined): TelegramReplyMarkup | undefined {
	const rows = (keyboard?.inline_keyboard ?? [])
		.map((row) => row.filter((button: TelegramInlineButton) => typeof button.url === 'string'))
		.filter((row) => row.length > 0);
	return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}

/**
 * `message`: the action buttons removed (`editMessageReplyMarkup`), then a reply with the outcome; `thread`: only
 * the reply. The outcome text is already Telegram HTML (the router words it in the platform's voice); the thread
 * text is plain and escaped here.
 * @see https://core.telegram.org/bots/api#editmessagereplymarkup
 */
async function reportOutcome(operation: OperationContext, input: OutcomeReport): Promise<string | undefined> {
	const place = placeOf(operation.item);
	if (!place) return undefined;
	const access = await readOptionalTelegramCredentials(operation.ctx);
	if (!access) return NO_CREDENTIAL;
	try {
		const client = telegramClientFor(access, REPORT_CLIENT);
		if (input.mode === 'message') {
			await editTelegramReplyMarkup(client, {
				chat: place.chat,
				messageId: place.messageId,
				replyMarkup: linksOnly(place.keyboard),
			});
		}
		if (!input.skipThreadReply) {
			const text = input.threadText
				? `${input.outcomeText}\n${escapeTelegramHtml(input.threadText)}`
				: input.outcomeText;
			await sendTelegramMessage(client, { chat: place.chat, content: { text }, replyTo: place.messageId });
		}
		return undefined;
	} catch (error: unknown) {
		const described = describeTelegramError(error, { chat: place.chat, secrets: [access.botToken] });
		return `${described.message} ${described.hint}`;
	}
}

export const telegramReporter: OutcomeReporter = {
	canReport: (item: ChatItem, mode: ReportMode) => mode !== 'none' && placeOf(item) !== undefined,
	report: reportOutcome,
	// The trigger answered the click already (a callback query is answered once), and Telegram has no message only
	// one person sees: a repeated or refused click gets no second notice.
	answerPrivately: async () => undefined,
};
