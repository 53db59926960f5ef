import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { escapeTelegramHtml, sendTelegramMessage } from '../../../../src/platforms/telegram';
import {
	callTelegram,
	chatIdProperty,
	getClient,
	optionsProperty,
	readChatParameter,
	showFor,
	topicOf,
} from '../common';
import type { RunState } from '../common';

export const description: INodeProperties[] = [
	{ ...chatIdProperty(['sendText'], 'A chat ID (e.g. -1001234567890) or a public channel @username'), required: true },
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		displayOptions: showFor(['sendText']),
		default: '',
		required: true,
		description: 'The message, up to 4,096 characters',
	},
	{
		displayName: 'Text Format',
		name: 'textFormat',
		type: 'options',
		displayOptions: showFor(['sendText']),
		options: [
			{ name: 'Plain Text', value: 'plain', description: 'Shown exactly as written (safe for data from anywhere)' },
			{
				name: 'Telegram HTML',
				value: 'html',
				description: 'Your own <b>, <i>, <code> and <a href> tags; escape < > & in data as &lt; &gt; &amp;',
			},
		],
		default: 'plain',
	},
	{
		displayName: 'Reply To Message ID',
		name: 'replyTo',
		type: 'number',
		displayOptions: showFor(['sendText']),
		default: 0,
		description: 'Answer this message of the chat (0: none); sent as a plain message when it was deleted',
	},
	optionsProperty(['sendText']),
];

/**
 * Sends a text of the workflow's own to a chat.
 * @see https://core.telegram.org/bots/api#sendmessage
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, state: RunState): Promise<IDataObject> {
	const chat = readChatParameter(this, itemIndex);
	const text = String(this.getNodeParameter('text', itemIndex, ''));
	if (!chat || text.trim() === '') {
		throw new NodeOperationError(this.getNode(), chat ? 'Text is empty' : 'Chat ID is empty', { itemIndex });
	}
	const html = this.getNodeParameter('textFormat', itemIndex, 'plain') === 'html';
	const replyTo = Number(this.getNodeParameter('replyTo', itemIndex, 0));
	return await callTelegram(this, state, itemIndex, chat, async () => {
		const posted = await sendTelegramMessage(await getClient(this, state, itemIndex), {
			chat,
			content: { text: html ? text : escapeTelegramHtml(text) },
			replyTo: replyTo > 0 ? replyTo : undefined,
			topicId: topicOf(this, itemIndex),
		});
		return { ok: true, posted: true, ...posted };
	});
}
