import type { Mention } from '../core/addressing';
import type { ChatMessage } from '../core/types';
import type { ChatPlatform, PlatformRendering } from './platform';
import { discordPlatform } from './discord/platform';
import { googleChatPlatform } from './gchat/platform';
import { slackPlatform } from './slack/platform';
import { teamsPlatform } from './teams/platform';
import { telegramPlatform } from './telegram/platform';

export type { ChatPlatform, PlatformRendering, RuleHints } from './platform';

/** Every chat platform the nodes serve: a new platform is its folder plus one line here. */
export const CHAT_PLATFORMS: readonly ChatPlatform[] = [
	slackPlatform,
	discordPlatform,
	teamsPlatform,
	telegramPlatform,
	googleChatPlatform,
];

/** The registered platform with this id; a node that serves one platform names it here, not by importing its folder. */
export function chatPlatform(id: string): ChatPlatform {
	const platform = CHAT_PLATFORMS.find((candidate) => candidate.id === id);
	if (!platform) throw new Error(`No chat platform "${id}" is registered in src/platforms/index.ts`);
	return platform;
}

/** The node that posts a platform's alerts, as the editor names it (e.g. "Stripe Chat Slack"). */
export function postingNodeName(platform: ChatPlatform): string {
	return platform.postingNode ?? `Stripe Chat ${platform.displayName}`;
}

function isRendering(value: unknown): boolean {
	return typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string';
}

/**
 * Why an alert item cannot be posted by the node of `reader`: Payment Alert rendered it for another platform (its
 * Chat Platform parameter, the item's `platform`), and says which node to connect instead. An item without
 * `platform` (built by hand, or a report rendered for every platform) counts as rendered for the reader when it
 * carries the reader's rendering, else for the first registered platform whose rendering it carries; one with no
 * rendering at all is left to the reader's own "no message" error.
 */
export function wrongPlatformProblem(item: Record<string, unknown>, reader: ChatPlatform): string | undefined {
	const named = typeof item.platform === 'string' && item.platform !== '' ? item.platform : undefined;
	if (named === undefined && isRendering(item[reader.id])) return undefined;
	const renderedFor = named ?? CHAT_PLATFORMS.find((platform) => isRendering(item[platform.id]))?.id;
	if (renderedFor === undefined || renderedFor === reader.id) return undefined;
	const platform = CHAT_PLATFORMS.find((candidate) => candidate.id === renderedFor);
	const where = platform
		? `${platform.displayName}; connect a ${postingNodeName(platform)} node`
		: `${JSON.stringify(renderedFor.slice(0, 40))}, a chat platform this version does not have; connect the node that posts to it`;
	return `This alert was rendered for ${where}, or set Payment Alert's Chat Platform to ${reader.displayName}`;
}

/**
 * A message rendered for every registered platform, by platform id (`{ slack: { text, blocks } }`), for the reports
 * that reach every posting node (Stripe Webhook Health, the Stripe Event Trigger's rejected deliveries). Payment
 * Alert renders for its chosen platform only (docs/ARCHITECTURE.md, "Chat platforms").
 */
export function renderForEveryPlatform(
	message: ChatMessage,
	options: { mention?: Mention } = {},
): Record<string, PlatformRendering> {
	return Object.fromEntries(CHAT_PLATFORMS.map((platform) => [platform.id, platform.render(message, options)]));
}
