import type { MetaMessageItem } from '../core/items/metaMessage';
import { answerVerificationHandshake } from '../core/meta/handshake';
import type { MetaChannel } from '../core/meta/webhook';
import { MetaWebhookError, parseMetaWebhook } from '../core/meta/webhook';
import { verifyMetaSignature } from '../core/signatures/meta';
import { SignatureVerificationError } from '../core/signatures/verification';

export type AccountFilter = 'credential' | 'any' | 'list';

export interface DeliveryRequest {
	method: string;
	query: Record<string, unknown>;
	/** Lower-case header names, as n8n gives them. */
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer | undefined;
}

export interface DeliveryConfig {
	appSecret?: string;
	verifyToken?: string;
	channels: MetaChannel[];
	accountFilter: AccountFilter;
	/** With `credential`: the credential's phone number ID / Instagram account ID. With `list`: the IDs typed in. */
	accountIds: Record<MetaChannel, string[]>;
	includeStatuses: boolean;
}

export interface DeliveryOutcome {
	status: number;
	contentType: string;
	body: string;
	/** One per message (and status update, when asked for) that passed the filters; empty when nothing runs. */
	items: MetaMessageItem[];
	/** For the n8n log: why a request was refused or what was left out. Never contains a secret. */
	note?: { level: 'warn' | 'info' | 'error'; message: string };
}

const TEXT = 'text/plain; charset=utf-8';

function refused(status: number, body: string, note: DeliveryOutcome['note']): DeliveryOutcome {
	return { status, contentType: TEXT, body, items: [], note };
}

/**
 * Decides the answer to one request on the trigger's URL and what, if anything, runs:
 * - GET: Meta's verification handshake (the challenge as text when the verify token matches, else 403);
 * - POST: the signature first (fail closed: no App Secret or a bad signature → 401 and nothing runs), then
 *   the body; a verified delivery is always answered 200, even when the filters leave nothing to run, because
 *   any other answer makes Meta send it again for days.
 * De-duplication cannot happen here (no durable store is available to a webhook, and nothing may be kept in
 * memory in queue mode): every verified message is passed on with its `dedupKey` for the "Skip Repeated
 * Messages" step of the Meta Messaging node. The Meta Messaging Trigger's `webhook.ts` gathers the inputs and
 * writes the answer (docs/ARCHITECTURE.md, "Triggers and signatures").
 */
export function decideMetaDelivery(request: DeliveryRequest, config: DeliveryConfig): DeliveryOutcome {
	if (request.method.toUpperCase() === 'GET') {
		const answer = answerVerificationHandshake(request.query, config.verifyToken);
		return {
			status: answer.status,
			contentType: TEXT,
			body: answer.body,
			items: [],
			note: answer.refusedBecause
				? { level: 'warn', message: `verification request refused (${answer.refusedBecause}): ${answer.body}` }
				: { level: 'info', message: 'answered the webhook verification request from Meta' },
		};
	}
	let body: Buffer;
	try {
		body = verifyMetaSignature({
			rawBody: request.rawBody ?? Buffer.alloc(0),
			signatureHeader: request.headers['x-hub-signature-256'],
			appSecret: config.appSecret,
		}).payload;
	} catch (error: unknown) {
		// Anything that goes wrong while checking counts as a failed check: the request is refused (fail closed).
		const reason = error instanceof SignatureVerificationError ? error.reason : 'no_match';
		const message = error instanceof Error ? error.message : String(error);
		return refused(401, `Refused: ${reason}`, {
			level: reason === 'no_secret' ? 'error' : 'warn',
			message: `refused a delivery (${reason}): ${message}`,
		});
	}

	let parsed: ReturnType<typeof parseMetaWebhook>;
	try {
		parsed = parseMetaWebhook(JSON.parse(body.toString('utf8')));
	} catch (error: unknown) {
		// A signed body that is not a WhatsApp or Instagram webhook (the app may also be subscribed to other
		// products) is acknowledged, so Meta does not send it again for days, and logged.
		const message = error instanceof MetaWebhookError ? error.message : `unreadable body (${String(error)})`;
		return {
			status: 200,
			contentType: TEXT,
			body: 'EVENT_RECEIVED',
			items: [],
			note: { level: 'warn', message: `nothing runs: ${message}` },
		};
	}

	const skipped: string[] = [];
	if (!config.channels.includes(parsed.channel)) skipped.push(`${parsed.channel} is not selected in Channels`);
	const accepts = (item: MetaMessageItem) => {
		if (!config.channels.includes(item.channel)) return false;
		if (config.accountFilter === 'any') return true;
		return config.accountIds[item.channel].includes(item.accountId);
	};
	const candidates: MetaMessageItem[] = [...parsed.messages, ...(config.includeStatuses ? parsed.statuses : [])];
	const items = candidates.filter(accepts);
	const otherAccounts = candidates.filter((item) => config.channels.includes(item.channel) && !accepts(item));
	if (otherAccounts.length > 0) {
		const ids = [...new Set(otherAccounts.map((item) => item.accountId))].join(', ');
		const missing =
			config.accountFilter === 'credential' && config.accountIds[parsed.channel].length === 0
				? ` (the credential has no ${parsed.channel === 'whatsapp' ? 'WhatsApp Phone Number ID' : 'Instagram Account ID'})`
				: '';
		skipped.push(
			`${otherAccounts.length} event(s) for account ${ids}, which this trigger does not listen to${missing}`,
		);
	}
	return {
		status: 200,
		contentType: TEXT,
		body: 'EVENT_RECEIVED',
		items,
		note: skipped.length > 0 ? { level: 'info', message: `left out: ${skipped.join('; ')}` } : undefined,
	};
}
