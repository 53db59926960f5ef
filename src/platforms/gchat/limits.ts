import type { PlatformRendering } from '../platform';
import { jsonBytes } from '../webhookText';

/**
 * Google Chat limits for a message posted through an incoming webhook. Documented: 32,000 bytes per message, cards
 * included; 4,096 characters of `text` is widely reported (unverified). The rest are our own caps, so one long
 * customer string cannot crowd out the rest of the card.
 * @see https://developers.google.com/workspace/chat/api/reference/rest/v1/spaces.messages/create
 */
export const GOOGLE_CHAT_LIMITS = {
	messageBytes: 32_000,
	/** What the renderer aims for, leaving room for the thread key the client adds. */
	messageBudgetBytes: 30_000,
	text: 4096,
	/** Our own cap on the notification line (mention, severity, title). */
	notificationText: 500,
	headerTitle: 200,
	summaryText: 3000,
	fields: 20,
	fieldLabel: 100,
	fieldValue: 1000,
	footerPartText: 300,
	buttons: 6,
	buttonText: 80,
	buttonUrl: 2048,
	/** A thread key, as the client sends it (Google: up to 4,000 characters). */
	threadKey: 4000,
} as const;

interface CardV2Like {
	cardId?: unknown;
	card?: { sections?: unknown };
}

/** Where a rendering breaks what Google Chat takes, one sentence each; empty when it fits. */
export function googleChatLimitProblems(rendering: PlatformRendering): string[] {
	const problems: string[] = [];
	if (rendering.text.length === 0) problems.push('the `text` is empty');
	if (rendering.text.length > GOOGLE_CHAT_LIMITS.text) {
		problems.push(`the \`text\` has ${rendering.text.length} characters (at most ${GOOGLE_CHAT_LIMITS.text})`);
	}
	const bytes = jsonBytes(rendering);
	if (bytes > GOOGLE_CHAT_LIMITS.messageBytes) {
		problems.push(`the message has ${bytes} bytes of JSON (at most ${GOOGLE_CHAT_LIMITS.messageBytes})`);
	}
	const { cardsV2 } = rendering as { cardsV2?: unknown };
	const cards = Array.isArray(cardsV2) ? (cardsV2 as CardV2Like[]) : [];
	if (cards.length === 0) problems.push('the message has no cardsV2 card');
	for (const card of cards) {
		if (typeof card.cardId !== 'string' || card.cardId.length === 0) problems.push('a card has no cardId');
		if (!Array.isArray(card.card?.sections) || card.card.sections.length === 0) problems.push('a card has no sections');
	}
	return problems;
}
