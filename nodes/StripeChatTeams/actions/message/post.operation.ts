import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionsProperty, postAlert } from '../../../shared/webhookChat';
import type { WebhookRunState } from '../../../shared/webhookChat';
import { teamsTarget } from '../target';

export const description: INodeProperties[] = [optionsProperty(['post'])];

/**
 * Posts Payment Alert's item as an Adaptive Card to the credential's webhook (its one channel); a collapsed alert
 * brings its burst's summaries up to date instead, a suppressed one passes through.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: WebhookRunState,
): Promise<IDataObject> {
	return await postAlert(this, teamsTarget, itemIndex, state);
}
