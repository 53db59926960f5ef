import { escapeMrkdwn } from '../../core/escape';
import type { AlertFacts } from '../../core/teamWork';
import { SLACK_USER_ID_PATTERN, SLACK_USERGROUP_ID_PATTERN } from './addressing';

/**
 * An alert's facts read back from its Slack message (the blocks Slack sends with a click, which only the bot
 * wrote): the header, the status line, the fields (`*Label*\nvalue`) and the links. Mentions are dropped, so text
 * passed on (a ticket, an escalation) pings no one the alert pinged.
 */

type Text = { type?: unknown; text?: unknown };
type Block = { type?: unknown; text?: Text; fields?: Text[]; elements?: Text[] };

/** Slack mrkdwn as plain text: date tokens → their fallback, links → their label, mentions and emoji codes gone. */
export function plainFromMrkdwn(text: string): string {
	return text
		.replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
		.replace(/<(?:@|!)[^>]*>/g, '')
		.replace(/<(https?:\/\/[^|>]+)\|([^>]*)>/g, '$2')
		.replace(/<(https?:\/\/[^|>]+)>/g, '$1')
		.replace(/(^|\s):[a-z0-9_+-]+:(?=\s|$)/g, '$1')
		.replace(/\u200B/g, '')
		.replace(/\*([^*\n]+)\*/g, '$1')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&')
		.replace(/[ \t]+/g, ' ')
		.trim();
}

function textOf(value: Text | undefined): string | undefined {
	return typeof value?.text === 'string' ? value.text : undefined;
}

/** Reads an alert's blocks as rendered by src/platforms/slack/render.ts; unknown blocks are skipped. */
export function alertFactsFromBlocks(blocks: unknown): AlertFacts {
	const facts: AlertFacts = { title: '', fields: [], links: [] };
	if (!Array.isArray(blocks)) return facts;
	for (const block of blocks as Block[]) {
		if (typeof block !== 'object' || block === null) continue;
		if (block.type === 'header' && !facts.title) {
			// The header starts with the severity's emoji (`🚨 Invoice payment failed: €50.00`).
			facts.title = (textOf(block.text) ?? '').replace(/^[^\p{L}\p{N}]+/u, '').trim();
		} else if (block.type === 'section' && textOf(block.text) !== undefined && facts.summary === undefined) {
			facts.summary = plainFromMrkdwn(textOf(block.text) as string) || undefined;
		} else if (block.type === 'section' && Array.isArray(block.fields)) {
			for (const field of block.fields) {
				const match = /^\*([^*\n]+)\*\n([\s\S]*)$/.exec(textOf(field) ?? '');
				if (match) facts.fields.push({ label: plainFromMrkdwn(match[1]), value: plainFromMrkdwn(match[2]) });
			}
		} else if (block.type === 'context' && Array.isArray(block.elements)) {
			for (const element of block.elements) {
				for (const link of (textOf(element) ?? '').matchAll(/<(https:\/\/[^|>\s]+)\|([^>]*)>/g)) {
					facts.links.push({ url: link[1], label: plainFromMrkdwn(link[2]) });
				}
			}
		}
	}
	return facts;
}

export interface EscalationInput {
	/** The user group to mention, `S…` (checked again here: only an id of Slack's strict shape becomes a mention). */
	userGroupId: string;
	/** Its name in the text, e.g. `Legal`. */
	groupName?: string;
	userId?: string;
	facts: AlertFacts;
	/** Dashboard and message links beside the alert's own. */
	links: Array<{ label: string; url: string }>;
}

/**
 * The thread reply that asks a group in: `<!subteam^S…> Escalated to Legal by <@U…>`, then what a lawyer or an
 * accountant needs without opening anything: the alert's title and status, its facts (amount, reason, evidence
 * deadline), and the links. Everything read from the alert is escaped again.
 */
export function escalationText(input: EscalationInput): string {
	const group = SLACK_USERGROUP_ID_PATTERN.test(input.userGroupId) ? `<!subteam^${input.userGroupId}>` : '';
	const by = input.userId && SLACK_USER_ID_PATTERN.test(input.userId) ? ` by <@${input.userId}>` : '';
	const name = input.groupName ? ` to ${escapeMrkdwn(input.groupName)}` : '';
	const seen = new Set<string>();
	const links = [...input.links, ...input.facts.links]
		.filter((link) => /^https:\/\/[^\s<>|]+$/.test(link.url) && !seen.has(link.url) && seen.add(link.url))
		.map((link) => `<${link.url}|${escapeMrkdwn(link.label)}>`);
	return [
		`${group} :rotating_light: Escalated${name}${by}: *${escapeMrkdwn(input.facts.title || 'Stripe alert')}*`.trim(),
		...(input.facts.summary ? [escapeMrkdwn(input.facts.summary)] : []),
		...input.facts.fields.map((field) => `• *${escapeMrkdwn(field.label)}:* ${escapeMrkdwn(field.value)}`),
		...(links.length > 0 ? [links.join(' · ')] : []),
	]
		.join('\n')
		.slice(0, 3900);
}
