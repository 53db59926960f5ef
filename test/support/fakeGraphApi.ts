/**
 * A small stand-in for Meta's Graph API on 127.0.0.1 (ephemeral port). It accepts messages at
 * `POST /{version}/{sender id}/messages` for known WhatsApp phone number IDs and Instagram account IDs, answers
 * the way Meta does (`messages[0].id` = `wamid.…` for WhatsApp, `message_id` for Instagram), answers `GET
 * /{version}/me`, checks the bearer token (error 190 otherwise), records every request, and can misbehave on
 * purpose: HTTP 429 / 5xx (with or without `Retry-After`) or a Graph error object such as 131047 for the next
 * calls.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphRequest {
	method: string;
	path: string;
	version: string;
	/** The `{id}` in `/{version}/{id}/messages`. */
	senderId?: string;
	authorization?: string;
	body?: Record<string, unknown>;
	/** What the fake answered. */
	status: number;
}

export interface GraphFault {
	status: number;
	/** Seconds for the `Retry-After` header. */
	retryAfter?: number;
	/** A Graph error object to answer with (`{error: …}`). */
	error?: { code: number; error_subcode?: number; message: string; type?: string };
}

export interface FakeGraphApiOptions {
	accessToken?: string;
	phoneNumberIds?: string[];
	instagramAccountIds?: string[];
}

export class FakeGraphApi {
	readonly requests: GraphRequest[] = [];
	private readonly faults: GraphFault[] = [];
	private counter = 0;

	private readonly server: Server;
	private readonly options: Required<FakeGraphApiOptions>;
	/** Base URL with version, e.g. `http://127.0.0.1:12345/v25.0`: the credential's Graph API Base URL. */
	baseUrl = '';

	private constructor(options: FakeGraphApiOptions) {
		this.options = {
			accessToken: options.accessToken ?? 'EAAG-test-access-token',
			phoneNumberIds: options.phoneNumberIds ?? ['106540352242922'],
			instagramAccountIds: options.instagramAccountIds ?? ['17841405822304914'],
		};
		this.server = createServer((request, response) => {
			void this.handle(request, response);
		});
	}

	static async start(options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
		const fake = new FakeGraphApi(options);
		await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
		const { port } = fake.server.address() as AddressInfo;
		fake.baseUrl = `http://127.0.0.1:${port}/v25.0`;
		return fake;
	}

	/** The next calls meet these faults in order, one each. */
	failNext(...faults: GraphFault[]): void {
		this.faults.push(...faults);
	}

	/** Messages accepted (answered 200), in order. */
	get sentMessages(): GraphRequest[] {
		return this.requests.filter((request) => request.senderId !== undefined && request.status === 200);
	}

	reset(): void {
		this.requests.length = 0;
		this.faults.length = 0;
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		const [version = '', id, edge] = url.pathname.split('/').filter(Boolean);
		const recorded: GraphRequest = {
			method: request.method ?? 'GET',
			path: url.pathname,
			version,
			senderId: edge === 'messages' ? id : undefined,
			authorization: request.headers.authorization,
			body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
			status: 200,
		};
		this.requests.push(recorded);
		const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
			recorded.status = status;
			response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
			response.end(JSON.stringify(body));
		};

		const fault = this.faults.shift();
		if (fault) {
			answer(
				fault.status,
				{
					error: {
						type: 'OAuthException',
						fbtrace_id: 'AbCdEf123',
						...(fault.error ?? { code: 1, message: 'An unknown error occurred' }),
					},
				},
				fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) },
			);
			return;
		}
		if (request.headers.authorization !== `Bearer ${this.options.accessToken}`) {
			answer(401, {
				error: {
					message: 'Invalid OAuth access token - Cannot parse access token',
					type: 'OAuthException',
					code: 190,
					fbtrace_id: 'Tr4ce',
				},
			});
			return;
		}
		if (request.method === 'GET' && id === 'me' && edge === undefined) {
			answer(200, { id: '1234567890', name: 'Test System User' });
			return;
		}
		if (request.method !== 'POST' || edge !== 'messages' || !id) {
			answer(400, { error: { message: 'Unknown path components', type: 'OAuthException', code: 2500 } });
			return;
		}
		const body = recorded.body ?? {};
		this.counter++;
		if (this.options.phoneNumberIds.includes(id) && body.messaging_product === 'whatsapp') {
			answer(200, {
				messaging_product: 'whatsapp',
				contacts: [{ input: body.to, wa_id: body.to }],
				messages: [{ id: `wamid.FAKE${this.counter}` }],
			});
			return;
		}
		if (this.options.instagramAccountIds.includes(id) && body.messaging_product === undefined) {
			const recipient = body.recipient as { id?: string } | undefined;
			answer(200, { recipient_id: recipient?.id, message_id: `aWdfZAFAKE${this.counter}` });
			return;
		}
		answer(400, {
			error: {
				message: `Unsupported post request. Object with ID '${id}' does not exist`,
				type: 'GraphMethodException',
				code: 100,
				error_subcode: 33,
			},
		});
	}
}
