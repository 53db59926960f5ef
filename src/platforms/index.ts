import type { ChatPlatform } from './platform';
import { slackPlatform } from './slack/platform';

export type { ChatPlatform } from './platform';

/** Every chat platform the nodes serve: a new platform is its folder plus one line here. */
export const CHAT_PLATFORMS: readonly ChatPlatform[] = [slackPlatform];
