import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runWebhookOperations } from '../../shared/webhookChat';
import * as post from './message/post.operation';
import * as sendText from './message/sendText.operation';

/** Every item through its operation, with claims and errors handled as in nodes/shared/webhookChat.ts. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runWebhookOperations(this, { post: post.execute, sendText: sendText.execute });
}
