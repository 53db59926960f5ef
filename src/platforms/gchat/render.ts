import { printable } from '../../core/foldText';
import { shorten } from '../../core/render/limits';
import type { Mention } from '../../core/addressing';
import type { ChatMessage, Severity } from '../../core/types';
import { fitEscaped, isSafeLink, jsonBytes } from '../webhookText';
import { googleChatAddressing } from './addressing';
import { escapeGoogleChatHtml, neutralizeGoogleChatText } from './escape';
import { GOOGLE_CHAT_LIMITS } from './limits';

/** The subset of Google Chat's cardsV2 this renderer emits. */
export type GoogleChatWidget =
	| { textParagraph: { text: string } }
	| { decoratedText: { topLabel: string; text: string; wrapText: true } }
	| { buttonList: { buttons: Array<{ text: string; onClick: { openLink: { url: string } } }> } };

export interface GoogleChatCard {
	header: { title: string; subtitle?: string };
	sections: Array<{ header?: string; widgets: GoogleChatWidget[] }>;
}

/** What a Google Chat webhook takes (the client adds `thread`). */
export interface GoogleChatRendering {
	text: string;
	cardsV2: Array<{ cardId: string; card: GoogleChatCard }>;
}

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
	critical: '🚨',
	warning: '⚠️',
	success: '✅',
	info: 'ℹ️',
};

const SEVERITY_LABEL: Readonly<Record<Severity, { text: string; color: string }>> = {
	critical: { text: 'Critical', color: '#d93025' },
	warning: { text: 'Warning', color: '#e37400' },
	success: { text: 'Resolved', color: '#188038' },
	info: { text: 'Info', color: '#1a73e8' },
};

const PICTOGRAPH = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\uFE0F|\u20E3/gu;

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
 * Renders a message as a Google Chat webhook message: `text` (the notification: the mention, when the routing rules
 * name a configured user id or everyone, the severity and the title) and one `cardsV2` card with the title in its
 * header, the summary under the severity in its colour, the fields as `decoratedText`, the links as an `openLink`
 * button list (webhooks receive no clicks, so buttons that act on Stripe are left out) and the footer. Card text
 * is escaped as HTML, the `text` line neutralised for Chat's formatting (escape.ts). The message stays within
 * 32,000 bytes: the fields share what the rest leaves, as Slack's renderer shares its text budget.
 * @see https://developers.google.com/workspace/chat/api/reference/rest/v1/cards
 */
export function renderGoogleChat(message: ChatMessage, options: { mention?: Mention } = {}): GoogleChatRendering {
	const mention = googleChatAddressing.formatMention(options.mention);
	const emoji = SEVERITY_EMOJI[message.severity];
	const ownTitle = shorten(
		printable(message.title.replace(PICTOGRAPH, '').replace(/ {2,}/g, ' ').trim()),
		GOOGLE_CHAT_LIMITS.headerTitle,
	);
	const severity = SEVERITY_LABEL[message.severity];
	const summary = fitEscaped(message.summary, escapeGoogleChatHtml, {
		maxChars: GOOGLE_CHAT_LIMITS.summaryText,
		maxBytes: 3 * GOOGLE_CHAT_LIMITS.summaryText,
	});
	const footer = footerParts(message)
		.map((part) =>
			fitEscaped(part, escapeGoogleChatHtml, { maxChars: GOOGLE_CHAT_LIMITS.footerPartText, maxBytes: 1200 }),
		)
		.join(' · ');
	const buttons = message.links
		.filter((link) => isSafeLink(link.url, GOOGLE_CHAT_LIMITS.buttonUrl))
		.slice(0, GOOGLE_CHAT_LIMITS.buttons)
		.map((link) => ({
			text: shorten(printable(link.label), GOOGLE_CHAT_LIMITS.buttonText),
			onClick: { openLink: { url: link.url } },
		}));

	const card: GoogleChatCard = {
		// The header is plain text in Chat; the title is neutralised so it reads the same wherever it is parsed.
		header: {
			title: neutralizeGoogleChatText(ownTitle),
			subtitle: `${severity.text}${message.livemode ? '' : ' · Test mode'}`,
		},
		sections: [
			{
				widgets: [
					{ textParagraph: { text: `<font color="${severity.color}"><b>${severity.text}</b></font> · ${summary}` } },
				],
			},
		],
	};
	const footerSection = { widgets: [{ textParagraph: { text: `<font color="#5f6368">${footer}</font>` } }] };
	const linkSection = buttons.length > 0 ? { widgets: [{ buttonList: { buttons } }] } : undefined;
	const text = shorten(
		`${mention ? `${mention} ` : ''}${emoji} ${neutralizeGoogleChatText(ownTitle)}`,
		GOOGLE_CHAT_LIMITS.notificationText,
	);

	const given = message.fields.slice(0, GOOGLE_CHAT_LIMITS.fields);
	if (given.length > 0) {
		const room = GOOGLE_CHAT_LIMITS.messageBudgetBytes - jsonBytes({ text, card, footerSection, linkSection }) - 300;
		const perField = Math.max(200, Math.floor(room / given.length));
		const widgets: GoogleChatWidget[] = given.map((field) => ({
			decoratedText: {
				topLabel: fitEscaped(field.label, escapeGoogleChatHtml, {
					maxChars: GOOGLE_CHAT_LIMITS.fieldLabel,
					maxBytes: perField / 4,
				}),
				text: fitEscaped(field.value, escapeGoogleChatHtml, {
					maxChars: GOOGLE_CHAT_LIMITS.fieldValue,
					maxBytes: (perField * 3) / 4 - 60,
				}),
				wrapText: true,
			},
		}));
		card.sections.push({ header: 'Details', widgets });
	}
	if (linkSection) card.sections.push(linkSection);
	card.sections.push(footerSection);

	return { text, cardsV2: [{ cardId: cardIdOf(message.eventId), card }] };
}

/** A card id is ours and only needs to be unique in the message: the event id, in the characters ids use. */
function cardIdOf(eventId: string): string {
	return `stripe-${eventId.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

/** A text-only message, shown as typed (neutralised like customer text): the Send Text operation and burst summaries. */
export function renderGoogleChatText(text: string): { text: string } {
	return { text: shorten(neutralizeGoogleChatText(text), GOOGLE_CHAT_LIMITS.text) };
}
