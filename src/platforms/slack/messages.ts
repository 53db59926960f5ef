import { escapeMrkdwn } from '../../core/escape';
import { SlackOperationError } from './errors';
import { parseList } from '../../core/lists';

/** A Block Kit block as it travels through n8n items: JSON with at least a `type`. */
export type SlackBlock = { type: string } & Record<string, unknown>;

/** What gets posted: the plain `text` fallback (notifications, screen readers) and optional Block Kit blocks. */
export interface SlackMessageContent {
	text: string;
	blocks?: SlackBlock[];
}

/** @see https://docs.slack.dev/reference/block-kit/blocks */
export const MAX_BLOCKS_PER_MESSAGE = 50;

const SPECIAL_MENTIONS: Record<string, string> = {
	here: '<!here>',
	channel: '<!channel>',
	everyone: '<!everyone>',
};

const FORMATTED_MENTION = /^<(?:@[UW][A-Z0-9]+|!subteam\^S[A-Z0-9]+(?:\|@?[\w.-]+)?|!here|!channel|!everyone)>$/;

/**
 * Formats the route's mention for Slack mrkdwn. Mentions come from routing rules (IDs an admin configured), never
 * from customer text, and anything that is not a user, user group or `here`/`channel`/`everyone` is refused so a
 * rule cannot smuggle a link or formatting into a message. Several mentions may be separated by spaces or commas.
 * Accepts `<@U123>`, `U123`, `<!subteam^S123>`, `S123`, `<!here>`, `@here`, `here` (and the same for channel, everyone).
 * @see https://docs.slack.dev/messaging/formatting-message-text#mentioning-users
 * @see https://docs.slack.dev/messaging/formatting-message-text#mentioning-groups
 */
export function formatMention(mention: string): string {
	return parseList(mention).map(formatOneMention).join(' ');
}

function formatOneMention(part: string): string {
	if (FORMATTED_MENTION.test(part)) return part;
	const bare = part.replace(/^[@!]/, '');
	const special = SPECIAL_MENTIONS[bare.toLowerCase()];
	if (special) return special;
	if (/^[UW][A-Z0-9]{2,}$/.test(bare)) return `<@${bare}>`;
	if (/^S[A-Z0-9]{2,}$/.test(bare)) return `<!subteam^${bare}>`;
	throw new SlackOperationError(
		'invalid_mention',
		`The mention "${part}" from the routing rules is not a Slack user ID (U…), user group ID (S…) or here/channel.`,
	);
}

/**
 * Puts a mention in front of the fallback text and of the first section block, so it both notifies (Slack
 * notifies from blocks) and shows at the top. A plain-text first section becomes mrkdwn (escaped) so the mention
 * renders; without a section one is added after a leading header, if the message has room for another block.
 */
export function applyMention(content: SlackMessageContent, mention: string | undefined): SlackMessageContent {
	const formatted = mention ? formatMention(mention) : '';
	if (!formatted) return content;
	const text = `${formatted} ${content.text}`;
	if (!content.blocks || content.blocks.length === 0) return { text, blocks: content.blocks };
	const blocks = content.blocks.map((block) => ({ ...block }));
	const sectionIndex = blocks.findIndex((block) => block.type === 'section' && isTextObject(block.text));
	if (sectionIndex >= 0) {
		const section = blocks[sectionIndex];
		const sectionText = section.text as { type: string; text: string };
		const mrkdwn = sectionText.type === 'mrkdwn' ? sectionText.text : escapeMrkdwn(sectionText.text);
		blocks[sectionIndex] = { ...section, text: { type: 'mrkdwn', text: `${formatted} ${mrkdwn}` } };
	} else if (blocks.length < MAX_BLOCKS_PER_MESSAGE) {
		const insertAt = blocks[0]?.type === 'header' ? 1 : 0;
		blocks.splice(insertAt, 0, { type: 'section', text: { type: 'mrkdwn', text: formatted } });
	}
	return { text, blocks };
}

function isTextObject(value: unknown): value is { type: string; text: string } {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { type?: unknown }).type === 'string' &&
		typeof (value as { text?: unknown }).text === 'string'
	);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error: unknown) {
		return { ok: false, reason: error instanceof Error ? error.message : String(error) };
	}
}

/**
 * Reads blocks given as JSON text or as parsed JSON. Accepts an array of blocks or Block Kit Builder's
 * `{"blocks": [...]}`; empty input means no blocks.
 */
export function parseBlocks(input: unknown): SlackBlock[] | undefined {
	if (input === undefined || input === null || input === '') return undefined;
	let value: unknown = input;
	if (typeof input === 'string') {
		const trimmed = input.trim();
		if (!trimmed) return undefined;
		const parsed = parseJson(trimmed);
		if (!parsed.ok) {
			throw new SlackOperationError('invalid_blocks_format', `Blocks are not valid JSON (${parsed.reason}).`, {});
		}
		value = parsed.value;
	}
	if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'blocks' in value) {
		value = (value as { blocks: unknown }).blocks;
	}
	if (!Array.isArray(value)) {
		throw new SlackOperationError('invalid_blocks_format', 'Blocks must be a JSON array of Block Kit blocks.', {});
	}
	if (value.length === 0) return undefined;
	for (const block of value) {
		if (typeof block !== 'object' || block === null || typeof (block as { type?: unknown }).type !== 'string') {
			throw new SlackOperationError('invalid_blocks_format', 'Every block needs a "type", e.g. "section".', {});
		}
	}
	return value as SlackBlock[];
}
