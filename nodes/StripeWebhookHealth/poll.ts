import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import Stripe from 'stripe';

import type { Mention } from '../../src/core/addressing';
import { runHealthPoll, type HealthReport, type UnhandledRecovery } from '../../src/core/health/poll';
import type { EventView, PollWindow } from '../../src/core/health/undelivered';
import { stripeEventItem } from '../../src/core/items/stripeEvent';
import { chosenOptions } from '../../src/core/lists';
import { normalizeEvent } from '../../src/core/normalize';
import { renderForEveryPlatform } from '../../src/platforms';
import { StateStoreError } from '../../src/core/state/stateStore';
import { expandEventPatterns } from '../../src/core/stripeEventTypes';
import type { RedactionPolicy } from '../../src/core/types';
import { createStripeClient } from '../../src/stripe/client';
import { openNodeStateStore, stateStoreFailure } from '../shared/stateStore';
import { readStripeCredential } from '../shared/stripeCredential';
import { stripeFailure } from '../shared/stripeFailure';
import { needsRecoveryIn, recoveryTargets } from './recovery';

/**
 * The n8n side of Stripe Webhook Health: read parameters and the credential, call Stripe through the official
 * client, and turn the core's decisions (src/core/health/poll.ts) into items. Problems go to the first output, each
 * with the message model, its Slack rendering and plain facts; missed events to the second, shaped like the Stripe
 * Event Trigger's items so Payment Alert treats them like live deliveries.
 */

type StripeEvent = Stripe.Event & EventView;

/** Stripe's `types[]` filter of the events list takes at most 20 types; more (or every type) are filtered here. */
const MAX_LISTED_TYPES = 20;

/** How much longer than the longest Processing Timeout of its Payment Alerts a poll looks back, at least. */
const MIN_LOOKBACK_BEYOND_LEASE_SECONDS = 30 * 60;

/** Every object of a Stripe list, all pages. */
async function listAll<T>(pages: AsyncIterable<T>): Promise<T[]> {
	const all: T[] = [];
	for await (const object of pages) all.push(object);
	return all;
}

function pollFailure(ctx: IPollFunctions, error: unknown): Error {
	if (error instanceof StateStoreError) return stateStoreFailure(ctx, error);
	return stripeFailure(ctx.getNode(), error, {
		failure: 'Could not read the webhook health from Stripe',
		forbidden:
			'The restricted key lacks a permission this trigger needs: "Webhook Endpoints: Read" and "Events: Read". Add them in Developers → API keys.',
		retry: 'The next poll tries again.',
	});
}

function reportItem(report: HealthReport, mention: Mention | undefined): INodeExecutionData {
	const mentioned = mention && report.severity === 'critical' && report.status !== 'resolved' ? mention : undefined;
	const undelivered = report.undelivered
		? {
				total: report.undelivered.total,
				byType: report.undelivered.byType,
				firstAt: new Date(report.undelivered.firstCreated * 1000).toISOString(),
				lastAt: new Date(report.undelivered.lastCreated * 1000).toISOString(),
				pendingDeliveries: report.undelivered.pendingDeliveries,
			}
		: undefined;
	return {
		json: {
			kind: report.kind,
			status: report.status,
			severity: report.severity,
			text: `${report.message.title}: ${report.message.summary}`,
			incident: report.incident,
			...(report.endpoint ? { endpoint: report.endpoint } : {}),
			...(undelivered ? { undelivered } : {}),
			message: report.message as unknown as IDataObject,
			...renderForEveryPlatform(report.message, { mention: mentioned }),
		},
	};
}

function eventItem(event: StripeEvent): INodeExecutionData {
	const raw = event as unknown as Record<string, unknown>;
	return { json: { ...stripeEventItem(raw, normalizeEvent(raw)), recovered: true } as IDataObject };
}

/** `poll()`: one look at Stripe; see src/core/health/poll.ts for what is reported when. */
export async function pollWebhookHealth(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const checks = chosenOptions(this.getNodeParameter('checks', ['endpoints', 'deliveries']));
	const recover = this.getNodeParameter('recover', false) === true;
	// Version 1 output only what Stripe could not deliver; a workflow saved with it keeps doing so.
	const recoverUnhandled =
		recover && this.getNode().typeVersion >= 2 && this.getNodeParameter('recoverScope', 'unhandled') !== 'undelivered';

	const chosenPatterns = expandEventPatterns(chosenOptions(this.getNodeParameter('events', [])));
	const options = (this.getNodeParameter('options', {}) ?? {}) as IDataObject;
	if (checks.length === 0 && !recover) {
		throw new NodeOperationError(this.getNode(), 'This trigger has nothing to do.', {
			description: 'Choose at least one thing under "Report", or turn on "Output Missed Events".',
		});
	}
	const targets = recoverUnhandled
		? recoveryTargets(this, String(this.getNodeParameter('stateStore', 'embedded')))
		: undefined;
	if (targets?.paused)
		this.logger.info('Stripe Webhook Health: the Stripe Event Trigger is disabled; nothing is recovered');
	// Empty means every type; "every event not yet handled" then follows the workflow's Stripe Event Triggers.
	const patterns =
		targets && chosenPatterns.length === 0
			? expandEventPatterns(targets.triggers.flatMap((trigger) => trigger.events))
			: chosenPatterns;
	// The claim of a run that died holds for Payment Alert's Processing Timeout: look back further than that, so that
	// the event is still in the window when the claim has run out.
	const lookbackSeconds = Math.max(
		Math.max(5, Number(this.getNodeParameter('lookbackMinutes', 60)) || 60) * 60,
		targets ? targets.longestLeaseSeconds + MIN_LOOKBACK_BEYOND_LEASE_SECONDS : 0,
	);
	if (targets && patterns.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Choose the events to recover', {
			description:
				'No Stripe Event Trigger feeds the Payment Alert after this node, so choose under "Missed Events to Output" the events it should recover.',
		});
	}
	const credential = await readStripeCredential(this);
	const stripe = createStripeClient(credential);
	const store = await openNodeStateStore(this);
	const workflow = this.getWorkflow();
	const node = this.getNode();
	const liveKey = /^(sk|rk)_live_/.test(credential.secretKey);

	// Read once a poll: the endpoint report and the recovery's floor both look at them.
	let endpoints: Promise<Stripe.WebhookEndpoint[]> | undefined;
	const listEndpoints = async (): Promise<Stripe.WebhookEndpoint[]> =>
		await (endpoints ??= listAll(stripe.webhookEndpoints.list({ limit: 100 })));
	type Window = Pick<PollWindow, 'after' | 'upTo'>;
	const createdIn = (window: Window) => ({ gt: window.after, lte: window.upTo });
	const listEvents = async (window: Window, filter: Stripe.EventListParams): Promise<StripeEvent[]> =>
		(await listAll(stripe.events.list({ ...filter, created: createdIn(window), limit: 100 }))).map(
			(event) => event as StripeEvent,
		);
	const listUndelivered = async (window: PollWindow): Promise<StripeEvent[]> =>
		// Stripe lists newest first; alerts read better, and threads start right, oldest first.
		(await listEvents(window, { delivery_success: false })).sort(
			(a, b) => a.created - b.created || a.id.localeCompare(b.id),
		);
	const workflowId = workflow.id ?? 'workflow';
	/**
	 * When the oldest webhook endpoint that this workflow's triggers registered in Stripe was created: a workflow
	 * switched off and on again registers a new one, and what came meanwhile was not for it. Unknown for endpoints
	 * added by hand, or for a key that may not read them.
	 */
	const endpointsCreatedAt = async (triggerNames: string[]): Promise<number | undefined> => {
		try {
			const created = (await listEndpoints())
				.filter(
					(endpoint) =>
						endpoint.metadata?.n8n_workflow_id === workflowId &&
						triggerNames.includes(String(endpoint.metadata?.n8n_node)),
				)
				.map((endpoint) => endpoint.created);
			return created.length > 0 ? Math.min(...created) : undefined;
		} catch (error: unknown) {
			if ((error as { type?: string }).type === 'StripePermissionError') return undefined;
			throw pollFailure(this, error);
		}
	};
	const anyDelivered = async (window: PollWindow): Promise<boolean> => {
		const page = await stripe.events.list({ delivery_success: true, created: createdIn(window), limit: 1 });
		return page.data.length > 0;
	};

	let unhandled: UnhandledRecovery<StripeEvent> | undefined;
	if (targets && !targets.paused) {
		const registeredAt = await endpointsCreatedAt(targets.triggerNames);
		const types: Stripe.EventListParams =
			patterns.length <= MAX_LISTED_TYPES && !patterns.includes('*') ? { types: patterns } : {};
		unhandled = {
			listRecent: async (window) => await listEvents(window, types),
			needsRecovery: needsRecoveryIn(targets, store, workflowId),
			lookbackSeconds,
			// A workflow published again (or switched off and on) registers a new endpoint: what came in the look-back
			// before it is still recovered, what came longer before is not (it was switched off).
			notBefore: registeredAt === undefined ? undefined : registeredAt - lookbackSeconds,
		};
	}
	let result;
	try {
		result = await runHealthPoll<StripeEvent>({
			store,
			scope: `${workflow.id ?? 'workflow'}:${node.id}`,
			now: Date.now(),
			checkEndpoints: checks.includes('endpoints'),
			checkDeliveries: checks.includes('deliveries'),
			recover: recover && !targets?.paused,
			recoverPatterns: patterns,
			unhandled,
			persist: this.getMode() !== 'manual',
			diagnose: {
				liveKey,
				webhookBaseUrl: `${this.getInstanceBaseUrl().replace(/\/+$/, '')}/webhook/`,
				apiVersion: credential.apiVersion ?? Stripe.API_VERSION,
			},
			message: {
				livemode: liveKey,
				account: credential.stripeAccount,
				timeZone: this.getTimezone(),
				redaction: (options.redaction as RedactionPolicy | undefined) ?? 'standard',
			},
			reminderMs: Math.max(15, Number(options.reminderMinutes) || 60) * 60_000,
			listEndpoints,
			listUndelivered,
			anyDelivered,
			token: randomUUID(),
		});
	} catch (error: unknown) {
		this.logger.error('Stripe Webhook Health: the poll failed', { error: String(error) });
		throw pollFailure(this, error);
	}
	if (result.status === 'busy') {
		this.logger.info('Stripe Webhook Health: another poll of this trigger is running; skipping this one');
		return null;
	}

	const mention: Mention | undefined =
		options.mention === 'here' || options.mention === 'channel' ? { type: options.mention } : undefined;
	const problems = result.reports.map((report) => reportItem(report, mention));
	const events = result.events.map(eventItem);
	if (problems.length === 0 && events.length === 0) return null;
	return recover ? [problems, events] : [problems];
}
