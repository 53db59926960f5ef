/**
 * What a person working an alert hands on: the facts of the alert as its message shows them (title, summary,
 * fields, links), and from them a ticket ("Create ticket") in plain text and Markdown. Framework- and
 * platform-free: each platform reads its own message into `AlertFacts` (Slack: src/platforms/slack/alertFacts.ts).
 */

export interface AlertFacts {
	/** `Invoice payment failed: ¥5,000`. */
	title: string;
	summary?: string;
	fields: Array<{ label: string; value: string }>;
	links: Array<{ label: string; url: string }>;
}

/** What a ticket needs, on the Chat Interaction Trigger's item for a "Create ticket" click. */
export interface TicketRequest {
	title: string;
	/** The body in plain text and in Markdown (Jira, Linear, GitHub, Zendesk all take one of them). */
	text: string;
	markdown: string;
	/** The amount as the alert shows it (`¥5,000`), when it shows one. */
	amount?: string;
	customerId?: string;
	objectId: string;
	objectType: string;
	eventId?: string;
	livemode: boolean;
	links: Array<{ label: string; url: string }>;
	requestedBy?: { id: string; name?: string };
}

export interface TicketContext {
	objectId: string;
	objectType: string;
	customerId?: string;
	eventId?: string;
	livemode: boolean;
	/** The object in the Stripe Dashboard and the chat message, added to the alert's own links. */
	dashboardUrl?: string;
	messageLink?: string;
	requestedBy?: { id: string; name?: string };
}

/** The amount after the title's `: ` (`Invoice payment failed: ¥5,000` → `¥5,000`). */
function amountOf(title: string): string | undefined {
	const at = title.lastIndexOf(': ');
	const amount = at >= 0 ? title.slice(at + 2).trim() : '';
	return /\d/.test(amount) ? amount : undefined;
}

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+!|<>~]/g;

function markdownText(text: string): string {
	return text.replace(MARKDOWN_SPECIAL, (character) => `\\${character}`);
}

function uniqueLinks(links: TicketRequest['links']): TicketRequest['links'] {
	const seen = new Set<string>();
	return links.filter((link) => /^https:\/\/\S+$/.test(link.url) && !seen.has(link.url) && seen.add(link.url));
}

/** The ticket for an alert: its title, the facts as a list, the links, who asked. */
export function buildTicketRequest(facts: AlertFacts, context: TicketContext): TicketRequest {
	const title = (facts.title || `${context.objectType} ${context.objectId}`).slice(0, 250);
	const links = uniqueLinks([
		...(context.dashboardUrl ? [{ label: 'Stripe Dashboard', url: context.dashboardUrl }] : []),
		...facts.links,
		...(context.messageLink ? [{ label: 'Slack alert', url: context.messageLink }] : []),
	]);
	const requestedBy = context.requestedBy
		? `${context.requestedBy.name ?? context.requestedBy.id} (${context.requestedBy.id})`
		: undefined;
	const reference = [
		`Stripe ${context.objectType}: ${context.objectId}`,
		...(context.customerId ? [`Customer: ${context.customerId}`] : []),
		...(context.eventId ? [`Event: ${context.eventId}`] : []),
		...(context.livemode ? [] : ['Test mode']),
	];
	const text = [
		title,
		...(facts.summary ? [facts.summary] : []),
		'',
		...facts.fields.map((field) => `${field.label}: ${field.value}`),
		...reference,
		'',
		...(links.length > 0 ? ['Links:', ...links.map((link) => `- ${link.label}: ${link.url}`)] : []),
		...(requestedBy ? ['', `Requested from Slack by ${requestedBy}.`] : []),
	].join('\n');
	const markdown = [
		...(facts.summary ? [markdownText(facts.summary), ''] : []),
		...facts.fields.map((field) => `- **${markdownText(field.label)}:** ${markdownText(field.value)}`),
		...reference.map((line) => `- ${markdownText(line)}`),
		'',
		...links.map((link) => `- [${markdownText(link.label)}](${link.url})`),
		...(requestedBy ? ['', `Requested from Slack by ${markdownText(requestedBy)}.`] : []),
	].join('\n');
	return {
		title,
		text,
		markdown,
		amount: amountOf(title),
		customerId: context.customerId,
		objectId: context.objectId,
		objectType: context.objectType,
		eventId: context.eventId,
		livemode: context.livemode,
		links,
		requestedBy: context.requestedBy,
	};
}
