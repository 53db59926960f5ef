import type { Mention } from '../../core/addressing';
import type { ChatMessage, MessageAction, MessageTime, Severity } from '../../core/types';
import { shorten } from '../../core/render/limits';
import type { PlatformRendering } from '../platform';
import { allowedMentionsFor, discordAddressing } from './addressing';
import type { DiscordAllowedMentions } from './addressing';
import { DISCORD_LIMITS, embedCharacters } from './limits';
import { escapeDiscordMarkdown, plainLine, shortenMarkdown } from './markdown';

/** The subset of Discord's message objects this renderer emits (vendored: no SDK). */
export const BUTTON_STYLE = { primary: 1, secondary: 2, success: 3, danger: 4, link: 5 } as const;

export interface DiscordButton {
	type: 2;
	style: 1 | 2 | 3 | 4 | 5;
	label: string;
	/** Interactive buttons: the compact signed value (src/core/compactActionValue.ts). */
	custom_id?: string;
	/** Link buttons (style 5): where the button goes. */
	url?: string;
}

export interface DiscordActionRow {
	type: 1;
	components: DiscordButton[];
}

export interface DiscordEmbedField {
	name: string;
	value: string;
	inline?: boolean;
}

export interface DiscordEmbed {
	title?: string;
	description?: string;
	url?: string;
	color?: number;
	fields?: DiscordEmbedField[];
	footer?: { text: string };
	timestamp?: string;
}

/** What `POST /channels/{id}/messages` takes from a rendering (the body without `message_reference`). */
export interface DiscordMessagePayload {
	content: string;
	embeds: DiscordEmbed[];
	components: DiscordActionRow[];
	allowed_mentions: DiscordAllowedMentions;
}

/** A Discord rendering: the message body plus `text` (the same as `content`: the notification line). */
export interface DiscordRendering extends PlatformRendering, DiscordMessagePayload {}

/** The embed's left border, by severity (the same hues as the Slack icons). */
export const SEVERITY_COLOR: Readonly<Record<Severity, number>> = {
	critical: 0xe01e5a,
	warning: 0xecb22e,
	success: 0x2eb67d,
	info: 0x36c5f0,
};

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
	critical: '🚨',
	warning: '⚠️',
	success: '✅',
	info: 'ℹ️',
};

/** Emoji in a title spoof our severity icon (`🚨 Payment failed`), so the title's own pictographs are left out. */
const PICTOGRAPH = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\uFE0F|\u20E3/gu;

/** A field value this short sits next to others (three to a line) rather than on a line of its own. */
const INLINE_FIELD_LENGTH = 40;

/**
 * The message's dates as Discord timestamps (`<t:unix:f>`), which every reader sees in their own time zone and
 * language. Only the dates the core wrote (`ChatMessage.times`) are replaced, in text already escaped and shortened
 * (a date cut by shortening stays as written); a replacement that would pass `max` is left out.
 * @see https://discord.com/developers/docs/reference#message-formatting-timestamp-styles
 */
function withTimestamps(escapedText: string, times: readonly MessageTime[] | undefined, max: number): string {
	let result = escapedText;
	for (const time of times ?? []) {
		const written = escapeDiscordMarkdown(time.text);
		if (!Number.isSafeInteger(time.at) || time.at < 0 || !written || !result.includes(written)) continue;
		const replaced = result.split(written).join(`<t:${time.at}:f>`);
		if (replaced.length <= max) result = replaced;
	}
	return result;
}

function actionButton(action: MessageAction): DiscordButton | undefined {
	const customId = action.compactValue;
	if (!customId || customId.length > DISCORD_LIMITS.customId) return undefined;
	const style =
		action.style === 'danger'
			? BUTTON_STYLE.danger
			: action.style === 'primary'
				? BUTTON_STYLE.primary
				: BUTTON_STYLE.secondary;
	return { type: 2, style, label: shorten(plainLine(action.label), DISCORD_LIMITS.buttonLabel), custom_id: customId };
}

/** Our own links only (Dashboard, Stripe-hosted pages): https, whole, within the length a button takes. */
function isUsableUrl(url: string): boolean {
	return url.length <= DISCORD_LIMITS.buttonUrl && /^https:\/\/[^\s<>]+$/.test(url);
}

function linkButton(label: string, url: string): DiscordButton | undefined {
	if (!isUsableUrl(url)) return undefined;
	return { type: 2, style: BUTTON_STYLE.link, label: shorten(plainLine(label), DISCORD_LIMITS.buttonLabel), url };
}

function footerText(message: ChatMessage): string {
	const parts: string[] = [];
	if (!message.livemode) parts.push('Test mode');
	if (message.account) parts.push(`Account ${message.account}`);
	parts.push(`${message.eventType} · ${message.eventId}`);
	if (message.redactionPolicy === 'off') {
		parts.push('🔓 Redaction is off: customer data is shown as received');
	} else if (message.redactions.length > 0) {
		const kinds = [...new Set(message.redactions.map((redaction) => redaction.kind))];
		parts.push(`🔒 Redacted (${message.redactionPolicy}): ${kinds.join(', ')}`);
	}
	const text = parts.map((part) => shorten(plainLine(part), DISCORD_LIMITS.footerPart)).join('  ·  ');
	return shorten(text, DISCORD_LIMITS.embedFooter);
}

/** Buttons five to a row, at most five rows, each `custom_id` once (Discord refuses a message with a repeat). */
function actionRows(buttons: DiscordButton[]): DiscordActionRow[] {
	const seen = new Set<string>();
	const unique = buttons.filter((button) => {
		if (button.custom_id === undefined) return true;
		if (seen.has(button.custom_id)) return false;
		seen.add(button.custom_id);
		return true;
	});
	const rows: DiscordActionRow[] = [];
	const max = DISCORD_LIMITS.actionRows * DISCORD_LIMITS.buttonsPerRow;
	for (let start = 0; start < Math.min(unique.length, max); start += DISCORD_LIMITS.buttonsPerRow) {
		rows.push({ type: 1, components: unique.slice(start, start + DISCORD_LIMITS.buttonsPerRow) });
	}
	return rows;
}

function fieldsWithin(message: ChatMessage, budget: number): DiscordEmbedField[] {
	const given = message.fields.slice(0, DISCORD_LIMITS.embedFields);
	if (given.length === 0) return [];
	const perField = Math.max(60, Math.floor(budget / given.length));
	return given.map((field) => {
		const name =
			shortenMarkdown(escapeDiscordMarkdown(field.label), Math.min(DISCORD_LIMITS.embedFieldName, perField / 3)) || '—';
		const max = Math.min(DISCORD_LIMITS.embedFieldValue, Math.max(20, perField - name.length));
		const value = withTimestamps(shortenMarkdown(escapeDiscordMarkdown(field.value), max), message.times, max) || '—';
		return { name, value, inline: value.length <= INLINE_FIELD_LENGTH && name.length <= INLINE_FIELD_LENGTH };
	});
}

export interface DiscordRenderOptions {
	/** Whom to ping, from the routing rules' configured ids; the only mention the message allows. */
	mention?: Mention;
}

/**
 * Renders a message as one Discord embed (colour by severity, the summary, the fields, the footer) and buttons:
 * interactive ones carrying the compact signed value as `custom_id`, link buttons for the Dashboard and Stripe's
 * pages. Customer text is escaped for Discord markdown and mentions (markdown.ts); only the configured mention may
 * ping (`allowed_mentions`). Title and footer are counted first, so the summary and fields share what is left of the
 * 6,000-character budget and cannot crowd them out.
 * @see https://discord.com/developers/docs/resources/message#create-message
 */
export function renderDiscord(message: ChatMessage, options: DiscordRenderOptions = {}): DiscordRendering {
	const mentionText = discordAddressing.formatMention(options.mention);
	const emoji = SEVERITY_EMOJI[message.severity];
	const ownTitle = message.title.replace(PICTOGRAPH, '').replace(/\s+/g, ' ').trim();
	const title = shortenMarkdown(`${emoji} ${escapeDiscordMarkdown(ownTitle)}`, DISCORD_LIMITS.embedTitle);
	const footer = footerText(message);
	const remaining = DISCORD_LIMITS.embedTotal - title.length - footer.length;

	const summary = escapeDiscordMarkdown(message.summary);
	const wantedByFields = message.fields
		.slice(0, DISCORD_LIMITS.embedFields)
		.reduce(
			(sum, field) =>
				sum +
				Math.min(DISCORD_LIMITS.embedFieldName, field.label.length * 2) +
				Math.min(DISCORD_LIMITS.embedFieldValue, field.value.length * 2),
			0,
		);
	const descriptionRoom = Math.min(
		DISCORD_LIMITS.embedDescription,
		remaining - Math.min(wantedByFields, Math.floor(remaining / 2)),
	);
	const description = withTimestamps(shortenMarkdown(summary, descriptionRoom), message.times, descriptionRoom);
	const fields = fieldsWithin(message, remaining - description.length);

	const embed: DiscordEmbed = {
		title,
		color: SEVERITY_COLOR[message.severity],
		footer: { text: footer },
	};
	if (description) embed.description = description;
	if (fields.length > 0) embed.fields = fields;
	const dashboard = message.links.find((link) => isUsableUrl(link.url));
	if (dashboard) embed.url = dashboard.url;
	if (!Number.isNaN(Date.parse(message.occurredAt))) embed.timestamp = new Date(message.occurredAt).toISOString();
	// Belt and braces: the shares above keep within the budget; should rounding not, the last fields go.
	while (embedCharacters(embed as Record<string, unknown>) > DISCORD_LIMITS.embedTotal && embed.fields?.length) {
		embed.fields.pop();
	}

	const buttons = [
		...message.actions.map(actionButton),
		...message.links.map((link) => linkButton(link.label, link.url)),
	].filter((button): button is DiscordButton => button !== undefined);

	const content = shortenMarkdown(
		`${mentionText ? `${mentionText} ` : ''}${emoji} ${escapeDiscordMarkdown(ownTitle)}`,
		DISCORD_LIMITS.content,
	);
	return {
		text: content,
		content,
		embeds: [embed],
		components: actionRows(buttons),
		allowed_mentions: allowedMentionsFor(options.mention),
	};
}

/** The body to send for a rendering: everything but `text` (which only duplicates `content`). */
export function messagePayload(rendering: DiscordMessagePayload & { text?: string }): DiscordMessagePayload {
	const { content, embeds, components, allowed_mentions } = rendering;
	return { content, embeds, components, allowed_mentions };
}

/**
 * The payload with the route's mention in front and allowed, unless its content already starts with it (Payment
 * Alert renders the mention itself; adding it again would show it twice). Only a mention in strict Discord syntax
 * is used.
 */
export function withMention(payload: DiscordMessagePayload, mention: Mention | undefined): DiscordMessagePayload {
	const formatted = discordAddressing.formatMention(mention);
	if (!formatted) return payload;
	const content = payload.content.startsWith(formatted)
		? payload.content
		: shortenMarkdown(`${formatted} ${payload.content}`, DISCORD_LIMITS.content);
	return { ...payload, content, allowed_mentions: allowedMentionsFor(mention) };
}

/** Custom text from the node as a message that pings nobody (the text is the workflow author's, shown as written). */
export function textPayload(text: string): DiscordMessagePayload {
	return {
		content: shorten(text, DISCORD_LIMITS.content),
		embeds: [],
		components: [],
		allowed_mentions: { parse: [] },
	};
}
