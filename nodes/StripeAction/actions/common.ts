import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type Stripe from 'stripe';

import { clickIdempotencyKey } from '../../../src/core/actionOutcome';
import type { ClickIdentity } from '../../../src/core/actionOutcome';
import { CHAT_INTERACTION_ITEM } from '../../../src/core/items/chatInteraction';
import type { ChatItem } from '../../../src/core/items/chatInteraction';
import { readItem } from '../../../src/core/items/contract';
import { minorUnitDigits } from '../../../src/core/money';
import { createStripeClient, parseStripeCredential, StripeCredentialError } from '../../../src/stripe/client';
import type { OperationContext } from './operation';

export const STRIPE_CREDENTIAL = 'stripeChatChannelApi';
export { SLACK_CREDENTIAL_TYPE as SLACK_CREDENTIAL } from '../../../src/platforms/slack/credentials';

/** The click's verified object (from the signed button value) is the default for every object ID. */
export const FROM_CLICK = "={{ $json.target ? $json.target.objectId : '' }}";
export const FROM_CLICK_HINT = "Filled in from a button click (the Chat Interaction Trigger's verified target)";

export function objectIdProperty(fields: {
	displayName: string;
	name: string;
	placeholder: string;
	description: string;
	default?: string;
}): INodeProperties {
	const property: INodeProperties = {
		displayName: fields.displayName,
		name: fields.name,
		type: 'string',
		required: true,
		default: FROM_CLICK,
		placeholder: fields.placeholder,
		hint: FROM_CLICK_HINT,
		description: fields.description,
	};
	return fields.default === undefined ? property : { ...property, default: fields.default };
}

export const idempotencyKeyOption: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	description:
		'Leave empty: for a click it is derived from what was clicked (action, object, message), not from who clicked, so a double click, a Slack retry or a second person clicking the same button acts once. Set your own key to make other repeats act once too (Stripe keeps keys for 24 hours).',
};

/** The Options of an operation whose only option is its Idempotency-Key. */
export const idempotencyOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [idempotencyKeyOption],
};

/**
 * The item as the Chat Interaction Trigger emits it. Its fields may all be missing (an AI agent's tool call, a manual
 * run): the operations then work from their parameters; a field that is there must be what the trigger puts there.
 */
export function itemOf(ctx: IExecuteFunctions, itemIndex: number): ChatItem {
	return readItem(ctx.getInputData()[itemIndex].json, CHAT_INTERACTION_ITEM, 'Stripe Action');
}

export function stringParameter(operation: OperationContext, name: string, fallback = ''): string {
	return String(operation.ctx.getNodeParameter(name, operation.itemIndex, fallback) ?? '').trim();
}

export function optionsOf(operation: OperationContext): IDataObject {
	return operation.ctx.getNodeParameter('options', operation.itemIndex, {}) as IDataObject;
}

/** A mistake in the node's input or parameters, said so that someone without code can fix it. */
export function inputError(operation: OperationContext, message: string, hint: string): NodeOperationError {
	return new NodeOperationError(operation.ctx.getNode(), message, {
		itemIndex: operation.itemIndex,
		description: hint,
	});
}

const ID_PREFIXES: Readonly<Record<string, { prefixes: string[]; noun: string }>> = {
	invoice: { prefixes: ['in_'], noun: 'an invoice ID (starts with in_)' },
	payment: { prefixes: ['pi_', 'ch_', 'py_'], noun: 'a payment ID (starts with pi_ or ch_)' },
	dispute: { prefixes: ['du_', 'dp_'], noun: 'a dispute ID (starts with du_)' },
	checkoutSession: { prefixes: ['cs_'], noun: 'a Checkout Session ID (starts with cs_)' },
	paymentOrSession: {
		prefixes: ['pi_', 'ch_', 'py_', 'cs_'],
		noun: 'a payment or Checkout Session ID (starts with pi_, ch_ or cs_)',
	},
	customer: { prefixes: ['cus_'], noun: 'a customer ID (starts with cus_)' },
	price: { prefixes: ['price_', 'plan_'], noun: 'a price ID (starts with price_)' },
};

/**
 * Checks an object ID before calling Stripe. A click for another action wired into this node (a refund button
 * reaching "Retry Payment") would otherwise reach Stripe with the wrong kind of object. The checked ID is the
 * object the item acts on, and is noted so for the audit record.
 */
export function requireId(
	operation: OperationContext,
	kind: keyof typeof ID_PREFIXES,
	id: string,
	parameter: string,
): string {
	const expected = ID_PREFIXES[kind];
	if (!id) {
		throw inputError(
			operation,
			`No ${expected.noun.replace(/^an? /, '').replace(/ \(.*$/, '')} to act on`,
			`Fill in "${parameter}", or connect this node after the Chat Interaction Trigger so a button click fills it in.`,
		);
	}
	if (!expected.prefixes.some((prefix) => id.startsWith(prefix))) {
		const clicked = operation.item.target?.action;
		throw inputError(
			operation,
			`"${id}" is not ${expected.noun}`,
			clicked
				? `The click was for "${clicked}". Put a Switch node on the trigger's "action" field so each button reaches the matching Stripe Action.`
				: `Check "${parameter}".`,
		);
	}
	operation.objectId = id;
	return id;
}

/** Converts an amount typed in major units (50.5) into Stripe's integer minor units for the currency. */
export function toMinorUnits(operation: OperationContext, amount: number, currency: string, parameter: string): number {
	const digits = minorUnitDigits(currency);
	const minor = Math.round(amount * 10 ** digits);
	if (!Number.isFinite(amount) || amount <= 0 || Math.abs(minor - amount * 10 ** digits) > 1e-6) {
		throw inputError(
			operation,
			`${amount} is not an amount in ${currency.toUpperCase()}`,
			`"${parameter}" must be more than zero with at most ${digits} decimals for ${currency.toUpperCase()}.`,
		);
	}
	return minor;
}

export function requireCurrency(operation: OperationContext, value: string, parameter: string): string {
	const currency = value.trim().toLowerCase();
	if (!/^[a-z]{3}$/.test(currency)) {
		throw inputError(
			operation,
			`"${value}" is not a currency code`,
			`"${parameter}" takes a 3-letter code such as usd, eur or jpy.`,
		);
	}
	return currency;
}

/** The official Stripe client for this execution, from the node's Stripe credential. */
export async function stripeClient(operation: OperationContext): Promise<Stripe> {
	if (operation.state.stripe) return operation.state.stripe;
	const data = await operation.ctx.getCredentials(STRIPE_CREDENTIAL);
	try {
		operation.state.stripe = createStripeClient(parseStripeCredential(data));
	} catch (error: unknown) {
		if (error instanceof StripeCredentialError) {
			throw inputError(operation, error.message, 'Open the Stripe credential used by this node and correct it.');
		}
		throw new NodeOperationError(operation.ctx.getNode(), error as Error, { itemIndex: operation.itemIndex });
	}
	return operation.state.stripe;
}

/** The Idempotency-Key typed into the node's options, if any. */
export function givenIdempotencyKey(operation: OperationContext): string | undefined {
	return String(optionsOf(operation).idempotencyKey ?? '').trim() || undefined;
}

/**
 * What was clicked, whoever clicked it: the message the button was on (or the form, or the command). Undefined
 * for items that do not come from the Chat Interaction Trigger.
 */
export function clickOf(operation: OperationContext, action: string, objectId: string): ClickIdentity | undefined {
	const { item } = operation;
	if (!item.user?.id) return undefined;
	const occasion = item.messageTs ?? item.viewId ?? item.triggerId ?? undefined;
	return occasion ? { action, objectId, channelId: item.channelId ?? undefined, messageTs: occasion } : undefined;
}

/**
 * The Idempotency-Key for a mutating call: the one in the options, else one derived from what was clicked (action,
 * object, message or form or command), the same for everyone who clicks the button. Items that do not come from a
 * click get none, so a deliberate second run acts again; the SDK still adds its own key to its automatic retries.
 */
export function idempotencyKeyFor(operation: OperationContext, action: string, objectId: string): string | undefined {
	const click = clickOf(operation, action, objectId);
	const key = givenIdempotencyKey(operation) ?? (click ? clickIdempotencyKey(click) : undefined);
	operation.idempotencyKey = key;
	return key;
}

/** Whether Stripe answered from its idempotency store (the first request with this key already acted). */
export function wasReplayed(response: unknown): boolean {
	const headers = (response as { lastResponse?: { headers?: Record<string, unknown> } } | undefined)?.lastResponse
		?.headers;
	return headers?.['idempotent-replayed'] === 'true';
}

/** Metadata and a client reference naming the chat, team and person, so a payment can be traced back to the chat. */
export function chatReference(item: ChatItem): { metadata: Record<string, string>; clientReferenceId?: string } {
	const metadata: Record<string, string> = {};
	if (item.teamId) metadata.slack_team_id = item.teamId;
	if (item.channelId) metadata.slack_channel_id = item.channelId;
	if (item.user?.id) metadata.slack_user_id = item.user.id;
	if (item.command) metadata.slack_command = item.command;
	const parts = [item.teamId, item.channelId, item.user?.id].filter((part): part is string => !!part);
	return { metadata, clientReferenceId: parts.length > 0 ? `slack-${parts.join('-')}`.slice(0, 200) : undefined };
}

/** Key-value pairs from a fixedCollection `metadata.entry[]`. */
export function metadataOption(options: IDataObject): Record<string, string> {
	const entries = ((options.metadata as IDataObject | undefined)?.entry ?? []) as IDataObject[];
	return Object.fromEntries(
		entries
			.filter((entry) => String(entry.key ?? '').trim() !== '')
			.map((entry) => [String(entry.key).trim(), String(entry.value ?? '')]),
	);
}

export const metadataOptionProperty: INodeProperties = {
	displayName: 'Metadata',
	name: 'metadata',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Metadata',
	default: {},
	description: 'Your own key-value pairs stored on the Stripe object (50 keys at most)',
	options: [
		{
			name: 'entry',
			displayName: 'Entry',
			values: [
				{ displayName: 'Key', name: 'key', type: 'string', default: '' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			],
		},
	],
};

export const addChatIdsOption: INodeProperties = {
	displayName: 'Add Chat IDs',
	name: 'addChatIds',
	type: 'boolean',
	default: true,
	description:
		'Whether to store the Slack team, channel and person who asked in the metadata and as client reference ID, so a payment can be traced back to the chat',
};
