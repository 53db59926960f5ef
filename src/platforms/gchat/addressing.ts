import type { ChatAddressing, Mention } from '../../core/addressing';

/**
 * Google Chat addressing for alerts posted through an incoming webhook.
 *
 * Channels: a Google Chat webhook posts to the one space it was made for (the space is in its URL, with the key), so
 * routing rules for Google Chat name no channel, as for Teams: one Stripe Chat Google Chat node and credential per
 * space.
 *
 * Mentions: `<users/{id}>` with a person's numeric Google Chat user id, or `<users/all>` for everyone in the space
 * (the rules' `here` and `channel`); a webhook cannot mention a Google Group.
 * @see https://developers.google.com/workspace/chat/format-messages#messages-that-@mention-specific-users
 */
export const GOOGLE_CHAT_USER_ID_PATTERN = /^\d{5,30}$/;

function userIdOf(mention: Mention): string | undefined {
	const id = (mention.id ?? '').trim().replace(/^users\//, '');
	return GOOGLE_CHAT_USER_ID_PATTERN.test(id) ? id : undefined;
}

function formatMention(mention: Mention | undefined): string | undefined {
	if (!mention) return undefined;
	switch (mention.type) {
		case 'user': {
			const id = userIdOf(mention);
			return id ? `<users/${id}>` : undefined;
		}
		case 'here':
		case 'channel':
			return '<users/all>';
		default:
			return undefined;
	}
}

export const googleChatAddressing: ChatAddressing = {
	describeChannelProblem: () =>
		'cannot be chosen per alert in Google Chat: a Google Chat webhook posts to the one space it was made for. Leave the channel empty, and for several spaces use one Stripe Chat Google Chat node (each with its own webhook credential) per space',
	normalizeChannel: () => undefined,
	formatMention,
	describeMentionProblem(mention) {
		if (formatMention(mention)) return undefined;
		return mention.type === 'user'
			? 'is not a Google Chat user id: the numeric id of users/123456789012345678901 (the Chat API, or the Admin console)'
			: 'cannot be mentioned by a Google Chat webhook: mention a person by user id, or everyone (@here / @channel)';
	},
	// Incoming webhooks receive no clicks, so no outcome line ever names a Google Chat user.
	nameActor: () => undefined,
};

/**
 * What Payment Alert's rule fields say for Google Chat (the shape of `RuleHints` in the platform-choice work): rules
 * name no channel, and a mention is a numeric user id.
 */
export const GOOGLE_CHAT_RULE_HINTS = {
	channel: {
		placeholder: 'leave empty',
		description:
			'Leave empty: a Google Chat webhook posts to its one space (one Stripe Chat Google Chat node per space)',
	},
	mentionId: {
		placeholder: 'e.g. 123456789012345678901',
		description: "The person's numeric Google Chat user id (users/123… in the Chat API or the Admin console)",
	},
} as const;
