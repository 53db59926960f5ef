import { printable } from '../../core/foldText';
import { shorten } from '../../core/render/limits';
import type { Mention } from '../../core/addressing';
import type { ChatMessage, Severity } from '../../core/types';
import { fitEscaped, isSafeLink, jsonBytes } from '../webhookText';
import { teamsAddressing, teamsMentionId } from './addressing';
import { escapeTeamsMarkdown } from './escape';
import { TEAMS_LIMITS } from './limits';

/** The subset of Adaptive Card 1.5 this renderer emits. */
export type TeamsCardElement =
	| {
			type: 'TextBlock';
			text: string;
			wrap: true;
			size?: 'Small' | 'Medium' | 'Large';
			weight?: 'Bolder';
			color?: TeamsColor;
			isSubtle?: boolean;
			spacing?: 'Small' | 'Medium';
	  }
	| { type: 'FactSet'; facts: Array<{ title: string; value: string }> };

export type TeamsColor = 'Attention' | 'Warning' | 'Good' | 'Accent';

export interface TeamsOpenUrlAction {
	type: 'Action.OpenUrl';
	title: string;
	url: string;
}

export interface TeamsMentionEntity {
	type: 'mention';
	text: string;
	mentioned: { id: string; name: string };
}

export interface AdaptiveCard {
	$schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
	type: 'AdaptiveCard';
	version: '1.5';
	body: TeamsCardElement[];
	actions?: TeamsOpenUrlAction[];
	msteams: { width: 'Full'; entities?: TeamsMentionEntity[] };
}

/** What an incoming webhook takes, plus our plain `text` (notification preview, logs), which is not posted. */
export interface TeamsRendering {
	text: string;
	type: 'message';
	attachments: Array<{
		contentType: 'application/vnd.microsoft.card.adaptive';
		contentUrl: null;
		content: AdaptiveCard;
	}>;
}

/** Severity as the title's colour (Adaptive Card colours: attention red, warning amber, good green). */
const SEVERITY_COLOR: Readonly<Record<Severity, TeamsColor>> = {
	critical: 'Attention',
	warning: 'Warning',
	success: 'Good',
	info: 'Accent',
};

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
	critical: '🚨',
	warning: '⚠️',
	success: '✅',
	info: 'ℹ️',
};

/** Pictographs in a title would spoof our severity icon, as in Slack's renderer. */
const PICTOGRAPH = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\uFE0F|\u20E3/gu;

function textBlock(
	text: string,
	extra: Partial<Extract<TeamsCardElement, { type: 'TextBlock' }>> = {},
): TeamsCardElement {
	return { type: 'TextBlock', text, wrap: true, ...extra };
}

function footerParts(message: ChatMessage): string[] {
	const parts: string[] = [];
	if (!message.livemode) parts.push('Test mode');
	if (message.account) parts.push(`Account ${message.account}`);
	parts.push(`${message.eventType} · ${message.eventId}`);
	if (message.redactionPolicy === 'off') parts.push('🔓 Redaction is off: customer data is shown as received');
	else if (message.redactions.length > 0) {
		const kinds = [...new Set(message.redactions.map((redaction) => redaction.kind))];
		parts.push(`🔒 Redacted (${message.redactionPolicy}): ${kinds.join(', ')}`);
	}
	return parts;
}

/**
 * Renders a message as an Adaptive Card 1.5 inside a Teams message, as an incoming webhook takes it: the title in
 * the severity's colour, the summary, the fields as a FactSet, the footer, and the links as `Action.OpenUrl`
 * buttons (Teams webhooks cannot receive clicks, so buttons that act on Stripe are left out). Every customer
 * string is escaped for Adaptive Card Markdown (escape.ts); the mention, when the routing rules name a person by
 * Entra object id, is `<at>id</at>` plus its entity. The card stays within 28 KB: the title, summary, footer and
 * links are placed first, and the facts share what is left, as Slack's renderer shares its text budget.
 * @see https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook
 */
export function renderTeams(message: ChatMessage, options: { mention?: Mention } = {}): TeamsRendering {
	const mentionId = teamsMentionId(options.mention);
	const mentionText = mentionId ? teamsAddressing.formatMention(options.mention) : undefined;
	const emoji = SEVERITY_EMOJI[message.severity];
	const ownTitle = message.title.replace(PICTOGRAPH, '').replace(/ {2,}/g, ' ').trim();
	const title = textBlock(
		`${emoji} ${fitEscaped(ownTitle, escapeTeamsMarkdown, { maxChars: TEAMS_LIMITS.titleText, maxBytes: 4 * TEAMS_LIMITS.titleText })}`,
		{ size: 'Large', weight: 'Bolder', color: SEVERITY_COLOR[message.severity] },
	);
	const summaryText = fitEscaped(message.summary, escapeTeamsMarkdown, {
		maxChars: TEAMS_LIMITS.summaryText,
		maxBytes: 3 * TEAMS_LIMITS.summaryText,
	});
	const summary = textBlock(`${mentionText ? `${mentionText} ` : ''}${summaryText}`);
	const footer = textBlock(
		footerParts(message)
			.map((part) => fitEscaped(part, escapeTeamsMarkdown, { maxChars: TEAMS_LIMITS.footerPartText, maxBytes: 1200 }))
			.join(' · '),
		{ size: 'Small', isSubtle: true, spacing: 'Medium' },
	);
	const actions: TeamsOpenUrlAction[] = message.links
		.filter((link) => isSafeLink(link.url, TEAMS_LIMITS.actionUrl))
		.slice(0, TEAMS_LIMITS.actions)
		.map((link) => ({
			type: 'Action.OpenUrl',
			// A button's title is plain text in every Teams client; printable keeps control characters out.
			title: shorten(printable(link.label), TEAMS_LIMITS.actionTitle),
			url: link.url,
		}));

	const card: AdaptiveCard = {
		$schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
		type: 'AdaptiveCard',
		version: '1.5',
		body: [title, summary],
		msteams: { width: 'Full' },
	};
	if (actions.length > 0) card.actions = actions;
	if (mentionId && mentionText) {
		card.msteams.entities = [{ type: 'mention', text: mentionText, mentioned: { id: mentionId, name: mentionId } }];
	}

	const given = message.fields.slice(0, TEAMS_LIMITS.facts);
	if (given.length > 0) {
		// What the card takes without its facts decides how many bytes each fact may have.
		const room = TEAMS_LIMITS.messageBudgetBytes - jsonBytes({ card, footer }) - 200;
		const perFact = Math.max(200, Math.floor(room / given.length));
		const facts = given.map((field) => ({
			title: fitEscaped(field.label, escapeTeamsMarkdown, { maxChars: TEAMS_LIMITS.factTitle, maxBytes: perFact / 4 }),
			value: fitEscaped(field.value, escapeTeamsMarkdown, {
				maxChars: TEAMS_LIMITS.factValue,
				maxBytes: (perFact * 3) / 4 - 30,
			}),
		}));
		card.body.push({ type: 'FactSet', facts });
	}
	card.body.push(footer);

	const fallback = `${emoji} ${printable(ownTitle)}${message.summary ? `: ${printable(message.summary)}` : ''}`;
	return {
		text: shorten(fallback.replace(/\s+/g, ' '), TEAMS_LIMITS.fallbackText),
		type: 'message',
		attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
	};
}

/**
 * A card with one line of text, shown as typed (escaped like customer text): the Send Text operation and burst
 * summaries. Cut to fit the card.
 */
export function renderTeamsText(text: string): TeamsRendering {
	const shown = fitEscaped(text, escapeTeamsMarkdown, {
		maxChars: TEAMS_LIMITS.summaryText * 4,
		maxBytes: TEAMS_LIMITS.messageBudgetBytes - 500,
	});
	return {
		text: shorten(printable(text).replace(/\s+/g, ' '), TEAMS_LIMITS.fallbackText),
		type: 'message',
		attachments: [
			{
				contentType: 'application/vnd.microsoft.card.adaptive',
				contentUrl: null,
				content: {
					$schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
					type: 'AdaptiveCard',
					version: '1.5',
					body: [textBlock(shown)],
					msteams: { width: 'Full' },
				},
			},
		],
	};
}
