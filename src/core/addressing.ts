/**
 * How routing rules and outcome lines name places and people, in neutral terms. Each chat platform implements
 * `ChatAddressing` in its own folder (Slack: src/platforms/slack/addressing.ts), because channel names, ids and
 * mention syntax are the platform's; the core decides which rule applies and hands the platform's addressing
 * the rest (docs/ARCHITECTURE.md, "Chat platforms").
 */

/** Whom an alert mentions. The values are the ones Payment Alert's rules save (`mentionType`). */
export type MentionType = 'user' | 'usergroup' | 'here' | 'channel';

export interface Mention {
	type: MentionType;
	/** The platform's id of the person (`user`) or group (`usergroup`); unused otherwise. */
	id?: string;
}

export interface ChatAddressing {
	/**
	 * Why `channel` (trimmed, not empty) is not a channel of the platform, as the words that follow the quoted value
	 * (`is not a Slack channel: use …`); undefined when it is one.
	 */
	describeChannelProblem(channel: string): string | undefined;
	/** The channel as the platform's nodes take it (Slack: `payments` → `#payments`); undefined when empty or invalid. */
	normalizeChannel(channel: string | undefined): string | undefined;
	/**
	 * The mention in the platform's syntax, or undefined when its id does not have the platform's strict shape.
	 * The result goes into messages unescaped, so it is built only from configured ids, never from event data.
	 */
	formatMention(mention: Mention | undefined): string | undefined;
	/**
	 * Why a mention of a known type cannot be formatted, as the words that follow its quoted id (`is not a Slack
	 * member id …`); undefined when it can.
	 */
	describeMentionProblem(mention: Mention): string | undefined;
	/**
	 * How the person who acted is named in an outcome line (Slack: a mention of the member id), or undefined for
	 * anything that is not a strict id of the platform, so no text can become a mention.
	 */
	nameActor(userId: string | undefined): string | undefined;
}
