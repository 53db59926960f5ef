import type { ChatAddressing, Mention } from '../../core/addressing';

/**
 * Discord's channel and mention syntax: what Payment Alert's routing rules accept and emit for Discord, and how the
 * outcome lines name who acted (src/core/addressing.ts says what each part is for). Discord's API takes channels by
 * id only (a snowflake), never by name: two channels may share a name, and the bot cannot list a guild's channels
 * without more permissions than posting needs.
 */

/**
 * A snowflake: a 64-bit id written in decimal, 17 to 20 digits for anything made since 2015.
 * @see https://discord.com/developers/docs/reference#snowflakes
 */
export const DISCORD_SNOWFLAKE_PATTERN = /^\d{17,20}$/;

export function isSnowflake(value: string): boolean {
	return DISCORD_SNOWFLAKE_PATTERN.test(value);
}

function describeChannelProblem(channel: string): string | undefined {
	return isSnowflake(channel)
		? undefined
		: 'is not a Discord channel id: turn on Developer Mode (User Settings → Advanced), right-click the channel → Copy Channel ID (17 to 20 digits)';
}

/**
 * `<@id>` for a user, `<@&id>` for a role, `@here` and `@everyone` only when a rule names them; undefined when the
 * id is not a snowflake. Payment Alert's `usergroup` is a Discord role, its `channel` is `@everyone`.
 * @see https://discord.com/developers/docs/reference#message-formatting
 */
function formatMention(mention: Mention | undefined): string | undefined {
	if (!mention) return undefined;
	const id = (mention.id ?? '').trim();
	switch (mention.type) {
		case 'user':
			return isSnowflake(id) ? `<@${id}>` : undefined;
		case 'usergroup':
			return isSnowflake(id) ? `<@&${id}>` : undefined;
		case 'here':
			return '@here';
		case 'channel':
			return '@everyone';
		default:
			return undefined;
	}
}

function describeMentionProblem(mention: Mention): string | undefined {
	if (formatMention(mention)) return undefined;
	return mention.type === 'user'
		? 'is not a Discord user id. With Developer Mode on, right-click the person → Copy User ID (17 to 20 digits)'
		: 'is not a Discord role id. With Developer Mode on, Server Settings → Roles → ⋯ → Copy Role ID (17 to 20 digits)';
}

/**
 * Who may be pinged by a message: nobody but the configured mention. Without this, Discord parses every
 * `<@id>` and `@everyone` in the content, so text from an event could ping a whole server.
 * @see https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
export interface DiscordAllowedMentions {
	parse: Array<'everyone' | 'users' | 'roles'>;
	users?: string[];
	roles?: string[];
	replied_user?: boolean;
}

export function allowedMentionsFor(mention: Mention | undefined): DiscordAllowedMentions {
	const formatted = formatMention(mention);
	if (!mention || !formatted) return { parse: [], replied_user: false };
	const id = (mention.id ?? '').trim();
	switch (mention.type) {
		case 'user':
			return { parse: [], users: [id], replied_user: false };
		case 'usergroup':
			return { parse: [], roles: [id], replied_user: false };
		default:
			return { parse: ['everyone'], replied_user: false };
	}
}

export const discordAddressing: ChatAddressing = {
	describeChannelProblem,
	normalizeChannel(channel) {
		const trimmed = (channel ?? '').trim();
		return trimmed && isSnowflake(trimmed) ? trimmed : undefined;
	},
	formatMention,
	describeMentionProblem,
	// The interaction names who clicked; a user mention shows as the person's name (allowed_mentions keeps it silent).
	nameActor: (userId) => (userId && isSnowflake(userId) ? `<@${userId}>` : undefined),
};

/**
 * The mention a route decision carries (already in Discord syntax, formatted by `formatMention` from configured ids)
 * back as a Mention, so the posting node can allow exactly it; undefined for anything else.
 */
export function parseDiscordMention(text: string | undefined): Mention | undefined {
	const trimmed = (text ?? '').trim();
	if (trimmed === '@here') return { type: 'here' };
	if (trimmed === '@everyone') return { type: 'channel' };
	const match = /^<@(&?)(\d{17,20})>$/.exec(trimmed);
	if (!match) return undefined;
	return match[1] ? { type: 'usergroup', id: match[2] } : { type: 'user', id: match[2] };
}
