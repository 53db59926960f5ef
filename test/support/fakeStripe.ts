import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import Stripe from 'stripe';

import { ALL_EVENTS, isKnownEventType, matchesEventPattern } from '../../src/core/stripeEventTypes';

/**
 * A small local Stripe API for tests: node:http on 127.0.0.1 with an ephemeral port, driven by the real `stripe`
 * client (`host`, `port`, `protocol: 'http'`). It records every request, parses form bodies the way Stripe does
 * (`enabled_events[0]=...`, `metadata[key]=...`), answers errors in Stripe's shape, replays `Idempotency-Key`s,
 * and can be told to fail the next requests with 429 or 500.
 *
 * Routes are registered with `route(method, '/v1/things/:id', handler)`; `webhook_endpoints` is built in and
 * other tests add invoices, refunds, ... the same way. State lives in plain maps on `state`.
 * @see https://docs.stripe.com/api/errors
 * @see https://docs.stripe.com/api/idempotent_requests
 */

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

export interface FakeRequest {
	method: string;
	path: string;
	params: Record<string, string>;
	query: FormObject;
	body: FormObject;
	rawBody: string;
	headers: http.IncomingHttpHeaders;
}

export interface FakeResponse {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export type FakeHandler = (request: FakeRequest, stripe: FakeStripe) => FakeResponse | Promise<FakeResponse>;

export interface RecordedRequest {
	method: string;
	path: string;
	query: FormObject;
	body: FormObject;
	headers: http.IncomingHttpHeaders;
	status: number;
}

export interface FakeWebhookEndpoint {
	id: string;
	object: 'webhook_endpoint';
	api_version: string | null;
	application: null;
	created: number;
	description: string | null;
	enabled_events: string[];
	livemode: boolean;
	metadata: Record<string, string>;
	status: 'enabled' | 'disabled';
	url: string;
}

/** What the fake knows about an endpoint beyond what Stripe returns (Stripe never shows `secret` or `connect` again). */
export interface StoredWebhookEndpoint {
	endpoint: FakeWebhookEndpoint;
	secret: string;
	connect: boolean;
	account?: string;
}

/** A Stripe event as the fake holds it: the payload, and the endpoints that have not received it yet. */
export interface StoredEvent {
	event: Record<string, unknown> & { id: string; type: string; created: number };
	/** Position in arrival order, to list events created in the same second newest first like Stripe. */
	sequence: number;
	/** Endpoint ids still owed a successful delivery (`pending_webhooks` counts them). */
	pending: Set<string>;
	/** Endpoint ids that answered 2xx. */
	delivered: Set<string>;
}

export interface SendResult {
	delivered: string[];
	failed: Array<{ endpointId: string; status?: number; error?: string }>;
}

const signer = new Stripe('sk_test_fakeStripeSignsDeliveries');

/** Stripe's limit on webhook endpoints per account. */
export const MAX_WEBHOOK_ENDPOINTS = 16;

interface Route {
	method: string;
	pattern: RegExp;
	names: string[];
	handler: FakeHandler;
}

interface InjectedFailure {
	remaining: number;
	status: number;
	headers: Record<string, string>;
	only?: { method: string; path: string };
}

interface InjectedDelay {
	remaining: number;
	ms: number;
	only?: { method: string; path: string };
}

function targets(only: { method: string; path: string } | undefined, method: string, path: string): boolean {
	return !only || (only.method.toUpperCase() === method && only.path === path);
}

/** Stripe's error envelope. */
export function stripeError(
	status: number,
	type: string,
	message: string,
	extra: Record<string, string> = {},
): FakeResponse {
	return { status, body: { error: { type, message, ...extra } } };
}

export function resourceMissing(kind: string, id: string): FakeResponse {
	return stripeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, {
		code: 'resource_missing',
		param: 'id',
		doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
	});
}

function setPath(target: FormObject, keys: string[], value: string): void {
	let cursor: FormObject | FormValue[] = target;
	keys.forEach((key, index) => {
		const last = index === keys.length - 1;
		const nextIsIndex = !last && /^\d+$/.test(keys[index + 1]);
		const container = cursor as Record<string, FormValue>;
		if (last) {
			container[key] = value;
			return;
		}
		if (container[key] === undefined || typeof container[key] === 'string') container[key] = nextIsIndex ? [] : {};
		cursor = container[key] as FormObject | FormValue[];
	});
}

/** Parses `a=1&list[0]=x&meta[key]=v&deep[a][b]=c` into nested objects and arrays, like Stripe's API does. */
export function parseStripeForm(text: string): FormObject {
	const result: FormObject = {};
	for (const [rawKey, value] of new URLSearchParams(text)) {
		const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
		if (!match) {
			result[rawKey] = value;
			continue;
		}
		const nested = [...match[2].matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1]);
		setPath(result, [match[1], ...nested], value);
	}
	return result;
}

function compilePattern(pathPattern: string): { pattern: RegExp; names: string[] } {
	const names: string[] = [];
	const source = pathPattern
		.split('/')
		.map((segment) => {
			if (segment.startsWith(':')) {
				names.push(segment.slice(1));
				return '([^/]+)';
			}
			return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		})
		.join('/');
	return { pattern: new RegExp(`^${source}$`), names };
}

function stringList(value: FormValue | undefined): string[] | undefined {
	if (value === undefined) return undefined;
	if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
	if (typeof value === 'string') return value === '' ? [] : [value];
	return Object.values(value).filter((item): item is string => typeof item === 'string');
}

function stringMap(value: FormValue | undefined): Record<string, string> {
	if (value === undefined || typeof value === 'string' || Array.isArray(value)) return {};
	const result: Record<string, string> = {};
	for (const [key, item] of Object.entries(value)) if (typeof item === 'string') result[key] = item;
	return result;
}

export class FakeStripe {
	/** Every request in arrival order, including failed and replayed ones. */
	readonly requests: RecordedRequest[] = [];

	/** Resource state by kind, then id. Other routes add their own kinds (`invoices`, `refunds`, ...). */
	readonly state = {
		webhookEndpoints: new Map<string, StoredWebhookEndpoint>(),
		other: new Map<string, Map<string, unknown>>(),
	};

	/** Whether the account is in live mode (`livemode` of created objects). */
	livemode = false;

	private readonly routes: Route[] = [];
	private readonly idempotentResponses = new Map<string, FakeResponse>();
	private failure: InjectedFailure | undefined;
	private delay: InjectedDelay | undefined;
	private server: http.Server | undefined;
	private clock = 1_760_000_000;

	constructor() {
		this.registerWebhookEndpoints();
		this.registerEvents();
	}

	/** Registers a handler; later registrations win over earlier ones for the same path. */
	route(method: string, pathPattern: string, handler: FakeHandler): this {
		const { pattern, names } = compilePattern(pathPattern);
		this.routes.unshift({ method: method.toUpperCase(), pattern, names, handler });
		return this;
	}

	/**
	 * Answers the next `count` requests with `status` (429 or 5xx) before any route runs; with `only`, just the
	 * requests to that method and exact path.
	 */
	failNext(
		count: number,
		status: 429 | 500 | 502 | 503,
		options: { headers?: Record<string, string>; only?: { method: string; path: string } } = {},
	): void {
		this.failure = { remaining: count, status, headers: options.headers ?? {}, only: options.only };
	}

	/**
	 * Answers the next `count` requests only after `ms` (a slow Stripe, for time budgets); with `only`, just the
	 * requests to that method and exact path. The wait does not keep the test process alive.
	 */
	answerSlowly(count: number, ms: number, options: { only?: { method: string; path: string } } = {}): void {
		this.delay = { remaining: count, ms, only: options.only };
	}

	/** A collection of objects for routes added by other tests. */
	collection<T>(kind: string): Map<string, T> {
		let map = this.state.other.get(kind);
		if (!map) {
			map = new Map<string, unknown>();
			this.state.other.set(kind, map);
		}
		return map as Map<string, T>;
	}

	/** A Stripe-style id with the given prefix. */
	newId(prefix: string): string {
		return `${prefix}_${randomBytes(12).toString('hex')}`;
	}

	/** Unix seconds, increasing by one on every call so `created` orders objects. */
	tick(): number {
		this.clock += 1;
		return this.clock;
	}

	async start(): Promise<void> {
		this.server = http.createServer((request, response) => void this.handle(request, response));
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (server)
			await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
	}

	get port(): number {
		const address = this.server?.address() as AddressInfo | null | undefined;
		if (!address) throw new Error('FakeStripe is not started');
		return address.port;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Requests to a method and path, e.g. `requestsTo('POST', '/v1/webhook_endpoints')`. */
	requestsTo(method: string, path: string): RecordedRequest[] {
		return this.requests.filter((request) => request.method === method && request.path === path);
	}

	private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const method = (request.method ?? 'GET').toUpperCase();
		const body = parseStripeForm(rawBody);
		const query = parseStripeForm(url.search.slice(1));
		if (this.delay && this.delay.remaining > 0 && targets(this.delay.only, method, url.pathname)) {
			this.delay.remaining -= 1;
			const { ms } = this.delay;
			await new Promise((resolve) => setTimeout(resolve, ms).unref());
		}
		const result = await this.respond(method, url.pathname, query, body, rawBody, request.headers);
		this.requests.push({ method, path: url.pathname, query, body, headers: request.headers, status: result.status });
		response.writeHead(result.status, {
			'content-type': 'application/json',
			'request-id': this.newId('req'),
			...result.headers,
		});
		response.end(JSON.stringify(result.body));
	}

	private async respond(
		method: string,
		path: string,
		query: FormObject,
		body: FormObject,
		rawBody: string,
		headers: http.IncomingHttpHeaders,
	): Promise<FakeResponse> {
		if (this.failure && this.failure.remaining > 0 && targets(this.failure.only, method, path)) {
			this.failure.remaining -= 1;
			const { status, headers: failureHeaders } = this.failure;
			const response =
				status === 429
					? stripeError(429, 'invalid_request_error', 'Too many requests hit the API too quickly.', {
							code: 'rate_limit',
						})
					: stripeError(status, 'api_error', "Something went wrong on Stripe's end.");
			return { ...response, headers: failureHeaders };
		}
		if (!/^Bearer (sk|rk)_(test|live)_\w+$/.test(String(headers.authorization ?? ''))) {
			return stripeError(401, 'invalid_request_error', 'Invalid API Key provided.');
		}
		const idempotencyKey = method === 'POST' ? headers['idempotency-key'] : undefined;
		const replayKey = typeof idempotencyKey === 'string' ? `${headers.authorization} ${idempotencyKey}` : undefined;
		if (replayKey) {
			const first = this.idempotentResponses.get(replayKey);
			if (first) return { ...first, headers: { ...first.headers, 'idempotent-replayed': 'true' } };
		}
		const response = await this.dispatch(method, path, query, body, rawBody, headers);
		// Like Stripe, a result is kept once the request was executed, errors included, but not for 429/5xx.
		if (replayKey && response.status < 500 && response.status !== 429)
			this.idempotentResponses.set(replayKey, response);
		return response;
	}

	private async dispatch(
		method: string,
		path: string,
		query: FormObject,
		body: FormObject,
		rawBody: string,
		headers: http.IncomingHttpHeaders,
	): Promise<FakeResponse> {
		for (const route of this.routes) {
			if (route.method !== method) continue;
			const match = route.pattern.exec(path);
			if (!match) continue;
			const params: Record<string, string> = {};
			route.names.forEach((name, index) => (params[name] = decodeURIComponent(match[index + 1])));
			return await route.handler({ method, path, params, query, body, rawBody, headers }, this);
		}
		return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
	}

	private registerWebhookEndpoints(): void {
		const endpoints = this.state.webhookEndpoints;
		const accountOf = (request: FakeRequest) =>
			typeof request.headers['stripe-account'] === 'string' ? request.headers['stripe-account'] : undefined;
		const visible = (request: FakeRequest) =>
			[...endpoints.values()].filter((stored) => stored.account === accountOf(request));
		const find = (request: FakeRequest) => {
			const stored = endpoints.get(request.params.id);
			return stored && stored.account === accountOf(request) ? stored : undefined;
		};
		const validateEvents = (events: string[] | undefined): FakeResponse | undefined => {
			const invalid = (events ?? []).find((event) => event !== ALL_EVENTS && !isKnownEventType(event));
			return invalid === undefined
				? undefined
				: stripeError(400, 'invalid_request_error', `Invalid enabled_events[]: must be one of ... (got '${invalid}')`, {
						param: 'enabled_events',
					});
		};

		this.route('POST', '/v1/webhook_endpoints', (request) => {
			const url = request.body.url;
			const events = stringList(request.body.enabled_events);
			if (typeof url !== 'string' || url === '') {
				return stripeError(400, 'invalid_request_error', 'Missing required param: url.', { param: 'url' });
			}
			if (!events || events.length === 0) {
				return stripeError(400, 'invalid_request_error', 'Missing required param: enabled_events.', {
					param: 'enabled_events',
				});
			}
			const invalid = validateEvents(events);
			if (invalid) return invalid;
			if (visible(request).length >= MAX_WEBHOOK_ENDPOINTS) {
				return stripeError(
					400,
					'invalid_request_error',
					`You have reached the maximum of ${MAX_WEBHOOK_ENDPOINTS} test webhook endpoints.`,
				);
			}
			const endpoint: FakeWebhookEndpoint = {
				id: this.newId('we'),
				object: 'webhook_endpoint',
				api_version: typeof request.body.api_version === 'string' ? request.body.api_version : null,
				application: null,
				created: this.tick(),
				description: typeof request.body.description === 'string' ? request.body.description : null,
				enabled_events: events,
				livemode: this.livemode,
				metadata: stringMap(request.body.metadata),
				status: 'enabled',
				url,
			};
			const secret = `whsec_${randomBytes(24).toString('hex')}`;
			endpoints.set(endpoint.id, {
				endpoint,
				secret,
				connect: request.body.connect === 'true',
				account: accountOf(request),
			});
			return { status: 200, body: { ...endpoint, secret } };
		});

		this.route('GET', '/v1/webhook_endpoints', (request) => {
			const limit = Math.min(Number(request.query.limit ?? 10) || 10, 100);
			const all = visible(request)
				.map((stored) => stored.endpoint)
				.sort((a, b) => b.created - a.created);
			const after = typeof request.query.starting_after === 'string' ? request.query.starting_after : undefined;
			const start = after === undefined ? 0 : all.findIndex((endpoint) => endpoint.id === after) + 1;
			const page = all.slice(start, start + limit);
			return {
				status: 200,
				body: { object: 'list', url: '/v1/webhook_endpoints', has_more: start + limit < all.length, data: page },
			};
		});

		this.route('GET', '/v1/webhook_endpoints/:id', (request) => {
			const stored = find(request);
			return stored ? { status: 200, body: stored.endpoint } : resourceMissing('webhook endpoint', request.params.id);
		});

		this.route('POST', '/v1/webhook_endpoints/:id', (request) => {
			const stored = find(request);
			if (!stored) return resourceMissing('webhook endpoint', request.params.id);
			const events = stringList(request.body.enabled_events);
			const invalid = validateEvents(events);
			if (invalid) return invalid;
			const { endpoint } = stored;
			if (events && events.length > 0) endpoint.enabled_events = events;
			if (typeof request.body.url === 'string') endpoint.url = request.body.url;
			if (typeof request.body.description === 'string') endpoint.description = request.body.description || null;
			if (request.body.disabled !== undefined)
				endpoint.status = request.body.disabled === 'true' ? 'disabled' : 'enabled';
			// Stripe merges metadata; an empty value removes the key.
			for (const [key, value] of Object.entries(stringMap(request.body.metadata))) {
				if (value === '') delete endpoint.metadata[key];
				else endpoint.metadata[key] = value;
			}
			return { status: 200, body: endpoint };
		});

		this.route('DELETE', '/v1/webhook_endpoints/:id', (request) => {
			const stored = find(request);
			if (!stored) return resourceMissing('webhook endpoint', request.params.id);
			endpoints.delete(stored.endpoint.id);
			return { status: 200, body: { id: stored.endpoint.id, object: 'webhook_endpoint', deleted: true } };
		});
	}

	/** Test helper: the endpoints registered for a URL, as Stripe holds them. */
	endpointsFor(url: string): StoredWebhookEndpoint[] {
		return [...this.state.webhookEndpoints.values()].filter((stored) => stored.endpoint.url === url);
	}

	/** Test helper: an endpoint created behind the package's back (in the Dashboard, by another tool). */
	addEndpoint(fields: Partial<FakeWebhookEndpoint> & { url: string }, connect = false): StoredWebhookEndpoint {
		const endpoint: FakeWebhookEndpoint = {
			id: this.newId('we'),
			object: 'webhook_endpoint',
			api_version: null,
			application: null,
			created: this.tick(),
			description: null,
			enabled_events: ['*'],
			livemode: this.livemode,
			metadata: {},
			status: 'enabled',
			...fields,
		};
		const stored = { endpoint, secret: `whsec_${randomBytes(24).toString('hex')}`, connect };
		this.state.webhookEndpoints.set(endpoint.id, stored);
		return stored;
	}

	/** The events the fake holds, in arrival order. */
	get events(): Map<string, StoredEvent> {
		return this.collection<StoredEvent>('events');
	}

	/**
	 * Test helper: records an event as Stripe would after trying to deliver it. `undeliveredTo` lists endpoint ids
	 * (or made-up ones) that have not received it, so it is listed with `delivery_success=false`.
	 */
	addEvent(
		event: Record<string, unknown> & { id: string; type: string; created: number },
		options: { undeliveredTo?: string[] } = {},
	): StoredEvent {
		const stored: StoredEvent = {
			event,
			sequence: this.events.size,
			pending: new Set(options.undeliveredTo ?? []),
			delivered: new Set(),
		};
		this.events.set(event.id, stored);
		return stored;
	}

	/** Test helper: a webhook endpoint of the platform account, as if created at `created` (unix seconds). */
	addWebhookEndpoint(spec: {
		url: string;
		enabledEvents: string[];
		metadata?: Record<string, string>;
		created: number;
	}): FakeWebhookEndpoint {
		const endpoint: FakeWebhookEndpoint = {
			id: this.newId('we'),
			object: 'webhook_endpoint',
			api_version: null,
			application: null,
			created: spec.created,
			description: null,
			enabled_events: spec.enabledEvents,
			livemode: this.livemode,
			metadata: spec.metadata ?? {},
			status: 'enabled',
			url: spec.url,
		};
		this.state.webhookEndpoints.set(endpoint.id, {
			endpoint,
			secret: `whsec_${randomBytes(24).toString('hex')}`,
			connect: false,
			account: undefined,
		});
		return endpoint;
	}

	/** Enabled endpoints of the platform account whose `enabled_events` include the event's type. */
	private endpointsWanting(type: string): StoredWebhookEndpoint[] {
		return [...this.state.webhookEndpoints.values()].filter(
			(stored) =>
				stored.account === undefined &&
				stored.endpoint.status === 'enabled' &&
				stored.endpoint.enabled_events.some((pattern) => matchesEventPattern(pattern, type)),
		);
	}

	private async deliver(
		stored: StoredEvent,
		endpoint: StoredWebhookEndpoint,
	): Promise<SendResult['failed'][number] | undefined> {
		const payload = JSON.stringify(stored.event, null, 2);
		try {
			const response = await fetch(endpoint.endpoint.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json; charset=utf-8',
					'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
					'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret: endpoint.secret }),
				},
				body: payload,
				signal: AbortSignal.timeout(30_000),
			});
			await response.arrayBuffer();
			if (response.status >= 200 && response.status < 300) {
				stored.pending.delete(endpoint.endpoint.id);
				stored.delivered.add(endpoint.endpoint.id);
				return undefined;
			}
			stored.pending.add(endpoint.endpoint.id);
			return { endpointId: endpoint.endpoint.id, status: response.status };
		} catch (error: unknown) {
			stored.pending.add(endpoint.endpoint.id);
			return { endpointId: endpoint.endpoint.id, error: error instanceof Error ? error.message : String(error) };
		}
	}

	/**
	 * Test helper: what Stripe does when an event happens. Records the event, then POSTs it, signed with each
	 * endpoint's secret, to every enabled endpoint that wants its type. An endpoint that does not answer 2xx (n8n
	 * stopped, wrong secret) keeps the event pending, so it is listed with `delivery_success=false`.
	 */
	async sendEvent(event: Record<string, unknown> & { id: string; type: string; created: number }): Promise<SendResult> {
		const stored = this.addEvent(event);
		const result: SendResult = { delivered: [], failed: [] };
		for (const endpoint of this.endpointsWanting(event.type)) {
			const failure = await this.deliver(stored, endpoint);
			if (failure) result.failed.push(failure);
			else result.delivered.push(endpoint.endpoint.id);
		}
		return result;
	}

	/** Test helper: Stripe's retry of every pending delivery (to endpoints that still exist and are enabled). */
	async retryPending(): Promise<SendResult> {
		const result: SendResult = { delivered: [], failed: [] };
		for (const stored of this.events.values()) {
			for (const endpointId of [...stored.pending]) {
				const endpoint = this.state.webhookEndpoints.get(endpointId);
				if (!endpoint || endpoint.endpoint.status !== 'enabled') continue;
				const failure = await this.deliver(stored, endpoint);
				if (failure) result.failed.push(failure);
				else result.delivered.push(endpointId);
			}
		}
		return result;
	}

	private registerEvents(): void {
		const view = (stored: StoredEvent) => ({
			object: 'event',
			livemode: this.livemode,
			...stored.event,
			pending_webhooks: stored.pending.size,
		});
		const numberOf = (value: FormValue | undefined) =>
			typeof value === 'string' && value !== '' ? Number(value) : undefined;

		// Newest first; `delivery_success`, `created` (exact or gt/gte/lt/lte), `type`, `types[]`, cursor paging.
		this.route('GET', '/v1/events', (request) => {
			const { query } = request;
			const limit = Math.min(Math.max(Number(query.limit ?? 10) || 10, 1), 100);
			const created = query.created;
			const range = typeof created === 'object' && !Array.isArray(created) ? created : {};
			const exact = typeof created === 'string' ? Number(created) : undefined;
			const types = stringList(query.types);
			const matches = (stored: StoredEvent) => {
				const at = stored.event.created;
				if (exact !== undefined && at !== exact) return false;
				const gt = numberOf(range.gt);
				const gte = numberOf(range.gte);
				const lt = numberOf(range.lt);
				const lte = numberOf(range.lte);
				if ((gt !== undefined && !(at > gt)) || (gte !== undefined && !(at >= gte))) return false;
				if ((lt !== undefined && !(at < lt)) || (lte !== undefined && !(at <= lte))) return false;
				if (query.delivery_success === 'false' && stored.pending.size === 0) return false;
				if (query.delivery_success === 'true' && stored.pending.size > 0) return false;
				if (typeof query.type === 'string' && !matchesEventPattern(query.type, stored.event.type)) return false;
				if (types && types.length > 0 && !types.includes(stored.event.type)) return false;
				return true;
			};
			const all = [...this.events.values()]
				.filter(matches)
				.sort((a, b) => b.event.created - a.event.created || b.sequence - a.sequence);
			const after = typeof query.starting_after === 'string' ? query.starting_after : undefined;
			const start = after === undefined ? 0 : all.findIndex((stored) => stored.event.id === after) + 1;
			const page = all.slice(start, start + limit);
			return {
				status: 200,
				body: { object: 'list', url: '/v1/events', has_more: start + limit < all.length, data: page.map(view) },
			};
		});

		this.route('GET', '/v1/events/:id', (request) => {
			const stored = this.events.get(request.params.id);
			return stored ? { status: 200, body: view(stored) } : resourceMissing('event', request.params.id);
		});
	}
}
