import { grantsNothing, isGranted } from '../core/access';
import type { AccessRule } from '../core/access';
import { ACTION_DESCRIPTIONS } from '../core/actions';
import { isCompactActionValue, verifyCompactActionValue } from '../core/compactActionValue';
import type { ChatItem } from '../core/items/chatInteraction';
import { verifyTelegramRequest } from '../core/signatures/telegram';
import { TELEGRAM_LIMITS } from '../platforms/telegram/limits';
import { parseTelegramUpdate } from '../platforms/telegram/callback';
import type { TelegramUpdate } from '../platforms/telegram/callback';

export type { AccessRule } from '../core/access';

export interface TelegramCallbackConfig {
	/** The credential's Webhook Secret Token (what `setWebhook`'s `secret_token` was set to). */
	webhookSecretToken?: string;
	buttonSigningSecret?: string;
	/** `everyone`: anyone who can see the message; `rules`: only what a rule grants. */
	access: 'everyone' | 'rules';
	/** `users`: Telegram user ids; `channels`: chat ids; `userGroups` and `commands` are not used by Telegram. */
	rules: AccessRule[];
	/** Refuse buttons older than this many days; 0 = no limit. */
	buttonMaxAgeDays: number;
}

/**
 * Actions that cannot be undone, whose Slack buttons ask "Are you sure?" in a dialog. Telegram has no such dialog
 * for a callback button, so the first tap only asks, and a second tap by the same person on the same button
 * within `CONFIRM_WINDOW_SECONDS` acts.
 */
export const ACTIONS_TO_CONFIRM: ReadonlySet<string> = new Set(['refund.create', 'dispute.accept']);
export const CONFIRM_WINDOW_SECONDS = 60;

export interface TelegramCallbackDependencies {
	now: () => number;
	/**
	 * Notes the first tap of a button that needs confirming under `key` for `windowSeconds` and answers `armed`, or,
	 * when a first tap is noted, forgets it and answers `confirmed`. Kept in the state store, shared by every process.
	 */
	confirmTap: (key: string, windowSeconds: number) => Promise<'armed' | 'confirmed'>;
}

export interface TelegramCallbackRequest {
	rawBody: Buffer;
	headers: Record<string, string | string[] | undefined>;
}

/** What a Telegram click becomes: a `ChatItem` for the Stripe Action, marked as Telegram's. */
export interface TelegramChatItem extends ChatItem {
	platform: 'telegram';
	kind: 'button_click';
	action: string;
	user: { id: string; name?: string; username?: string };
	channelId: string;
	/** The clicked message's id, as text. */
	messageTs: string;
	threadTs: string;
	requestId: string;
	receivedAt: string;
	topicId?: number;
}

/** What the webhook answers (status and JSON or text body), and the workflow item when something should run. */
export interface TelegramCallbackOutcome {
	status: number;
	body: string;
	contentType: 'application/json' | 'text/plain';
	item?: TelegramChatItem;
	/** Why nothing runs, for the n8n log. */
	ignoredBecause?: string;
}

function header(headers: TelegramCallbackRequest['headers'], name: string): string | string[] | undefined {
	return headers[name] ?? headers[name.toLowerCase()];
}

/**
 * The answer to the click, as the webhook response's body: Telegram runs the method itself, so the spinner on the
 * button stops at once without a call of our own.
 * @see https://core.telegram.org/bots/api#making-requests-when-getting-updates
 * @see https://core.telegram.org/bots/api#answercallbackquery
 */
function answer(
	callbackQueryId: string,
	text: string,
	extra: { showAlert?: boolean; ignoredBecause?: string; item?: TelegramChatItem } = {},
): TelegramCallbackOutcome {
	return {
		status: 200,
		contentType: 'application/json',
		body: JSON.stringify({
			method: 'answerCallbackQuery',
			callback_query_id: callbackQueryId,
			text: text.slice(0, TELEGRAM_LIMITS.callbackAnswerText),
			...(extra.showAlert ? { show_alert: true } : {}),
		}),
		...(extra.ignoredBecause ? { ignoredBecause: extra.ignoredBecause } : {}),
		...(extra.item ? { item: extra.item } : {}),
	};
}

const ignore = (reason: string): TelegramCallbackOutcome => ({
	status: 200,
	body: '',
	contentType: 'text/plain',
	ignoredBecause: reason,
});

function emptyRulesHint(rules: readonly AccessRule[]): string {
	const empty = rules.map((rule, index) => (grantsNothing(rule) ? index + 1 : 0)).filter(Boolean);
	return empty.length === 0 ? '' : `; access rule ${empty.join(', ')} grants no button`;
}

/**
 * Decides what one update to the bot's webhook does: check the secret token (fail closed), ignore everything but
 * a button click, verify the click's signed value against the chat it was clicked in, check the access rules by
 * Telegram user id and chat id, and answer the click in the response body at once. The Stripe Chat Telegram
 * Trigger's `webhook.ts` gathers the inputs and writes the answer (docs/ARCHITECTURE.md, "Triggers and signatures").
 * Other updates are answered 200 so that Telegram does not deliver them again.
 */
export async function decideTelegramCallback(
	request: TelegramCallbackRequest,
	config: TelegramCallbackConfig,
	dependencies: TelegramCallbackDependencies,
): Promise<TelegramCallbackOutcome> {
	let body: Buffer;
	try {
		body = verifyTelegramRequest({
			rawBody: request.rawBody,
			secretTokenHeader: header(request.headers, 'x-telegram-bot-api-secret-token'),
			secretToken: config.webhookSecretToken,
		}).payload;
	} catch (error: unknown) {
		const message = error instanceof Error ? error.message : 'Telegram secret token check failed';
		return {
			status: 401,
			body: 'Telegram secret token check failed',
			contentType: 'text/plain',
			ignoredBecause: message,
		};
	}

	let update: TelegramUpdate;
	try {
		update = parseTelegramUpdate(body);
	} catch (error: unknown) {
		// From Telegram (the token matched), so a 4xx would only make it deliver the same body again.
		return ignore(`unreadable update: ${error instanceof Error ? error.message : 'not JSON'}`);
	}
	if (update.kind === 'other') return ignore(`a Telegram ${update.type} update is not handled by this trigger`);

	const query = update;
	if (!query.data || !isCompactActionValue(query.data)) {
		return answer(query.id, 'This button is not one of Stripe Chat Channel.', {
			ignoredBecause: 'the button carries no Stripe Chat Channel value',
		});
	}
	if (!query.chatId || query.messageId === undefined) {
		return answer(query.id, 'Nothing was done: this button is not in a chat.', {
			showAlert: true,
			ignoredBecause: 'the click names no chat or message',
		});
	}

	let ref;
	try {
		ref = verifyCompactActionValue(query.data, {
			secret: config.buttonSigningSecret,
			channelId: query.chatId,
			maxAgeSeconds: config.buttonMaxAgeDays > 0 ? config.buttonMaxAgeDays * 86400 : undefined,
			now: dependencies.now,
		});
	} catch (error: unknown) {
		const reason = error instanceof Error ? error.message : 'invalid signed value';
		return answer(query.id, `⛔ This button could not be verified, so nothing was done. ${reason}.`, {
			showAlert: true,
			ignoredBecause: `button refused: ${reason}`,
		});
	}

	// Stripe Chat Telegram binds every button to its chat; an unbound value could be pasted into any chat.
	if (ref.channelId !== query.chatId) {
		return answer(query.id, '⛔ This button is not bound to this chat, so nothing was done.', {
			showAlert: true,
			ignoredBecause:
				'button refused: its value is not bound to a chat (posted by something else than Stripe Chat Telegram)',
		});
	}

	const wanted = { kind: 'button' as const, action: ref.action, userId: query.user.id, channelId: query.chatId };
	if (config.access !== 'everyone' && !(await isGranted(config.rules, wanted, { userGroupMembers: async () => [] }))) {
		return answer(
			query.id,
			`⛔ You are not allowed to ${ACTION_DESCRIPTIONS[ref.action].verb} in this chat. Ask an n8n admin to add your Telegram user id (${query.user.id}) to the trigger's access rules.`,
			{
				showAlert: true,
				ignoredBecause: `user ${query.user.id} is not allowed to ${ref.action}${emptyRulesHint(config.rules)}`,
			},
		);
	}

	if (ACTIONS_TO_CONFIRM.has(ref.action)) {
		const key = `telegram-confirm:${query.chatId}:${query.messageId}:${query.user.id}:${query.data}`;
		let tap: 'armed' | 'confirmed';
		try {
			tap = await dependencies.confirmTap(key, CONFIRM_WINDOW_SECONDS);
		} catch (error: unknown) {
			return answer(query.id, 'Nothing was done: the confirmation could not be noted. Try again in a minute.', {
				showAlert: true,
				ignoredBecause: `the confirmation could not be noted: ${error instanceof Error ? error.message : 'state store error'}`,
			});
		}
		if (tap === 'armed') {
			return answer(
				query.id,
				`${ACTION_DESCRIPTIONS[ref.action].label}? This cannot be undone. Tap the button again within ${CONFIRM_WINDOW_SECONDS} seconds to confirm.`,
				{ showAlert: true, ignoredBecause: 'waiting for a second tap to confirm' },
			);
		}
	}

	const { issuedAt, ...target } = ref;
	const item: TelegramChatItem = {
		platform: 'telegram',
		kind: 'button_click',
		action: ref.action,
		user: query.user,
		teamId: null,
		channelId: query.chatId,
		responseUrl: null,
		triggerId: null,
		receivedAt: new Date(dependencies.now()).toISOString(),
		// One audit record and one action per click, however often Telegram delivers the update.
		requestId: query.id,
		messageLink: null,
		messageTs: String(query.messageId),
		threadTs: String(query.messageId),
		messageBlocks: query.replyMarkup ?? null,
		target: { ...target, buttonIssuedAt: new Date(issuedAt * 1000).toISOString() },
		...(query.topicId !== undefined ? { topicId: query.topicId } : {}),
	};
	return answer(query.id, `${ACTION_DESCRIPTIONS[ref.action].label}: working on it…`, { item });
}
