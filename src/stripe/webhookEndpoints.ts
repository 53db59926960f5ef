import type Stripe from 'stripe';

import { isResourceMissing } from '../../src/stripe/client';

/**
 * The Stripe webhook endpoint behind an automatic Stripe Event Trigger: find, create, update and delete it with
 * the official client, without n8n. The node keeps an {@link EndpointRecord} per webhook URL in its static data.
 *
 * Rules that keep Stripe's 16-endpoint cap out of reach and verification working:
 * - one endpoint per URL: an existing endpoint for the URL is reused and updated, never duplicated;
 * - an endpoint this package created is marked in `metadata.managed_by`; when its secret is not known (Stripe
 *   shows a secret only once, at creation) or a field Stripe cannot update changed (`connect`, `api_version`),
 *   it is replaced, so the trigger always knows the secret of an endpoint it manages;
 * - an endpoint someone else created is reused only when the credential holds signing secrets, and is never
 *   deleted by the trigger.
 * @see https://docs.stripe.com/api/webhook_endpoints
 */

export const ENDPOINT_MANAGER = 'n8n-nodes-stripe-chat-channel';

export interface EndpointSpec {
	url: string;
	/** Exact event types or `*` (wildcards already expanded). */
	enabledEvents: string[];
	connect: boolean;
	apiVersion?: string;
	description: string;
	/** Extra metadata, e.g. the workflow id; `managed_by` and `connect` are added. */
	metadata: Record<string, string>;
}

/** What the trigger remembers about its endpoint (JSON, kept in the node's static data). */
export interface EndpointRecord {
	id: string;
	url: string;
	/** The signing secret, known only for endpoints this package created. */
	secret?: string;
	enabledEvents: string[];
	connect: boolean;
	apiVersion?: string;
	/** Whether this package created the endpoint (and may delete it). */
	owned: boolean;
}

export interface LifecycleLogger {
	info(message: string, meta?: Record<string, unknown>): void;
	warn(message: string, meta?: Record<string, unknown>): void;
}

export class EndpointConflictError extends Error {
	readonly endpointId: string;

	constructor(endpointId: string) {
		super(
			`Stripe already has a webhook endpoint (${endpointId}) for this workflow's URL that was not created by this node, and its signing secret is unknown.`,
		);
		this.name = 'EndpointConflictError';
		this.endpointId = endpointId;
	}
}

type EnabledEvent = Stripe.WebhookEndpointCreateParams.EnabledEvent;
type ApiVersion = Stripe.WebhookEndpointCreateParams['api_version'];

function sameEvents(a: readonly string[], b: readonly string[]): boolean {
	const left = [...new Set(a)].sort();
	const right = [...new Set(b)].sort();
	return left.length === right.length && left.every((value, index) => value === right[index]);
}

function metadataFor(spec: EndpointSpec): Record<string, string> {
	return { ...spec.metadata, managed_by: ENDPOINT_MANAGER, connect: String(spec.connect) };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error: unknown) {
		return { ok: false, error };
	}
}

/** Runs a call whose "no such endpoint" answer is an expected outcome (`undefined`); other errors are thrown. */
async function unlessMissing<T>(promise: Promise<T>): Promise<T | undefined> {
	const result = await settle(promise);
	if (result.ok) return result.value;
	if (isResourceMissing(result.error)) return undefined;
	throw result.error;
}

async function retrieveOrUndefined(stripe: Stripe, id: string): Promise<Stripe.WebhookEndpoint | undefined> {
	return await unlessMissing(stripe.webhookEndpoints.retrieve(id));
}

async function endpointsWithUrl(stripe: Stripe, url: string): Promise<Stripe.WebhookEndpoint[]> {
	const found: Stripe.WebhookEndpoint[] = [];
	for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) {
		if (endpoint.url === url) found.push(endpoint);
	}
	return found;
}

function isOwned(endpoint: Stripe.WebhookEndpoint): boolean {
	return endpoint.metadata?.managed_by === ENDPOINT_MANAGER;
}

/**
 * Whether the recorded endpoint still exists in Stripe, is enabled, and matches what the node asks for. `false`
 * makes n8n call `create`, which repairs or replaces it.
 */
export async function endpointIsCurrent(
	stripe: Stripe,
	record: EndpointRecord | undefined,
	spec: EndpointSpec,
): Promise<boolean> {
	if (!record) return false;
	if (record.owned && !record.secret) return false;
	if (record.connect !== spec.connect || (record.apiVersion ?? null) !== (spec.apiVersion ?? null)) return false;
	const endpoint = await retrieveOrUndefined(stripe, record.id);
	return (
		endpoint !== undefined &&
		endpoint.url === spec.url &&
		endpoint.status === 'enabled' &&
		sameEvents(endpoint.enabled_events, spec.enabledEvents)
	);
}

async function createEndpoint(stripe: Stripe, spec: EndpointSpec): Promise<EndpointRecord> {
	const endpoint = await stripe.webhookEndpoints.create({
		url: spec.url,
		enabled_events: spec.enabledEvents as EnabledEvent[],
		connect: spec.connect,
		description: spec.description,
		metadata: metadataFor(spec),
		...(spec.apiVersion ? { api_version: spec.apiVersion as ApiVersion } : {}),
	});
	if (!endpoint.secret) {
		throw new Error(`Stripe created webhook endpoint ${endpoint.id} but returned no signing secret.`);
	}
	return {
		id: endpoint.id,
		url: spec.url,
		secret: endpoint.secret,
		enabledEvents: [...spec.enabledEvents],
		connect: spec.connect,
		apiVersion: spec.apiVersion,
		owned: true,
	};
}

async function deleteIfPresent(stripe: Stripe, id: string): Promise<void> {
	await unlessMissing(stripe.webhookEndpoints.del(id));
}

/**
 * Makes Stripe hold exactly one endpoint for `spec.url` that matches `spec`, and returns what to remember.
 * @throws EndpointConflictError when a foreign endpoint has the URL and the credential holds no signing secret.
 */
export async function ensureEndpoint(
	stripe: Stripe,
	record: EndpointRecord | undefined,
	spec: EndpointSpec,
	options: { credentialHasSecrets: boolean; logger: LifecycleLogger },
): Promise<EndpointRecord> {
	const { logger } = options;
	const recorded = record ? await retrieveOrUndefined(stripe, record.id) : undefined;
	const sameUrl = recorded?.url === spec.url ? [recorded] : await endpointsWithUrl(stripe, spec.url);
	const owned = sameUrl.filter(isOwned);
	const candidate = owned.find((endpoint) => endpoint.id === record?.id) ?? owned[0] ?? sameUrl[0];

	// Duplicates left behind by earlier versions or crashed activations count against the 16-endpoint cap.
	for (const extra of owned.filter((endpoint) => endpoint !== candidate)) {
		logger.warn(`Deleting duplicate Stripe webhook endpoint ${extra.id} for ${spec.url}`);
		await deleteIfPresent(stripe, extra.id);
	}

	if (!candidate) return await createEndpoint(stripe, spec);
	if (candidate.status === 'disabled') {
		logger.warn(
			`Stripe had disabled webhook endpoint ${candidate.id} for ${spec.url} (deliveries failed for days); enabling it again. Events Stripe could not deliver meanwhile are recovered by a Stripe Webhook Health trigger with "Output Missed Events" in this workflow.`,
		);
	}

	if (isOwned(candidate)) {
		const knownSecret = record?.id === candidate.id ? record.secret : undefined;
		const immutableChanged =
			candidate.metadata?.connect !== String(spec.connect) ||
			(candidate.api_version ?? null) !== (spec.apiVersion ?? null);
		if (!knownSecret || immutableChanged) {
			logger.info(
				`Replacing Stripe webhook endpoint ${candidate.id}: ${knownSecret ? 'connect or API version changed' : 'its signing secret is not known here'}`,
			);
			await deleteIfPresent(stripe, candidate.id);
			return await createEndpoint(stripe, spec);
		}
		await stripe.webhookEndpoints.update(candidate.id, {
			enabled_events: spec.enabledEvents as EnabledEvent[],
			description: spec.description,
			metadata: metadataFor(spec),
			disabled: false,
		});
		return {
			id: candidate.id,
			url: spec.url,
			secret: knownSecret,
			enabledEvents: [...spec.enabledEvents],
			connect: spec.connect,
			apiVersion: spec.apiVersion,
			owned: true,
		};
	}

	if (!options.credentialHasSecrets) throw new EndpointConflictError(candidate.id);
	logger.info(`Reusing Stripe webhook endpoint ${candidate.id}, created outside n8n, for ${spec.url}`);
	await stripe.webhookEndpoints.update(candidate.id, {
		enabled_events: spec.enabledEvents as EnabledEvent[],
		disabled: false,
	});
	return {
		id: candidate.id,
		url: spec.url,
		enabledEvents: [...spec.enabledEvents],
		connect: spec.connect,
		apiVersion: spec.apiVersion,
		owned: false,
	};
}

export type RemovalResult = 'deleted' | 'already_gone' | 'left_in_place';

/**
 * Deletes the endpoint when this package created it. Errors other than "already gone" are thrown, so the caller
 * can log and report them; the record should then be kept, so a later activation finds the endpoint again.
 */
export async function removeEndpoint(stripe: Stripe, record: EndpointRecord): Promise<RemovalResult> {
	if (!record.owned) return 'left_in_place';
	const deleted = await unlessMissing(stripe.webhookEndpoints.del(record.id));
	return deleted === undefined ? 'already_gone' : 'deleted';
}
