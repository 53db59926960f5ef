import { createHash } from 'node:crypto';

import { minorUnitDigits, moneyOf } from './money';
import { Redactor } from './redact';
import type { StateStore } from './state/stateStore';

/**
 * The audit trail: one record per action taken through this package (a button click, a form, a slash command, an
 * AI tool call, a look-up), refusals included, kept in the state store's append-only log so that finance and
 * auditors can read it without Slack (README, "Audit trail"; docs/ARCHITECTURE.md, "Audit trail").
 *
 * Records hold ids, amounts and codes; the few free-text fields (a command's text, a reason, a result line, the
 * Slack name of who acted) get the same redaction as chat messages, so no customer e-mail, phone or card number
 * reaches the log.
 */

/** The log the records are appended to. */
export const AUDIT_STREAM = 'audit';
/** How long records are kept unless the admin sets `STRIPE_CHAT_CHANNEL_AUDIT_RETENTION_DAYS`: a year-end audit with room to spare. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;

/** done: Stripe acted (or the look-up answered); refused: this package did not act, and says why; failed: Stripe (or the way to it) said no. */
export type AuditOutcome = 'done' | 'refused' | 'failed';
/** How the action arrived. */
export type AuditSource = 'button' | 'form' | 'command' | 'ai_tool' | 'workflow';

export interface AuditRecord {
	/** The store's id (`<ms>-<n>`), set when a record is read back. */
	recordId?: string;
	/** When the outcome was known, ISO 8601 UTC. */
	at: string;
	outcome: AuditOutcome;
	/** What was done or asked: `refund.create`, `invoice.retry`, `customer.summary`, `/pay`. */
	action: string;
	/** The Stripe Action operation that ran it (`refund.create`), absent for refusals before any step ran. */
	operation?: string;
	source: AuditSource;
	workspaceId?: string;
	channelId?: string;
	userId?: string;
	userName?: string;
	/** The Stripe object acted on (`pi_…`, `in_…`, `cus_…`). */
	objectId?: string;
	objectType?: string;
	/** The Stripe object the action created or returned, when it is another one (`re_…`, `cs_…`). */
	resultId?: string;
	/** Integer minor units, as Stripe counts them. */
	amountMinor?: number;
	currency?: string;
	/** The Stripe event whose alert the button was on: why someone acted. */
	eventId?: string;
	/** What was typed, for a slash command (redacted). */
	request?: string;
	/** Why it was refused, or Stripe's error code and message (redacted). */
	reason?: string;
	/** The result line shown in Slack, e.g. `¥1,000 succeeded` (redacted). */
	detail?: string;
	idempotencyKey?: string;
	/** Stripe answered from its idempotency store: the same request had already acted. */
	replayed?: boolean;
	livemode?: boolean;
	/** The Slack message the action was taken from. */
	messageLink?: string;
	workflowId?: string;
	executionId?: string;
}

/** The export's columns, in this order for good: new columns are only ever added at the end. */
export const AUDIT_COLUMNS = [
	'record_id',
	'at',
	'outcome',
	'action',
	'operation',
	'source',
	'workspace_id',
	'channel_id',
	'user_id',
	'user_name',
	'object_id',
	'object_type',
	'result_id',
	'amount',
	'currency',
	'amount_minor',
	'event_id',
	'request',
	'reason',
	'detail',
	'idempotency_key',
	'replayed',
	'livemode',
	'message_link',
	'workflow_id',
	'execution_id',
] as const;

export type AuditColumn = (typeof AUDIT_COLUMNS)[number];

/** Ids from Slack and Stripe look like this; anything else in an id field is treated as text and redacted. */
const ID_SHAPE = /^[A-Za-z0-9_.:\-/]{1,255}$/;

function idOf(value: string | undefined, redactor: Redactor, field: string): string | undefined {
	if (value === undefined || value === '') return undefined;
	return ID_SHAPE.test(value) ? value : redactor.text(value, field);
}

/**
 * The record as it may be stored: free text redacted like a chat message, ids kept when they look like ids, empty
 * fields dropped, keys in the export's order.
 */
export function redactAuditRecord(record: AuditRecord): AuditRecord {
	const redactor = new Redactor('standard');
	const text = (value: string | undefined, field: string) =>
		value === undefined || value === '' ? undefined : redactor.text(value, `audit.${field}`);
	const safe: AuditRecord = {
		recordId: record.recordId,
		at: record.at,
		outcome: record.outcome,
		action: text(record.action, 'action') ?? '',
		operation: idOf(record.operation, redactor, 'audit.operation'),
		source: record.source,
		workspaceId: idOf(record.workspaceId, redactor, 'audit.workspace'),
		channelId: idOf(record.channelId, redactor, 'audit.channel'),
		userId: idOf(record.userId, redactor, 'audit.user'),
		userName: text(record.userName, 'user_name'),
		objectId: idOf(record.objectId, redactor, 'audit.object'),
		objectType: idOf(record.objectType, redactor, 'audit.object_type'),
		resultId: idOf(record.resultId, redactor, 'audit.result'),
		amountMinor: Number.isFinite(record.amountMinor) ? record.amountMinor : undefined,
		currency: record.currency && /^[a-z]{3}$/i.test(record.currency) ? record.currency.toLowerCase() : undefined,
		eventId: idOf(record.eventId, redactor, 'audit.event'),
		request: text(record.request, 'request'),
		reason: text(record.reason, 'reason'),
		detail: text(record.detail, 'detail'),
		idempotencyKey: idOf(record.idempotencyKey, redactor, 'audit.idempotency_key'),
		replayed: record.replayed,
		livemode: record.livemode,
		messageLink:
			record.messageLink && /^https:\/\/[^\s"<>]+$/.test(record.messageLink) ? record.messageLink : undefined,
		workflowId: idOf(record.workflowId, redactor, 'audit.workflow'),
		executionId: idOf(record.executionId, redactor, 'audit.execution'),
	};
	if (safe.amountMinor === undefined || safe.currency === undefined) {
		safe.amountMinor = undefined;
		safe.currency = undefined;
	}
	return compactRecord(safe);
}

/** The record's fields in the export's order, without empty ones. */
function compactRecord(record: AuditRecord): AuditRecord {
	const keys: Array<keyof AuditRecord> = [
		'recordId',
		'at',
		'outcome',
		'action',
		'operation',
		'source',
		'workspaceId',
		'channelId',
		'userId',
		'userName',
		'objectId',
		'objectType',
		'resultId',
		'amountMinor',
		'currency',
		'eventId',
		'request',
		'reason',
		'detail',
		'idempotencyKey',
		'replayed',
		'livemode',
		'messageLink',
		'workflowId',
		'executionId',
	];
	return Object.fromEntries(
		keys.filter((key) => record[key] !== undefined).map((key) => [key, record[key]]),
	) as unknown as AuditRecord;
}

/**
 * The once-key of a record: the same Slack request (a repeated delivery has the same body) run by the same
 * operation records once.
 */
export function auditOnceKey(requestId: string, step: string): string {
	return `${requestId}|${step}`;
}

/** Identifies one Slack request by its body: a repeated delivery has the same body, every click, form and command has its own. */
export function slackRequestId(rawBody: Buffer | string): string {
	return createHash('sha256').update(rawBody).digest('hex').slice(0, 32);
}

/**
 * The link to a Slack message, in the form of Slack's permalinks (`<workspace URL>/archives/<channel>/p<ts without dot>`).
 * @see https://api.slack.com/methods/chat.getPermalink
 */
export function slackMessageLink(
	workspaceUrl: string | undefined,
	channelId: string | undefined,
	messageTs: string | undefined,
): string | undefined {
	if (!workspaceUrl || !channelId || !messageTs) return undefined;
	if (!/^https:\/\/[A-Za-z0-9.-]+\/?$/.test(workspaceUrl)) return undefined;
	if (!/^[A-Z0-9]+$/.test(channelId) || !/^\d+\.\d+$/.test(messageTs)) return undefined;
	return `${workspaceUrl.replace(/\/$/, '')}/archives/${channelId}/p${messageTs.replace('.', '')}`;
}

/**
 * The amount of a Stripe object an action returned: a refund's or dispute's `amount`, an invoice's `amount_due`,
 * a Checkout Session's `amount_total`.
 */
export function amountOfStripeObject(object: unknown): { minor: number; currency: string } | undefined {
	if (typeof object !== 'object' || object === null) return undefined;
	const fields = object as Record<string, unknown>;
	switch (fields.object) {
		case 'refund':
		case 'dispute':
		case 'charge':
		case 'payment_intent':
			return moneyOf(fields.amount, fields.currency);
		case 'invoice':
			return moneyOf(fields.amount_due, fields.currency);
		case 'checkout.session':
			return moneyOf(fields.amount_total, fields.currency);
		default:
			return undefined;
	}
}

/** `1050` JPY → `1050`, `1050` EUR → `10.50`: the major-unit amount as a plain decimal for spreadsheets. */
function decimalAmount(minor: number, currency: string): string {
	const digits = minorUnitDigits(currency);
	const sign = minor < 0 ? '-' : '';
	const whole = String(Math.abs(Math.trunc(minor)));
	if (digits === 0) return sign + whole;
	const padded = whole.padStart(digits + 1, '0');
	return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** One record as the export's row: every column, as text ('' when absent). */
export function auditRow(record: AuditRecord): Record<AuditColumn, string> {
	const has = record.amountMinor !== undefined && record.currency !== undefined;
	const flag = (value: boolean | undefined) => (value === undefined ? '' : String(value));
	return {
		record_id: record.recordId ?? '',
		at: record.at,
		outcome: record.outcome,
		action: record.action,
		operation: record.operation ?? '',
		source: record.source,
		workspace_id: record.workspaceId ?? '',
		channel_id: record.channelId ?? '',
		user_id: record.userId ?? '',
		user_name: record.userName ?? '',
		object_id: record.objectId ?? '',
		object_type: record.objectType ?? '',
		result_id: record.resultId ?? '',
		amount: has ? decimalAmount(record.amountMinor as number, record.currency as string) : '',
		currency: has ? (record.currency as string) : '',
		amount_minor: has ? String(record.amountMinor) : '',
		event_id: record.eventId ?? '',
		request: record.request ?? '',
		reason: record.reason ?? '',
		detail: record.detail ?? '',
		idempotency_key: record.idempotencyKey ?? '',
		replayed: flag(record.replayed),
		livemode: flag(record.livemode),
		message_link: record.messageLink ?? '',
		workflow_id: record.workflowId ?? '',
		execution_id: record.executionId ?? '',
	};
}

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled. A field a
 * spreadsheet would run as a formula (starting with = + - @, tab or carriage return) gets a leading apostrophe,
 * so that text someone typed into Slack cannot run in the auditor's spreadsheet.
 * @see https://www.rfc-editor.org/rfc/rfc4180
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 */
function csvField(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) && !/^-\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV header row, CRLF-terminated. */
export function auditCsvHeader(): string {
	return `${AUDIT_COLUMNS.join(',')}\r\n`;
}

/** One record as a CSV line, CRLF-terminated, columns as in `AUDIT_COLUMNS`. */
export function auditCsvLine(record: AuditRecord): string {
	const row = auditRow(record);
	return `${AUDIT_COLUMNS.map((column) => csvField(row[column])).join(',')}\r\n`;
}

/** One record as a JSON Lines line: the record's fields in a fixed order. */
export function auditJsonLine(record: AuditRecord): string {
	return `${JSON.stringify(compactRecord(record))}\n`;
}

/**
 * Reads a stored record back (it was redacted when written); a body that is not a record is returned as
 * undefined rather than stopping an export.
 */
export function parseAuditRecord(body: string, recordId: string): AuditRecord | undefined {
	try {
		const parsed = JSON.parse(body) as Partial<AuditRecord>;
		if (typeof parsed.at !== 'string' || typeof parsed.outcome !== 'string' || typeof parsed.action !== 'string') {
			return undefined;
		}
		return compactRecord({ ...(parsed as AuditRecord), recordId });
	} catch {
		return undefined;
	}
}

const DAY_MS = 86_400_000;

/**
 * Appends one record to the audit log, redacted. With `onceKey`, a second append for the same key (a repeated
 * delivery of one Slack request) appends nothing.
 * @returns whether a record was appended.
 */
export async function writeAuditRecord(
	store: StateStore,
	record: AuditRecord,
	options: { retentionDays: number; onceKey?: string },
): Promise<boolean> {
	return await store.appendRecord(AUDIT_STREAM, JSON.stringify(redactAuditRecord(record)), {
		retentionMs: options.retentionDays * DAY_MS,
		onceKey: options.onceKey,
	});
}

/** Every audit record from `sinceMs` (before `untilMs`), oldest first, read a page at a time. */
export async function* readAuditRecords(
	store: StateStore,
	range: { sinceMs: number; untilMs?: number; pageSize?: number },
): AsyncGenerator<AuditRecord> {
	const limit = range.pageSize ?? 500;
	let after: string | undefined;
	for (;;) {
		const page = await store.readRecords(AUDIT_STREAM, {
			sinceMs: range.sinceMs,
			untilMs: range.untilMs,
			after,
			limit,
		});
		for (const stored of page) {
			const record = parseAuditRecord(stored.body, stored.id);
			if (record) yield record;
		}
		if (page.length < limit) return;
		after = page[page.length - 1].id;
	}
}
