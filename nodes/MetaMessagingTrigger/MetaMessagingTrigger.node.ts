import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { MetaChannel } from '../../src/core/meta/webhook';
import { metaMessagingTriggerProperties } from './description';
import type { AccountFilter, DeliveryConfig } from './handleDelivery';
import { handleDelivery } from './handleDelivery';
import { parseList } from '../../src/core/lists';
import { withoutUndefined } from '../../src/core/records';

/**
 * Starts a workflow for each message a customer sends on WhatsApp or Instagram. One URL answers Meta's
 * verification handshake (GET) and receives signed deliveries (POST); the decisions live in handleDelivery.ts.
 */
export class MetaMessagingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Meta Messaging Trigger',
		name: 'metaMessagingTrigger',
		icon: { light: 'file:metaMessagingTrigger.svg', dark: 'file:metaMessagingTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["channels"] || []).join(", ")}}',
		description: 'Starts the workflow when a customer writes to your WhatsApp number or Instagram account',
		defaults: { name: 'Meta Messaging Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'metaMessagingApi', required: true }],
		// Meta calls one Callback URL twice: GET once for the verification handshake, POST for every delivery.
		// Both webhooks share the path, as n8n's own WhatsApp Trigger does; webhook() tells them apart by method.
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'meta' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'meta' },
		],
		properties: metaMessagingTriggerProperties,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials('metaMessagingApi');
		const request = this.getRequestObject();
		if (request.method !== 'GET' && !Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
			await request.readRawBody();
		}
		const accountFilter = this.getNodeParameter('accountFilter', 'credential') as AccountFilter;
		const listed = parseList(this.getNodeParameter('accountIds', ''));
		const accountIds: Record<MetaChannel, string[]> =
			accountFilter === 'list'
				? { whatsapp: listed, instagram: listed }
				: {
						whatsapp: parseList(credentials.phoneNumberId),
						instagram: [...parseList(credentials.instagramAccountId), ...parseList(credentials.facebookPageId)],
					};
		const config: DeliveryConfig = {
			appSecret: credentials.appSecret as string | undefined,
			verifyToken: credentials.verifyToken as string | undefined,
			channels: this.getNodeParameter('channels', []) as MetaChannel[],
			accountFilter,
			accountIds,
			includeStatuses: this.getNodeParameter('includeStatuses', false) as boolean,
		};
		const outcome = handleDelivery(
			{
				method: request.method ?? 'POST',
				query: this.getQueryData() as Record<string, unknown>,
				headers: this.getHeaderData() as Record<string, string | string[] | undefined>,
				rawBody: Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined,
			},
			config,
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
}
