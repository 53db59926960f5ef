/**
 * A scripted OpenAI-compatible chat model on 127.0.0.1: it answers `POST /v1/chat/completions` (plain JSON or a
 * server-sent-event stream) with deterministic tool calls and answers chosen by a script from the conversation it is
 * given, and records every request. n8n's OpenAI Chat Model node reaches it through the credential's Base URL, so
 * an AI Agent runs end to end without any model service.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ChatTool {
	type: 'function';
	function: { name: string; description?: string; parameters?: { properties?: Record<string, unknown> } };
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ChatTool[];
	stream?: boolean;
	[key: string]: unknown;
}

/** What the script wants the model to do next: call a tool with these arguments, or answer with text. */
export type ScriptedTurn = { callTool: { name?: string; arguments: Record<string, unknown> } } | { answer: string };

/** Picks the next turn from the request; `name` defaults to the only (or first) tool offered. */
export type ModelScript = (request: ChatRequest) => ScriptedTurn;

export function textOf(message: ChatMessage | undefined): string {
	if (!message || message.content === null) return '';
	if (typeof message.content === 'string') return message.content;
	return message.content.map((part) => part.text ?? '').join('');
}

export class ScriptedModel {
	readonly requests: ChatRequest[] = [];
	private calls = 0;

	private constructor(
		private readonly server: Server,
		readonly baseUrl: string,
		readonly apiKey: string,
		private readonly script: ModelScript,
	) {}

	static async start(options: { apiKey: string; script: ModelScript }): Promise<ScriptedModel> {
		const ready: { model?: ScriptedModel } = {};
		const server = createServer((request, response) => {
			void ready.model?.handle(request, response);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		ready.model = new ScriptedModel(server, `http://127.0.0.1:${port}/v1`, options.apiKey, options.script);
		return ready.model;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** The requests whose conversation contains this text in a user message. */
	requestsAbout(text: string): ChatRequest[] {
		return this.requests.filter((request) =>
			request.messages.some((message) => message.role === 'user' && textOf(message).includes(text)),
		);
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const send = (status: number, body: unknown) => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
		};
		const url = new URL(request.url ?? '/', this.baseUrl);
		if (request.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
			send(404, { error: { message: `No route ${request.method} ${url.pathname}`, type: 'invalid_request_error' } });
			return;
		}
		if (request.headers.authorization !== `Bearer ${this.apiKey}`) {
			send(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
			return;
		}
		let body: ChatRequest;
		try {
			body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
		} catch {
			send(400, { error: { message: 'Body is not JSON', type: 'invalid_request_error' } });
			return;
		}
		this.requests.push(body);
		let turn: ScriptedTurn;
		try {
			turn = this.script(body);
		} catch (error: unknown) {
			send(500, { error: { message: `script failed: ${String(error)}`, type: 'server_error' } });
			return;
		}
		this.calls += 1;
		const id = `chatcmpl-scripted-${this.calls}`;
		const message: ChatMessage =
			'answer' in turn
				? { role: 'assistant', content: turn.answer }
				: {
						role: 'assistant',
						content: null,
						tool_calls: [
							{
								id: `call_scripted_${this.calls}`,
								type: 'function',
								function: {
									name: turn.callTool.name ?? body.tools?.[0]?.function.name ?? 'missing_tool',
									arguments: JSON.stringify(turn.callTool.arguments),
								},
							},
						],
					};
		const finishReason = 'answer' in turn ? 'stop' : 'tool_calls';
		const created = Math.floor(Date.now() / 1000);
		const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
		if (body.stream) {
			response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			const chunk = (delta: object, finish: string | null) =>
				`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
			const delta = message.tool_calls
				? { role: 'assistant', tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })) }
				: { role: 'assistant', content: message.content };
			response.write(chunk(delta, null));
			response.write(chunk({}, finishReason));
			response.end('data: [DONE]\n\n');
			return;
		}
		send(200, {
			id,
			object: 'chat.completion',
			created,
			model: body.model,
			choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
			usage,
		});
	}
}
