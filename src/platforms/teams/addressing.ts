import type { ChatAddressing, Mention } from '../../core/addressing';

/**
 * Microsoft Teams addressing for alerts posted through an incoming webhook.
 *
 * Channels: a Teams webhook (a Workflows "When a Teams webhook request is received" flow, or a legacy connector)
 * posts to the one chat or channel it was made for; its URL is the credential. So routing rules for Teams name no
 * channel: every channel value is refused with a sentence that says how to reach several channels (one Stripe Chat
 * Teams node and credential per channel, after Payment Alert's category outputs or an IF node). A label that picks
 * one of several webhook credentials would hide which URL posts where, and n8n cannot choose a credential per item.
 *
 * Mentions: Teams mentions a person through `<at>name</at>` in the card plus a `mention` entity in the card's
 * `msteams.entities` naming the person's Microsoft Entra object id. Only such ids (GUIDs) are accepted; Teams has
 * no `@here`/`@channel` or user-group mention a webhook can send, so those are refused.
 * @see https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format#mention-support-within-adaptive-cards
 */
export const TEAMS_USER_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Entra object id a mention names, when it has the strict shape; undefined otherwise. */
export function teamsMentionId(mention: Mention | undefined): string | undefined {
	if (mention?.type !== 'user') return undefined;
	const id = (mention.id ?? '').trim();
	return TEAMS_USER_ID_PATTERN.test(id) ? id.toLowerCase() : undefined;
}

export const teamsAddressing: ChatAddressing = {
	describeChannelProblem: () =>
		'cannot be chosen per alert in Microsoft Teams: a Teams webhook posts to the one channel it was made for. Leave the channel empty, and for several channels use one Stripe Chat Teams node (each with its own webhook credential) per channel',
	normalizeChannel: () => undefined,
	formatMention(mention) {
		const id = teamsMentionId(mention);
		return id ? `<at>${id}</at>` : undefined;
	},
	describeMentionProblem(mention) {
		if (teamsMentionId(mention)) return undefined;
		return mention.type === 'user'
			? "is not a Microsoft Entra object id. In the Entra admin center open the user's profile and copy Object ID (it looks like 0f8fad5b-d9cb-469f-a165-70867728950e)"
			: 'cannot be mentioned by a Teams webhook: only people can, by their Microsoft Entra object id';
	},
	// Incoming webhooks receive no clicks, so no outcome line ever names a Teams user.
	nameActor: () => undefined,
};

/**
 * What Payment Alert's rule fields say for Teams (the shape of `RuleHints` in the platform-choice work): rules name
 * no channel, and a mention is an Entra object id.
 */
export const TEAMS_RULE_HINTS = {
	channel: {
		placeholder: 'leave empty',
		description: 'Leave empty: a Teams webhook posts to its one channel (one Stripe Chat Teams node per channel)',
	},
	mentionId: {
		placeholder: 'e.g. 0f8fad5b-d9cb-469f-a165-70867728950e',
		description: "The person's Microsoft Entra object id (Entra admin center → Users → the person → Object ID)",
	},
} as const;
