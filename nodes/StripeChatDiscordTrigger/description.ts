import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { MAX_BUTTON_AGE_DAYS } from '../../src/core/access';
import { DISCORD_CREDENTIAL_TYPE } from '../../src/platforms/discord/credentials';
import { accessRulesProperty, buttonExpiryOptionsProperty } from '../shared/accessRules';
import { REDIS_CREDENTIAL, stateStoreProperty } from '../shared/stateStore';
import { WEBHOOK_TRIGGER_VERSIONS } from '../shared/webhookTriggerVersions';

const properties: INodeProperties[] = [
	{
		displayName:
			"Paste this node's Production URL into the Discord Developer Portal → your application → General Information → Interactions Endpoint URL, with the workflow active. Discord checks it with a signed PING; requests Discord did not sign are refused.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
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
				description: 'Recommended: anyone else is told privately that they are not allowed, and nothing runs',
			},
			{
				name: 'Everyone Who Sees the Alert',
				value: 'everyone',
				description: 'Anyone who can see the message in Discord may click every button',
			},
		],
	},
	{
		displayName:
			"A rule that names neither users, roles nor channels grants its buttons to everyone who can see the alert — in every server and direct message where the bot's messages appear, unless the credential's Guild ID is set. Name people or roles in every rule.",
		name: 'openRuleNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { access: ['rules'] } },
	},
	accessRulesProperty(
		'A person may act when a rule names them (or one of their roles, or nobody: then everyone), the very button, and the channel. Rules add up.',
		{ description: 'Which buttons this rule allows. Empty: no button.' },
		[
			{
				displayName: 'Channel IDs',
				name: 'channels',
				type: 'string',
				default: '',
				placeholder: '123456789012345678',
				description: 'Only in these channels, separated by commas. Leave empty for any channel.',
			},
			{
				displayName: 'Discord Role IDs',
				name: 'userGroups',
				type: 'string',
				default: '',
				placeholder: '223456789012345678',
				description:
					'Role IDs, separated by commas: anyone with one of these roles (Server Settings → Roles → ⋯ → Copy Role ID, with Developer Mode on)',
			},
			{
				displayName: 'Discord User IDs',
				name: 'users',
				type: 'string',
				default: '',
				placeholder: '323456789012345678',
				description:
					'User IDs, separated by commas (right-click a name → Copy User ID, with Developer Mode on). Leave both lists empty to give this rule to everyone.',
			},
		],
	),
	{
		...stateStoreProperty,
		description:
			'Where refused clicks are written to the audit trail (what the Stripe Action does is written by that node). Use the same store as the other Stripe Chat Channel nodes.',
	},
	buttonExpiryOptionsProperty(
		`Refuse clicks on buttons older than this, at most ${MAX_BUTTON_AGE_DAYS} days; 0 keeps buttons valid for ever`,
	),
];

/** Starts a workflow when someone clicks a button of a Discord payment alert, once the click is verified and allowed. */
export const description: INodeTypeDescription = {
	displayName: 'Stripe Chat Discord Trigger',
	name: 'stripeChatDiscordTrigger',
	icon: { light: 'file:stripeChatDiscordTrigger.svg', dark: 'file:stripeChatDiscordTrigger.dark.svg' },
	group: ['trigger'],
	...WEBHOOK_TRIGGER_VERSIONS,
	description: 'Starts a workflow when someone clicks a button in a Discord payment alert',
	defaults: { name: 'Stripe Chat Discord Trigger' },
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: DISCORD_CREDENTIAL_TYPE, required: true },
		// n8n's own Redis credential, for the Redis state store (see nodes/shared/stateStore.ts).
		{ name: REDIS_CREDENTIAL, required: true, displayOptions: { show: { stateStore: ['redis'] } } },
	],
	webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'discord' }],
	properties,
};
