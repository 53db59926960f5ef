import { randomUUID } from 'node:crypto';

import type { IDataObject, INodeExecutionData, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import Stripe from 'stripe';

import type { EndpointView } from '../../src/core/health/endpoints';
import { runHealthPoll, type HealthReport } from '../../src/core/health/poll';
import type { EventView, PollWindow } from '../../src/core/health/undelivered';
import { normalizeEvent } from '../../src/core/normalize';
import { renderSlack } from '../../src/platforms/slack/render';
import { StateStoreError } from '../../src/core/state/stateStore';
import { expandEventPatterns } from '../../src/core/stripeEventTypes';
import type { RedactionPolicy } from '../../src/core/types';
import {
	createStripeClient,
	parseStripeCredential,
	StripeCredentialError,
	type StripeCredential,
} from '../../src/stripe/client';
import { buildOutputItem } from '../StripeEventTrigger/handleDelivery';
import { openNodeStateStore, stateStoreFailure } from '../shared/stateStore';

/**
 * The n8n side of Stripe Webhook Health: read parameters and the credential, call Stripe through the official
 * client, and turn the core's decisions (src/core/health/poll.ts) into items. Problems go to the first output, each
 * with the message model, its Slack rendering and plain facts; missed events to the second, shaped like the Stripe
 * Event Trigger's items so Payment Alert treats them like live deliveries.
 */

const CREDENTIAL_NAME = 'stripeChatChannelApi';
const MENTIONS: Readonly<Record<string, string>> = { here: '<!here>', channel: '<!channel>' };

type StripeEvent = Stripe.Event & EventView;

function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

async function readCredential(ctx: IPollFunctions): Promise<StripeCredential> {
	try {
		return parseStripeCredential(await ctx.getCredentials(CREDENTIAL_NAME));
	} catch (error: unknown) {
		const message = error instanceof Error ? error.message : String(error);
		throw new NodeOperationError(ctx.getNode(), message, {
			description:
				error instanceof StripeCredentialError
					? 'Open the Stripe credential of this trigger and correct the field named above.'
					: 'Choose a Stripe (Chat Channel) credential in this trigger.',
		});
	}
}

function stripeFailure(ctx: IPollFunctions, error: unknown): Error {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof StateStoreError) return stateStoreFailure(ctx, error);
	if (error instanceof Stripe.errors.StripeError) {
		const status = error.statusCode;
		let description = `Stripe answered: ${error.message}`;
		if (status === 401) description = 'Stripe did not accept the secret key. Copy it again from Developers → API keys.';
		if (status === 403) {
			description =
				'The restricted key lacks a permission this trigger needs: "Webhook Endpoints: Read" and "Events: Read". Add them in Developers → API keys.';
		}
		return new NodeApiError(ctx.getNode(), { message: error.message, code: error.code ?? null } as JsonObject, {
			message: 'Could not read the webhook health from Stripe',
			description,
			httpCode: status === undefined ? undefined : String(status),
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), `Could not read the webhook health from Stripe: ${message}`, {
		description: "Check that n8n can reach the Stripe API (the credential's API Base URL). The next poll tries again.",
	});
}

function reportItem(report: HealthReport, mention: string | undefined): INodeExecutionData {
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
			slack: renderSlack(report.message, mentioned ? { mention: mentioned } : {}) as unknown as IDataObject,
		},
	};
}

function eventItem(event: StripeEvent): INodeExecutionData {
	const raw = event as unknown as Record<string, unknown>;
	return { json: { ...buildOutputItem(raw, normalizeEvent(raw)), recovered: true } as IDataObject };
}

/** `poll()`: one look at Stripe; see src/core/health/poll.ts for what is reported when. */
export async function pollWebhookHealth(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const checks = stringList(ctx.getNodeParameter('checks', ['endpoints', 'deliveries']));
	const recover = ctx.getNodeParameter('recover', false) === true;
	const patterns = expandEventPatterns(stringList(ctx.getNodeParameter('events', [])));
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	if (checks.length === 0 && !recover) {
		throw new NodeOperationError(ctx.getNode(), 'This trigger has nothing to do.', {
			description: 'Choose at least one thing under "Report", or turn on "Output Missed Events".',
		});
	}
	const credential = await readCredential(ctx);
	const stripe = createStripeClient(credential);
	const store = await openNodeStateStore(ctx);
	const workflow = ctx.getWorkflow();
	const node = ctx.getNode();
	const liveKey = /^(sk|rk)_live_/.test(credential.secretKey);

	const listEndpoints = async (): Promise<EndpointView[]> => {
		const endpoints: EndpointView[] = [];
		for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) endpoints.push(endpoint);
		return endpoints;
	};
	const created = (window: PollWindow) => ({ gt: window.after, lte: window.upTo });
	const listUndelivered = async (window: PollWindow): Promise<StripeEvent[]> => {
		const events: StripeEvent[] = [];
		for await (const event of stripe.events.list({ delivery_success: false, created: created(window), limit: 100 })) {
			events.push(event as StripeEvent);
		}
		// Stripe lists newest first; alerts read better, and threads start right, oldest first.
		return events.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
	};
	const anyDelivered = async (window: PollWindow): Promise<boolean> => {
		const page = await stripe.events.list({ delivery_success: true, created: created(window), limit: 1 });
		return page.data.length > 0;
	};

	let result;
	try {
		result = await runHealthPoll<StripeEvent>({
			store,
			scope: `${workflow.id ?? 'workflow'}:${node.id}`,
			now: Date.now(),
			checkEndpoints: checks.includes('endpoints'),
			checkDeliveries: checks.includes('deliveries'),
			recover,
			recoverPatterns: patterns,
			persist: ctx.getMode() !== 'manual',
			diagnose: {
				liveKey,
				webhookBaseUrl: `${ctx.getInstanceBaseUrl().replace(/\/+$/, '')}/webhook/`,
				apiVersion: credential.apiVersion ?? Stripe.API_VERSION,
			},
			message: {
				livemode: liveKey,
				account: credential.stripeAccount,
				timeZone: ctx.getTimezone(),
				redaction: (options.redaction as RedactionPolicy | undefined) ?? 'standard',
			},
			reminderMs: Math.max(15, Number(options.reminderMinutes) || 60) * 60_000,
			listEndpoints,
			listUndelivered,
			anyDelivered,
			token: randomUUID(),
		});
	} catch (error: unknown) {
		ctx.logger.error('Stripe Webhook Health: the poll failed', { error: String(error) });
		throw stripeFailure(ctx, error);
	}
	if (result.status === 'busy') {
		ctx.logger.info('Stripe Webhook Health: another poll of this trigger is running; skipping this one');
		return null;
	}

	const mention = MENTIONS[String(options.mention ?? 'none')];
	const problems = result.reports.map((report) => reportItem(report, mention));
	const events = result.events.map(eventItem);
	if (problems.length === 0 && events.length === 0) return null;
	return recover ? [problems, events] : [problems];
}
