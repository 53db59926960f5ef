import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { parseList } from '../../src/core/lists';
import type { MetaChannel } from '../../src/core/meta/webhook';
import { withoutUndefined } from '../../src/core/records';
import { decideMetaDelivery, type AccountFilter, type DeliveryConfig } from '../../src/triggers/metaMessage';
import { readRawBody } from '../shared/rawBody';

/**
 * The Meta Messaging Trigger's `webhook()`: reads the credential and the filters, lets `decideMetaDelivery`
 * (src/triggers/metaMessage.ts) decide, answers Meta, and hands the messages that passed to the workflow.
 */

function readConfig(context: IWebhookFunctions, credentials: IDataObject): DeliveryConfig {
	const accountFilter = context.getNodeParameter('accountFilter', 'credential') as AccountFilter;
	const listed = parseList(context.getNodeParameter('accountIds', ''));
	const accountIds: Record<MetaChannel, string[]> =
		accountFilter === 'list'
			? { whatsapp: listed, instagram: listed }
			: {
					whatsapp: parseList(credentials.phoneNumberId),
					instagram: [...parseList(credentials.instagramAccountId), ...parseList(credentials.facebookPageId)],
				};
	return {
		appSecret: credentials.appSecret as string | undefined,
		verifyToken: credentials.verifyToken as string | undefined,
		channels: context.getNodeParameter('channels', []) as MetaChannel[],
		accountFilter,
		accountIds,
		includeStatuses: context.getNodeParameter('includeStatuses', false) as boolean,
	};
}

export async function receiveMetaDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await this.getCredentials('metaMessagingApi');
	const method = this.getRequestObject().method ?? 'POST';
	const outcome = decideMetaDelivery(
		{
			method,
			query: this.getQueryData() as Record<string, unknown>,
			headers: this.getHeaderData() as Record<string, string | string[] | undefined>,
			// The handshake (GET) has no body to read.
			rawBody: method === 'GET' ? undefined : await readRawBody(this),
		},
		readConfig(this, credentials),
	);

	// Meta wants a quick 200: answer before the workflow runs.
	const response = this.getResponseObject();
	response.status(outcome.status);
	response.setHeader('Content-Type', outcome.contentType);
	response.end(outcome.body);

	if (outcome.note) this.logger[outcome.note.level](`Meta Messaging Trigger: ${outcome.note.message}`);
	if (outcome.items.length === 0) return { noWebhookResponse: true };
	const items: INodeExecutionData[] = outcome.items.map((item) => ({ json: withoutUndefined(item) }));
	return { noWebhookResponse: true, workflowData: [items] };
}
