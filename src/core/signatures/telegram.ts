import { createHash } from 'node:crypto';

import {
	bodyBytes,
	constantTimeEqual,
	requireSecret,
	SignatureVerificationError,
	surroundingWhitespaceHint,
} from './verification';

export interface VerifyTelegramRequestOptions {
	/** The exact bytes Telegram sent. */
	rawBody: Buffer | string;
	/** The `X-Telegram-Bot-Api-Secret-Token` header as received (Node gives an array when a header is repeated). */
	secretTokenHeader: string | string[] | undefined;
	/** What `setWebhook`'s `secret_token` was set to (the credential's Webhook Secret Token). */
	secretToken: string | undefined;
}

export interface VerifiedTelegramRequest {
	/** The verified body, as the exact bytes received. */
	payload: Buffer;
}

/** Both sides hashed first, so the comparison takes the same time whatever the length of what was sent. */
const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

const ONLY_TELEGRAM =
	"Only updates Telegram sends to the bot's webhook are accepted: register this URL with setWebhook and its secret_token.";

/**
 * Checks that an update comes from Telegram, in the verifier shape of `./verification`: Telegram signs nothing,
 * but sends the `secret_token` given to `setWebhook` in `X-Telegram-Bot-Api-Secret-Token` with every update, so
 * the header must equal the configured token (compared in constant time). No timestamp is sent: pair it with
 * de-duplication by update or callback query id.
 * @throws SignatureVerificationError naming the reason, also when no token is configured (fail closed).
 * @see https://core.telegram.org/bots/api#setwebhook
 */
export function verifyTelegramRequest(options: VerifyTelegramRequestOptions): VerifiedTelegramRequest {
	const secretToken = requireSecret(
		'Telegram',
		options.secretToken,
		'No Webhook Secret Token is set in the Telegram credential, so no update can be checked and every one is refused.',
		'Make up a token of 1–256 letters, digits, _ and -, put it in the credential, and pass it as secret_token to setWebhook.',
	);
	if (Array.isArray(options.secretTokenHeader) && options.secretTokenHeader.length > 1) {
		throw new SignatureVerificationError(
			'Telegram',
			'malformed_header',
			'The request has more than one X-Telegram-Bot-Api-Secret-Token header.',
			ONLY_TELEGRAM,
		);
	}
	const header = Array.isArray(options.secretTokenHeader) ? options.secretTokenHeader[0] : options.secretTokenHeader;
	if (header === undefined || header === '') {
		throw new SignatureVerificationError(
			'Telegram',
			'missing_header',
			'The request has no X-Telegram-Bot-Api-Secret-Token header, so it was not sent by Telegram for this bot (or setWebhook was called without secret_token).',
			ONLY_TELEGRAM,
		);
	}
	if (!constantTimeEqual(digest(header), digest(secretToken))) {
		throw new SignatureVerificationError(
			'Telegram',
			'no_match',
			'X-Telegram-Bot-Api-Secret-Token did not match.',
			`Is the Webhook Secret Token in the credential the secret_token given to setWebhook?${surroundingWhitespaceHint([secretToken], 'Webhook Secret Token')}`,
		);
	}
	return { payload: bodyBytes(options.rawBody) };
}
