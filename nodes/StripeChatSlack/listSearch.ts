import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listChannels, normalizeChannelName, readSlackCredentials, slackClientFor } from '../../src/platforms/slack';
import { toNodeError } from './actions/common';

/**
 * Channel picker: public and private channels the app can see, filtered by name, one Slack page at a time.
 * @see https://docs.slack.dev/reference/methods/conversations.list
 */
export async function searchChannels(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const credentials = await readSlackCredentials(this);
	let page;
	try {
		// Someone is waiting for the channel list in the editor.
		const client = slackClientFor(credentials, { maxRetries: 2, rateLimitBudgetMs: 5000 });
		page = await listChannels(client, { cursor: paginationToken });
	} catch (error: unknown) {
		throw toNodeError(this.getNode(), error, undefined, { secrets: [credentials.botToken] });
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
