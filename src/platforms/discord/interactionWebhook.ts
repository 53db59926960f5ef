import { isLoopbackHost } from '../../core/loopback';
import { createDiscordClient } from './client';
import { DiscordApiError } from './errors';
import type { DiscordMessagePayload } from './render';

/**
 * Writing back to a click through the interaction's own webhook (`<api>/webhooks/<application id>/<interaction
 * token>`, the ChatItem's `responseUrl`): valid for 15 minutes after the click, and needs no bot token. The URL
 * comes from an item, and whoever can reach a workflow could put any address there, so only Discord's hosts (or the
 * loopback interface, where tests run their fake Discord) and only this path shape are called.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages
 */

const DISCORD_HOSTS = new Set(['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com']);
const WEBHOOK_PATH = /^(?:\/api(?:\/v\d+)?)?\/webhooks\/\d{17,20}\/[A-Za-z0-9_.-]+$/;

/** Why a URL is not an interaction webhook this package calls; undefined when it is one. */
export function interactionWebhookProblem(responseUrl: string): string | undefined {
	let url: URL;
	try {
		url = new URL(responseUrl);
	} catch {
		return 'the response URL is not a URL';
	}
	const host =
		(url.protocol === 'https:' && url.port === '' && DISCORD_HOSTS.has(url.hostname)) ||
		(url.protocol === 'http:' && isLoopbackHost(url.hostname));
	if (!host || url.search || url.hash || !WEBHOOK_PATH.test(url.pathname)) {
		return 'the response URL is not a Discord interaction webhook (https://discord.com/api/webhooks/<application id>/<token>)';
	}
	return undefined;
}

/** The token part of the URL: scrubbed from every error. */
function tokenOf(responseUrl: string): string {
	return responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
}

async function call(
	method: 'POST' | 'PATCH',
	responseUrl: string,
	suffix: string,
	body: Partial<DiscordMessagePayload> & { flags?: number },
	maxRetries: number,
): Promise<void> {
	const problem = interactionWebhookProblem(responseUrl);
	if (problem)
		throw new DiscordApiError(
			`Not written back: ${problem}`,
			0,
			undefined,
			'Use the item of the Stripe Chat Discord Trigger.',
		);
	const client = createDiscordClient({ botToken: '', apiBaseUrl: '', maxRetries, maxRateLimitWaitMs: 60_000 });
	await client.request({
		method,
		path: `${responseUrl}${suffix}`,
		body: { allowed_mentions: { parse: [] }, ...body },
		authorize: false,
		secrets: [tokenOf(responseUrl)],
	});
}

/** Edits the clicked message (`@original`): e.g. the outcome as its content, its buttons removed. */
export async function editOriginalMessage(
	responseUrl: string,
	body: Partial<DiscordMessagePayload>,
	options: { maxRetries?: number } = {},
): Promise<void> {
	await call('PATCH', responseUrl, '/messages/@original', body, options.maxRetries ?? 2);
}

/** Posts a follow-up message in the click's channel; `ephemeral` shows it only to the person who clicked. */
export async function postFollowUp(
	responseUrl: string,
	content: string,
	options: { ephemeral?: boolean; maxRetries?: number } = {},
): Promise<void> {
	await call(
		'POST',
		responseUrl,
		'',
		{ content, ...(options.ephemeral ? { flags: 1 << 6 } : {}) },
		options.maxRetries ?? 2,
	);
}
