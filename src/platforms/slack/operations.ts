import type { WebClient } from '@slack/web-api';

import { bindActionValueToChannel } from '../../core/signedValue';
import { resolveChannelId } from './channels';
import { SlackOperationError } from './errors';
import type { SlackBlock, SlackMessageContent } from './messages';

/** Slack message metadata: lets the package find its own messages again (see threading.ts). */
export interface SlackMessageMetadata {
	event_type: string;
	event_payload: Record<string, string | number | boolean>;
}

export interface PostMessageInput {
	/** Channel ID or name (`#payments`). Names are looked up (needs `channels:read`/`groups:read`). */
	channel: string;
	content: SlackMessageContent;
	/** Parent message `ts` to reply in its thread. */
	threadTs?: string;
	metadata?: SlackMessageMetadata;
	/** Per-execution name → ID cache for channel look-ups. */
	channelCache?: Map<string, string>;
	/** The button signing secret: signed button values are bound to the channel the message goes to. */
	buttonSigningSecret?: string;
}

export interface PostedMessage {
	channel: string;
	ts: string;
}

interface MessageResult {
	channel?: string;
	ts?: string;
	message_ts?: string;
}

/** Buttons of `actions` blocks with their signed values bound to `channelId`; every other block as it was. */
function bindButtonsToChannel(blocks: SlackBlock[], secret: string, channelId: string): SlackBlock[] {
	return blocks.map((block) => {
		if (block.type !== 'actions' || !Array.isArray(block.elements)) return block;
		const elements = (block.elements as Array<Record<string, unknown>>).map((element) =>
			typeof element.value === 'string'
				? { ...element, value: bindActionValueToChannel(element.value, secret, channelId) }
				: element,
		);
		return { ...block, elements };
	});
}

/** The content's blocks, with their buttons bound to `channel` when a button signing secret is given. */
function boundBlocks(
	input: { content: SlackMessageContent; buttonSigningSecret?: string },
	channel: string,
): SlackBlock[] | undefined {
	const { blocks } = input.content;
	return input.buttonSigningSecret && blocks
		? bindButtonsToChannel(blocks, input.buttonSigningSecret, channel)
		: blocks;
}

function assertContent(content: SlackMessageContent): void {
	if (!content.text.trim() && (!content.blocks || content.blocks.length === 0)) {
		throw new SlackOperationError('no_text', 'The message has neither text nor blocks.');
	}
}

/**
 * Posts a message (or a thread reply with `threadTs`). Link previews are off: Stripe dashboard links would
 * otherwise unfurl into large, identical cards under every alert.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 */
export async function postMessage(client: WebClient, input: PostMessageInput): Promise<PostedMessage> {
	assertContent(input.content);
	const channel = await resolveChannelId(client, input.channel, input.channelCache);
	const result = (await client.apiCall('chat.postMessage', {
		channel,
		text: input.content.text,
		blocks: boundBlocks(input, channel),
		thread_ts: input.threadTs,
		metadata: input.metadata,
		unfurl_links: false,
		unfurl_media: false,
	})) as MessageResult;
	return { channel: result.channel ?? channel, ts: result.ts ?? '' };
}

export interface UpdateMessageInput {
	channel: string;
	/** `ts` of the message to edit; it must have been posted by this app. */
	ts: string;
	content: SlackMessageContent;
	/** Replaces the message's metadata; left out, Slack keeps the metadata it has. */
	metadata?: SlackMessageMetadata;
	channelCache?: Map<string, string>;
	/** The button signing secret: signed button values are bound to the message's channel. */
	buttonSigningSecret?: string;
}

/**
 * Edits a message this app posted, e.g. to show the outcome of a button click or the latest status of a dispute.
 * @see https://docs.slack.dev/reference/methods/chat.update
 */
export async function updateMessage(client: WebClient, input: UpdateMessageInput): Promise<PostedMessage> {
	assertContent(input.content);
	const ts = input.ts.trim();
	if (!ts) throw new SlackOperationError('message_not_found', 'No message timestamp (ts) was given.');
	const channel = await resolveChannelId(client, input.channel, input.channelCache);
	const result = (await client.apiCall('chat.update', {
		channel,
		ts,
		text: input.content.text,
		blocks: boundBlocks(input, channel) ?? [],
		metadata: input.metadata,
	})) as MessageResult;
	return { channel: result.channel ?? channel, ts: result.ts ?? ts };
}

export interface PostEphemeralInput {
	channel: string;
	/** Member ID (`U…`/`W…`) of the only person who will see the message. */
	user: string;
	content: SlackMessageContent;
	threadTs?: string;
	channelCache?: Map<string, string>;
}

/**
 * Shows a message to one person in a channel (not stored in the channel's history, gone after a reload).
 * @see https://docs.slack.dev/reference/methods/chat.postEphemeral
 */
export async function postEphemeral(
	client: WebClient,
	input: PostEphemeralInput,
): Promise<{ channel: string; messageTs: string }> {
	assertContent(input.content);
	const user = input.user.trim();
	if (!user) throw new SlackOperationError('user_not_found', 'No user ID was given for the ephemeral message.');
	const channel = await resolveChannelId(client, input.channel, input.channelCache);
	const result = (await client.apiCall('chat.postEphemeral', {
		channel,
		user,
		text: input.content.text,
		blocks: input.content.blocks,
		thread_ts: input.threadTs,
	})) as MessageResult;
	return { channel, messageTs: result.message_ts ?? '' };
}
