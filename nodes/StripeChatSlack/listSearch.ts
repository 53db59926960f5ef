import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createSlackClient, listChannels, normalizeChannelName } from '../../src/platforms/slack';
import { CREDENTIAL_NAME, toNodeError } from './actions/common';

/**
 * Channel picker: public and private channels the app can see, filtered by name, one Slack page at a time.
 * @see https://docs.slack.dev/reference/methods/conversations.list
 */
export async function searchChannels(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials<{ botToken?: string; apiBaseUrl?: string }>(CREDENTIAL_NAME);
	const token = String(credentials.botToken ?? '');
	let page;
	try {
		// Someone is waiting for the channel list in the editor.
		const client = createSlackClient({
			token,
			apiUrl: credentials.apiBaseUrl,
			maxRetries: 2,
			rateLimitBudgetMs: 5000,
		});
		page = await listChannels(client, { cursor: paginationToken });
	} catch (error: unknown) {
		throw toNodeError(this.getNode(), error, undefined, { secrets: [token] });
	}
	const wanted = filter ? normalizeChannelName(filter) : '';
	const results = page.channels
		.filter((channel) => !wanted || channel.name.includes(wanted))
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((channel) => ({
			name: `${channel.isPrivate ? '🔒' : '#'}${channel.name}`,
			value: channel.id,
		}));
	return { results, paginationToken: page.nextCursor };
}
