import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import Stripe from 'stripe';

import {
	createStripeClient,
	parseSigningSecrets,
	parseStripeCredential,
	type StripeCredential,
} from '../../src/stripe/client';
import {
	EndpointConflictError,
	endpointIsCurrent,
	ensureEndpoint,
	removeEndpoint,
	type EndpointRecord,
	type EndpointSpec,
} from './endpointLifecycle';
import { checkTriggerEndpoint } from '../../src/core/health/endpoints';
import { handleDelivery, type RelatedObjectReference } from './handleDelivery';
import {
	readConnect,
	readDeliverySettings,
	readEnabledEvents,
	readEndpointMode,
	readEventPatterns,
} from './parameters';
import { rejectedDeliveryItem } from './rejectedDeliveries';

/**
 * The n8n side of the Stripe Event Trigger: webhook lifecycle hooks and the request handler. Decisions live in
 * `endpointLifecycle.ts` and `handleDelivery.ts`; this file reads parameters, credentials and static data, and
 * turns failures into errors a person can act on.
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

const CREDENTIAL_NAME = 'stripeChatChannelApi';
const DOCS_HINT = 'Stripe Dashboard → Developers → Webhooks';

type NodeContext = IHookFunctions | IWebhookFunctions;

function endpointRecords(staticData: IDataObject): Record<string, EndpointRecord> {
	if (typeof staticData.endpoints !== 'object' || staticData.endpoints === null) staticData.endpoints = {};
	return staticData.endpoints as unknown as Record<string, EndpointRecord>;
}

async function readCredential(context: NodeContext): Promise<StripeCredential> {
	const data = await context.getCredentials(CREDENTIAL_NAME);
	try {
		return parseStripeCredential(data);
	} catch (error: unknown) {
		throw new NodeOperationError(context.getNode(), error instanceof Error ? error.message : String(error), {
			description: 'Open the Stripe credential of this trigger and correct the field named above.',
		});
	}
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
function toNodeError(context: IHookFunctions, error: unknown, doing: string): Error {
	const node = context.getNode();
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof EndpointConflictError) {
		return new NodeOperationError(node, error.message, {
			description: `Delete endpoint ${error.endpointId} in ${DOCS_HINT}, or put its signing secret into the credential's Webhook Signing Secrets, or set "Webhook Endpoint in Stripe" to "I Add It in Stripe Myself".`,
		});
	}
	if (error instanceof Stripe.errors.StripeError) {
		const status = error.statusCode;
		let description = `Stripe answered: ${error.message}`;
		if (status === 401) description = 'Stripe did not accept the secret key. Copy it again from Developers → API keys.';
		if (status === 403) {
			description =
				'The restricted key lacks the permission "Webhook Endpoints: Write". Add it in Developers → API keys, or add the endpoint yourself and choose "I Add It in Stripe Myself".';
		}
		if (/maximum of 16/i.test(error.message)) {
			description = `Stripe allows 16 webhook endpoints per account and all are used. Delete unused ones in ${DOCS_HINT}.`;
		}
		return new NodeApiError(node, { message: error.message, code: error.code ?? null } as JsonObject, {
			message: `Could not ${doing} the Stripe webhook endpoint`,
			description,
			httpCode: status === undefined ? undefined : String(status),
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, `Could not ${doing} the Stripe webhook endpoint: ${message}`, {
		description: "Check that n8n can reach the Stripe API (the credential's API Base URL) and try again.",
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
	const credential = await readCredential(this);
	assertDeliverableUrl(this, url, credential);
	if (readEndpointMode(this) === 'manual') return true;
	const record = endpointRecords(this.getWorkflowStaticData('node'))[url];
	try {
		return await endpointIsCurrent(createStripeClient(credential), record, endpointSpec(this, url, credential));
	} catch (error: unknown) {
		this.logger.error('Stripe Event Trigger: checking the webhook endpoint failed', { url, error: String(error) });
		throw toNodeError(this, error, 'check');
	}
}

/** `create`: registers (or reuses and updates) the endpoint and remembers its id and secret. */
export async function createEndpoint(this: IHookFunctions): Promise<boolean> {
	if (readEndpointMode(this) === 'manual') return true;
	const url = hookUrl(this);
	const credential = await readCredential(this);
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
		throw toNodeError(this, error, 'register');
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
		const result = await removeEndpoint(createStripeClient(await readCredential(this)), record);
		this.logger.info(`Stripe Event Trigger: webhook endpoint ${record.id} ${result.replace('_', ' ')}`);
		delete records[url];
		return true;
	} catch (error: unknown) {
		this.logger.error(`Stripe Event Trigger: deleting webhook endpoint ${record.id} failed`, {
			url,
			error: String(error),
		});
		throw toNodeError(this, error, 'delete');
	}
}

function knownSecrets(staticData: IDataObject, credentialSecrets: string[]): string[] {
	const stored = Object.values(endpointRecords(staticData))
		.map((record) => record.secret)
		.filter((secret): secret is string => typeof secret === 'string' && secret !== '');
	return [...new Set([...stored, ...credentialSecrets])];
}

async function readRawBody(context: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = context.getRequestObject();
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') await request.readRawBody();
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

/**
 * `webhook`: verifies and filters one delivery; see handleDelivery.ts for the decisions.
 * The credential is read only when it is needed: in a trigger's webhook, n8n resolves a credential in an expression
 * sandbox of its own, which costs about a third of a delivery's time. A delivery to an endpoint this trigger
 * registered is verified with the endpoint's signing secret kept at registration; the credential's secrets are
 * added when that does not verify (a rotated secret, an endpoint managed by hand) and for the rare paths that need
 * the API key.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	let credentialData: ICredentialDataDecryptedObject | undefined;
	const credential = async (): Promise<ICredentialDataDecryptedObject> =>
		(credentialData ??= await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_NAME));
	const fetchRelatedObject = async (related: RelatedObjectReference) => {
		const stripe = createStripeClient(parseStripeCredential(await credential()), { maxNetworkRetries: 1 });
		if (!/^\/v[12]\//.test(related.url)) throw new Error(`unexpected object URL ${related.url}`);
		return (await stripe.rawRequest('GET', related.url, undefined, {
			...(related.account ? { stripeAccount: related.account } : {}),
		})) as unknown;
	};
	const delivery = {
		rawBody: await readRawBody(this),
		headers: this.getHeaderData() as Record<string, string | string[] | undefined>,
		settings: readDeliverySettings(this),
		fetchRelatedObject,
	};
	const staticData = this.getWorkflowStaticData('node');
	const registeredSecrets = knownSecrets(staticData, []);
	let outcome =
		registeredSecrets.length > 0 ? await handleDelivery({ ...delivery, secrets: registeredSecrets }) : undefined;
	if (!outcome || outcome.action === 'reject') {
		const credentialSecrets = parseSigningSecrets((await credential()).signingSecrets);
		outcome = await handleDelivery({ ...delivery, secrets: knownSecrets(staticData, credentialSecrets) });
	}

	const reportRejections = this.getNodeParameter('rejectedDeliveries', false) === true;
	if (outcome.action === 'reject') {
		const log = outcome.reason === 'no_secret' ? this.logger.error : this.logger.warn;
		log.call(this.logger, `Stripe Event Trigger refused a request (${outcome.reason}): ${outcome.message}`);
		this.getResponseObject().status(outcome.status).json({ received: false, error: outcome.reason });
		const livemode = /^(sk|rk)_live_/.test(String((await credential()).secretKey ?? ''));
		const item = reportRejections ? await rejectedDeliveryItem(this, outcome, livemode) : undefined;
		// Already answered: the workflow runs only for the "Rejected Deliveries" output.
		return item ? { noWebhookResponse: true, workflowData: [[], [item]] } : { noWebhookResponse: true };
	}
	if (outcome.action === 'ignore') {
		return { webhookResponse: { received: true, ignored: outcome.reason } };
	}
	const accepted = [{ json: outcome.output as IDataObject }];
	return { workflowData: reportRejections ? [accepted, []] : [accepted] };
}
