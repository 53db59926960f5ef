import type { PlatformRendering } from '../platform';
import { jsonBytes } from '../webhookText';

/**
 * Microsoft Teams limits for a card posted through an incoming webhook (Workflows "When a Teams webhook request is
 * received" or a legacy connector). The documented one is the message size; the rest are our own caps, so one
 * long customer string cannot crowd out the rest of the card.
 * @see https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook#rate-limiting-for-connectors
 */
export const TEAMS_LIMITS = {
	/** "The message size limit is 28 KB"; larger posts answer 413. Measured as bytes of the JSON body. */
	messageBytes: 28 * 1024,
	/** What the renderer aims for, leaving room for the mention entity and the client's own fields. */
	messageBudgetBytes: 26 * 1024,
	titleText: 200,
	summaryText: 3000,
	facts: 20,
	factTitle: 100,
	factValue: 1000,
	footerPartText: 300,
	/** Teams shows at most six actions on a card (its host config's `maxActions`). */
	actions: 6,
	actionTitle: 80,
	actionUrl: 2048,
	/** Our cap on the plain `text` we keep next to the card (notification preview, logs). */
	fallbackText: 1000,
} as const;

interface TeamsAttachmentLike {
	contentType?: unknown;
	content?: { type?: unknown; version?: unknown; body?: unknown; actions?: unknown };
}

/** The body the client posts: the rendering without our own `text` field. */
export function teamsRequestBody(rendering: PlatformRendering): Record<string, unknown> {
	return Object.fromEntries(Object.entries(rendering).filter(([key]) => key !== 'text'));
}

/** Where a rendering breaks what Teams takes, one sentence each; empty when it fits. */
export function teamsLimitProblems(rendering: PlatformRendering): string[] {
	const problems: string[] = [];
	if (rendering.text.length === 0) problems.push('the `text` fallback is empty');
	if (rendering.text.length > TEAMS_LIMITS.fallbackText) {
		problems.push(
			`the \`text\` fallback has ${rendering.text.length} characters (at most ${TEAMS_LIMITS.fallbackText})`,
		);
	}
	const body = teamsRequestBody(rendering);
	const bytes = jsonBytes(body);
	if (bytes > TEAMS_LIMITS.messageBytes) {
		problems.push(`the message has ${bytes} bytes of JSON (at most ${TEAMS_LIMITS.messageBytes})`);
	}
	const attachments = Array.isArray(body.attachments) ? (body.attachments as TeamsAttachmentLike[]) : [];
	const card = attachments[0];
	if (body.type !== 'message' || !card || card.contentType !== 'application/vnd.microsoft.card.adaptive') {
		problems.push('the message carries no Adaptive Card attachment');
		return problems;
	}
	if (card.content?.type !== 'AdaptiveCard') problems.push('the attachment is not an AdaptiveCard');
	if (!Array.isArray(card.content?.body) || card.content.body.length === 0) problems.push('the card has no body');
	const actions = Array.isArray(card.content?.actions) ? card.content.actions : [];
	if (actions.length > TEAMS_LIMITS.actions) {
		problems.push(`${actions.length} actions (Teams shows at most ${TEAMS_LIMITS.actions})`);
	}
	return problems;
}
