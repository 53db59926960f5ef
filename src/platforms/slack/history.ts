import type { WebClient } from '@slack/web-api';

/**
 * The blocks of one top-level message: `latest` = its ts with `inclusive` and `limit=1` returns that message.
 * Anything else (a thread reply, a deleted message) gives undefined, so no other message is ever rewritten.
 * @see https://docs.slack.dev/reference/methods/conversations.history
 */
export async function messageBlocks(client: WebClient, channel: string, ts: string): Promise<unknown[] | undefined> {
	const history = (await client.apiCall('conversations.history', {
		channel,
		latest: ts,
		inclusive: true,
		limit: 1,
	})) as { messages?: Array<{ ts?: string; blocks?: unknown }> };
	const message = history.messages?.[0];
	return message?.ts === ts && Array.isArray(message.blocks) ? message.blocks : undefined;
}
