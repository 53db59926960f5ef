import { createHash } from 'node:crypto';

import { Redactor } from '../redact';
import type { ChatMessage, MessageField, MessageLink, RedactionPolicy, Severity } from '../types';
import type { EndpointProblem } from './endpoints';
import type { RejectionCategory } from './rejected';
import { describeTypes, type UndeliveredGroup } from './undelivered';

/**
 * Webhook health reports as the package's one message model, so they are redacted, escaped and rendered exactly
 * like payment alerts (Stripe Chat Slack posts them "From Payment Alert"). Every report has a stable `eventId`
 * (`whh_…`, from the incident) and a `threadKey` per endpoint or incident, so "resolved" lands in the same thread.
 */

export interface HealthMessageOptions {
	/** Unix milliseconds of the poll; the message says when the problem was seen. */
	now: number;
	/** Whether the credential's key is a live key (the footer says "Test mode" otherwise). */
	livemode: boolean;
	account?: string;
	timeZone?: string;
	locale?: string;
	redaction?: RedactionPolicy;
}

export type HealthReportKind =
	| EndpointProblem['kind']
	| 'endpoint_resolved'
	| 'deliveries_failing'
	| 'deliveries_failing_still'
	| 'deliveries_recovered'
	| 'rejected_deliveries';

function clock(unixMs: number, options: HealthMessageOptions): string {
	const parts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
	try {
		return new Intl.DateTimeFormat(options.locale || 'en-GB', { ...parts, timeZone: options.timeZone || 'UTC' }).format(
			unixMs,
		);
	} catch {
		return new Intl.DateTimeFormat('en-GB', { ...parts, timeZone: 'UTC' }).format(unixMs);
	}
}

function dayAndClock(unixMs: number, options: HealthMessageOptions): string {
	const parts: Intl.DateTimeFormatOptions = {
		day: 'numeric',
		month: 'short',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
	};
	try {
		return new Intl.DateTimeFormat(options.locale || 'en-GB', { ...parts, timeZone: options.timeZone || 'UTC' }).format(
			unixMs,
		);
	} catch {
		return new Intl.DateTimeFormat('en-GB', { ...parts, timeZone: 'UTC' }).format(unixMs);
	}
}

/** A short, stable id for an incident (shown in the footer, used as the message's event id). */
export function incidentId(incident: string): string {
	return `whh_${createHash('sha256').update(incident).digest('hex').slice(0, 20)}`;
}

function webhooksPage(livemode: boolean, endpointId?: string): string {
	const id = endpointId && /^we_[A-Za-z0-9]+$/.test(endpointId) ? `/${endpointId}` : '';
	return `https://dashboard.stripe.com/${livemode ? '' : 'test/'}webhooks${id}`;
}

interface Draft {
	kind: HealthReportKind;
	incident: string;
	severity: Severity;
	title: string;
	summary: string;
	fields: MessageField[];
	links: MessageLink[];
	threadKey: string;
	objectId?: string;
}

function finish(draft: Draft, redactor: Redactor, options: HealthMessageOptions): ChatMessage {
	// Endpoint URLs and descriptions are free text someone typed: they go through the same scrubbing as event data.
	const clean = (value: string, field: string) => redactor.text(value, field) ?? '';
	return {
		kind: `webhook_health.${draft.kind}`,
		category: 'other',
		eventType: `webhook_health.${draft.kind}`,
		severity: draft.severity,
		title: clean(draft.title, 'title'),
		summary: clean(draft.summary, 'summary'),
		fields: draft.fields.map((field) => ({ label: field.label, value: clean(field.value, field.label) })),
		links: draft.links,
		actions: [],
		threadKey: draft.threadKey,
		eventId: incidentId(draft.incident),
		...(draft.objectId ? { objectId: draft.objectId, objectType: 'webhook_endpoint' } : {}),
		occurredAt: new Date(options.now).toISOString(),
		livemode: options.livemode,
		...(options.account ? { account: options.account } : {}),
		redactionPolicy: redactor.policy,
		redactions: redactor.redactions,
	};
}

const PROBLEM_TITLES: Readonly<Record<EndpointProblem['kind'], string>> = {
	endpoint_disabled: 'Stripe disabled a webhook endpoint',
	insecure_url: 'Webhook endpoint Stripe cannot deliver live events to',
	foreign_url: 'Webhook endpoint points away from this n8n',
	api_version_far: 'Webhook endpoint on a distant API version',
	endpoint_cap: 'Almost no webhook endpoints left',
	events_missing: 'Webhook endpoint misses events',
};

/** The report of an endpoint problem, e.g. "Stripe disabled the webhook endpoint …/payment-failed/stripe (noticed at 21:04)". */
export function endpointProblemMessage(problem: EndpointProblem, options: HealthMessageOptions): ChatMessage {
	const redactor = new Redactor(options.redaction ?? 'standard');
	const fields: MessageField[] = [];
	if (problem.url) fields.push({ label: 'Endpoint', value: problem.url });
	if (problem.endpointId) fields.push({ label: 'Endpoint ID', value: problem.endpointId });
	fields.push({ label: 'What to do', value: problem.fix });
	return finish(
		{
			kind: problem.kind,
			incident: problem.incident,
			severity: problem.severity,
			title: PROBLEM_TITLES[problem.kind],
			summary: `${problem.text} (noticed at ${clock(options.now, options)}).`,
			fields,
			links: [{ label: 'Webhooks in Stripe', url: webhooksPage(options.livemode, problem.endpointId) }],
			threadKey: `webhook_health:${problem.endpointId ?? problem.kind}`,
			objectId: problem.endpointId,
		},
		redactor,
		options,
	);
}

/** "Stripe's webhook endpoint … is enabled again", threaded under the report of its incident. */
export function endpointResolvedMessage(
	problem: { incident: string; endpointId?: string; url?: string; text: string },
	options: HealthMessageOptions,
): ChatMessage {
	return finish(
		{
			kind: 'endpoint_resolved',
			incident: `${problem.incident}:resolved:${options.now}`,
			severity: 'success',
			title: 'Webhook problem resolved',
			summary: `No longer seen at ${clock(options.now, options)}: ${problem.text}.`,
			fields: problem.url ? [{ label: 'Endpoint', value: problem.url }] : [],
			links: [{ label: 'Webhooks in Stripe', url: webhooksPage(options.livemode, problem.endpointId) }],
			threadKey: `webhook_health:${problem.endpointId ?? problem.incident.split(':')[0]}`,
			objectId: problem.endpointId,
		},
		new Redactor(options.redaction ?? 'standard'),
		options,
	);
}

export type DeliveryReportStage = 'failing' | 'still_failing' | 'recovered';

/**
 * "37 events not delivered since 21:04 (12 invoice.payment_failed, 3 charge.dispute.created)", its reminder, and
 * the all-clear once events are delivered again.
 */
export function undeliveredMessage(
	group: UndeliveredGroup,
	stage: DeliveryReportStage,
	options: HealthMessageOptions & { incident: string; replayed?: boolean },
): ChatMessage {
	const since = clock(group.firstCreated * 1000, options);
	const count = `${group.total} event${group.total === 1 ? '' : 's'}`;
	const types = describeTypes(group.byType);
	const texts: Record<
		DeliveryReportStage,
		{ kind: HealthReportKind; title: string; summary: string; severity: Severity }
	> = {
		failing: {
			kind: 'deliveries_failing',
			title: 'Stripe cannot deliver webhook events',
			summary: `${count} not delivered since ${since} (${types}).`,
			severity: 'critical',
		},
		still_failing: {
			kind: 'deliveries_failing_still',
			title: 'Stripe still cannot deliver webhook events',
			summary: `${count} not delivered since ${since} (${types}).`,
			severity: 'critical',
		},
		recovered: {
			kind: 'deliveries_recovered',
			title: 'Webhook deliveries work again',
			summary: `${count} had not been delivered between ${since} and ${clock(group.lastCreated * 1000, options)} (${types}); new events arrive again.`,
			severity: 'success',
		},
	};
	const text = texts[stage];
	const fields: MessageField[] = [
		{ label: 'First', value: dayAndClock(group.firstCreated * 1000, options) },
		{ label: 'Last', value: dayAndClock(group.lastCreated * 1000, options) },
	];
	if (stage !== 'recovered')
		fields.push({ label: 'Deliveries Stripe still owes', value: String(group.pendingDeliveries) });
	fields.push({
		label: options.replayed ? 'Recovery' : 'What to do',
		value: options.replayed
			? 'The events were read from Stripe and handed to the alert workflows: each alert appears once, also when Stripe delivers the event later.'
			: stage === 'recovered'
				? 'Alert workflows with a "Recover Missed Events" trigger have posted what was missed; check others in Stripe Dashboard → Developers → Events.'
				: 'Check that n8n is reachable from the internet over https, that the workflows are published, and that the signing secret matches. Stripe retries for up to 3 days, then disables the endpoint.',
	});
	return finish(
		{
			kind: text.kind,
			incident: `${options.incident}:${stage}:${group.total}`,
			severity: text.severity,
			title: text.title,
			summary: text.summary,
			fields,
			links: [
				{ label: 'Webhooks in Stripe', url: webhooksPage(options.livemode) },
				{ label: 'Events in Stripe', url: `https://dashboard.stripe.com/${options.livemode ? '' : 'test/'}events` },
			],
			threadKey: `webhook_health:${options.incident}`,
		},
		new Redactor(options.redaction ?? 'standard'),
		options,
	);
}

const REJECTION_TEXT: Readonly<Record<RejectionCategory, { title: string; summary: string; severity: Severity }>> = {
	bad_signature: {
		title: 'Stripe deliveries fail verification',
		summary:
			"Deliveries arrive but fail verification: the signing secret in the credential does not match the endpoint's.",
		severity: 'critical',
	},
	stale: {
		title: 'Stripe deliveries refused as too old',
		summary:
			"Deliveries arrive with a signature time outside the tolerance: is this server's clock right, or is someone re-sending old events?",
		severity: 'warning',
	},
	no_secret: {
		title: 'Stripe deliveries refused: no signing secret',
		summary:
			"Deliveries arrive but no signing secret is known, so every one is refused. Put the endpoint's whsec_… secret into the Stripe credential, or let the trigger register the endpoint.",
		severity: 'critical',
	},
	wrong_content_type: {
		title: 'Requests that are not Stripe events',
		summary: 'Requests arrive that are not JSON: something other than Stripe is calling this webhook address.',
		severity: 'warning',
	},
	malformed: {
		title: 'Malformed requests to the Stripe webhook',
		summary:
			'Requests arrive with an empty or broken body: something other than Stripe is calling this webhook address.',
		severity: 'warning',
	},
};

/** A rejected delivery as a message: why, when, from where. Never the body or the signature. */
export function rejectedDeliveryMessage(
	rejection: { category: RejectionCategory; reason: string; sourceAddress?: string; url?: string },
	options: HealthMessageOptions,
): ChatMessage {
	const text = REJECTION_TEXT[rejection.category];
	const fields: MessageField[] = [
		{ label: 'Reason', value: rejection.reason },
		{ label: 'Time', value: dayAndClock(options.now, options) },
	];
	if (rejection.sourceAddress) fields.push({ label: 'From', value: rejection.sourceAddress });
	if (rejection.url) fields.push({ label: 'Webhook', value: rejection.url });
	return finish(
		{
			kind: 'rejected_deliveries',
			incident: `rejected:${rejection.category}:${options.now}`,
			severity: text.severity,
			title: text.title,
			summary: text.summary,
			fields,
			links: [{ label: 'Webhooks in Stripe', url: webhooksPage(options.livemode) }],
			threadKey: `webhook_health:rejected:${rejection.category}`,
		},
		new Redactor(options.redaction ?? 'standard'),
		options,
	);
}
