import type { ChatAddressing, Mention } from '../../core/addressing';

/**
 * Slack's channel and mention syntax: what Payment Alert's routing rules accept and emit for Slack, and how the
 * outcome lines name who acted (src/core/addressing.ts says what each part is for).
 */

/**
 * Conversation IDs: C… public, G… private (legacy), D… direct message; Enterprise Grid may use longer ones.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage#arg_channel
 */
export const SLACK_CHANNEL_ID_PATTERN = /^[CGD][A-Z0-9]{6,}$/;
/** Channel names as the routing rules take them: lower-case letters, digits, `-` and `_`, at most 80 characters. */
const CHANNEL_NAME_PATTERN = /^#?[a-z0-9][a-z0-9_-]{0,79}$/;
/** Member ids start with U (or W in Enterprise Grid); user group ids with S. */
export const SLACK_USER_ID_PATTERN = /^[UW][A-Z0-9]{2,}$/;
export const SLACK_USERGROUP_ID_PATTERN = /^S[A-Z0-9]{2,}$/;

export function isChannelId(value: string): boolean {
	return SLACK_CHANNEL_ID_PATTERN.test(value);
}

/** `#payments`, `payments` and ` #Payments ` all name the same channel; Slack channel names are lower-case. */
export function normalizeChannelName(value: string): string {
	return value.trim().replace(/^#/, '').toLowerCase();
}

function describeChannelProblem(channel: string): string | undefined {
	return isChannelId(channel) || CHANNEL_NAME_PATTERN.test(channel)
		? undefined
		: 'is not a Slack channel: use a channel id such as C0123ABCD or a name such as #payments';
}

/**
 * `<@U123>`, `<!subteam^S123>`, `<!here>`, `<!channel>`, or undefined when the id does not have the strict shape
 * Slack uses.
 * @see https://docs.slack.dev/messaging/formatting-message-text#mentioning-users
 * @see https://docs.slack.dev/messaging/formatting-message-text#mentioning-groups
 */
function formatMention(mention: Mention | undefined): string | undefined {
	if (!mention) return undefined;
	const id = (mention.id ?? '').trim();
	switch (mention.type) {
		case 'user':
			return SLACK_USER_ID_PATTERN.test(id) ? `<@${id}>` : undefined;
		case 'usergroup':
			return SLACK_USERGROUP_ID_PATTERN.test(id) ? `<!subteam^${id}>` : undefined;
		case 'here':
			return '<!here>';
		case 'channel':
			return '<!channel>';
		default:
			return undefined;
	}
}

function describeMentionProblem(mention: Mention): string | undefined {
	if (formatMention(mention)) return undefined;
	return mention.type === 'user'
		? "is not a Slack member id. In Slack open the person's profile, ⋮ → Copy member ID (it looks like U0123ABCD)"
		: 'is not a Slack user group id. It looks like S0123ABCD (Slack admin → User groups, or the usergroups.list API)';
}

export const slackAddressing: ChatAddressing = {
	describeChannelProblem,
	normalizeChannel(channel) {
		const trimmed = (channel ?? '').trim();
		if (!trimmed || describeChannelProblem(trimmed)) return undefined;
		return isChannelId(trimmed) || trimmed.startsWith('#') ? trimmed : `#${trimmed}`;
	},
	formatMention,
	describeMentionProblem,
	// Slack's signed request names who acted; a member id is mentioned, so it shows as the person's name.
	nameActor: (userId) => (userId && SLACK_USER_ID_PATTERN.test(userId) ? `<@${userId}>` : undefined),
};
