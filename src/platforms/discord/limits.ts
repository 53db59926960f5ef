import type { PlatformRendering } from '../platform';
import type { DiscordRendering } from './render';

/**
 * Discord's message limits, as data next to the renderer. Display text is shortened to fit; ids and URLs are never
 * cut (a button whose `custom_id` or `url` cannot fit whole is left out instead).
 * @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * @see https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 * @see https://discord.com/developers/docs/components/reference#button
 */
export const DISCORD_LIMITS = {
	content: 2000,
	embedsPerMessage: 10,
	embedTitle: 256,
	embedDescription: 4096,
	embedFields: 25,
	embedFieldName: 256,
	embedFieldValue: 1024,
	embedFooter: 2048,
	embedAuthorName: 256,
	/** Over all embeds of a message: title, description, field names and values, footer and author. */
	embedTotal: 6000,
	actionRows: 5,
	buttonsPerRow: 5,
	buttonLabel: 80,
	customId: 100,
	/** Link buttons' `url`; undocumented in the reference, 512 is what the API validates. */
	buttonUrl: 512,
	/** Our own cap per footer part (mode, account, event id, redaction note), so the footer never crowds out content. */
	footerPart: 300,
} as const;

const lengthOf = (value: unknown): number => (typeof value === 'string' ? value.length : 0);

/** The characters of an embed that count towards Discord's 6,000-character budget. */
export function embedCharacters(embed: Record<string, unknown>): number {
	const fields = Array.isArray(embed.fields) ? (embed.fields as Array<Record<string, unknown>>) : [];
	const footer = (embed.footer ?? {}) as Record<string, unknown>;
	const author = (embed.author ?? {}) as Record<string, unknown>;
	return (
		lengthOf(embed.title) +
		lengthOf(embed.description) +
		lengthOf(footer.text) +
		lengthOf(author.name) +
		fields.reduce((sum, field) => sum + lengthOf(field.name) + lengthOf(field.value), 0)
	);
}

/** Where a Discord rendering breaks Discord's documented limits (DISCORD_LIMITS), one sentence each. */
export function discordLimitProblems(rendering: PlatformRendering): string[] {
	const problems: string[] = [];
	const { content, embeds, components } = rendering as Partial<DiscordRendering>;
	const contentLength = lengthOf(content);
	const embedList = Array.isArray(embeds) ? (embeds as unknown as Array<Record<string, unknown>>) : [];
	if (contentLength === 0 && embedList.length === 0) problems.push('the message has neither content nor embeds');
	if (contentLength > DISCORD_LIMITS.content) {
		problems.push(`content has ${contentLength} characters (at most ${DISCORD_LIMITS.content})`);
	}
	if (embedList.length > DISCORD_LIMITS.embedsPerMessage) {
		problems.push(`${embedList.length} embeds (at most ${DISCORD_LIMITS.embedsPerMessage})`);
	}
	let total = 0;
	embedList.forEach((embed, index) => {
		const check = (what: string, value: unknown, max: number) => {
			if (lengthOf(value) > max)
				problems.push(`embed ${index} ${what} has ${lengthOf(value)} characters (at most ${max})`);
		};
		check('title', embed.title, DISCORD_LIMITS.embedTitle);
		check('description', embed.description, DISCORD_LIMITS.embedDescription);
		check('footer', (embed.footer as Record<string, unknown> | undefined)?.text, DISCORD_LIMITS.embedFooter);
		const fields = Array.isArray(embed.fields) ? (embed.fields as Array<Record<string, unknown>>) : [];
		if (fields.length > DISCORD_LIMITS.embedFields) {
			problems.push(`embed ${index} has ${fields.length} fields (at most ${DISCORD_LIMITS.embedFields})`);
		}
		fields.forEach((field, fieldIndex) => {
			check(`field ${fieldIndex} name`, field.name, DISCORD_LIMITS.embedFieldName);
			check(`field ${fieldIndex} value`, field.value, DISCORD_LIMITS.embedFieldValue);
			if (lengthOf(field.name) === 0 || lengthOf(field.value) === 0) {
				problems.push(`embed ${index} field ${fieldIndex} has an empty name or value`);
			}
		});
		total += embedCharacters(embed);
	});
	if (total > DISCORD_LIMITS.embedTotal) {
		problems.push(`${total} characters across embeds (at most ${DISCORD_LIMITS.embedTotal})`);
	}
	const rows = Array.isArray(components) ? (components as unknown as Array<Record<string, unknown>>) : [];
	if (rows.length > DISCORD_LIMITS.actionRows) {
		problems.push(`${rows.length} action rows (at most ${DISCORD_LIMITS.actionRows})`);
	}
	const customIds = new Set<string>();
	rows.forEach((row, rowIndex) => {
		const buttons = Array.isArray(row.components) ? (row.components as Array<Record<string, unknown>>) : [];
		if (buttons.length > DISCORD_LIMITS.buttonsPerRow) {
			problems.push(`action row ${rowIndex} has ${buttons.length} buttons (at most ${DISCORD_LIMITS.buttonsPerRow})`);
		}
		for (const button of buttons) {
			const label = lengthOf(button.label);
			if (label === 0 || label > DISCORD_LIMITS.buttonLabel) {
				problems.push(`a button label has ${label} characters (1 to ${DISCORD_LIMITS.buttonLabel})`);
			}
			if (button.style === 5) {
				if (lengthOf(button.url) === 0 || lengthOf(button.url) > DISCORD_LIMITS.buttonUrl) {
					problems.push(
						`a link button's url has ${lengthOf(button.url)} characters (1 to ${DISCORD_LIMITS.buttonUrl})`,
					);
				}
				if (button.custom_id !== undefined) problems.push('a link button has a custom_id');
				continue;
			}
			const customId = typeof button.custom_id === 'string' ? button.custom_id : '';
			if (customId.length === 0 || customId.length > DISCORD_LIMITS.customId) {
				problems.push(`a button's custom_id has ${customId.length} characters (1 to ${DISCORD_LIMITS.customId})`);
			}
			if (customIds.has(customId)) problems.push('two buttons share a custom_id');
			customIds.add(customId);
		}
	});
	return problems;
}
