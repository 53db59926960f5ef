import type { RenderedAlert } from '../core/items/paymentAlert';
import type { ChatMessage } from '../core/types';
import type { ChatPlatform } from './platform';
import { slackPlatform } from './slack/platform';

export type { ChatPlatform } from './platform';

/** Every chat platform the nodes serve: a new platform is its folder plus one line here. */
export const CHAT_PLATFORMS: readonly ChatPlatform[] = [slackPlatform];

/**
 * A message rendered for every registered platform, by platform id (`{ slack: { text, blocks } }`): the fields an
 * alert item carries, so every posting node finds its own format (docs/ARCHITECTURE.md, "Chat platforms").
 */
export function renderForEveryPlatform(
	message: ChatMessage,
	options: { mention?: string } = {},
): Record<string, RenderedAlert> {
	return Object.fromEntries(CHAT_PLATFORMS.map((platform) => [platform.id, platform.render(message, options)]));
}
