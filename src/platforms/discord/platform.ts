import { UNICODE_OUTCOME_ICONS } from '../../core/actionOutcome';
import type { ChatPlatform } from '../platform';
import { discordAddressing } from './addressing';
import { DISCORD_CREDENTIAL_TYPE } from './credentials';
import { discordLimitProblems } from './limits';
import { escapeDiscordMarkdown } from './markdown';
import { renderDiscord } from './render';

/** Discord: an embed with buttons, posted by the Stripe Chat Discord node (src/platforms/discord/* holds the rest). */
export const discordPlatform: ChatPlatform = {
	id: 'discord',
	displayName: 'Discord',
	credentialType: DISCORD_CREDENTIAL_TYPE,
	render: (message, options) =>
		renderDiscord(message, options.mention && discordAddressing.formatMention(options.mention) ? options : {}),
	addressing: discordAddressing,
	buttons: 'interactive',
	buttonValues: 'compact',
	ruleHints: {
		channel: {
			placeholder: 'e.g. 1187654321098765432',
			description: 'Discord channel ID (Developer Mode on → right-click the channel → Copy Channel ID)',
		},
		mentionId: {
			placeholder: 'e.g. 1187654321098765432',
			description: 'Discord user or role ID (Developer Mode on → right-click the person or role → Copy ID)',
		},
	},
	voice: {
		nameActor: discordAddressing.nameActor,
		escape: escapeDiscordMarkdown,
		icons: UNICODE_OUTCOME_ICONS,
	},
	limitProblems: discordLimitProblems,
};
