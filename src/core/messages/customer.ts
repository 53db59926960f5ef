import { idOf } from '../normalize';
import { isRecord } from '../records';
import type { MessageBuilder, MessageContext } from './context';
import { field, humanize } from './context';

/** Longest free text one field shows; renderers shorten further to their platform's limits. */
const MAX_TEXT_LENGTH = 120;
/** A changed value is shown twice (old → new), so each side gets half the room. */
const MAX_CHANGE_SIDE_LENGTH = 60;
/** Field slots a customer.updated message spends on changes (the customer itself takes one, "Also changed" one). */
const MAX_CHANGE_FIELDS = 8;
const MAX_METADATA_KEYS = 3;

/** Shortens display text that is already redacted (never before: a half-cut secret would slip past the patterns). */
export function clip(text: string, max?: number): string;
export function clip(text: string | undefined, max?: number): string | undefined;
export function clip(text: string | undefined, max = MAX_TEXT_LENGTH): string | undefined {
	if (text === undefined) return undefined;
	return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * `Jane Doe (j***@example.com)`: who a customer is, after redaction. `paths` name where the values came
 * from, so the redaction list says `customer_email` for an invoice and `email` for a customer object.
 */
export function customerDisplay(
	context: MessageContext,
	values: { name: unknown; email: unknown },
	paths: { name: string; email: string },
): string | undefined {
	const name = clip(context.redactor.name(values.name, paths.name), MAX_CHANGE_SIDE_LENGTH);
	const email = context.redactor.email(values.email, paths.email);
	if (name && email) return `${name} (${email})`;
	return name ?? email;
}

/** The customer of an object whose `customer` is an id or an expanded customer. */
export function expandedCustomerDisplay(context: MessageContext, customer: unknown): string | undefined {
	if (!isRecord(customer)) return undefined;
	return customerDisplay(
		context,
		{ name: customer.name, email: customer.email },
		{ name: 'customer.name', email: 'customer.email' },
	);
}

/** Field names of a customer as people in support and finance call them. */
const CUSTOMER_FIELD_LABELS: Readonly<Record<string, string>> = {
	name: 'Name',
	email: 'E-mail',
	phone: 'Phone',
	address: 'Address',
	shipping: 'Shipping address',
	description: 'Description',
	metadata: 'Metadata',
	balance: 'Balance',
	account_balance: 'Balance',
	currency: 'Currency',
	default_source: 'Default payment source',
	invoice_settings: 'Default payment method',
	delinquent: 'Delinquent',
	discount: 'Discount',
	tax_exempt: 'Tax status',
	preferred_locales: 'Preferred languages',
	invoice_prefix: 'Invoice prefix',
	next_invoice_sequence: 'Next invoice number',
	tax_ids: 'Tax IDs',
	sources: 'Payment sources',
	test_clock: 'Test clock',
};

function labelOf(key: string): string {
	return CUSTOMER_FIELD_LABELS[key] ?? humanize(key) ?? key;
}

const NONE = 'none';

/** `old → new`, or `new (changed)` when redaction makes both sides look the same. */
function change(before: string | undefined, after: string | undefined): string {
	const shownBefore = clip(before, MAX_CHANGE_SIDE_LENGTH) ?? NONE;
	const shownAfter = clip(after, MAX_CHANGE_SIDE_LENGTH) ?? NONE;
	return shownBefore === shownAfter ? `${shownAfter} (changed)` : `${shownBefore} → ${shownAfter}`;
}

function plainValue(value: unknown): string | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : undefined;
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	if (typeof value === 'object') return idOf(value);
	return String(value);
}

/** `previous_attributes` of a nested hash may hold only the sub-fields that changed: fill in the rest. */
function mergedBefore(before: unknown, after: unknown): unknown {
	if (isRecord(before) && isRecord(after)) return { ...after, ...before };
	return before;
}

type ChangeDescriber = (context: MessageContext, before: unknown, after: unknown) => string | undefined;

function metadataChange(context: MessageContext, before: unknown, after: unknown): string | undefined {
	const old = isRecord(before) ? before : {};
	const current = isRecord(after) ? after : {};
	const keys = Object.keys(old).filter((key) => old[key] !== current[key]);
	if (keys.length === 0) return 'changed';
	const shown = keys.slice(0, MAX_METADATA_KEYS).map((key) => {
		// The key is typed by people too: it is redacted before it names a field in the redaction list.
		const safeKey = context.redactor.text(key, 'metadata') ?? key;
		const path = `metadata.${safeKey}`;
		const sides = change(context.redactor.text(old[key], path), context.redactor.text(current[key], path));
		return `${safeKey}: ${sides}`;
	});
	const more = keys.length - shown.length;
	return more > 0 ? `${shown.join('; ')}; +${more} more` : shown.join('; ');
}

function balanceChange(context: MessageContext, before: unknown, after: unknown): string | undefined {
	const currency = context.object.currency;
	return change(
		context.money(before, currency) ?? plainValue(before),
		context.money(after, currency) ?? plainValue(after),
	);
}

function shippingAddress(context: MessageContext, shipping: unknown, path: string): string | undefined {
	return isRecord(shipping) ? context.redactor.address(shipping.address, path) : undefined;
}

const CHANGE_DESCRIBERS: Readonly<Record<string, ChangeDescriber>> = {
	name: (context, before, after) =>
		change(context.redactor.name(before, 'previous_attributes.name'), context.redactor.name(after, 'name')),
	email: (context, before, after) =>
		change(context.redactor.email(before, 'previous_attributes.email'), context.redactor.email(after, 'email')),
	phone: (context, before, after) =>
		change(context.redactor.phone(before, 'previous_attributes.phone'), context.redactor.phone(after, 'phone')),
	address: (context, before, after) =>
		change(
			context.redactor.address(mergedBefore(before, after), 'previous_attributes.address'),
			context.redactor.address(after, 'address'),
		),
	shipping: (context, before, after) =>
		change(
			shippingAddress(context, mergedBefore(before, after), 'previous_attributes.shipping.address'),
			shippingAddress(context, after, 'shipping.address'),
		),
	description: (context, before, after) =>
		change(
			context.redactor.text(before, 'previous_attributes.description'),
			context.redactor.text(after, 'description'),
		),
	metadata: metadataChange,
	balance: balanceChange,
	account_balance: balanceChange,
	invoice_settings: (_context, before, after) => {
		if (!isRecord(before) || !('default_payment_method' in before)) return 'changed';
		return change(
			idOf(before.default_payment_method),
			isRecord(after) ? idOf(after.default_payment_method) : undefined,
		);
	},
	default_source: (_context, before, after) => change(idOf(before), idOf(after)),
	currency: (_context, before, after) => change(plainValue(before)?.toUpperCase(), plainValue(after)?.toUpperCase()),
	delinquent: (_context, before, after) => change(plainValue(before), plainValue(after)),
	tax_exempt: (_context, before, after) => change(humanize(before), humanize(after)),
	preferred_locales: (_context, before, after) => change(plainValue(before), plainValue(after)),
	invoice_prefix: (_context, before, after) => change(plainValue(before), plainValue(after)),
	next_invoice_sequence: (_context, before, after) => change(plainValue(before), plainValue(after)),
};

/** Bookkeeping fields Stripe touches on its own; listing them would only add noise. */
const IGNORED_CHANGES: ReadonlySet<string> = new Set(['updated', 'livemode', 'object', 'id']);

/**
 * `customer.updated`: who, and what changed (from `previous_attributes`). Old → new values are shown only in a
 * safe form: e-mails and phones masked on both sides, addresses summarised, free text and metadata scrubbed,
 * names dropped under `strict`.
 * @see https://docs.stripe.com/api/events/object#event_object-data-previous_attributes
 */
const customerUpdated: MessageBuilder = (context) => {
	const { event, object: customer, redactor } = context;
	const previous = context.previous ?? {};
	const changedKeys = Object.keys(previous).filter((key) => !IGNORED_CHANGES.has(key));
	const described = changedKeys.filter((key) => CHANGE_DESCRIBERS[key]);
	const shown = described.slice(0, MAX_CHANGE_FIELDS);
	const others = changedKeys.filter((key) => !shown.includes(key));
	const who = customerDisplay(
		context,
		{ name: customer.name, email: customer.email },
		{ name: 'name', email: 'email' },
	);
	const titleName =
		redactor.policy === 'strict'
			? event.objectId
			: (redactor.name(customer.name, 'name') ?? redactor.email(customer.email, 'email') ?? event.objectId);
	const changedLabels = [...new Set(changedKeys.map(labelOf))];
	return {
		category: 'customerUpdated',
		severity: 'info',
		title: clip(`Customer updated: ${titleName ?? 'unknown customer'}`, 80),
		summary: clip(
			changedLabels.length ? `Changed: ${changedLabels.join(', ').toLowerCase()}` : 'Customer details changed',
			200,
		),
		fields: [
			field('Customer', who ?? event.objectId),
			...shown.map((key) =>
				field(labelOf(key), clip(CHANGE_DESCRIBERS[key](context, previous[key], customer[key]) ?? 'changed')),
			),
			field('Also changed', clip(others.map(labelOf).join(', '))),
		],
		links: [context.link('Open customer', 'customer', event.objectId)],
		threadKey: `customer:${event.objectId ?? event.id}`,
	};
};

export const CUSTOMER_BUILDERS: Readonly<Record<string, MessageBuilder>> = {
	'customer.updated': customerUpdated,
};
