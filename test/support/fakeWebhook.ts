/**
 * A small stand-in for a chat platform's incoming webhook on 127.0.0.1 (Microsoft Teams, Google Chat): records every
 * request with the time it arrived and can misbehave on purpose (the next N requests answer 429 with `Retry-After`,
 * or 5xx). What a successful post answers is the platform's: see fakeTeams.ts and fakeGoogleChat.ts.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedWebhookRequest {
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: Record<string, unknown>;
	receivedAt: number;
	status: number;
	fault?: 'ratelimited' | 'server_error';
}

export interface Answer {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

interface Fault {
	status: number;
	retryAfter?: string;
	remaining: number;
}

export abstract class FakeWebhookServer {
	readonly requests: RecordedWebhookRequest[] = [];
	private server?: Server;
	private faults: Fault[] = [];

	/** The base URL (`http://127.0.0.1:<port>`). */
	baseUrl = '';

	async start(): Promise<this> {
		this.server = createServer((request, response) => void this.handle(request, response));
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server?.closeAllConnections();
			this.server?.close(() => resolve());
		});
	}

	/** The next `count` requests answer 429, with `Retry-After: retryAfter` when given. */
	rateLimitNext(count: number, retryAfter?: string): void {
		this.faults.push({ status: 429, retryAfter, remaining: count });
	}

	/** The next `count` requests answer `status` (5xx by default). */
	failNext(count: number, status = 500): void {
		this.faults.push({ status, remaining: count });
	}

	/** Requests the platform accepted (2xx), in order. */
	get accepted(): RecordedWebhookRequest[] {
		return this.requests.filter((request) => request.status >= 200 && request.status < 300);
	}

	/** What the platform answers an accepted (or refused) post; `undefined` means the path is not a webhook. */
	protected abstract answer(path: string, query: Record<string, string>, body: Record<string, unknown>): Answer;

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const raw = Buffer.concat(chunks).toString('utf8');
		let body: Record<string, unknown> = {};
		try {
			body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
		} catch {
			body = { unparsable: raw };
		}
		const url = new URL(request.url ?? '/', 'http://fake');
		const query = Object.fromEntries(url.searchParams.entries());
		const recorded: RecordedWebhookRequest = {
			path: url.pathname,
			query,
			headers: request.headers,
			body,
			receivedAt: Date.now(),
			status: 0,
		};
		this.requests.push(recorded);
		const fault = this.faults.find((candidate) => candidate.remaining > 0);
		let answer: Answer;
		if (fault) {
			fault.remaining--;
			recorded.fault = fault.status === 429 ? 'ratelimited' : 'server_error';
			answer = {
				status: fault.status,
				body: { error: { code: fault.status, message: fault.status === 429 ? 'Too many requests' : 'Internal error' } },
				headers: fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {},
			};
		} else {
			answer = this.answer(url.pathname, query, body);
		}
		recorded.status = answer.status;
		const text =
			answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
		response.writeHead(answer.status, {
			'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
			...answer.headers,
		});
		response.end(text);
	}
}
