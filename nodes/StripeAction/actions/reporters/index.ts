import type { OutcomeVoice } from '../../../../src/core/actionOutcome';
import type { ChatItem } from '../../../../src/core/items/chatInteraction';
import { chatPlatform } from '../../../../src/platforms';
import { discordReporter } from './discord';
import { slackReporter } from './slack';
import { telegramReporter } from './telegram';
import type { OutcomeReporter } from './types';

export type { OutcomeReport, OutcomeReporter } from './types';
export { answerViaResponseUrl } from './slack';

/** One line per chat platform whose clicks reach Stripe Action, by platform id (the item's `platform`). */
const REPORTERS: Readonly<Record<string, OutcomeReporter>> = {
	slack: slackReporter,
	discord: discordReporter,
	telegram: telegramReporter,
};

/** The platform a click came from: its trigger names it; items without a name come from Slack's trigger. */
export function platformOf(item: ChatItem): string {
	return typeof item.platform === 'string' && item.platform !== '' ? item.platform : 'slack';
}

/** The reporter for the item's platform; undefined for a platform that cannot be written back to. */
export function reporterFor(item: ChatItem): OutcomeReporter | undefined {
	return REPORTERS[platformOf(item)];
}

/** How outcomes are worded for the item's platform (its icons, escaping and way of naming who acted). */
export function voiceOf(item: ChatItem): OutcomeVoice {
	return chatPlatform(platformOf(item)).voice;
}
