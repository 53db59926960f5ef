import { isRecord } from '../records';
import type { TicketRequest } from '../teamWork';
import type { ItemContract } from './contract';

/**
 * What the click triggers pass on: Slack's button clicks (`block_actions`), form submissions and slash commands,
 * and the button clicks of the other platforms' triggers (`button_click`).
 */
export type ChatInteractionKind = 'block_actions' | 'view_submission' | 'slash_command' | 'button_click';

/** The Stripe object a signed button or form acts on, as verified by the trigger. */
export interface ChatTarget {
	action?: string;
	objectId?: string;
	objectType?: string;
	customerId?: string;
	account?: string;
	livemode?: boolean;
	eventId?: string;
	/** The message a form was opened from (signed into the form), for items that carry no message themselves. */
	channelId?: string;
	messageTs?: string;
	/** When the button was signed, ISO 8601. */
	buttonIssuedAt?: string;
}

/**
 * What Stripe Action reads. Items also come from an AI agent, a schedule or a mapping, so every field may be
 * missing; the Chat Interaction Trigger's items (`ChatInteractionItem`) fill what their request has.
 */
export interface ChatItem {
	/** The chat platform the request came from (`discord`, `telegram`, …; src/platforms/index.ts); Slack when absent. */
	platform?: string;
	kind?: string;
	action?: string;
	user?: { id?: string; name?: string } | null;
	teamId?: string | null;
	channelId?: string | null;
	responseUrl?: string | null;
	triggerId?: string | null;
	receivedAt?: string;
	/** Identifies the Slack request: the same for a repeated delivery of it (audit trail). */
	requestId?: string | null;
	/** The Slack message the request was made from. */
	messageLink?: string | null;
	actionId?: string;
	/** An unsigned button's value (a signed one becomes `target`). */
	value?: string | null;
	/** The message the request was made from: Slack's `ts`, or the platform's message id (Discord, Telegram). */
	messageTs?: string | null;
	threadTs?: string | null;
	messageBlocks?: unknown;
	callbackId?: string | null;
	viewId?: string | null;
	command?: string;
	text?: string;
	values?: Record<string, string | undefined>;
	target?: ChatTarget;
}

/** What the Chat Interaction Trigger emits: a `ChatItem` whose request-wide fields are always there. */
export interface ChatInteractionItem extends ChatItem {
	kind: ChatInteractionKind;
	action: string;
	user: { id: string; name?: string } | null;
	teamId: string | null;
	channelId: string | null;
	responseUrl: string | null;
	triggerId: string | null;
	receivedAt: string;
	requestId: string;
	messageLink: string | null;
	/** A "Create ticket" click: everything the ticket needs, for the workflow's ticket node. */
	ticket?: TicketRequest;
}

const TEXT_FIELDS = [
	'platform',
	'kind',
	'action',
	'teamId',
	'channelId',
	'responseUrl',
	'triggerId',
	'requestId',
	'messageLink',
	'messageTs',
	'threadTs',
	'viewId',
	'command',
	'text',
] as const;

/** Every field may be missing (see `ChatItem`); one that is there must have its type, or an operation misreads it. */
export const CHAT_INTERACTION_ITEM: ItemContract<ChatItem> = {
	emittedBy: 'Chat Interaction Trigger',
	problems(json) {
		const problems: string[] = TEXT_FIELDS.filter(
			(field) => json[field] !== undefined && json[field] !== null && typeof json[field] !== 'string',
		).map((field) => `"${field}" is not text`);
		if (json.user !== undefined && json.user !== null && !isRecord(json.user)) {
			problems.push('"user" is not an object with the Slack user\'s id');
		}
		for (const field of ['target', 'values'] as const) {
			if (json[field] !== undefined && !isRecord(json[field])) problems.push(`"${field}" is not an object`);
		}
		return problems;
	},
};
