import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';

import { SlackRateLimitError, SlackSetupError, scrubSecrets } from './client';

/**
 * An error this package raises itself around a Slack call (a channel name that does not resolve, a refused
 * response URL, a `response_url` answer), carrying a Slack-style error code so it gets the same hints.
 */
export class SlackOperationError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly details: { channel?: string; needed?: string; status?: number } = {},
	) {
		super(message);
		this.name = 'SlackOperationError';
	}
}

export interface SlackErrorDescription {
	/** What went wrong, in one sentence. */
	message: string;
	/** What a person who is not a programmer can do about it. */
	hint: string;
	/** Slack's error code (`not_in_channel`), `http_<status>`, `network` or `setup`. */
	code: string;
	/** HTTP status when Slack answered with one that is not 200. */
	httpStatus?: number;
}

export interface DescribeContext {
	/** The channel the call was for, as the user knows it (`#payments` or an ID). */
	channel?: string;
	/** Secrets to keep out of the description besides anything that looks like a Slack token. */
	secrets?: readonly string[];
}

const APPS_PAGE = 'https://api.slack.com/apps';

const TOKEN_HINT =
	`Open ${APPS_PAGE} → your app → OAuth & Permissions, copy the Bot User OAuth Token (starts with xoxb-) and ` +
	'paste it into the "Stripe Chat Channel Slack API" credential.';

const NETWORK_HINT =
	'Check that n8n can reach Slack (proxy, firewall, DNS) and that the API base URL in the Slack credential is right; ' +
	'leave it at https://slack.com/api/ unless you use GovSlack. Then re-run the failed execution.';

function httpHint(status: number): string {
	return status >= 500
		? 'Slack had a problem on its side. Check https://slack-status.com, then re-run the failed execution. This item may not have been posted.'
		: 'Check the API base URL in the Slack credential: leave it at https://slack.com/api/ unless you use GovSlack.';
}

type HintBuilder = (input: { channel: string; needed?: string; provided?: string; details?: string }) => {
	message: string;
	hint: string;
};

/** Slack's error codes with a message and a hint each. Unknown codes get a generic description pointing at the docs. */
const PLATFORM_ERRORS: Record<string, HintBuilder> = {
	not_in_channel: ({ channel }) => ({
		message: `The Slack app is not a member of ${channel}.`,
		hint:
			`Invite the bot: open ${channel} in Slack and type /invite @<your app's name>, then run this again. ` +
			'For public channels you can instead add the chat:write.public scope to the app.',
	}),
	missing_scope: ({ needed, provided }) => ({
		message: `The Slack app lacks a permission this step needs${needed ? ` (${needed})` : ''}.`,
		hint:
			`Open ${APPS_PAGE} → your app → OAuth & Permissions → Bot Token Scopes and add ${needed ?? "the scope named in Slack's answer"}` +
			`${provided ? ` (the app has: ${provided})` : ''}. Then click "Reinstall to Workspace" and, if the bot token changed, paste it into the credential.`,
	}),
	invalid_auth: () => ({
		message: 'Slack did not accept the bot token.',
		hint: TOKEN_HINT,
	}),
	not_authed: () => ({
		message: 'No bot token reached Slack.',
		hint: TOKEN_HINT,
	}),
	account_inactive: () => ({
		message: 'The bot token belongs to a deactivated app or user.',
		hint: `The app was probably removed from the workspace. Reinstall it (${APPS_PAGE} → Install App) and paste the new bot token into the credential.`,
	}),
	token_revoked: () => ({
		message: 'The bot token was revoked.',
		hint: `Reinstall the app (${APPS_PAGE} → Install App) and paste the new bot token into the credential.`,
	}),
	token_expired: () => ({
		message: 'The bot token has expired.',
		hint: `This app uses token rotation. Turn it off for this app in ${APPS_PAGE} → OAuth & Permissions, or paste a fresh bot token into the credential.`,
	}),
	channel_not_found: ({ channel }) => ({
		message: `Slack has no channel ${channel} that this app can see.`,
		hint:
			'Check the channel name or ID (right-click the channel → View channel details; the ID is at the bottom). ' +
			"A bot only sees private channels it was invited to: type /invite @<your app's name> in the channel.",
	}),
	is_archived: ({ channel }) => ({
		message: `${channel} is archived.`,
		hint: 'Unarchive the channel in Slack, or choose another channel in this node or in the routing rules.',
	}),
	msg_too_long: () => ({
		message: 'The message text is longer than Slack accepts.',
		hint: 'Shorten the custom text (Slack cuts off at 40,000 characters, keep it under 4,000), or set Message to "From Payment Alert", which stays within Slack\'s limits.',
	}),
	msg_blocks_too_long: () => ({
		message: 'The message blocks hold more text than Slack accepts (about 12,000 characters in total).',
		hint: 'Shorten the custom blocks, or set Message to "From Payment Alert", which keeps each message within this budget.',
	}),
	invalid_blocks: ({ details }) => ({
		message: `Slack rejected the message blocks${details ? `: ${details}` : ''}.`,
		hint: 'Paste the blocks into Block Kit Builder (https://app.slack.com/block-kit-builder) to see which part is wrong, or set Message to "From Payment Alert".',
	}),
	invalid_blocks_format: ({ details }) => ({
		message: `The message blocks are not in Block Kit format${details ? `: ${details}` : ''}.`,
		hint: 'Blocks must be a JSON array such as [{"type":"section","text":{"type":"mrkdwn","text":"Hi"}}]; Block Kit Builder shows the right shape.',
	}),
	no_text: () => ({
		message: 'The message has neither text nor blocks.',
		hint: 'Fill in Text, or set Message to "From Payment Alert" and connect this node after the Payment Alert node.',
	}),
	ratelimited: () => ({
		message: 'Slack kept answering "rate limited".',
		hint:
			'This item was not posted. Slack allows about one message per second per channel: turn on Collapse Bursts in ' +
			'the Payment Alert node so a burst becomes one counted summary, then re-run the failed execution.',
	}),
	rate_limited: (input) => PLATFORM_ERRORS.ratelimited(input),
	message_not_found: ({ channel }) => ({
		message: `Slack found no message with that timestamp in ${channel}.`,
		hint: 'Check Message Timestamp (the "ts" of the message to update, e.g. 1700000000.123456) and that it was posted in this channel.',
	}),
	cant_update_message: () => ({
		message: 'This app may not edit that message.',
		hint: 'An app can only update messages it posted itself with the same bot token.',
	}),
	edit_window_closed: () => ({
		message: 'The message is too old to be edited.',
		hint: 'The workspace limits how long messages can be edited. Post a new message or a thread reply instead.',
	}),
	user_not_in_channel: ({ channel }) => ({
		message: `That user is not a member of ${channel}, so Slack cannot show them a message only they can see.`,
		hint: 'Check the user ID (starts with U or W) and the channel, or add the user to the channel.',
	}),
	user_not_found: () => ({
		message: 'Slack has no such user.',
		hint: "Use the member ID (starts with U or W): in Slack, open the person's profile → ⋮ → Copy member ID.",
	}),
	restricted_action: ({ channel }) => ({
		message: `Workspace settings do not let this app post in ${channel}.`,
		hint: 'Ask a Slack admin to allow the app to post there (for example in an announcement-only channel), or choose another channel.',
	}),
	expired_url: () => ({
		message: 'The response URL has expired.',
		hint: 'Slack response URLs work for 30 minutes after the click or command. Post to the channel with the "Post Message" operation instead.',
	}),
	used_url: () => ({
		message: 'The response URL was already used five times.',
		hint: 'Slack accepts at most five responses per response URL. Post to the channel with the "Post Message" operation instead.',
	}),
	invalid_mention: () => ({
		message: 'The mention in the routing rules is not a Slack user, user group or here/channel.',
		hint: 'In the Payment Alert routing rules, mention a member ID (U…), a user group ID (S…), or here/channel. Copy IDs from the profile or group menu in Slack.',
	}),
	response_url_not_allowed: () => ({
		message: 'The response URL is not a Slack response URL.',
		hint: 'Use the response_url Slack sent with the click or slash command (it starts with https://hooks.slack.com/). Other addresses are refused so this node cannot be pointed at internal servers.',
	}),
};

function platformDescription(code: string, input: Parameters<HintBuilder>[0], method?: string) {
	const builder = PLATFORM_ERRORS[code];
	if (builder) return builder(input);
	const reference = method
		? `https://docs.slack.dev/reference/methods/${method}`
		: 'https://docs.slack.dev/reference/methods';
	return {
		message: `Slack answered with the error "${code}".`,
		hint: `See the "Errors" table at ${reference} for what "${code}" means.`,
	};
}

/** Words instead of Node's error codes, which mean nothing to most readers. */
const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection closed unexpectedly',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'DNS lookup failed',
	ETIMEDOUT: 'timed out',
	UND_ERR_CONNECT_TIMEOUT: 'timed out',
	UND_ERR_SOCKET: 'connection closed unexpectedly',
	timeout: 'timed out',
	CERT_HAS_EXPIRED: 'TLS certificate expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

function networkCode(error: Error): string | undefined {
	const withCause = error as Error & { cause?: unknown; code?: unknown };
	if (typeof withCause.code === 'string') return withCause.code;
	if (withCause.cause instanceof Error) return networkCode(withCause.cause);
	if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout';
	return undefined;
}

/**
 * Turns whatever a Slack call threw into a sentence and a hint a person without programming knowledge can act on.
 * Never includes a token: every text is scrubbed of Slack tokens and of the given secrets.
 * @see https://docs.slack.dev/tools/node-slack-sdk/web-api/#handle-errors
 * @see https://docs.slack.dev/reference/methods/chat.postMessage#errors
 */
export function describeSlackError(error: unknown, context: DescribeContext = {}): SlackErrorDescription {
	const channel = context.channel ? context.channel : 'the channel';
	const description = describeUnscrubbed(error, channel);
	const secrets = context.secrets ?? [];
	return {
		...description,
		message: scrubSecrets(description.message, secrets),
		hint: scrubSecrets(description.hint, secrets),
	};
}

function describeUnscrubbed(error: unknown, channel: string): SlackErrorDescription {
	if (error instanceof WebAPIPlatformError) {
		const data = error.data as typeof error.data & { needed?: string; provided?: string };
		const messages = data.response_metadata?.messages;
		const details = Array.isArray(messages) && messages.length > 0 ? messages.join('; ') : undefined;
		return {
			code: data.error,
			...platformDescription(data.error, { channel, needed: data.needed, provided: data.provided, details }),
		};
	}
	if (error instanceof SlackOperationError) {
		if (error.code === 'network') return { code: 'network', message: error.message, hint: NETWORK_HINT };
		if (error.code.startsWith('http_')) {
			return {
				code: error.code,
				message: error.message,
				hint: httpHint(error.details.status ?? 0),
				httpStatus: error.details.status,
			};
		}
		const described = platformDescription(error.code, {
			channel: error.details.channel ?? channel,
			needed: error.details.needed,
		});
		// Our own messages are already written for people and say more than the table's generic sentence.
		return { code: error.code, message: error.message, hint: described.hint, httpStatus: error.details.status };
	}
	if (error instanceof SlackRateLimitError) {
		return {
			code: 'ratelimited',
			httpStatus: 429,
			...platformDescription('ratelimited', { channel }),
			message: error.message,
		};
	}
	if (error instanceof WebAPIRateLimitedError || isRetriesExhaustedRateLimit(error)) {
		return { code: 'ratelimited', httpStatus: 429, ...platformDescription('ratelimited', { channel }) };
	}
	if (error instanceof WebAPIHTTPError) {
		return {
			code: `http_${error.statusCode}`,
			httpStatus: error.statusCode,
			message: `Slack answered HTTP ${error.statusCode}${error.statusMessage ? ` ${error.statusMessage}` : ''} on every try.`,
			hint: httpHint(error.statusCode),
		};
	}
	if (error instanceof WebAPIRequestError) {
		const reason = NETWORK_REASONS[networkCode(error.original) ?? ''] ?? 'network error';
		return {
			code: 'network',
			message: `Could not reach Slack on any try (${reason}).`,
			hint: NETWORK_HINT,
		};
	}
	if (error instanceof SlackSetupError) {
		return {
			code: 'setup',
			message: error.message,
			hint: 'Open the Slack credential used by this node and correct it.',
		};
	}
	const message = error instanceof Error ? error.message : String(error);
	return {
		code: 'unknown',
		message: `The Slack call failed: ${message}`,
		hint: 'Re-run the execution; if it fails again, check the Slack credential and https://slack-status.com.',
	};
}

/**
 * A plain WebClient (not one from createSlackClient): after the last retry on a 429, `@slack/web-api` (8.x)
 * rejects with a request error wrapping a plain Error (`A rate limit was exceeded …`) rather than a typed one, so
 * it is recognised by that text.
 */
function isRetriesExhaustedRateLimit(error: unknown): boolean {
	const inner = error instanceof WebAPIRequestError ? error.original : error;
	return inner instanceof Error && inner.message.startsWith('A rate limit was exceeded');
}
