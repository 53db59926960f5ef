import { escapeMrkdwn } from '../../core/escape';
import { printable } from '../../core/foldText';
import type { ChatMessage, MessageAction, MessageTime, Severity } from '../../core/types';
import { shorten, shortenEscaped, SLACK_LIMITS } from '../../core/render/limits';
import { SLACK_USER_ID_PATTERN, SLACK_USERGROUP_ID_PATTERN } from './addressing';

/** The subset of Block Kit this renderer emits (vendored: @slack/types cannot be a runtime dependency here). */
export interface PlainText {
	type: 'plain_text';
	text: string;
	emoji?: boolean;
}
export interface MrkdwnText {
	type: 'mrkdwn';
	text: string;
	/** Slack turns bare URLs and channel names into links unless told to show the text as it is. */
	verbatim?: boolean;
}
export interface ButtonElement {
	type: 'button';
	text: PlainText;
	action_id: string;
	value?: string;
	url?: string;
	style?: 'primary' | 'danger';
	confirm?: { title: PlainText; text: PlainText; confirm: PlainText; deny: PlainText };
}
export type SlackBlock =
	| { type: 'header'; text: PlainText; block_id?: string }
	| { type: 'section'; text?: MrkdwnText; fields?: MrkdwnText[]; block_id?: string }
	| { type: 'context'; elements: MrkdwnText[]; block_id?: string }
	| { type: 'actions'; elements: ButtonElement[]; block_id?: string }
	| { type: 'divider' };

export interface SlackPayload {
	text: string;
	blocks: SlackBlock[];
}

export interface SlackRenderOptions {
	/**
	 * A mention built by the routing rules from configured ids (`<@U123>`, `<!subteam^S1>`, `<!here>`).
	 * Never from event data: it is inserted without escaping.
	 */
	mention?: string;
}

const SEVERITY_ICON: Readonly<Record<Severity, string>> = {
	critical: ':rotating_light:',
	warning: ':warning:',
	success: ':white_check_mark:',
	info: ':information_source:',
};

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
	critical: '🚨',
	warning: '⚠️',
	success: '✅',
	info: 'ℹ️',
};

/** Prefix for action ids, so the Chat Interaction Trigger can tell this package's buttons from others. */
export const ACTION_ID_PREFIX = 'scc:';

/**
 * The message's dates as Slack date tokens, so that each reader sees them in their own time zone; the text as
 * written stays as the token's fallback. A token that would push the text past `max` is left out.
 * @see https://docs.slack.dev/messaging/formatting-message-text#date-formatting
 */
function withDateTokens(mrkdwnText: string, times: readonly MessageTime[] | undefined, max: number): string {
	let result = mrkdwnText;
	for (const time of times ?? []) {
		const fallback = escapeMrkdwn(time.text);
		if (!Number.isSafeInteger(time.at) || !result.includes(fallback)) continue;
		const replaced = result.split(fallback).join(`<!date^${time.at}^{date_short_pretty} at {time}|${fallback}>`);
		if (replaced.length <= max) result = replaced;
	}
	return result;
}

/** A mention is only accepted in Slack's own syntax for a user, a user group, @here or @channel. */
export function isSlackMention(value: string): boolean {
	if (value === '<!here>' || value === '<!channel>') return true;
	const user = /^<@([^>]*)>$/.exec(value)?.[1];
	if (user !== undefined) return SLACK_USER_ID_PATTERN.test(user);
	const group = /^<!subteam\^([^>]*)>$/.exec(value)?.[1];
	return group !== undefined && SLACK_USERGROUP_ID_PATTERN.test(group);
}

const LINK_SEPARATOR = '  ·  ';

/**
 * Verbatim: customer text such as `www.example-refunds.com` or `#general` shows as typed, not as a link; our own
 * links and mentions use the explicit `<…>` syntax, which works either way.
 * @see https://api.slack.com/reference/block-kit/composition-objects#text
 */
function mrkdwn(text: string): MrkdwnText {
	return { type: 'mrkdwn', text, verbatim: true };
}

/** Emoji codes stay text (`emoji: false`): the header's emoji is ours, never one typed by a customer. */
function plain(text: string, max: number): PlainText {
	return { type: 'plain_text', text: shorten(printable(text), max), emoji: false };
}

/**
 * Emoji in a header or a notification spoof our severity icon (`🚨 Payment failed`), so the title's own pictographs
 * are left out there.
 */
const PICTOGRAPH = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\uFE0F|\u20E3/gu;

/** A link in mrkdwn; the URL is ours (Dashboard or Stripe-hosted), its label is escaped. */
function linkText(label: string, url: string): string | undefined {
	if (url.length > SLACK_LIMITS.buttonUrl || /[\s<>|]/.test(url) || !/^https:\/\//.test(url)) return undefined;
	return `<${url}|${escapeMrkdwn(label)}>`;
}

function button(action: MessageAction, index: number): ButtonElement | undefined {
	if (!action.value || action.value.length > SLACK_LIMITS.buttonValue) return undefined;
	const element: ButtonElement = {
		type: 'button',
		text: plain(action.label, SLACK_LIMITS.buttonText),
		action_id: `${ACTION_ID_PREFIX}${action.id}:${index}`.slice(0, SLACK_LIMITS.actionId),
		value: action.value,
	};
	if (action.style) element.style = action.style;
	if (action.confirm) {
		element.confirm = {
			title: plain(action.confirm.title, SLACK_LIMITS.confirmTitle),
			text: plain(action.confirm.text, SLACK_LIMITS.confirmText),
			confirm: plain(action.confirm.confirm, SLACK_LIMITS.confirmButton),
			deny: plain(action.confirm.deny, SLACK_LIMITS.confirmButton),
		};
	}
	return element;
}

function footerParts(message: ChatMessage): string[] {
	const parts: string[] = [];
	if (!message.livemode) parts.push('*Test mode*');
	if (message.account) parts.push(`Account ${escapeMrkdwn(message.account)}`);
	parts.push(`${escapeMrkdwn(message.eventType)} · ${escapeMrkdwn(message.eventId)}`);
	if (message.redactionPolicy === 'off') {
		parts.push(':unlock: Redaction is off: customer data is shown as received');
	} else if (message.redactions.length > 0) {
		const kinds = [...new Set(message.redactions.map((redaction) => redaction.kind))];
		parts.push(`:lock: Redacted (${message.redactionPolicy}): ${escapeMrkdwn(kinds.join(', '))}`);
	}
	return parts;
}

function textLength(block: SlackBlock): number {
	switch (block.type) {
		case 'header':
			return block.text.text.length;
		case 'section':
			return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((sum, item) => sum + item.text.length, 0);
		case 'context':
			return block.elements.reduce((sum, item) => sum + item.text.length, 0);
		case 'actions':
			return block.elements.reduce((sum, item) => sum + item.text.text.length, 0);
		default:
			return 0;
	}
}

/**
 * Renders a message as Slack Block Kit plus the plain `text` fallback (notifications, screen readers), exactly
 * as passed to `chat.postMessage` (without `channel`). Customer text is escaped for mrkdwn; limits are respected.
 * @see https://api.slack.com/reference/surfaces/formatting#escaping
 */
export function renderSlack(message: ChatMessage, options: SlackRenderOptions = {}): SlackPayload {
	const mention = options.mention && isSlackMention(options.mention) ? `${options.mention} ` : '';
	const emoji = SEVERITY_EMOJI[message.severity];
	const ownTitle = message.title.replace(PICTOGRAPH, '').replace(/ {2,}/g, ' ').trim();
	const title = `${emoji} ${ownTitle}`;
	const summary = escapeMrkdwn(message.summary);

	const blocks: SlackBlock[] = [{ type: 'header', text: plain(title, SLACK_LIMITS.headerText) }];
	blocks.push({
		type: 'section',
		text: mrkdwn(
			withDateTokens(
				shortenEscaped(`${mention}${SEVERITY_ICON[message.severity]} ${summary}`, SLACK_LIMITS.sectionText),
				message.times,
				SLACK_LIMITS.sectionText,
			),
		),
	});

	// Buttons and the footer are placed last but counted first, so the display text before them cannot crowd them out.
	const buttons = message.actions
		.map(button)
		.filter((element): element is ButtonElement => element !== undefined)
		.slice(0, SLACK_LIMITS.actionsElements);
	const actionsBlock: SlackBlock | undefined =
		buttons.length > 0
			? {
					type: 'actions',
					block_id: `scc:actions:${message.eventId}`.slice(0, SLACK_LIMITS.blockId),
					elements: buttons,
				}
			: undefined;
	const footer: SlackBlock = {
		type: 'context',
		elements: footerParts(message)
			.slice(0, SLACK_LIMITS.contextElements)
			.map((part) => mrkdwn(shortenEscaped(part, SLACK_LIMITS.footerPartText))),
	};
	let budget: number =
		SLACK_LIMITS.totalBlockTextBudget -
		[...blocks, footer, ...(actionsBlock ? [actionsBlock] : [])].reduce((sum, block) => sum + textLength(block), 0);
	const fields = message.fields.slice(0, SLACK_LIMITS.sectionFields).map((item) => {
		const perField = Math.min(
			SLACK_LIMITS.sectionFieldText,
			Math.max(100, Math.floor(budget / 2 / SLACK_LIMITS.sectionFields)),
		);
		const text = shortenEscaped(`*${escapeMrkdwn(item.label)}*\n${escapeMrkdwn(item.value)}`, perField);
		return mrkdwn(withDateTokens(text, message.times, perField));
	});
	if (fields.length > 0) {
		const block: SlackBlock = { type: 'section', fields };
		budget -= textLength(block);
		blocks.push(block);
	}

	// Links go in whole or not at all (a cut URL is a wrong URL), in order, as many as fit.
	const linkRoom = Math.min(SLACK_LIMITS.contextElementText, budget);
	let linkLine = '';
	for (const link of message.links) {
		const text = linkText(link.label, link.url);
		const candidate = text === undefined ? linkLine : linkLine ? `${linkLine}${LINK_SEPARATOR}${text}` : text;
		if (candidate.length <= linkRoom) linkLine = candidate;
	}
	if (linkLine) blocks.push({ type: 'context', elements: [mrkdwn(linkLine)] });

	if (actionsBlock) blocks.push(actionsBlock);
	blocks.push(footer);

	const fallback = `${mention}${emoji} ${escapeMrkdwn(ownTitle)}${summary ? `: ${summary}` : ''}`;
	return {
		text: shortenEscaped(fallback, SLACK_LIMITS.fallbackText),
		blocks: blocks.slice(0, SLACK_LIMITS.blocksPerMessage),
	};
}
