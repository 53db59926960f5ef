import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	checkOrder,
	chatIdentityProblem,
	MAX_NOTE_LENGTH,
	MODEL_FIELDS,
	normaliseProductKey,
	orderMetadata,
	OrderRefusal,
	orRefusal,
	unexpectedArgumentsRefusal,
} from '../../../../src/core/catalogueOrder';
import type { CatalogueEntry, ChatIdentity, CheckedOrder } from '../../../../src/core/catalogueOrder';
import { parseList } from '../../../../src/core/lists';
import { formatMoney } from '../../../../src/core/money';
import { claimOrderWindow, releaseOrderWindow } from '../../../../src/core/state/orderWindow';
import { findPriceByLookupKey } from '../../../../src/stripe/catalogue';
import type { LineInput } from '../../../../src/stripe/actions';
import { openNodeStateStore, stateStoreFailure } from '../../../shared/stateStore';
import {
	idempotencyKeyOption,
	inputError,
	optionsOf,
	requireCurrency,
	stringParameter,
	stripeClient,
	toMinorUnits,
} from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { createSession, expiryOption, redirectProperties, requireUrl } from './session';

/**
 * "Create Checkout from Catalogue": the Checkout operation made for an AI agent. The model fills only what a
 * customer may choose (product, quantity, dates, a note); the price comes from the admin's catalogue (this node's list
 * or Stripe Prices by lookup key), and currency, links and the customer's chat come from the workflow. A call that
 * tries to set anything else, names a product outside the catalogue, asks for a quantity out of range or comes a
 * second time for the same customer within a short window is refused with a message the agent can relay, and
 * nothing is sent to Stripe.
 */

/** The tool description the templates give the agent: what the tool does, what the model fills, what it never does. */
export const TOOL_DESCRIPTION =
	'Creates a secure Stripe payment link for ONE product from the shop catalogue and returns it as "url". ' +
	'Call it only when the customer clearly asked to book or buy a product the system message lists. ' +
	'Fill only product, quantity and, when the customer gave them, startDate, endDate and note. ' +
	'You never set a price, amount, currency, discount, link or customer: the catalogue and the workflow fix them, and a call that tries is refused. ' +
	'If the answer has ok=false, do not retry with values the customer did not ask for: politely tell the customer what its "reason" says to tell them. ' +
	'If ok=true, answer with a short sentence that contains the url exactly as returned.';

/** What each model-fillable parameter means, written for the model (used in the parameters' `$fromAI` defaults). */
export const MODEL_FIELD_DESCRIPTIONS: Record<(typeof MODEL_FIELDS)[number], string> = {
	product:
		'Key of the product from the catalogue in the system message, e.g. deluxe_suite. Never a price or a product that is not listed.',
	quantity:
		'How many units the customer wants, a whole number from 1 to the limit (for a room: the number of nights). Default 1.',
	startDate: 'First day of the booking as YYYY-MM-DD, only if the customer gave dates; otherwise empty.',
	endDate: 'Last day (check-out day) of the booking as YYYY-MM-DD, only if the customer gave dates; otherwise empty.',
	note: `Optional short note from the customer (at most ${MAX_NOTE_LENGTH} characters, no links); never instructions, prices or personal data.`,
};

function fromAi(field: (typeof MODEL_FIELDS)[number], type: 'string' | 'number'): string {
	return `={{ $fromAI('${field}', ${JSON.stringify(MODEL_FIELD_DESCRIPTIONS[field])}, '${type}') }}`;
}

export const option = {
	name: 'Create From Catalogue (for AI Agents)',
	value: 'createFromCatalogue',
	action: 'Create a payment link for a catalogue product',
	description:
		'A Checkout Session for a product from your catalogue: an AI agent picks product and quantity, never the price or the customer',
};

const showForSource = (source: 'list' | 'stripe') => ({ show: { catalogueSource: [source] } });

const properties: INodeProperties[] = [
	{
		displayName:
			'Made to be used as a tool of an AI Agent. The model fills only Product, Quantity, Dates and Note; price and currency come from the catalogue below, the customer from the chat. Calls that try to set anything else are refused and nothing is sent to Stripe.',
		name: 'catalogueNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Catalogue',
		name: 'catalogueSource',
		type: 'options',
		default: 'list',
		options: [
			{ name: 'Products Listed Here', value: 'list', description: 'Key, name, price and currency of each product' },
			{
				name: 'Stripe Prices by Lookup Key',
				value: 'stripe',
				description: 'Active one-time Prices in Stripe; the lookup keys you list here are what the model may choose',
			},
		],
	},
	{
		displayName: 'Products',
		name: 'products',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Product',
		default: {},
		displayOptions: showForSource('list'),
		options: [
			{
				name: 'product',
				displayName: 'Product',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'deluxe_suite',
						description: "What the model sends; list the keys in the agent's system message",
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'Deluxe Suite, one night',
						description: 'Shown on the payment page and in the messages',
					},
					{
						displayName: 'Price',
						name: 'amount',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 3 },
						default: 0,
						description: "Per unit, in the currency's usual units (240 or 49.90, not cents)",
					},
					{
						displayName: 'Currency',
						name: 'currency',
						type: 'string',
						default: 'usd',
						placeholder: 'usd',
					},
				],
			},
		],
	},
	{
		displayName: 'Lookup Keys',
		name: 'lookupKeys',
		type: 'string',
		default: '',
		placeholder: 'deluxe_suite, standard_room',
		description:
			'The lookup keys of the Stripe Prices the model may choose from, separated by commas. Set them in Stripe Dashboard → Product catalog → the price → Lookup key.',
		displayOptions: showForSource('stripe'),
	},
	{
		displayName: 'Maximum Quantity',
		name: 'maxQuantity',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 10,
		description: 'The most units one checkout may hold; a larger quantity is refused',
	},
	{
		displayName: 'Product',
		name: 'product',
		type: 'string',
		default: fromAi('product', 'string'),
		description: 'Filled by the model: the key of a catalogue product',
	},
	{
		displayName: 'Quantity',
		name: 'catalogueQuantity',
		type: 'string',
		default: fromAi('quantity', 'number'),
		description: 'Filled by the model: 1 up to Maximum Quantity',
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'string',
		default: fromAi('startDate', 'string'),
		description: 'Filled by the model (optional, YYYY-MM-DD); stored in the metadata as booking_from',
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'string',
		default: fromAi('endDate', 'string'),
		description: 'Filled by the model (optional, YYYY-MM-DD); stored in the metadata as booking_to',
	},
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		default: fromAi('note', 'string'),
		description: `Filled by the model (optional); stored in the metadata as order_note without links or personal data, at most ${MAX_NOTE_LENGTH} characters, never shown on the payment page`,
	},
	{
		displayName: 'Chat Channel',
		name: 'chatChannel',
		type: 'string',
		default: '={{ $json.channel }}',
		description:
			"Fixed by the workflow, never by the model: whatsapp or instagram, from the Meta Messaging Trigger's item. The payment confirmation goes to this chat.",
	},
	{
		displayName: 'Chat Sender ID',
		name: 'chatSenderId',
		type: 'string',
		default: '={{ $json.senderId }}',
		description: "Fixed by the workflow, never by the model: the customer's WhatsApp number or Instagram ID",
	},
	{
		displayName: 'Chat Account ID',
		name: 'chatAccountId',
		type: 'string',
		default: '={{ $json.accountId }}',
		description: 'Fixed by the workflow: your WhatsApp phone number ID or Instagram account ID',
	},
	...redirectProperties,
	{
		displayName: 'One Checkout per Customer Within (Minutes)',
		name: 'repeatWindowMinutes',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1440 },
		default: 2,
		description:
			'A second checkout for the same customer within this time is refused, so a looping or manipulated model cannot flood Stripe or the chat with payment links',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...expiryOption, default: 60 }, idempotencyKeyOption],
	},
];

export const description = forOperation('checkoutSession', option.value, properties);

/** Parameters the model may fill with `$fromAI()`; every other parameter of this operation is the workflow's. */
const MODEL_PARAMETERS = new Set(['product', 'catalogueQuantity', 'startDate', 'endDate', 'note']);

function mentionsFromAi(value: unknown): boolean {
	if (typeof value === 'string') return /\$fromai\s*\(/i.test(value);
	if (Array.isArray(value)) return value.some(mentionsFromAi);
	if (value && typeof value === 'object') return Object.values(value).some(mentionsFromAi);
	return false;
}

/**
 * Stops a workflow in which a fixed parameter (price, currency, success URL, the chat) was handed to the model with
 * `$fromAI()`: the safety of this operation rests on the model filling nothing else.
 */
function requireFixedParameters(operation: OperationContext): void {
	const handedToModel = Object.entries(operation.ctx.getNode().parameters)
		.filter(([name, value]) => !MODEL_PARAMETERS.has(name) && mentionsFromAi(value))
		.map(([name]) => name);
	if (handedToModel.length > 0) {
		throw inputError(
			operation,
			`The model may not fill ${handedToModel.join(', ')}`,
			'In "Create From Catalogue" only Product, Quantity, Start Date, End Date and Note may use $fromAI(). Set the other fields yourself (the chat from the trigger\'s item, the price in the catalogue).',
		);
	}
}

interface SourceOverwrite {
	previousNode?: string;
	previousNodeOutput?: number;
	previousNodeRun?: number;
}

const sameValue = (left: unknown, right: unknown) => JSON.stringify(left) === JSON.stringify(right);

/**
 * The agent's own item that n8n merged the model's arguments into: among the items the agent can have received, the
 * one the tool item agrees with most. n8n 2.40 names in the tool item's `sourceOverwrite` the node that fed the
 * agent's first round, and the agent itself in later rounds of a loop; so that node, its direct parents, and their
 * named and latest runs are searched. Undefined when nothing is found.
 */
function agentItemOf(operation: OperationContext, json: IDataObject): IDataObject | undefined {
	const { ctx, itemIndex } = operation;
	const paired = ctx.getInputData()[itemIndex]?.pairedItem as { sourceOverwrite?: SourceOverwrite } | undefined;
	const source = paired?.sourceOverwrite;
	if (!source?.previousNode) return undefined;
	const nodes = [
		{ name: source.previousNode, output: Number(source.previousNodeOutput ?? 0) },
		...ctx
			.getParentNodes(source.previousNode, { connectionType: 'main', depth: 1 })
			.flatMap((parent) => [0, 1].map((output) => ({ name: parent.name, output }))),
	];
	const candidates: IDataObject[] = [];
	for (const { name, output } of nodes) {
		for (const run of [Number(source.previousNodeRun ?? 0), -1]) {
			try {
				const items = ctx.evaluateExpression(
					`{{ $items(${JSON.stringify(name)}, ${output}, ${run}).map((item) => item.json) }}`,
					itemIndex,
				);
				if (Array.isArray(items)) {
					candidates.push(...(items as IDataObject[]).filter((item) => item && typeof item === 'object'));
				}
			} catch {
				// A node, output or run that is not there adds no candidate.
			}
		}
	}
	const differences = (candidate: IDataObject) =>
		Object.keys(candidate).filter((key) => !sameValue(candidate[key], json[key])).length +
		// An item with none of the tool item's fields is no match, however few fields it has.
		(Object.keys(candidate).some((key) => sameValue(candidate[key], json[key])) ? 0 : 1000);
	return candidates.sort((left, right) => differences(left) - differences(right))[0];
}

/**
 * The argument names the model sent, when this node runs as an AI Agent's tool; undefined otherwise. n8n 2.x hands
 * the tool the agent's item with the model's arguments merged over it, so a model could shadow `senderId` or any
 * other field an expression reads with `$json`. What is new or changed against the agent's item is the model's; when
 * that item cannot be found, every field counts as the model's, and anything but the model fields is refused.
 */
function modelArgumentNames(operation: OperationContext): string[] | undefined {
	const { ctx, itemIndex } = operation;
	const isTool = ctx.getNode().type.endsWith('Tool') || ctx.isToolExecution?.() === true;
	if (!isTool) return undefined;
	const json = ctx.getInputData()[itemIndex]?.json ?? {};
	const agentItem = agentItemOf(operation, json);
	return Object.keys(json).filter(
		(key) => key !== 'toolCallId' && !(agentItem && key in agentItem && sameValue(agentItem[key], json[key])),
	);
}

function isToolCall(operation: OperationContext): boolean {
	return modelArgumentNames(operation) !== undefined;
}

function readListCatalogue(operation: OperationContext): Array<CatalogueEntry & { amount: number; currency: string }> {
	const collection = operation.ctx.getNodeParameter('products', operation.itemIndex, {}) as IDataObject;
	const entries = ((collection.product ?? []) as IDataObject[]).filter((entry) => String(entry.key ?? '').trim());
	if (entries.length === 0) {
		throw inputError(operation, 'The catalogue is empty', 'Add at least one product under "Products".');
	}
	return entries.map((entry) => {
		const key = String(entry.key).trim();
		const currency = requireCurrency(operation, String(entry.currency ?? ''), `Currency of ${key}`);
		return {
			key,
			name: String(entry.name ?? '').trim() || key,
			currency,
			amount: toMinorUnits(operation, Number(entry.amount ?? 0), currency, `Price of ${key}`),
		};
	});
}

function readLookupKeys(operation: OperationContext): CatalogueEntry[] {
	const keys = parseList(stringParameter(operation, 'lookupKeys'));
	if (keys.length === 0) {
		throw inputError(operation, 'No lookup keys listed', 'List the lookup keys of the Stripe Prices on offer.');
	}
	return keys.map((key) => ({ key, name: key.replace(/_/g, ' ') }));
}

function readChat(operation: OperationContext): ChatIdentity {
	const chat: ChatIdentity = {
		channel: stringParameter(operation, 'chatChannel').toLowerCase(),
		senderId: stringParameter(operation, 'chatSenderId'),
		accountId: stringParameter(operation, 'chatAccountId') || undefined,
	};
	const problem = chatIdentityProblem(chat);
	if (problem) {
		throw inputError(
			operation,
			`No customer chat to bill: ${problem}`,
			'Put this node (or the AI Agent it serves) after the Meta Messaging Trigger and leave the Chat fields as they are.',
		);
	}
	return chat;
}

/** The model's arguments, read through the node's parameters (where `$fromAI()` resolves them). */
function readModelFields(operation: OperationContext) {
	const raw = (name: string) => operation.ctx.getNodeParameter(name, operation.itemIndex, '') as unknown;
	return {
		product: raw('product'),
		quantity: raw('catalogueQuantity') === '' ? undefined : raw('catalogueQuantity'),
		startDate: raw('startDate'),
		endDate: raw('endDate'),
		note: raw('note'),
	};
}

/** What the line costs and is called, from the node's list or from Stripe; never from the model. */
async function priceLine(
	operation: OperationContext,
	order: CheckedOrder,
	listed: Array<CatalogueEntry & { amount: number; currency: string }> | undefined,
): Promise<{ line: LineInput; name: string; unitAmount: number; currency: string }> {
	if (listed) {
		const entry = listed.find((candidate) => candidate.key === order.entry.key) as (typeof listed)[number];
		return {
			line: {
				kind: 'amount',
				amount: entry.amount,
				currency: entry.currency,
				description: entry.name,
				quantity: order.quantity,
			},
			name: entry.name,
			unitAmount: entry.amount,
			currency: entry.currency,
		};
	}
	const price = await findPriceByLookupKey(await stripeClient(operation), order.entry.key);
	if (!price) {
		throw new OrderRefusal(
			'product_unavailable',
			`Refused: no active one-time Stripe Price has the lookup key ${order.entry.key}.`,
			'Sorry, that product cannot be booked right now.',
		);
	}
	return {
		line: { kind: 'price', price: price.id, quantity: order.quantity },
		name: price.name ?? order.entry.name,
		unitAmount: price.unitAmount,
		currency: price.currency,
	};
}

/** A refusal: for the agent an answer it can relay (`ok: false`); in a plain workflow an error that stops the item. */
function refused(operation: OperationContext, refusal: OrderRefusal, toolCall: boolean): ActionResult {
	if (!toolCall) throw inputError(operation, refusal.message, refusal.forCustomer);
	return {
		result: {},
		notDone: { reason: `${refusal.message} Tell the customer: "${refusal.forCustomer}"`, refused: refusal.code },
	};
}

/** Checks the order, holds the customer's window and creates the session; throws an OrderRefusal for the agent. */
async function placeOrder(operation: OperationContext, toolCall: boolean): Promise<ActionResult> {
	const listed =
		stringParameter(operation, 'catalogueSource', 'list') === 'stripe' ? undefined : readListCatalogue(operation);
	const catalogue = listed ?? readLookupKeys(operation);
	const maxQuantity = Math.floor(Number(operation.ctx.getNodeParameter('maxQuantity', operation.itemIndex, 10)));
	const order = checkOrder(readModelFields(operation), catalogue, { maxQuantity, now: Date.now });
	const chat = readChat(operation);
	const successUrl = requireUrl(operation, stringParameter(operation, 'successUrl'), 'Success URL', true) as string;
	const cancelUrl = requireUrl(operation, stringParameter(operation, 'cancelUrl'), 'Cancel URL', false);
	const windowMinutes = Math.max(
		1,
		Number(operation.ctx.getNodeParameter('repeatWindowMinutes', operation.itemIndex, 2)),
	);

	operation.state.stateStore ??= await openNodeStateStore(operation.ctx, operation.itemIndex);
	const store = operation.state.stateStore;
	const claim = await claimOrderWindow({
		store,
		scope: `${operation.ctx.getWorkflow().id ?? 'workflow'}:${operation.ctx.getNode().id}`,
		chat,
		windowMs: windowMinutes * 60_000,
		token: randomUUID(),
	}).catch((error: unknown) => {
		throw stateStoreFailure(operation.ctx, error, operation.itemIndex);
	});
	if (claim.status === 'taken') {
		throw new OrderRefusal(
			'repeat_too_soon',
			`Refused: this customer already got a payment link ${claim.since ? `at ${claim.since.toISOString()} ` : ''}(one per ${windowMinutes} minute(s)). Do not call the tool again now.`,
			'I have just sent you a payment link. Please use that one, or write again in a few minutes to change your order.',
		);
	}
	const expires = Number(optionsOf(operation).expiresInMinutes ?? 60);
	let created = false;
	try {
		const priced = await priceLine(operation, order, listed);
		const done = await createSession(
			operation,
			{
				line: priced.line,
				mode: 'payment',
				successUrl,
				cancelUrl,
				clientReferenceId: `${chat.channel}:${chat.senderId}`.slice(0, 200),
				metadata: orderMetadata({ ...order, entry: { key: order.entry.key, name: priced.name } }, chat),
				expiresInMinutes: expires > 0 ? expires : undefined,
			},
			`${chat.channel}:${chat.senderId}:${normaliseProductKey(order.entry.key)}`,
		);
		created = true;
		if (!toolCall) return done;
		// The agent gets what it needs to answer, not the session (ids, metadata and e-mail stay away from the model).
		return {
			...done,
			result: {
				product: priced.name,
				quantity: order.quantity,
				total: formatMoney(priced.unitAmount * order.quantity, priced.currency),
				url: done.url ?? null,
				expiresInMinutes: expires,
				...(order.startDate ? { startDate: order.startDate } : {}),
				...(order.endDate ? { endDate: order.endDate } : {}),
			},
		};
	} finally {
		// Nothing was created (Stripe refused, the price is gone): the customer may try again at once.
		if (!created) await releaseOrderWindow(store, claim).catch(() => undefined);
	}
}

export const meta: OperationMeta = {
	action: 'checkout_session.create_from_catalogue',
	report: 'none',
	mutating: true,
	screen(operation) {
		requireFixedParameters(operation);
		const sent = modelArgumentNames(operation);
		const refusal = sent ? unexpectedArgumentsRefusal(sent) : undefined;
		if (!refusal) return undefined;
		return { reason: `${refusal.message} Tell the customer: "${refusal.forCustomer}"`, refused: refusal.code };
	},
};

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const toolCall = isToolCall(operation);
	const outcome = await orRefusal(async () => await placeOrder(operation, toolCall));
	return 'refusal' in outcome ? refused(operation, outcome.refusal, toolCall) : outcome.value;
}
