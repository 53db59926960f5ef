import { signCompactActionValue } from '../../../src/core/compactActionValue';
import { verifyTelegramRequest } from '../../../src/core/signatures/telegram';
import { SignatureVerificationError } from '../../../src/core/signatures/verification';
import type { ActionRef } from '../../../src/core/types';
import { decideTelegramCallback } from '../../../src/triggers/telegramCallback';
import type { TelegramCallbackConfig } from '../../../src/triggers/telegramCallback';

/** The Stripe Chat Telegram Trigger's decision, with real secret tokens and real signed button values. */

const SECRET_TOKEN = 'telegram-webhook-secret_token-0123';
const BUTTON_SECRET = 'telegram-callback-button-secret-0123456789';
const CHAT = '-1001234567890';
const NOW = Date.UTC(2026, 11, 2, 19, 0, 0);
const now = () => NOW;

const REF: ActionRef = { action: 'invoice.retry', objectId: 'in_1TgCallback', objectType: 'invoice', livemode: false };

const CONFIG: TelegramCallbackConfig = {
	webhookSecretToken: SECRET_TOKEN,
	buttonSigningSecret: BUTTON_SECRET,
	access: 'rules',
	rules: [{ users: ['4242'], userGroups: [], actions: ['*'], commands: [], channels: [CHAT] }],
	buttonMaxAgeDays: 30,
};

function boundValue(chat = CHAT, ref: ActionRef = REF, secret = BUTTON_SECRET): string {
	return signCompactActionValue(ref, secret, { channelId: chat, now: () => NOW - 60_000 }) as string;
}

function update(data: string | undefined, options: { user?: number; chat?: number } = {}) {
	return {
		update_id: 77,
		callback_query: {
			id: '4382bfdwdsb323b2d9',
			from: { id: options.user ?? 4242, is_bot: false, first_name: 'Alice', username: 'alice' },
			message: {
				message_id: 101,
				chat: { id: options.chat ?? Number(CHAT), type: 'supergroup' },
				reply_markup: { inline_keyboard: [[{ text: 'Retry payment', callback_data: data }]] },
			},
			chat_instance: '-123',
			...(data === undefined ? {} : { data }),
		},
	};
}

function request(body: unknown, token: string | undefined) {
	return {
		rawBody: Buffer.from(JSON.stringify(body)),
		headers: token === undefined ? {} : { 'x-telegram-bot-api-secret-token': token },
	};
}

async function decide(
	body: unknown,
	options: { token?: string | null; config?: Partial<TelegramCallbackConfig> } = {},
) {
	const token = options.token === null ? undefined : (options.token ?? SECRET_TOKEN);
	return await decideTelegramCallback(request(body, token), { ...CONFIG, ...options.config }, { now, confirmTap });
}

/** The state store's part in a two-tap confirmation, in memory. */
const armed = new Set<string>();
async function confirmTap(key: string): Promise<'armed' | 'confirmed'> {
	if (armed.delete(key)) return 'confirmed';
	armed.add(key);
	return 'armed';
}

function answerOf(body: string): Record<string, unknown> {
	return JSON.parse(body) as Record<string, unknown>;
}

describe('verifyTelegramRequest', () => {
	it.each([
		['a wrong token', 'telegram-webhook-secret_token-0124', SECRET_TOKEN, 'no_match'],
		['a token with a space', ` ${SECRET_TOKEN}`, SECRET_TOKEN, 'no_match'],
		['no header', undefined, SECRET_TOKEN, 'missing_header'],
		['two headers', [SECRET_TOKEN, SECRET_TOKEN], SECRET_TOKEN, 'malformed_header'],
		['no token configured', SECRET_TOKEN, '   ', 'no_secret'],
		['no token configured at all', SECRET_TOKEN, undefined, 'no_secret'],
	])('refuses %s', (_, header, configured, reason) => {
		let error: unknown;
		try {
			verifyTelegramRequest({ rawBody: '{}', secretTokenHeader: header, secretToken: configured });
		} catch (caught: unknown) {
			error = caught;
		}
		expect(error).toBeInstanceOf(SignatureVerificationError);
		expect((error as SignatureVerificationError).reason).toBe(reason);
		expect((error as Error).message).not.toContain(SECRET_TOKEN);
	});

	it('returns the exact bytes when the token matches', () => {
		expect(
			verifyTelegramRequest({ rawBody: '{"a":1}', secretTokenHeader: SECRET_TOKEN, secretToken: SECRET_TOKEN }).payload,
		).toEqual(Buffer.from('{"a":1}'));
	});
});

describe('decideTelegramCallback', () => {
	it('answers a properly signed click in the response body and emits the click as a Telegram ChatItem', async () => {
		const outcome = await decide(update(boundValue()));
		expect(outcome.status).toBe(200);
		expect(answerOf(outcome.body)).toEqual({
			method: 'answerCallbackQuery',
			callback_query_id: '4382bfdwdsb323b2d9',
			text: 'Retry invoice payment: working on it…',
		});
		expect(outcome.item).toMatchObject({
			platform: 'telegram',
			kind: 'button_click',
			action: 'invoice.retry',
			user: { id: '4242', name: 'Alice', username: 'alice' },
			channelId: CHAT,
			messageTs: '101',
			requestId: '4382bfdwdsb323b2d9',
			target: { action: 'invoice.retry', objectId: 'in_1TgCallback', objectType: 'invoice', channelId: CHAT },
		});
	});

	it.each([
		['a wrong secret token', 'not-the-secret-token'],
		['no secret token', null],
	])('refuses an update with %s before reading it: 401, nothing runs', async (_, token) => {
		const outcome = await decide(update(boundValue()), { token });
		expect(outcome.status).toBe(401);
		expect(outcome.item).toBeUndefined();
		expect(outcome.body).not.toContain('answerCallbackQuery');
	});

	it('refuses everything when the credential has no Webhook Secret Token (fail closed)', async () => {
		const outcome = await decide(update(boundValue()), { config: { webhookSecretToken: undefined } });
		expect(outcome.status).toBe(401);
		expect(outcome.ignoredBecause).toMatch(/No Webhook Secret Token/);
	});

	it('answers other updates 200 and runs nothing', async () => {
		const outcome = await decide({ update_id: 5, message: { message_id: 1, chat: { id: 1 }, text: '/start' } });
		expect(outcome).toMatchObject({ status: 200, body: '', ignoredBecause: expect.stringMatching(/message update/) });
		expect((await decide('not an object')).status).toBe(200);
	});

	it.each([
		['an edited value', () => boundValue().replace('in_1TgCallback', 'in_1TgOther0000')],
		['a value signed with another secret', () => boundValue(CHAT, REF, 'another-button-signing-secret-0123456789')],
		['a value copied from another chat', () => boundValue('-1009999999999')],
		['an unbound value posted elsewhere', () => boundValue().replace(/^cb\./, 'c1.')],
	])('refuses %s with an alert to the person who clicked', async (_, value) => {
		const outcome = await decide(update(value()));
		expect(outcome.item).toBeUndefined();
		expect(answerOf(outcome.body)).toMatchObject({ method: 'answerCallbackQuery', show_alert: true });
		expect(String(answerOf(outcome.body).text)).toMatch(/could not be verified/);
	});

	it('refuses a value signed properly but bound to no chat (c1): it could be pasted anywhere', async () => {
		const unbound = signCompactActionValue(REF, BUTTON_SECRET, { now: () => NOW - 60_000 }) as string;
		const outcome = await decide(update(unbound));
		expect(outcome.item).toBeUndefined();
		expect(outcome.ignoredBecause).toMatch(/not bound to a chat/);
	});

	it('refuses an expired button', async () => {
		const old = signCompactActionValue(REF, BUTTON_SECRET, { channelId: CHAT, now: () => NOW - 40 * 86400_000 });
		const outcome = await decide(update(old));
		expect(outcome.ignoredBecause).toMatch(/expired/);
	});

	it('checks the access rules by Telegram user id and chat id', async () => {
		const stranger = await decide(update(boundValue(), { user: 999 }));
		expect(stranger.item).toBeUndefined();
		expect(String(answerOf(stranger.body).text)).toMatch(/not allowed to retry invoice payments.*999/);

		const elsewhere = await decide(update(boundValue('-1005555555555'), { chat: -1005555555555 }));
		expect(elsewhere.item).toBeUndefined();

		const everyone = await decide(update(boundValue(), { user: 999 }), { config: { access: 'everyone' } });
		expect(everyone.item?.user.id).toBe('999');
	});

	it('asks for a second tap before a refund or accepting a dispute, and acts on the second', async () => {
		const accept = boundValue(CHAT, {
			action: 'dispute.accept',
			objectId: 'du_1TgConfirm',
			objectType: 'dispute',
			livemode: false,
		});
		const first = await decide(update(accept));
		expect(first.item).toBeUndefined();
		expect(answerOf(first.body)).toMatchObject({
			show_alert: true,
			text: expect.stringMatching(/Accept dispute\? This cannot be undone\. Tap the button again/),
		});
		const byAnother = await decide(update(accept, { user: 5151 }), { config: { access: 'everyone' } });
		expect(byAnother.item).toBeUndefined();
		const second = await decide(update(accept));
		expect(second.item).toMatchObject({ action: 'dispute.accept', target: { objectId: 'du_1TgConfirm' } });
	});

	it('ignores a button that is not ours, but stops its spinner', async () => {
		const outcome = await decide(update('some-other-bot-data'));
		expect(outcome.item).toBeUndefined();
		expect(answerOf(outcome.body).method).toBe('answerCallbackQuery');
	});
});
