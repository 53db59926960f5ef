import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { respondViaResponseUrl } from '../../../../src/platforms/slack';
import type { ResponseType } from '../../../../src/platforms/slack';
import { callSlack, getCredentials, messageSourceProperties, readContent, optionsProperty, showFor } from '../common';
import type { RunState } from '../common';

export const description: INodeProperties[] = [
	{
		displayName: 'Response URL',
		name: 'responseUrl',
		type: 'string',
		displayOptions: showFor(['respond']),
		default: '',
		required: true,
		placeholder: 'https://hooks.slack.com/actions/…',
		description:
			"The response_url Slack sent with the button click or slash command (in the Chat Interaction Trigger's output). Works for 30 minutes, up to 5 times. Only Slack addresses are accepted.",
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		displayOptions: showFor(['respond']),
		options: [
			{
				name: 'Replace the Original Message',
				value: 'replaceOriginal',
				description: 'Edit the message whose button was clicked, e.g. to show the outcome',
			},
			{
				name: 'New Message in the Channel',
				value: 'inChannel',
				description: 'Post a reply everyone in the channel sees',
			},
			{
				name: 'Only for the Person Who Clicked',
				value: 'ephemeral',
				description: 'Show a message only the person who clicked or typed the command sees',
			},
		],
		default: 'replaceOriginal',
	},
	...messageSourceProperties(['respond']),
	optionsProperty(['respond']),
];

/**
 * Answers a button click or slash command through its response URL.
 * @see https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	const responseUrl = String(this.getNodeParameter('responseUrl', itemIndex, ''));
	const responseType = this.getNodeParameter('responseType', itemIndex, 'replaceOriginal') as ResponseType;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await callSlack(this, state, itemIndex, undefined, async () => {
		const content = readContent(this, itemIndex);
		const credentials = await getCredentials(this, state);
		await respondViaResponseUrl({
			responseUrl,
			content,
			responseType,
			apiUrl: credentials.apiBaseUrl,
			maxRetries: typeof options.retries === 'number' ? options.retries : undefined,
		});
		return { ok: true, responded: true, responseType };
	});
}
