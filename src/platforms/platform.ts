import type { RenderedAlert } from '../core/items/paymentAlert';
import type { ChatMessage } from '../core/types';

/**
 * What the nodes need from a chat platform (docs/ARCHITECTURE.md, "Chat platforms"). The core builds one neutral
 * ChatMessage per event and routes it; a platform turns it into its own format. Payment Alert renders every alert
 * for every registered platform and puts each rendering on the item under the platform's `id`, where the
 * platform's posting operations read it.
 */
export interface ChatPlatform {
	/** The item field that carries this platform's rendering, e.g. `slack`. */
	id: string;
	/** As people know it, e.g. "Slack". */
	displayName: string;
	/** The n8n credential type that holds the platform's token and secrets. */
	credentialType: string;
	/** The message in the platform's format, with the route's mention in front when there is one. */
	render(message: ChatMessage, options: { mention?: string }): RenderedAlert;
}
