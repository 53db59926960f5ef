import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { WEBHOOK_TRIGGER_VERSIONS } from '../shared/webhookTriggerVersions';

const properties: INodeProperties[] = [
	{
		displayName:
			'In your Meta app, open WhatsApp → Configuration (or Instagram → Webhooks), paste this node\'s Production URL as Callback URL and the credential\'s Verify Token as Verify token, then subscribe to the "messages" field. Deliveries not signed with the App Secret are refused. Meta may deliver a message twice: put the Meta Messaging node\'s "Skip Repeated Messages" step right after this trigger.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Channels',
		name: 'channels',
		type: 'multiOptions',
		default: ['whatsapp', 'instagram'],
		description: 'Which messages start this workflow',
		options: [
			{ name: 'WhatsApp', value: 'whatsapp', description: 'Messages to your WhatsApp Business number' },
			{ name: 'Instagram', value: 'instagram', description: 'Direct messages to your Instagram professional account' },
		],
	},
	{
		displayName: 'Listen To',
		name: 'accountFilter',
		type: 'options',
		default: 'credential',
		description:
			"Several workflows can share one Meta app: each answers only the numbers and accounts it listens to. Meta sends all of an app's messages to its one Callback URL, unless a WhatsApp number or business account has its own override URL.",
		options: [
			{
				name: 'The Number and Account in the Credential',
				value: 'credential',
				description: 'Only messages to its WhatsApp Phone Number ID and Instagram Account ID',
			},
			{
				name: 'These IDs',
				value: 'list',
				description: 'Only messages to the phone number IDs and Instagram account IDs you list',
			},
			{
				name: 'Every Number and Account of the App',
				value: 'any',
				description: 'Everything the Meta app receives',
			},
		],
	},
	{
		displayName: 'Phone Number and Account IDs',
		name: 'accountIds',
		type: 'string',
		default: '',
		placeholder: '106540352242922, 17841405822304914',
		displayOptions: { show: { accountFilter: ['list'] } },
		description:
			'WhatsApp Phone Number IDs and Instagram Account IDs, separated by commas (the accountId of an incoming message)',
	},
	{
		displayName: 'Include Delivery Status Updates',
		name: 'includeStatuses',
		type: 'boolean',
		default: false,
		description:
			'Whether to also start the workflow when a message you sent is sent, delivered, read or failed. Off, only customer messages start it.',
	},
];

/**
 * Starts a workflow for each message a customer sends on WhatsApp or Instagram. One URL answers Meta's
 * verification handshake (GET) and receives signed deliveries (POST).
 */
export const description: INodeTypeDescription = {
	displayName: 'Meta Messaging Trigger',
	name: 'metaMessagingTrigger',
	icon: { light: 'file:metaMessagingTrigger.svg', dark: 'file:metaMessagingTrigger.dark.svg' },
	group: ['trigger'],
	...WEBHOOK_TRIGGER_VERSIONS,
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
	properties,
};
