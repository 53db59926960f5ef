/**
 * A Microsoft Teams incoming webhook on 127.0.0.1: a Workflows "When a Teams webhook request is received" trigger
 * (answers 202 Accepted, no body) or, with `legacy: true`, an Office 365 connector (answers 200 `1`). Its URL has
 * the shape of a real one, with a key in it, so tests can check the key never leaks. It keeps the cards it accepted.
 */
import { FakeWebhookServer } from './fakeWebhook';
import type { Answer } from './fakeWebhook';

export const TEAMS_WEBHOOK_KEY = 'sig=Teams0Secret0Signature0Value';
const WEBHOOK_PATH = '/workflows/6d1f0c2a/triggers/manual/paths/invoke';

export class FakeTeams extends FakeWebhookServer {
	constructor(private readonly options: { legacy?: boolean } = {}) {
		super();
	}

	/** The webhook URL to put in the credential. */
	get webhookUrl(): string {
		return `${this.baseUrl}${WEBHOOK_PATH}?api-version=2016-06-01&${TEAMS_WEBHOOK_KEY}`;
	}

	/** The Adaptive Cards posted, in order. */
	get cards(): Array<Record<string, unknown>> {
		return this.accepted.map(
			(request) => (request.body.attachments as Array<{ content: Record<string, unknown> }>)[0].content,
		);
	}

	protected answer(path: string, query: Record<string, string>, body: Record<string, unknown>): Answer {
		if (path !== WEBHOOK_PATH || `sig=${query.sig}` !== TEAMS_WEBHOOK_KEY) {
			return { status: 404, body: { error: { code: 'TriggerNotFound', message: 'The workflow was not found.' } } };
		}
		const attachments = body.attachments as Array<{ contentType?: string }> | undefined;
		if (body.type !== 'message' || attachments?.[0]?.contentType !== 'application/vnd.microsoft.card.adaptive') {
			return {
				status: 400,
				body: { error: { code: 'InvalidTemplate', message: 'attachments is not an Adaptive Card' } },
			};
		}
		if (Buffer.byteLength(JSON.stringify(body)) > 28 * 1024) return { status: 413, body: 'Payload too large' };
		return this.options.legacy ? { status: 200, body: '1' } : { status: 202 };
	}
}
