import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { MAX_BUTTON_AGE_DAYS } from '../../src/core/access';
import { TELEGRAM_CREDENTIAL_TYPE } from '../../src/platforms/telegram/credentials';
import { accessRulesProperty, buttonExpiryOptionsProperty } from '../shared/accessRules';
import { REDIS_CREDENTIAL, stateStoreProperty } from '../shared/stateStore';
import { WEBHOOK_TRIGGER_VERSIONS } from '../shared/webhookTriggerVersions';

const properties: INodeProperties[] = [
	{
		displayName:
			"Register this node's Production URL as the bot's webhook (or turn on Register Webhook Automatically): setWebhook with url=<this URL>, secret_token=<the credential's Webhook Secret Token> and allowed_updates=[\"callback_query\"]. Updates without that token are refused.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Register Webhook Automatically',
		name: 'registerWebhook',
		type: 'boolean',
		default: false,
		description:
			"Whether publishing this workflow sets the bot's webhook to this trigger (setWebhook with the credential's Webhook Secret Token, only button clicks), and unpublishing removes it. A bot has one webhook: leave off when something else receives the bot's updates.",
	},
	{
		displayName: 'Who May Act',
		name: 'access',
		type: 'options',
		default: 'rules',
		options: [
			{
				name: 'Only People Named in the Access Rules',
				value: 'rules',
				description: 'Recommended: anyone else is told "you are not allowed" and nothing runs',
			},
			{
				name: 'Everyone Who Sees the Alert',
				value: 'everyone',
				description: 'Every member of the chats the bot posts to may click every button',
			},
		],
	},
	accessRulesProperty(
		'A person may act when a rule names them (or nobody: then everyone in the chats it names), the very button, and the chat. A rule grants only what it names; rules add up.',
		{ description: 'Which buttons this rule allows. Empty: no button.' },
		[
			{
				displayName: 'Chat IDs',
				name: 'channels',
				type: 'string',
				default: '',
				placeholder: '-1001234567890',
				description: 'Only in these chats, separated by commas. Leave empty for any chat the bot posts to.',
			},
			{
				displayName: 'Telegram User IDs',
				name: 'users',
				type: 'string',
				default: '',
				placeholder: '123456789, 987654321',
				description:
					'Numeric user IDs, separated by commas (a person can ask @userinfobot for theirs). Leave empty to give this rule to everyone in the chats it names.',
			},
		],
	),
	{
		...stateStoreProperty,
		description:
			'Where the first tap on a button that cannot be undone (Refund, Accept dispute) is noted until the second tap confirms it. Use the same store as the other Stripe Chat Channel nodes.',
	},
	buttonExpiryOptionsProperty(
		`Refuse clicks on buttons older than this, at most ${MAX_BUTTON_AGE_DAYS} days; 0 keeps buttons valid for ever`,
	),
];

/** Starts a workflow for a click on an alert's button in Telegram, once the update is verified and allowed. */
export const description: INodeTypeDescription = {
	displayName: 'Stripe Chat Telegram Trigger',
	name: 'stripeChatTelegramTrigger',
	icon: { light: 'file:stripeChatTelegramTrigger.svg', dark: 'file:stripeChatTelegramTrigger.dark.svg' },
	group: ['trigger'],
	...WEBHOOK_TRIGGER_VERSIONS,
	description: "Starts a workflow when someone clicks a button of a payment alert in Telegram (the bot's webhook)",
	defaults: { name: 'Stripe Chat Telegram Trigger' },
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: TELEGRAM_CREDENTIAL_TYPE, required: true },
		{ name: REDIS_CREDENTIAL, required: true, displayOptions: { show: { stateStore: ['redis'] } } },
	],
	webhooks: [
		{
			name: 'default',
			httpMethod: 'POST',
			responseMode: 'onReceived',
			path: 'telegram',
		},
	],
	properties,
};
