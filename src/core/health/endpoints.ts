import { ALL_EVENTS, matchesEventPattern } from '../stripeEventTypes';
import type { Severity } from '../types';

/**
 * What can be wrong with an account's webhook endpoints, decided from `GET /v1/webhook_endpoints` alone. Stripe
 * sends no event when it disables an endpoint (it e-mails, days after deliveries began to fail), so the only way
 * to know is to look.
 * @see https://docs.stripe.com/api/webhook_endpoints/object
 * @see https://docs.stripe.com/webhooks#disable-an-endpoint
 */

/** The fields of a Stripe webhook endpoint this file reads. */
export interface EndpointView {
	id: string;
	url: string;
	status: string;
	enabled_events: string[];
	api_version?: string | null;
	livemode?: boolean;
	metadata?: Record<string, string> | null;
}

export type EndpointProblemKind =
	| 'endpoint_disabled'
	| 'insecure_url'
	| 'foreign_url'
	| 'api_version_far'
	| 'endpoint_cap'
	| 'events_missing';

export interface EndpointProblem {
	kind: EndpointProblemKind;
	severity: Severity;
	/** Stable while the problem lasts, so it is reported once per incident (e.g. `endpoint_disabled:we_123`). */
	incident: string;
	endpointId?: string;
	url?: string;
	/** What is wrong, in one sentence without the time (the message adds it). */
	text: string;
	/** What to change. */
	fix: string;
}

/** Stripe's limit on webhook endpoints per account. */
export const MAX_WEBHOOK_ENDPOINTS = 16;
/** From this many endpoints on, a new workflow may soon fail to register its own. */
export const ENDPOINT_CAP_WARNING = 14;
/** API versions further apart than this change payload shapes enough to break rules and expressions. */
export const API_VERSION_FAR_DAYS = 365;

/** Marks endpoints the Stripe Event Trigger registered (`metadata.managed_by`). */
export const ENDPOINT_MANAGER = 'n8n-nodes-stripe-chat-channel';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

export interface DiagnoseOptions {
	/** Whether the credential holds a live-mode key (`sk_live_`/`rk_live_`). */
	liveKey: boolean;
	/** This n8n's public webhook base, e.g. `https://n8n.example.com/webhook/`; undefined skips that check. */
	webhookBaseUrl?: string;
	/** The API version the credential pins, or the SDK's version when none is pinned. */
	apiVersion?: string;
}

/** `…/<last two path segments>`: short enough for a headline, still tells the endpoints of one n8n apart. */
export function shortEndpointUrl(url: string): string {
	if (!URL.canParse(url)) return url;
	const segments = new URL(url).pathname.split('/').filter((segment) => segment !== '');
	return segments.length === 0 ? new URL(url).host : `…/${segments.slice(-2).join('/')}`;
}

function versionDate(version: string | null | undefined): number | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(version ?? '');
	return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
}

/** Whole days between two Stripe API versions (`2025-03-31.basil`), or undefined when one is not a version. */
export function apiVersionDistanceDays(a: string | null | undefined, b: string | null | undefined): number | undefined {
	const left = versionDate(a);
	const right = versionDate(b);
	return left === undefined || right === undefined ? undefined : Math.round(Math.abs(left - right) / 86_400_000);
}

function isManaged(endpoint: EndpointView): boolean {
	return endpoint.metadata?.managed_by === ENDPOINT_MANAGER;
}

function isUnder(url: string, base: string): boolean {
	if (!URL.canParse(url) || !URL.canParse(base)) return false;
	const target = new URL(url);
	const prefix = new URL(base);
	const path = prefix.pathname.endsWith('/') ? prefix.pathname : `${prefix.pathname}/`;
	return target.origin === prefix.origin && target.pathname.startsWith(path);
}

/**
 * Problems of each endpoint and of the account as a whole, most severe first. Checks: disabled (every endpoint:
 * a disabled endpoint loses events, whoever made it); plain `http://` or a local address with a live key (Stripe
 * refuses to deliver live events there); an endpoint registered by this package that points outside this n8n's
 * webhook address; an API version more than a year from the credential's; 14 or more of Stripe's 16 endpoints used.
 */
export function diagnoseEndpoints(endpoints: readonly EndpointView[], options: DiagnoseOptions): EndpointProblem[] {
	const problems: EndpointProblem[] = [];
	for (const endpoint of endpoints) {
		const short = shortEndpointUrl(endpoint.url);
		const base = { endpointId: endpoint.id, url: endpoint.url };
		if (endpoint.status === 'disabled') {
			problems.push({
				...base,
				kind: 'endpoint_disabled',
				severity: 'critical',
				incident: `endpoint_disabled:${endpoint.id}`,
				text: `Stripe disabled the webhook endpoint ${short}: events for it are no longer sent`,
				fix: 'Fix what made deliveries fail (is n8n reachable, is the workflow published, does the signing secret match?), then enable the endpoint in Stripe Dashboard → Developers → Webhooks, or deactivate and publish its workflow again.',
			});
		}
		const host = URL.canParse(endpoint.url) ? new URL(endpoint.url).hostname : '';
		const plainHttp = endpoint.url.toLowerCase().startsWith('http://');
		if (options.liveKey && (plainHttp || LOOPBACK.test(host))) {
			problems.push({
				...base,
				kind: 'insecure_url',
				severity: 'critical',
				incident: `insecure_url:${endpoint.id}`,
				text: `The webhook endpoint ${short} ${plainHttp ? 'uses plain http://' : 'points at this computer (localhost)'}: Stripe does not deliver live events there`,
				fix: 'Give n8n a public https:// address (set WEBHOOK_URL), then deactivate and publish the workflow so the endpoint is registered again.',
			});
		}
		if (options.webhookBaseUrl && isManaged(endpoint) && !isUnder(endpoint.url, options.webhookBaseUrl)) {
			problems.push({
				...base,
				kind: 'foreign_url',
				severity: 'warning',
				incident: `foreign_url:${endpoint.id}`,
				text: `The webhook endpoint ${short} was registered by n8n but does not point at this n8n (${options.webhookBaseUrl})`,
				fix: 'If this n8n moved, deactivate and publish its workflows again; if the endpoint belongs to another n8n (e.g. staging), nothing to do.',
			});
		}
		const distance = apiVersionDistanceDays(endpoint.api_version, options.apiVersion);
		if (distance !== undefined && distance > API_VERSION_FAR_DAYS) {
			problems.push({
				...base,
				kind: 'api_version_far',
				severity: 'warning',
				incident: `api_version_far:${endpoint.id}:${endpoint.api_version}`,
				text: `The webhook endpoint ${short} sends events in API version ${endpoint.api_version}, ${Math.round(distance / 30)} months from the credential's ${options.apiVersion}: fields may be missing or moved`,
				fix: "Set the credential's API Version to the endpoint's, or let the trigger register a new endpoint (deactivate and publish the workflow).",
			});
		}
	}
	if (endpoints.length >= ENDPOINT_CAP_WARNING) {
		problems.push({
			kind: 'endpoint_cap',
			severity: endpoints.length >= MAX_WEBHOOK_ENDPOINTS ? 'critical' : 'warning',
			incident: `endpoint_cap:${endpoints.length >= MAX_WEBHOOK_ENDPOINTS ? 'full' : 'near'}`,
			text: `${endpoints.length} of Stripe's ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints are used${endpoints.length >= MAX_WEBHOOK_ENDPOINTS ? ': a newly published workflow cannot register its endpoint' : ''}`,
			fix: 'Delete endpoints nobody uses in Stripe Dashboard → Developers → Webhooks.',
		});
	}
	const rank: Record<Severity, number> = { critical: 0, warning: 1, info: 2, success: 3 };
	return problems.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/** Event patterns of a trigger that the endpoint's `enabled_events` do not cover (Stripe never sends those). */
export function uncoveredEventPatterns(enabledEvents: readonly string[], wanted: readonly string[]): string[] {
	if (enabledEvents.includes(ALL_EVENTS)) return [];
	return wanted.filter((pattern) => {
		if (pattern === ALL_EVENTS) return true;
		if (pattern.endsWith('.*')) return !enabledEvents.some((enabled) => matchesEventPattern(pattern, enabled));
		return !enabledEvents.includes(pattern);
	});
}

export interface ActivationCheckInput {
	liveKey: boolean;
	/** The trigger's production webhook URL. */
	url: string;
	/** The endpoint found for the URL in Stripe, if any. */
	endpoint?: EndpointView;
	/** The trigger's Events (patterns). */
	events: readonly string[];
}

export interface ActivationFinding {
	/** `error` stops the activation; `warning` is logged and the workflow runs. */
	level: 'error' | 'warning';
	message: string;
	fix: string;
}

/**
 * What a Stripe Event Trigger should say when it registers or finds its endpoint, instead of a silent success: a
 * live key with a webhook URL Stripe will not deliver to, a disabled endpoint, enabled events that miss some of the
 * trigger's events.
 */
export function checkTriggerEndpoint(input: ActivationCheckInput): ActivationFinding[] {
	const findings: ActivationFinding[] = [];
	const host = URL.canParse(input.url) ? new URL(input.url).hostname : '';
	if (input.liveKey && (!input.url.toLowerCase().startsWith('https://') || LOOPBACK.test(host))) {
		findings.push({
			level: 'error',
			message: `Stripe does not send live events to ${input.url}: it needs a public https:// address`,
			fix: 'Set WEBHOOK_URL to the public https:// address of this n8n (and restart n8n), or use a test-mode key (sk_test_…) while n8n is only reachable locally.',
		});
	}
	if (input.endpoint?.status === 'disabled') {
		findings.push({
			level: 'error',
			message: `The Stripe webhook endpoint ${input.endpoint.id} for this workflow is disabled: Stripe sends it nothing`,
			fix: 'Enable it in Stripe Dashboard → Developers → Webhooks (after fixing why deliveries failed), or delete it there and publish again.',
		});
	}
	if (input.endpoint) {
		const missing = uncoveredEventPatterns(input.endpoint.enabled_events, input.events);
		if (missing.length > 0) {
			findings.push({
				level: 'warning',
				message: `The Stripe webhook endpoint ${input.endpoint.id} does not send ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}, which this trigger waits for`,
				fix: "Add these events to the endpoint in Stripe Dashboard → Developers → Webhooks, or remove them from the trigger's Events.",
			});
		}
	}
	return findings;
}
