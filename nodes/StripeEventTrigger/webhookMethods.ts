import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkTriggerEndpoint } from '../../src/core/health/endpoints';
import { createStripeClient, type StripeCredential } from '../../src/stripe/client';
import {
	EndpointConflictError,
	endpointIsCurrent,
	ensureEndpoint,
	removeEndpoint,
	type EndpointRecord,
	type EndpointSpec,
} from '../../src/stripe/webhookEndpoints';
import { readStripeCredential } from '../shared/stripeCredential';
import { stripeFailure } from '../shared/stripeFailure';
import { readConnect, readEnabledEvents, readEndpointMode, readEventPatterns } from '../shared/stripeEventTriggerParameters';

/**
 * The Stripe Event Trigger's webhook lifecycle (n8n's `webhookMethods`): register, check and remove its endpoint
 * in Stripe. The decisions are in src/stripe/webhookEndpoints.ts; this file reads parameters, the credential and
 * the static data, and turns failures into errors a person can act on.
 *
 * Where the endpoint's signing secret is kept: the node's static data (`getWorkflowStaticData('node')`), as
 * `endpoints[<webhook URL>]`, so a manual test run (webhook-test URL) never overwrites the production record.
 * - n8n saves static data to the database right after the activation hooks ran; `webhook()` runs in the main or
 *   webhook process, which loads the workflow, static data included, from the database for every request
 *   (`LiveWebhooks.executeWebhook`). So the secret survives restarts and reaches `webhook()` in queue mode, where
 *   the worker never needs it. It is written only by the hooks, never per event, so the unlocked
 *   read-modify-write of static data cannot lose it.
 * - It is not a guarantee: a workflow imported with its static data stripped, a database restored from an older
 *   backup, or n8n's workflow-publication service serving an older snapshot can leave `webhook()` without it.
 *   The credential's signing secrets are therefore always tried as well, and with neither the trigger refuses
 *   every request (fail closed) instead of accepting unsigned ones.
 * - Static data is stored unencrypted with the workflow; the secret only lets someone forge events to this one
 *   URL, and is removed with the endpoint on deactivation.
 * @see https://github.com/n8n-io/n8n/blob/master/packages/cli/src/webhooks/live-webhooks.ts
 */

/** The endpoints this trigger registered, by webhook URL, in the node's static data. */
export function endpointRecords(staticData: IDataObject): Record<string, EndpointRecord> {
	if (typeof staticData.endpoints !== 'object' || staticData.endpoints === null) staticData.endpoints = {};
	return staticData.endpoints as unknown as Record<string, EndpointRecord>;
}

function hookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) {
		throw new NodeOperationError(context.getNode(), 'n8n did not provide a webhook URL for this trigger.', {
			description: 'Check that WEBHOOK_URL is set to the public address of this n8n instance.',
		});
	}
	return url;
}

function endpointSpec(context: IHookFunctions, url: string, credential: StripeCredential): EndpointSpec {
	const workflow = context.getWorkflow();
	const node = context.getNode();
	const enabledEvents = readEnabledEvents(context);
	if (enabledEvents.length === 0) {
		throw new NodeOperationError(node, 'No events are selected.', {
			description: 'Choose at least one event in "Events", e.g. "Invoice: Payment Failed".',
		});
	}
	return {
		url,
		enabledEvents,
		connect: readConnect(context),
		apiVersion: credential.apiVersion,
		description:
			`n8n workflow "${workflow.name ?? workflow.id ?? ''}", node "${node.name}". Managed by n8n-nodes-stripe-chat-channel: removed when the workflow is deactivated.`.slice(
				0,
				5000,
			),
		metadata: { n8n_workflow_id: String(workflow.id ?? '').slice(0, 500), n8n_node: node.name.slice(0, 500) },
	};
}

/** Turns a Stripe or lifecycle failure into an error that says what to do. */
function lifecycleFailure(context: IHookFunctions, error: unknown, doing: string): Error {
	if (error instanceof EndpointConflictError) {
		return new NodeOperationError(context.getNode(), error.message, {
			description: `Delete endpoint ${error.endpointId} in Stripe Dashboard → Developers → Webhooks, or put its signing secret into the credential's Webhook Signing Secrets, or set "Webhook Endpoint in Stripe" to "I Add It in Stripe Myself".`,
		});
	}
	return stripeFailure(context.getNode(), error, {
		failure: `Could not ${doing} the Stripe webhook endpoint`,
		forbidden:
			'The restricted key lacks the permission "Webhook Endpoints: Write". Add it in Developers → API keys, or add the endpoint yourself and choose "I Add It in Stripe Myself".',
		retry: 'Try again.',
	});
}

const isLiveKey = (credential: StripeCredential) => /^(sk|rk)_live_/.test(credential.secretKey);

/**
 * Refuses to activate what cannot work, with what to change: a live key with a webhook URL Stripe does not deliver
 * live events to (plain http, localhost). Checked without calling Stripe, in both endpoint modes.
 */
function assertDeliverableUrl(context: IHookFunctions, url: string, credential: StripeCredential): void {
	const [error] = checkTriggerEndpoint({ liveKey: isLiveKey(credential), url, events: [] }).filter(
		(finding) => finding.level === 'error',
	);
	if (error) throw new NodeOperationError(context.getNode(), error.message, { description: error.fix });
}

/** `checkExists`: true when nothing needs to be created, i.e. manual mode or a current endpoint. */
export async function checkEndpointExists(this: IHookFunctions): Promise<boolean> {
	const url = hookUrl(this);
	const credential = await readStripeCredential(this);
	assertDeliverableUrl(this, url, credential);
	if (readEndpointMode(this) === 'manual') return true;
	const record = endpointRecords(this.getWorkflowStaticData('node'))[url];
	try {
		return await endpointIsCurrent(createStripeClient(credential), record, endpointSpec(this, url, credential));
	} catch (error: unknown) {
		this.logger.error('Stripe Event Trigger: checking the webhook endpoint failed', { url, error: String(error) });
		throw lifecycleFailure(this, error, 'check');
	}
}

/** `create`: registers (or reuses and updates) the endpoint and remembers its id and secret. */
export async function createEndpoint(this: IHookFunctions): Promise<boolean> {
	if (readEndpointMode(this) === 'manual') return true;
	const url = hookUrl(this);
	const credential = await readStripeCredential(this);
	assertDeliverableUrl(this, url, credential);
	const records = endpointRecords(this.getWorkflowStaticData('node'));
	try {
		records[url] = await ensureEndpoint(
			createStripeClient(credential),
			records[url],
			endpointSpec(this, url, credential),
			{
				credentialHasSecrets: credential.signingSecrets.length > 0,
				logger: this.logger,
			},
		);
		this.logger.info(`Stripe Event Trigger: webhook endpoint ${records[url].id} is registered for ${url}`);
		for (const finding of checkTriggerEndpoint({
			liveKey: isLiveKey(credential),
			url,
			endpoint: {
				id: records[url].id,
				url,
				status: 'enabled',
				enabled_events: records[url].enabledEvents,
			},
			events: readEventPatterns(this),
		})) {
			this.logger.warn(`Stripe Event Trigger: ${finding.message}. ${finding.fix}`);
		}
		return true;
	} catch (error: unknown) {
		this.logger.error('Stripe Event Trigger: registering the webhook endpoint failed', { url, error: String(error) });
		throw lifecycleFailure(this, error, 'register');
	}
}

/**
 * `delete`: removes the endpoint this trigger registered, whatever the mode is now (the user may have switched to
 * manual since). Failures are logged and thrown; the record is kept so the next activation finds the endpoint.
 */
export async function deleteEndpoint(this: IHookFunctions): Promise<boolean> {
	const url = hookUrl(this);
	const records = endpointRecords(this.getWorkflowStaticData('node'));
	const record = records[url];
	if (!record) return true;
	try {
		const result = await removeEndpoint(createStripeClient(await readStripeCredential(this)), record);
		this.logger.info(`Stripe Event Trigger: webhook endpoint ${record.id} ${result.replace('_', ' ')}`);
		delete records[url];
		return true;
	} catch (error: unknown) {
		this.logger.error(`Stripe Event Trigger: deleting webhook endpoint ${record.id} failed`, {
			url,
			error: String(error),
		});
		throw lifecycleFailure(this, error, 'delete');
	}
}
