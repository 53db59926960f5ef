import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { MAX_BUTTON_AGE_DAYS } from '../../src/core/access';
import { accessRulesProperty, buttonExpiryOptionsProperty } from '../shared/accessRules';
import { REDIS_CREDENTIAL, stateStoreProperty } from '../shared/stateStore';
import { WEBHOOK_TRIGGER_VERSIONS } from '../shared/webhookTriggerVersions';
import { SLACK_CREDENTIAL_TYPE } from '../../src/platforms/slack/credentials';

const properties: INodeProperties[] = [
	{
		displayName:
			"Paste this node's Production URL into your Slack app twice: under Interactivity & Shortcuts → Request URL, and as the Request URL of your slash commands (e.g. /pay). Requests that Slack did not sign are refused.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Listen For',
		name: 'listenFor',
		type: 'multiOptions',
		default: ['block_actions', 'view_submission', 'slash_command'],
		description: 'Which Slack interactions start this workflow',
		options: [
			{
				name: 'Button Clicks',
				value: 'block_actions',
				description: 'Buttons in alert messages, such as Retry payment',
			},
			{
				name: 'Modal Submissions',
				value: 'view_submission',
				description: 'Forms opened from a button, such as dispute evidence',
			},
			{
				name: 'Slash Commands',
				value: 'slash_command',
				description: 'Commands typed in Slack, such as /pay 50.00 Deluxe room',
			},
		],
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
				description: 'Recommended: anyone else gets a private "you are not allowed" reply and nothing runs',
			},
			{
				name: 'Everyone in the Slack Workspace',
				value: 'everyone',
				description:
					'Any member of the workspace this app is installed in may click every button and use every command; people from other organisations in shared channels may not',
			},
		],
	},
	accessRulesProperty(
		'A person may act when a rule names them (or a user group they are in, or nobody: then everyone in the workspace), the very button or command, and the channel. A rule grants only what it names; rules add up.',
		{
			description:
				'Which buttons this rule allows (and the forms they open). Empty: no button. "All Buttons" also allows buttons added in later versions and buttons of your own.',
		},
		[
			{
				displayName: 'Channel IDs',
				name: 'channels',
				type: 'string',
				default: '',
				placeholder: 'C0123ABCD',
				description:
					'Only in these channels, separated by commas. Leave empty for any channel of the workspace. A form counts as sent from the channel of the alert it was opened from.',
			},
			{
				displayName: 'Slack User Group IDs',
				name: 'userGroups',
				type: 'string',
				default: '',
				placeholder: 'S0123ABCD',
				description:
					'User group IDs (e.g. @finance), separated by commas. Needs the usergroups:read scope. Leave both people lists empty to give this rule to everyone in the workspace.',
			},
			{
				displayName: 'Slack User IDs',
				name: 'users',
				type: 'string',
				default: '',
				placeholder: 'U0123ABCD, U0456EFGH',
				description:
					'Member IDs, separated by commas. In Slack: click a name → View full profile → ⋮ → Copy member ID.',
			},
			{
				displayName: 'Slash Commands',
				name: 'commands',
				type: 'string',
				default: '',
				placeholder: '/pay',
				description: 'Commands this rule allows, separated by commas, or * for every command. Empty: no command.',
			},
		],
	),
	{
		...stateStoreProperty,
		description:
			'Where refused clicks, forms and commands are written to the audit trail (what the Stripe Action does is written by that node). Use the same store as the other Stripe Chat Channel nodes.',
	},
	buttonExpiryOptionsProperty(
		`Refuse clicks on buttons older than this, at most ${MAX_BUTTON_AGE_DAYS} days (a used button is remembered a little longer, so it never acts twice); 0 keeps buttons valid for ever`,
	),
];

/** Starts a workflow for a click, a form or a slash command in Slack, once the request is verified and allowed. */
export const description: INodeTypeDescription = {
	displayName: 'Chat Interaction Trigger',
	name: 'chatInteractionTrigger',
	icon: { light: 'file:chatInteractionTrigger.svg', dark: 'file:chatInteractionTrigger.dark.svg' },
	group: ['trigger'],
	...WEBHOOK_TRIGGER_VERSIONS,
	subtitle: '={{$parameter["listenFor"].join(", ")}}',
	description:
		'Starts a workflow when someone clicks a button in a payment alert, submits a form, or types a slash command in Slack',
	defaults: { name: 'Chat Interaction Trigger' },
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: SLACK_CREDENTIAL_TYPE, required: true },
		{ name: REDIS_CREDENTIAL, required: true, displayOptions: { show: { stateStore: ['redis'] } } },
	],
	webhooks: [
		{
			name: 'default',
			httpMethod: 'POST',
			responseMode: 'onReceived',
			path: 'slack',
		},
	],
	properties,
};
