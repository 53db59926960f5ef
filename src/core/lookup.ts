import { dateTimeFormat } from './dateText';
import { dashboardUrl } from './links';
import { formatMoney } from './money';
import { Redactor } from './redact';
import { ActionValueError, signActionValue } from './signedValue';
import type { ActionKind } from './actions';
import type {
	ActionRef,
	ChatMessage,
	MessageAction,
	MessageField,
	MessageTime,
	RedactionPolicy,
	Severity,
} from './types';

/**
 * `/stripe <e-mail or id>`: what was typed, and the private answer as a neutral ChatMessage that the platform's
 * renderer turns into its markup (README, "/stripe"). Everything typed is hostile: it is parsed against strict
 * shapes, and only the parsed e-mail or id is ever shown back; anything else is scrubbed by the redactor and
 * escaped by the renderer like customer text.
 */

export type LookupObjectType = 'customer' | 'invoice' | 'payment_intent' | 'charge' | 'dispute';

export type LookupQuery =
	| { kind: 'email'; email: string }
	| { kind: 'object'; objectType: LookupObjectType; id: string }
	| { kind: 'invalid'; reason: 'empty' | 'shape' };

/** Id prefixes `/stripe` accepts, and the object each names. */
const ID_PREFIXES: Readonly<Record<string, LookupObjectType>> = {
	cus: 'customer',
	in: 'invoice',
	pi: 'payment_intent',
	ch: 'charge',
	py: 'charge',
	du: 'dispute',
	dp: 'dispute',
};

/** A Stripe id: a known prefix, then letters and digits only (no path, query or markup can ride along). */
const ID_PATTERN = /^(cus|in|pi|ch|py|du|dp)_[A-Za-z0-9]{1,250}$/;

/**
 * An e-mail address of the plain kind Stripe customers have; no character that Slack's mrkdwn or a URL gives a
 * meaning to (`<`, `>`, `|`, `&`, `*`, `` ` ``, `~`, `:`).
 */
const EMAIL_PATTERN = /^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+$/;

const MAX_EMAIL_LENGTH = 254;

/** What Slack makes of a typed address when the command escapes its text: `<mailto:a@b.c|a@b.c>`. */
const SLACK_MAILTO = /^<mailto:([^|<>]+)\|([^<>]+)>$/;

/** Reads the text typed after `/stripe`. */
export function parseLookupQuery(text: unknown): LookupQuery {
	let typed = typeof text === 'string' ? text.trim() : '';
	if (typed === '') return { kind: 'invalid', reason: 'empty' };
	const mailto = SLACK_MAILTO.exec(typed);
	if (mailto && mailto[1] === mailto[2]) typed = mailto[1];
	if (ID_PATTERN.test(typed)) {
		const prefix = typed.slice(0, typed.indexOf('_'));
		return { kind: 'object', objectType: ID_PREFIXES[prefix], id: typed };
	}
	if (typed.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(typed)) return { kind: 'email', email: typed };
	return { kind: 'invalid', reason: 'shape' };
}

/** What the look-up found about one customer, read from Stripe (src/stripe/lookup.ts). */
export interface CustomerSnapshot {
	customerId: string;
	livemode: boolean;
	deleted?: boolean;
	name?: string | null;
	email?: string | null;
	delinquent?: boolean | null;
	created?: number;
	openInvoices: Array<{
		id: string;
		number: string | null;
		amountDue: number;
		currency: string;
		dueDate: number | null;
		/** A payment was attempted and failed (an open invoice is only ever attempted without success). */
		failed: boolean;
		nextAttempt?: number | null;
	}>;
	recentPayments: Array<{ id: string; amount: number; currency: string; status: string; created: number }>;
	subscriptions: Array<{ id: string; status: string; cancelAtPeriodEnd: boolean }>;
	openDisputes: Array<{
		id: string;
		amount: number;
		currency: string;
		reason: string;
		status: string;
		dueBy: number | null;
		hasEvidence: boolean;
	}>;
	defaultCard?: { brand: string; last4: string };
}

/** A customer offered in the list when an e-mail matches several. */
export interface CustomerChoice {
	id: string;
	name?: string | null;
	email?: string | null;
	created?: number;
	livemode: boolean;
}

export interface LookupMessageOptions {
	redaction?: RedactionPolicy;
	/** Signs the buttons; without it the answer has none. */
	actionSecret?: string;
	/** The channel the command was typed in: the buttons are signed for it, so they work there only. */
	channelId?: string;
	account?: string;
	timeZone?: string;
	locale?: string;
	now?: () => number;
}

const TITLE = 'Stripe look-up';
const EVENT_TYPE = '/stripe';
/** Buttons per answer: one row that a person can still read. */
const MAX_BUTTONS = 6;
const MAX_LIST = 5;

interface Draft {
	severity: Severity;
	title: string;
	summary: string;
	fields?: MessageField[];
	links?: Array<{ label: string; url: string }>;
	actions?: Array<{
		id: ActionKind;
		label: string;
		objectId: string;
		objectType: string;
		style?: 'primary' | 'danger';
		confirm?: MessageAction['confirm'];
	}>;
	customerId?: string;
	livemode: boolean;
	times?: MessageTime[];
}

/** A message of the common shape; every string goes through the redactor once more, like buildMessage does. */
function finish(draft: Draft, redactor: Redactor, options: LookupMessageOptions): ChatMessage {
	const now = options.now ?? Date.now;
	const scrub = (text: string, field: string) => redactor.text(text, field) ?? '';
	const actions: MessageAction[] = [];
	for (const action of (draft.actions ?? []).slice(0, MAX_BUTTONS)) {
		if (!options.actionSecret) break;
		const ref: ActionRef = {
			action: action.id,
			objectId: action.objectId,
			objectType: action.objectType,
			...(draft.customerId ? { customerId: draft.customerId } : {}),
			...(options.account ? { account: options.account } : {}),
			livemode: draft.livemode,
			...(options.channelId ? { channelId: options.channelId } : {}),
		};
		try {
			actions.push({
				id: action.id,
				label: scrub(action.label, 'action.label'),
				...(action.style ? { style: action.style } : {}),
				...(action.confirm ? { confirm: action.confirm } : {}),
				ref,
				value: signActionValue(ref, options.actionSecret, now),
			});
		} catch (error: unknown) {
			if (!(error instanceof ActionValueError)) throw error;
		}
	}
	const subject = draft.customerId ?? 'look-up';
	return {
		kind: 'lookup',
		category: 'other',
		eventType: EVENT_TYPE,
		severity: draft.severity,
		title: scrub(draft.title, 'title'),
		summary: scrub(draft.summary, 'summary'),
		fields: (draft.fields ?? []).map((field) => {
			const label = scrub(field.label, 'label');
			return { label, value: scrub(field.value, label) };
		}),
		links: draft.links ?? [],
		actions,
		threadKey: `lookup:${subject}`,
		eventId: subject,
		...(draft.customerId ? { objectId: draft.customerId, objectType: 'customer' } : {}),
		occurredAt: new Date(now()).toISOString(),
		livemode: draft.livemode,
		...(options.account ? { account: options.account } : {}),
		redactionPolicy: redactor.policy,
		redactions: redactor.redactions,
		...(draft.times && draft.times.length > 0 ? { times: draft.times } : {}),
	};
}

/**
 * The typed text as it may be shown back: a parsed e-mail or id, anything else scrubbed (a card number or a secret
 * typed by mistake does not come back) and cut short. The message's scrub then masks an e-mail like any other, so
 * the answer reads "j***@example.com" as the audit record does.
 */
export function shownQuery(text: unknown, query: LookupQuery, redactor: Redactor): string {
	if (query.kind === 'email') return query.email;
	if (query.kind === 'object') return query.id;
	const typed = typeof text === 'string' ? text.trim() : '';
	const scrubbed = redactor.text(typed.length > 80 ? `${typed.slice(0, 80)}…` : typed, 'query') ?? '';
	return scrubbed.replace(/\s+/g, ' ');
}

/** The answer to text that is neither an e-mail nor an id `/stripe` knows. */
export function lookupUsageMessage(text: unknown, options: LookupMessageOptions = {}): ChatMessage {
	const redactor = new Redactor(options.redaction ?? 'standard');
	const query = parseLookupQuery(text);
	const shown = shownQuery(text, query, redactor);
	const summary =
		query.kind === 'invalid' && query.reason === 'empty'
			? 'Type /stripe followed by a customer e-mail or a Stripe ID (cus_, in_, pi_, ch_ or du_).'
			: `No customer or object matches “${shown}”: /stripe takes a customer e-mail or a Stripe ID that starts with cus_, in_, pi_, ch_ or du_.`;
	return finish({ severity: 'info', title: TITLE, summary, livemode: true }, redactor, options);
}

/** The answer when nothing matches a well-formed e-mail or id. */
export function lookupMissMessage(query: LookupQuery, options: LookupMessageOptions = {}): ChatMessage {
	const redactor = new Redactor(options.redaction ?? 'standard');
	const shown = shownQuery('', query, redactor);
	return finish(
		{ severity: 'info', title: TITLE, summary: `No customer or object matches “${shown}”.`, livemode: true },
		redactor,
		options,
	);
}

function dateFormatter(options: LookupMessageOptions): Intl.DateTimeFormat {
	return dateTimeFormat(options);
}

/** Several customers share the e-mail: a short list, each with a button that looks it up. */
export function lookupChoicesMessage(
	email: string,
	choices: CustomerChoice[],
	options: LookupMessageOptions = {},
): ChatMessage {
	const redactor = new Redactor(options.redaction ?? 'standard');
	const format = dateFormatter(options);
	const shown = choices.slice(0, MAX_LIST);
	const fields = shown.map((choice) => {
		const name = redactor.name(choice.name, 'customer_name');
		const parts = [redactor.email(choice.email, 'customer_email'), choice.id];
		if (choice.created) parts.push(`since ${format.format(new Date(choice.created * 1000))}`);
		return { label: name ?? choice.id, value: parts.filter(Boolean).join(' · ') };
	});
	const more = choices.length > shown.length ? ` The first ${shown.length} are listed.` : '';
	return finish(
		{
			severity: 'info',
			title: TITLE,
			summary: `${choices.length} customers have the e-mail address “${email}”. Pick one to see it.${more}`,
			fields,
			actions: shown.map((choice) => ({
				id: 'customer.summary' as const,
				// Ids only in buttons and headers (plain text, not escaped): names go in the escaped fields.
				label: `Look up ${choice.id}`,
				objectId: choice.id,
				objectType: 'customer',
			})),
			livemode: shown.every((choice) => choice.livemode),
		},
		redactor,
		options,
	);
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** One customer: status, invoices, payments, subscriptions, disputes and deadlines, with the buttons of an alert. */
export function lookupAnswerMessage(snapshot: CustomerSnapshot, options: LookupMessageOptions = {}): ChatMessage {
	const redactor = new Redactor(options.redaction ?? 'standard');
	const format = dateFormatter(options);
	const times: MessageTime[] = [];
	const date = (unixSeconds: number | null | undefined) => {
		if (!unixSeconds || !Number.isFinite(unixSeconds)) return undefined;
		const text = format.format(new Date(unixSeconds * 1000));
		if (!times.some((time) => time.text === text)) times.push({ text, at: Math.floor(unixSeconds) });
		return text;
	};
	const money = (minor: number, currency: string) => formatMoney(minor, currency, { locale: options.locale });
	const failed = snapshot.openInvoices.filter((invoice) => invoice.failed);
	const name = redactor.name(snapshot.name, 'customer_name');
	const email = redactor.email(snapshot.email, 'customer_email');

	const status = snapshot.deleted
		? 'deleted'
		: snapshot.openDisputes.length > 0
			? `${plural(snapshot.openDisputes.length, 'open dispute')}`
			: snapshot.delinquent || failed.length > 0
				? 'payment overdue'
				: 'in good standing';
	const severity: Severity =
		snapshot.openDisputes.length > 0 ? 'critical' : status === 'payment overdue' ? 'warning' : 'info';

	const invoiceLine = (invoice: CustomerSnapshot['openInvoices'][number]) => {
		const due = date(invoice.dueDate);
		const retry = invoice.failed && invoice.nextAttempt ? `, next retry ${date(invoice.nextAttempt)}` : '';
		return `${invoice.number ?? invoice.id} ${money(invoice.amountDue, invoice.currency)}${invoice.failed ? ' failed' : ''}${due ? `, due ${due}` : ''}${retry}`;
	};
	const open = snapshot.openInvoices.filter((invoice) => !invoice.failed);
	const fields: MessageField[] = [
		{ label: 'Status', value: status },
		{ label: 'Customer', value: [name, email, snapshot.customerId].filter(Boolean).join(' · ') },
		{ label: 'Failed invoices', value: failed.length > 0 ? failed.map(invoiceLine).join('\n') : 'none' },
		{ label: 'Open invoices', value: open.length > 0 ? open.map(invoiceLine).join('\n') : 'none' },
		{
			label: 'Last payments',
			value:
				snapshot.recentPayments.length > 0
					? snapshot.recentPayments
							.map(
								(payment) => `${money(payment.amount, payment.currency)} ${payment.status} (${date(payment.created)})`,
							)
							.join('\n')
					: 'none',
		},
		{
			label: 'Active subscriptions',
			value: (() => {
				const active = snapshot.subscriptions.filter((sub) => !['canceled', 'incomplete_expired'].includes(sub.status));
				return active.length > 0
					? active
							.map((sub) => `${sub.id} ${sub.status}${sub.cancelAtPeriodEnd ? ' (cancels at period end)' : ''}`)
							.join('\n')
					: 'none';
			})(),
		},
		{
			label: 'Open disputes',
			value:
				snapshot.openDisputes.length > 0
					? snapshot.openDisputes
							.map((dispute) => {
								const due = date(dispute.dueBy);
								const evidence = dispute.hasEvidence ? 'evidence added' : 'no evidence yet';
								return `${dispute.id} ${money(dispute.amount, dispute.currency)} ${dispute.reason}${due ? `, respond by ${due}` : ''} (${evidence})`;
							})
							.join('\n')
					: 'none',
		},
	];
	if (snapshot.defaultCard) {
		fields.push({ label: 'Default card', value: `${snapshot.defaultCard.brand} •••• ${snapshot.defaultCard.last4}` });
	}

	const actions: NonNullable<Draft['actions']> = [];
	for (const invoice of failed.slice(0, 1)) {
		// An invoice number's prefix is the merchant's text: only a plain one goes into a button.
		const label = invoice.number && /^[A-Za-z0-9-]{1,40}$/.test(invoice.number) ? invoice.number : 'invoice';
		actions.push({
			id: 'invoice.retry',
			label: `Retry ${label}`,
			objectId: invoice.id,
			objectType: 'invoice',
			style: 'primary',
		});
		actions.push({ id: 'invoice.send', label: `Send ${label} again`, objectId: invoice.id, objectType: 'invoice' });
	}
	for (const dispute of snapshot.openDisputes.filter((item) => item.status.endsWith('needs_response')).slice(0, 1)) {
		actions.push({
			id: 'dispute.respond',
			label: 'Submit evidence',
			objectId: dispute.id,
			objectType: 'dispute',
			style: 'primary',
		});
	}
	const paid = snapshot.recentPayments.find((payment) => payment.status === 'succeeded');
	if (paid) {
		actions.push({
			id: 'refund.create',
			label: `Refund ${money(paid.amount, paid.currency)}`,
			objectId: paid.id,
			objectType: 'payment_intent',
			style: 'danger',
			confirm: {
				title: 'Refund this payment?',
				text: `${money(paid.amount, paid.currency)} goes back to the customer. This cannot be undone.`,
				confirm: 'Refund',
				deny: 'Cancel',
			},
		});
	}

	const target = { livemode: snapshot.livemode, account: options.account };
	const links = [
		{
			label: 'Customer in Stripe',
			url: dashboardUrl({ ...target, objectType: 'customer', objectId: snapshot.customerId }),
		},
		...snapshot.openDisputes.slice(0, 2).map((dispute) => ({
			label: `Dispute ${dispute.id}`,
			url: dashboardUrl({ ...target, objectType: 'dispute', objectId: dispute.id }),
		})),
	].filter((link): link is { label: string; url: string } => link.url !== undefined);

	return finish(
		{
			severity,
			title: `${TITLE}: ${snapshot.customerId}`,
			summary: `${name ?? 'Customer'} (${snapshot.customerId}): ${status}; ${plural(failed.length, 'failed invoice')}, ${plural(open.length, 'other open invoice')}.`,
			fields,
			links,
			actions,
			customerId: snapshot.customerId,
			livemode: snapshot.livemode,
			times,
		},
		redactor,
		options,
	);
}
