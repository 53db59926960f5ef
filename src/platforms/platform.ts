import type { OutcomeVoice } from '../core/actionOutcome';
import type { ChatAddressing, Mention } from '../core/addressing';
import type { ChatMessage } from '../core/types';

/**
 * What the nodes need from a chat platform (docs/ARCHITECTURE.md, "Chat platforms"). The core builds one neutral
 * ChatMessage per event and routes it; a platform turns it into its own format and names channels and people in
 * its own syntax. Payment Alert renders every alert for every registered platform and puts each rendering on the
 * item under the platform's `id`, where the platform's posting operations read it.
 */
export interface ChatPlatform {
	/** The item field that carries this platform's rendering, e.g. `slack`. */
	id: string;
	/** As people know it, e.g. "Slack". */
	displayName: string;
	/** The n8n credential type that holds the platform's token and secrets. */
	credentialType: string;
	/**
	 * The message in the platform's format, with the mention in front when the platform can address it (a mention
	 * with another platform's id is left out).
	 */
	render(message: ChatMessage, options: { mention?: Mention }): PlatformRendering;
	/** Channel names and ids, mentions and actors in the platform's syntax: what routing rules and outcome lines use. */
	addressing: ChatAddressing;
	/**
	 * What the platform's buttons can do: `interactive` buttons act on Stripe through a click endpoint this package
	 * verifies; `links` platforms show link buttons only (Dashboard, hosted pages).
	 */
	buttons: 'interactive' | 'links';
	/** How an action's outcome is worded when someone acted from this platform (icons, escaping, who acted). */
	voice: OutcomeVoice;
	/**
	 * Where a rendering breaks the platform's documented limits (sizes, counts, lengths), one sentence each; empty
	 * when it fits. The conformance tests and `stripe-chat-channel render` check every rendering with it.
	 */
	limitProblems(rendering: PlatformRendering): string[];
}

/**
 * A message in one platform's format: `text` (the notification and plain-text fallback) plus the platform's own
 * fields (Slack `blocks`, Discord `embeds` and `components`, Telegram `reply_markup`, …), ready for its API.
 */
export interface PlatformRendering {
	text: string;
}
