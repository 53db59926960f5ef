import type { WebClient } from '@slack/web-api';

import { SlackOperationError } from './errors';

/** Conversation IDs: C… public, G… private (legacy), D… direct message; Enterprise Grid may use longer ones. */
const CHANNEL_ID_PATTERN = /^[CGD][A-Z0-9]{6,}$/;

/** Looking a name up pages through the channel list; a workspace larger than this should use channel IDs. */
export const MAX_CHANNEL_LIST_PAGES = 20;
const CHANNEL_LIST_PAGE_SIZE = 200;

export interface SlackChannelSummary {
	id: string;
	name: string;
	isPrivate: boolean;
}

export interface ChannelListPage {
	channels: SlackChannelSummary[];
	nextCursor?: string;
}

interface ConversationsListResult {
	channels?: Array<{ id?: string; name?: string; is_private?: boolean }>;
	response_metadata?: { next_cursor?: string };
}

export function isChannelId(value: string): boolean {
	return CHANNEL_ID_PATTERN.test(value);
}

/** `#payments`, `payments` and ` #Payments ` all name the same channel; Slack channel names are lower-case. */
export function normalizeChannelName(value: string): string {
	return value.trim().replace(/^#/, '').toLowerCase();
}

/** How a channel is shown in messages and hints: `#name` for names, the bare ID otherwise. */
export function displayChannel(value: string): string {
	const trimmed = value.trim();
	return isChannelId(trimmed) ? trimmed : `#${normalizeChannelName(trimmed)}`;
}

/**
 * One page of public and private channels the app can see (archived ones left out), for the channel picker.
 * Needs the `channels:read` and `groups:read` scopes.
 * @see https://docs.slack.dev/reference/methods/conversations.list
 */
export async function listChannels(
	client: WebClient,
	options: { cursor?: string; limit?: number } = {},
): Promise<ChannelListPage> {
	const result = (await client.apiCall('conversations.list', {
		types: 'public_channel,private_channel',
		exclude_archived: true,
		limit: options.limit ?? CHANNEL_LIST_PAGE_SIZE,
		cursor: options.cursor || undefined,
	})) as ConversationsListResult;
	const channels = (result.channels ?? [])
		.filter((channel): channel is { id: string; name: string; is_private?: boolean } => !!channel.id && !!channel.name)
		.map((channel) => ({ id: channel.id, name: channel.name, isPrivate: channel.is_private === true }));
	const nextCursor = result.response_metadata?.next_cursor || undefined;
	return { channels, nextCursor };
}

/**
 * Turns a channel ID or name (`#payments`) into the channel ID that `chat.update` and `conversations.history`
 * require. IDs are returned as given without a call. `cache` (one per execution) saves repeated look-ups.
 * @see https://docs.slack.dev/reference/methods/conversations.list
 */
export async function resolveChannelId(
	client: WebClient,
	channel: string,
	cache?: Map<string, string>,
): Promise<string> {
	const trimmed = channel.trim();
	if (!trimmed) {
		throw new SlackOperationError('channel_not_found', 'No channel was given.', { channel: '(empty)' });
	}
	if (isChannelId(trimmed)) return trimmed;
	const name = normalizeChannelName(trimmed);
	const cached = cache?.get(name);
	if (cached) return cached;
	let cursor: string | undefined;
	for (let page = 0; page < MAX_CHANNEL_LIST_PAGES; page++) {
		const result = await listChannels(client, { cursor });
		const match = result.channels.find((candidate) => candidate.name === name);
		if (match) {
			cache?.set(name, match.id);
			return match.id;
		}
		cursor = result.nextCursor;
		if (!cursor) break;
	}
	throw new SlackOperationError('channel_not_found', `No channel named #${name} is visible to the app.`, {
		channel: `#${name}`,
	});
}
