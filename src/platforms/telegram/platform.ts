import { UNICODE_OUTCOME_ICONS } from '../../core/actionOutcome';
import type { ChatPlatform } from '../platform';
import { telegramAddressing } from './addressing';
import { TELEGRAM_CREDENTIAL_TYPE } from './credentials';
import { telegramLimitProblems } from './limits';
import { escapeTelegramHtml, renderTelegram } from './render';

/** Telegram: HTML-mode messages with an inline keyboard, posted by the Stripe Chat Telegram node. */
export const telegramPlatform: ChatPlatform = {
	id: 'telegram',
	displayName: 'Telegram',
	credentialType: TELEGRAM_CREDENTIAL_TYPE,
	render: (message, options) => {
		const mention = telegramAddressing.formatMention(options.mention);
		return renderTelegram(message, mention ? { mention } : {});
	},
	addressing: telegramAddressing,
	buttons: 'interactive',
	buttonValues: 'compact',
	ruleHints: {
		channel: {
			placeholder: 'e.g. -1001234567890 or @payments_alerts',
			description: 'Telegram chat ID (groups and channels are negative) or a public channel @username',
		},
		mentionId: {
			placeholder: 'e.g. 123456789',
			description: "The person's numeric Telegram user ID (e.g. from @userinfobot)",
		},
	},
	voice: {
		nameActor: (userId) => telegramAddressing.nameActor(userId),
		escape: escapeTelegramHtml,
		icons: UNICODE_OUTCOME_ICONS,
	},
	limitProblems: telegramLimitProblems,
};
