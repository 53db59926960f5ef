import type { OutcomeVoice } from '../core/actionOutcome';
import type { ChatAddressing, Mention } from '../core/addressing';
import type { ButtonValueForm, ChatMessage } from '../core/types';

/**
 * What the nodes need from a chat platform (docs/ARCHITECTURE.md, "Chat platforms"). The core builds one neutral
 * ChatMessage per event and routes it; a platform turns it into its own format and names channels and people in
 * its own syntax. Payment Alert renders each alert for the platform chosen in its Chat Platform parameter and puts
 * the rendering on the item under the platform's `id` (with `platform: id`), where the platform's posting node reads it.
 */
export interface ChatPlatform {
	/** The item field that carries this platform's rendering, e.g. `slack`. */
	id: string;
	/** As people know it, e.g. "Slack". */
	displayName: string;
	/** The n8n credential type that holds the platform's token and secrets. */
	credentialType: string;
	/** The node that posts the platform's alerts, as the editor names it; `Stripe Chat <displayName>` when left out. */
	postingNode?: string;
	/**
	 * Payment Alert's hints for its channel and mention-id fields in the platform's terms (placeholder and one
	 * sentence each); the fields use neutral wording when left out.
	 */
	ruleHints?: RuleHints;
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
	/** Which signed form an interactive platform's buttons carry, so Payment Alert signs only that one. */
	buttonValues?: ButtonValueForm;
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

/** How Payment Alert's rule fields explain a platform's channels and mention ids (`ChatPlatform.ruleHints`). */
export interface RuleHints {
	/** E.g. placeholder `e.g. #payments or C0123ABCD`, description `Slack channel name or ID`. */
	channel: { placeholder: string; description: string };
	/** E.g. placeholder `e.g. U0123ABCD or S0123ABCD`, description: where to copy a member's or group's id. */
	mentionId: { placeholder: string; description: string };
}
