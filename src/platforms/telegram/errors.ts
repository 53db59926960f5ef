import { StateStoreError } from '../../core/state/stateStore';
import { scrubTelegramSecrets, TelegramApiError, TelegramSetupError } from './client';

export interface DescribedTelegramError {
	message: string;
	/** What a person can do about it. */
	hint: string;
	/** Telegram's error code (HTTP status), when Telegram answered. */
	errorCode?: number;
	/** A mistake in the node's setup or input rather than an answer from Telegram. */
	isSetupError: boolean;
}

/** Telegram's descriptions we know how to explain, by a part of their text. */
const HINTS: ReadonlyArray<readonly [RegExp, string]> = [
	[
		/chat not found/i,
		'Check the chat id. Add the bot to the group or channel first; a channel needs the bot as an administrator.',
	],
	[
		/bot was kicked|bot is not a member|not enough rights|have no rights/i,
		'Add the bot to the chat again (an administrator with "Post messages" in a channel).',
	],
	[/bot was blocked by the user/i, 'The person blocked the bot: they have to start it again.'],
	[/can't parse entities/i, 'The text is not valid Telegram HTML. With custom text, escape < > & as &lt; &gt; &amp;.'],
	[/message thread not found/i, 'The topic (message thread id) does not exist in this chat.'],
	[/message is too long/i, 'The text is longer than 4,096 characters.'],
	[/BUTTON_DATA_INVALID/i, 'A button carries more than 64 bytes of callback data.'],
];

/**
 * A readable error with a hint for whatever a Telegram call threw. The bot token and the given secrets never
 * appear in the text (the token is part of every request URL).
 */
export function describeTelegramError(
	error: unknown,
	context: { chat?: string; secrets?: string[] } = {},
): DescribedTelegramError {
	const scrub = (text: string) => scrubTelegramSecrets(text, context.secrets ?? []);
	const where = context.chat ? ` (chat ${context.chat})` : '';
	if (error instanceof TelegramSetupError) {
		return { message: scrub(error.message), hint: 'Check the Telegram credential.', isSetupError: true };
	}
	if (error instanceof StateStoreError) {
		return { message: error.message, hint: error.hint, isSetupError: false };
	}
	if (error instanceof TelegramApiError) {
		const message = `${scrub(error.message)}${where}`;
		if (error.errorCode === 401) {
			return {
				message,
				hint: 'Telegram did not accept the bot token. Copy it again from @BotFather (/token).',
				errorCode: 401,
				isSetupError: false,
			};
		}
		const migrated = error.parameters.migrate_to_chat_id;
		if (migrated !== undefined) {
			return {
				message,
				hint: `The group became a supergroup: its chat id is now ${migrated}. Use that id.`,
				errorCode: error.errorCode,
				isSetupError: false,
			};
		}
		const hint = HINTS.find(([pattern]) => pattern.test(error.description))?.[1];
		return {
			message,
			hint:
				hint ??
				(error.errorCode === 0 || error.errorCode >= 500
					? 'Telegram is unreachable or failing; the item can be run again.'
					: 'See the Bot API documentation for this error.'),
			errorCode: error.errorCode,
			isSetupError: false,
		};
	}
	const text = error instanceof Error ? error.message : String(error);
	return {
		message: `${scrub(text)}${where}`,
		hint: 'Unexpected error while talking to Telegram.',
		isSetupError: false,
	};
}
