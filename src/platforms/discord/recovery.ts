import type { DiscordClient } from './client';

/**
 * Exactly-once alerts across a crash (src/core/state/postingIntent.ts), for Discord: an attempt that finds an
 * earlier attempt's posting intent looks in that channel, among the bot's own messages since the intent, for the
 * alert of the same event (its embed footer ends with the event id) before posting it again. Discord has no
 * idempotency key for messages, so this look is the guard.
 * @see https://discord.com/developers/docs/resources/message#get-channel-messages
 */

/** Discord's epoch (2015-01-01T00:00:00Z), the zero of a snowflake's time part. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** The smallest snowflake of a moment: `after` it lists every message posted since. */
export function snowflakeAt(ms: number): string {
	const since = BigInt(Math.max(0, Math.floor(ms))) - DISCORD_EPOCH_MS;
	return (since > 0n ? since << 22n : 0n).toString();
}

export interface EarlierAlert {
	messageId: string;
	/** The message it replied to, when it was a reply (not the object's first alert). */
	replyTo?: string;
}

/** Some slack before the intent's time: the clocks of n8n and Discord differ a little. */
const CLOCK_SKEW_MS = 60_000;

export async function findEarlierAlert(
	client: DiscordClient,
	input: { channelId: string; since: number; eventId: string },
): Promise<EarlierAlert | undefined> {
	const bot = await client.currentUser();
	const messages = await client.messagesAfter(input.channelId, snowflakeAt(input.since - CLOCK_SKEW_MS));
	const found = messages.find(
		(message) =>
			message.author?.id === bot.id &&
			(message.embeds ?? []).some((embed) => (embed.footer?.text ?? '').split(/\s+·\s+/).includes(input.eventId)),
	);
	if (!found) return undefined;
	const replyTo = found.message_reference?.message_id;
	return replyTo ? { messageId: found.id, replyTo } : { messageId: found.id };
}
