import { Redactor } from './redact';

/**
 * What an AI agent may ask of the "Create Checkout from Catalogue" tool, and how each field is checked before anything
 * reaches Stripe. The model picks a product the admin offers, a quantity within limits, optional dates and a short
 * note; it never names a price, a currency, a redirect or the customer. Everything it sends is checked here, in plain
 * functions, so the rules can be read and tested without n8n.
 */

/** The only arguments a model may send to the tool. Anything else in a tool call is refused. */
export const MODEL_FIELDS = ['product', 'quantity', 'startDate', 'endDate', 'note'] as const;
export type ModelField = (typeof MODEL_FIELDS)[number];

export const MAX_NOTE_LENGTH = 200;
/** How far ahead a booking date may lie; a model that invents "2099-01-01" is stopped. */
export const MAX_DAYS_AHEAD = 2 * 366;

/** Why a tool call was refused: a code for logs and tests, a message for the agent, a sentence for the customer. */
export type RefusalCode =
	| 'unexpected_argument'
	| 'unknown_product'
	| 'quantity_out_of_range'
	| 'bad_date'
	| 'repeat_too_soon'
	| 'product_unavailable';

export class OrderRefusal extends Error {
	constructor(
		readonly code: RefusalCode,
		message: string,
		/** What the agent should tell the customer, in plain words and without internals. */
		readonly forCustomer: string,
	) {
		super(message);
		this.name = 'OrderRefusal';
	}
}

/** One product the admin sells through the tool; the price is the admin's, never the model's. */
export interface CatalogueEntry {
	/** What the model sends (`deluxe_suite`), compared after normalising. */
	key: string;
	/** Shown on the Checkout page and in messages. */
	name: string;
}

export interface OrderLimits {
	maxQuantity: number;
	/** For date checks: "today" is taken from this clock (UTC). */
	now: () => number;
}

/** A checked order: every field is safe to send to Stripe as it is. */
export interface CheckedOrder {
	entry: CatalogueEntry;
	quantity: number;
	startDate?: string;
	endDate?: string;
	note?: string;
}

/** `Deluxe Suite`, `deluxe-suite` and ` DELUXE_SUITE ` all name the same product. */
export function normaliseProductKey(text: string): string {
	return text
		.normalize('NFKC')
		.trim()
		.toLowerCase()
		.replace(/[\s\-.]+/g, '_')
		.replace(/[^\p{L}\p{N}_]/gu, '');
}

/**
 * Arguments the model sent that the tool does not take (a `price`, a `senderId`, an `amount`...). A model that sends
 * them is trying to set something the workflow fixes, so the call is refused as a whole rather than trimmed.
 */
export function unexpectedArguments(argumentNames: Iterable<string>): string[] {
	const allowed = new Set<string>(MODEL_FIELDS);
	return [...argumentNames].filter((name) => !allowed.has(name)).sort();
}

/** The refusal for a call with arguments the tool does not take, or undefined when every argument is allowed. */
export function unexpectedArgumentsRefusal(argumentNames: Iterable<string>): OrderRefusal | undefined {
	const extra = unexpectedArguments(argumentNames);
	if (extra.length === 0) return undefined;
	return new OrderRefusal(
		'unexpected_argument',
		`Refused: this tool takes only ${MODEL_FIELDS.join(', ')}; the call also set ${extra.join(', ')}. Prices, currency, links and the customer are fixed by the workflow and cannot be chosen. Call the tool again with only the allowed fields.`,
		'I can only book the products and quantities we offer at their listed prices.',
	);
}

/** Runs `run`, handing back an OrderRefusal it throws as a value; any other error passes. */
export async function orRefusal<T>(run: () => Promise<T>): Promise<{ value: T } | { refusal: OrderRefusal }> {
	try {
		return { value: await run() };
	} catch (error: unknown) {
		if (error instanceof OrderRefusal) return { refusal: error };
		throw error;
	}
}

function findEntry(catalogue: CatalogueEntry[], product: unknown): CatalogueEntry {
	const wanted = typeof product === 'string' ? normaliseProductKey(product) : '';
	const entry = wanted
		? catalogue.find((candidate) =>
				[candidate.key, candidate.name].some((name) => normaliseProductKey(name) === wanted),
			)
		: undefined;
	if (!entry) {
		const offered = catalogue.map((candidate) => `${candidate.key} (${candidate.name})`).join(', ');
		throw new OrderRefusal(
			'unknown_product',
			`Refused: "${String(product ?? '').slice(0, 60)}" is not in the catalogue. Products offered: ${offered}.`,
			`We can only take orders for: ${catalogue.map((candidate) => candidate.name).join(', ')}.`,
		);
	}
	return entry;
}

function readQuantity(value: unknown, maxQuantity: number): number {
	const quantity =
		typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
	if (!Number.isInteger(quantity) || quantity < 1 || quantity > maxQuantity) {
		throw new OrderRefusal(
			'quantity_out_of_range',
			`Refused: quantity must be a whole number from 1 to ${maxQuantity}; got ${JSON.stringify(value ?? null)}.`,
			`The quantity must be between 1 and ${maxQuantity}.`,
		);
	}
	return quantity;
}

const DAY_MS = 86_400_000;

function readDate(value: unknown, field: 'startDate' | 'endDate', now: number): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = typeof value === 'string' ? value.trim() : '';
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
	if (!match || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== text) {
		throw new OrderRefusal(
			'bad_date',
			`Refused: ${field} must be a calendar date written YYYY-MM-DD; got ${JSON.stringify(value).slice(0, 40)}.`,
			'Could you tell me the dates again, with day, month and year?',
		);
	}
	const today = Math.floor(now / DAY_MS) * DAY_MS;
	// One day of slack: the customer's "today" may still be yesterday in UTC.
	if (time < today - DAY_MS || time > today + MAX_DAYS_AHEAD * DAY_MS) {
		throw new OrderRefusal(
			'bad_date',
			`Refused: ${field} ${text} is in the past or more than ${MAX_DAYS_AHEAD} days ahead.`,
			'Those dates are not available for booking. Could you check them?',
		);
	}
	return text;
}

const LINK = /\b(?:https?:\/\/|www\.)\S+/giu;

/**
 * The customer's note as it may be stored in the session's metadata: no links, no secrets, card numbers or e-mail
 * addresses (the standard redaction), no control or reordering characters, one line, at most MAX_NOTE_LENGTH
 * characters. It is never shown on the Checkout page, so text planted in it cannot pose as the merchant there.
 */
export function sanitiseNote(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const scrubbed = new Redactor('standard').text(value.replace(LINK, '[link removed]'), 'order_note') ?? '';
	const oneLine = scrubbed.replace(/\s+/gu, ' ').trim();
	if (!oneLine) return undefined;
	return oneLine.length > MAX_NOTE_LENGTH ? `${oneLine.slice(0, MAX_NOTE_LENGTH - 1)}…` : oneLine;
}

/** Checks every field the model may fill; throws an OrderRefusal naming the first problem. */
export function checkOrder(
	args: Partial<Record<ModelField, unknown>>,
	catalogue: CatalogueEntry[],
	limits: OrderLimits,
): CheckedOrder {
	const entry = findEntry(catalogue, args.product);
	const quantity = readQuantity(args.quantity ?? 1, limits.maxQuantity);
	const now = limits.now();
	const startDate = readDate(args.startDate, 'startDate', now);
	const endDate = readDate(args.endDate, 'endDate', now);
	if (startDate && endDate && endDate < startDate) {
		throw new OrderRefusal(
			'bad_date',
			`Refused: endDate ${endDate} is before startDate ${startDate}.`,
			'The end date is before the start date. Could you check the dates?',
		);
	}
	return { entry, quantity, startDate, endDate, note: sanitiseNote(args.note) };
}

/** The chat a Checkout Session answers to; always from the workflow (the trigger's item), never from the model. */
export interface ChatIdentity {
	channel: string;
	senderId: string;
	accountId?: string;
}

const CHAT_CHANNELS = new Set(['whatsapp', 'instagram', 'messenger']);
const CHAT_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** Whether the identity is one a Meta Messaging Trigger could have produced; says what is wrong otherwise. */
export function chatIdentityProblem(identity: ChatIdentity): string | undefined {
	if (!CHAT_CHANNELS.has(identity.channel)) return `chat channel "${identity.channel}" is not whatsapp or instagram`;
	if (!CHAT_ID.test(identity.senderId)) return 'the sender ID is empty or not an ID';
	if (identity.accountId !== undefined && identity.accountId !== '' && !CHAT_ID.test(identity.accountId)) {
		return 'the account ID is not an ID';
	}
	return undefined;
}

/**
 * The session's metadata: the chat (for the confirmation flow, which answers whoever `chat_sender_id` names), what was
 * ordered, and where the order came from. Keys and values stay within Stripe's limits (40 / 500 characters).
 */
export function orderMetadata(order: CheckedOrder, chat: ChatIdentity): Record<string, string> {
	const metadata: Record<string, string> = {
		chat_channel: chat.channel,
		chat_sender_id: chat.senderId,
		product: order.entry.name.slice(0, 500),
		product_key: order.entry.key.slice(0, 500),
		quantity: String(order.quantity),
		order_source: 'ai_agent',
	};
	if (chat.accountId) metadata.chat_account_id = chat.accountId;
	if (order.startDate) metadata.booking_from = order.startDate;
	if (order.endDate) metadata.booking_to = order.endDate;
	if (order.note) metadata.order_note = order.note;
	return metadata;
}
