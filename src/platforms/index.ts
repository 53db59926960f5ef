import type { Mention } from '../core/addressing';
import type { ChatMessage } from '../core/types';
import type { ChatPlatform, PlatformRendering } from './platform';
import { slackPlatform } from './slack/platform';
import { telegramPlatform } from './telegram/platform';

export type { ChatPlatform, PlatformRendering } from './platform';

/** Every chat platform the nodes serve: a new platform is its folder plus one line here. */
export const CHAT_PLATFORMS: readonly ChatPlatform[] = [slackPlatform, telegramPlatform];

/** The registered platform with this id; a node that serves one platform names it here, not by importing its folder. */
export function chatPlatform(id: string): ChatPlatform {
	const platform = CHAT_PLATFORMS.find((candidate) => candidate.id === id);
	if (!platform) throw new Error(`No chat platform "${id}" is registered in src/platforms/index.ts`);
	return platform;
}

/**
 * A message rendered for every registered platform, by platform id (`{ slack: { text, blocks } }`): the fields an
 * alert item carries, so every posting node finds its own format (docs/ARCHITECTURE.md, "Chat platforms").
 */
export function renderForEveryPlatform(
	message: ChatMessage,
	options: { mention?: Mention } = {},
): Record<string, PlatformRendering> {
	return Object.fromEntries(CHAT_PLATFORMS.map((platform) => [platform.id, platform.render(message, options)]));
}
