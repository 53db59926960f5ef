/**
 * Pieces shared by the load, concurrency and fault tests (and `npm run bench:n8n`): copies of the payment-failed
 * template that each post into a channel of their own (burst windows and thread keys are per channel, so scenarios
 * on one n8n stay apart), events for many invoices, and the ledger that reads from the fake Slack what was posted:
 * every alert carries `{event_type: 'stripe_chat_channel', event_payload: {thread_key, event_id, …}}`, every burst
 * summary `{event_type: 'stripe_chat_channel_burst', event_payload: {burst_key, count, window_start}}`.
 */
import type { FakeSlack, RecordedRequest } from '../support/fakeSlack';
import type { ImportedCredential, N8nExecution, RealN8n } from '../support/realN8n';
import { loadTemplate, nodeNamed, sampleEvent } from './templateHarness';

export const ALERT_METADATA = 'stripe_chat_channel';
export const BURST_METADATA = 'stripe_chat_channel_burst';

/** n8n's own credential type for Redis (host, port, database, password), which the `redis` state store uses. */
export const REDIS_CREDENTIAL = { id: 'sccE2eRedisCreds', name: 'Redis (Stripe Chat Channel state)', type: 'redis' };

export function redisCredential(database: number): ImportedCredential {
	return { ...REDIS_CREDENTIAL, data: { host: '127.0.0.1', port: 6379, database, password: '' } };
}

export interface CopyOptions {
	/** Workflow id (16 characters of [0-9A-Za-z]). */
	id: string;
	/** The trigger's `webhookId`, which makes the copy's URL `/webhook/<webhookId>/stripe`. */
	webhookId: string;
	/** Channel (name, with #) that every alert of this copy goes to. */
	channel: string;
	/** Burst collapse, or false to post every alert. */
	burst: { threshold: number; windowMinutes: number } | false;
	/** The trigger's answer: `lastNode` makes a failed run answer non-2xx, so the sender redelivers. */
	responseMode?: 'lastNode' | 'onReceived';
	/** `redis` (queue mode) or `embedded`; undefined leaves the template's choice. */
	stateStore?: 'embedded' | 'redis';
	/** Payment Alert's `options.processingTimeout` (seconds). */
	processingTimeout?: number;
	/** Recover Missed Events polls every minute instead of every 5 minutes. */
	recoverEveryMinute?: boolean;
	name?: string;
}

/** The payment-failed template as shipped, changed only where `options` says. */
export function paymentFailedCopy(options: CopyOptions): ReturnType<typeof loadTemplate> {
	const workflow = loadTemplate('payment-failed.json', options.id);
	workflow.name = options.name ?? `${workflow.name} (${options.channel})`;
	const trigger = nodeNamed(workflow, 'Stripe Event Trigger');
	trigger.webhookId = options.webhookId;
	if (options.responseMode) trigger.parameters.responseMode = options.responseMode;

	const alert = nodeNamed(workflow, 'Payment Alert');
	alert.parameters.defaultChannel = options.channel;
	const rules = (alert.parameters.rules as { rule?: Array<Record<string, unknown>> } | undefined)?.rule ?? [];
	for (const rule of rules) if (rule.action === 'route') rule.channel = options.channel;
	if (options.burst === false) alert.parameters.burstCollapse = false;
	else {
		alert.parameters.burstCollapse = true;
		alert.parameters.burstThreshold = options.burst.threshold;
		alert.parameters.burstWindowMinutes = options.burst.windowMinutes;
	}
	if (options.processingTimeout !== undefined) {
		alert.parameters.options = {
			...(alert.parameters.options as Record<string, unknown>),
			processingTimeout: options.processingTimeout,
		};
	}
	const slack = nodeNamed(workflow, 'Post in Thread');
	const recover = nodeNamed(workflow, 'Recover Missed Events');
	if (options.recoverEveryMinute) recover.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
	if (options.stateStore) {
		for (const node of [alert, slack, recover]) {
			node.parameters.stateStore = options.stateStore;
			if (options.stateStore === 'redis') {
				node.credentials = { ...node.credentials, redis: { id: REDIS_CREDENTIAL.id, name: REDIS_CREDENTIAL.name } };
			}
		}
	}
	return workflow;
}

export const webhookPathOfCopy = (options: Pick<CopyOptions, 'webhookId'>): string => `${options.webhookId}/stripe`;

/**
 * An `invoice.payment_failed` event for `invoiceId`, made from the shipped sample. `created` orders the events
 * of one invoice (the thread parent shows the newest).
 */
export function failedInvoiceEvent(
	invoiceId: string,
	eventId: string,
	options: { created?: number; attemptCount?: number } = {},
): Record<string, unknown> {
	const event = sampleEvent('invoice.payment_failed', {
		eventId,
		object: { id: invoiceId, ...(options.attemptCount === undefined ? {} : { attempt_count: options.attemptCount }) },
	});
	if (options.created !== undefined) event.created = options.created;
	return event;
}

/** `count` events of as many new invoices, ids unique to `tag`. */
export function distinctFailures(tag: string, count: number): Array<Record<string, unknown>> {
	return Array.from({ length: count }, (_, index) => {
		const n = String(index).padStart(4, '0');
		return failedInvoiceEvent(`in_${tag}${n}`, `evt_${tag}${n}`);
	});
}

interface MessageMetadata {
	event_type?: string;
	event_payload?: Record<string, unknown>;
}

const metadataOf = (request: RecordedRequest): MessageMetadata | undefined =>
	request.body.metadata as MessageMetadata | undefined;

const succeeded = (request: RecordedRequest) => request.status === 200 && request.error === undefined;

export interface ChannelLedger {
	/** Successful `chat.postMessage` calls of alerts, per `event_id`. */
	postsByEvent: Map<string, number>;
	/** Alerts posted in total (sum of `postsByEvent`). */
	alertPosts: number;
	/** Event ids posted more than once. */
	doubled: string[];
	/** Burst summaries in the channel now, with the count their metadata shows. */
	summaries: Array<{ burstKey: string; count: number; ts: string; text?: string }>;
	/** Sum of the counts of all summaries. */
	summarized: number;
	/** Top-level alert messages per `thread_key`, and replies per `thread_key`. */
	threads: Map<string, { parents: string[]; replies: Array<{ ts: string; threadTs?: string }> }>;
}

/** What the fake Slack holds for one channel (id), read from its recorded requests and its messages. */
export function ledgerOf(slack: FakeSlack, channelId: string): ChannelLedger {
	const postsByEvent = new Map<string, number>();
	const threads: ChannelLedger['threads'] = new Map();
	for (const request of slack.requestsFor('chat.postMessage')) {
		if (!succeeded(request)) continue;
		const metadata = metadataOf(request);
		if (metadata?.event_type !== ALERT_METADATA) continue;
		if (slack.channelIdOf(request.body.channel) !== channelId) continue;
		const eventId = String(metadata.event_payload?.event_id ?? '');
		postsByEvent.set(eventId, (postsByEvent.get(eventId) ?? 0) + 1);
	}
	for (const message of slack.messages(channelId)) {
		if (message.metadata?.event_type !== ALERT_METADATA) continue;
		const key = String(message.metadata.event_payload.thread_key ?? '');
		const entry = threads.get(key) ?? { parents: [], replies: [] };
		if (!message.thread_ts || message.thread_ts === message.ts) entry.parents.push(message.ts);
		else entry.replies.push({ ts: message.ts, threadTs: message.thread_ts });
		threads.set(key, entry);
	}
	const summaries = slack
		.messages(channelId)
		.filter((message) => message.metadata?.event_type === BURST_METADATA)
		.map((message) => ({
			burstKey: String(message.metadata?.event_payload.burst_key ?? ''),
			count: Number(message.metadata?.event_payload.count ?? Number.NaN),
			ts: message.ts,
			text: message.text,
		}));
	const alertPosts = [...postsByEvent.values()].reduce((sum, n) => sum + n, 0);
	return {
		postsByEvent,
		alertPosts,
		doubled: [...postsByEvent].filter(([, n]) => n > 1).map(([id]) => id),
		summaries,
		summarized: summaries.reduce((sum, summary) => sum + summary.count, 0),
		threads,
	};
}

export interface Accounting {
	sent: number;
	posted: number;
	summarized: number;
	/** Sent, but neither posted nor counted in a summary (when summaries are exact). */
	lost: number;
	/** Posted more than once, or counted although posted. */
	doubledEvents: string[];
	/** Event ids that were posted but never sent in this scenario. */
	strangers: string[];
	/** Sent ids not posted (some of them may be in a summary). */
	notPosted: string[];
}

/**
 * Checks "every alert posted exactly once or counted in a summary": posts per event id from the metadata, and
 * (posts + summary counts) against the distinct events sent.
 */
export function account(ledger: ChannelLedger, sentEventIds: Iterable<string>): Accounting {
	const sent = new Set(sentEventIds);
	const notPosted = [...sent].filter((id) => !ledger.postsByEvent.has(id));
	const strangers = [...ledger.postsByEvent.keys()].filter((id) => !sent.has(id));
	const posted = [...ledger.postsByEvent.keys()].filter((id) => sent.has(id)).length;
	return {
		sent: sent.size,
		posted,
		summarized: ledger.summarized,
		lost: Math.max(0, sent.size - posted - ledger.summarized),
		doubledEvents: ledger.doubled,
		strangers,
		notPosted,
	};
}

/** Every execution of a workflow (paged through the public API), without their data. */
export async function allExecutions(n8n: RealN8n, workflowId: string): Promise<N8nExecution[]> {
	const executions: N8nExecution[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < 200; page++) {
		const query = new URLSearchParams({ workflowId, limit: '250', ...(cursor ? { cursor } : {}) });
		const result = await n8n.api<{ data: N8nExecution[]; nextCursor?: string | null }>(
			'GET',
			`/executions?${query.toString()}`,
		);
		executions.push(...result.data);
		if (!result.nextCursor) break;
		cursor = result.nextCursor;
	}
	return executions;
}

/** Executions by status, e.g. `{success: 498, error: 2}`. */
export function countByStatus(executions: N8nExecution[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const execution of executions) counts[execution.status] = (counts[execution.status] ?? 0) + 1;
	return counts;
}

/** Waits until no execution of the workflow is still new, running or waiting (bounded). */
export async function waitForQuiet(n8n: RealN8n, workflowId: string, timeoutMs = 120_000): Promise<N8nExecution[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await allExecutions(n8n, workflowId);
		const busy = executions.filter((execution) => ['new', 'running', 'waiting'].includes(execution.status));
		if (busy.length === 0 || Date.now() > deadline) return executions;
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
}

/** The error messages of failed executions (with data), grouped with counts, for failure messages and reports. */
export async function failureSummary(n8n: RealN8n, executions: N8nExecution[], limit = 20): Promise<string> {
	const failed = executions.filter((execution) => execution.status !== 'success').slice(0, limit);
	const counts = new Map<string, number>();
	for (const execution of failed) {
		let message = execution.status;
		try {
			const full = await n8n.api<N8nExecution>('GET', `/executions/${execution.id}?includeData=true`);
			const error = full.data?.resultData?.error as { message?: string; node?: { name?: string } } | undefined;
			message = `${execution.status}: ${error?.node?.name ? `${error.node.name}: ` : ''}${error?.message ?? '?'}`;
		} catch {
			// Keep the status alone.
		}
		counts.set(message, (counts.get(message) ?? 0) + 1);
	}
	return [...counts].map(([message, n]) => `${n}× ${message}`).join('\n') || '(none)';
}
