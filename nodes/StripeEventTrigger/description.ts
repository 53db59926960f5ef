import { WEBHOOK_RESOLVERS } from 'n8n-workflow';
import type { INodeProperties, INodeTypeDescription, IWebhookDescription } from 'n8n-workflow';

import { stateStoreProperty } from '../shared/stateStore';
import { eventOptions } from '../shared/stripeEventOptions';
import { WEBHOOK_TRIGGER_VERSIONS } from '../shared/webhookTriggerVersions';

/** One output; a second, "Rejected Deliveries", only when asked for, so existing workflows keep their wiring. */
const OUTPUTS_EXPRESSION: `={{${string}}}` =
	'={{ $parameter.rejectedDeliveries ? [{ "type": "main", "displayName": "Events" }, { "type": "main", "displayName": "Rejected Deliveries" }] : [{ "type": "main" }] }}';

const RESPONSE_MODE_TEMPLATE = '={{$parameter["responseMode"]}}';

/**
 * The one webhook. `responseMode` is the node's parameter; n8n 2.40+ reads it directly through the resolver under
 * `WEBHOOK_RESOLVERS` instead of evaluating the template in its expression sandbox, which with n8n's lazy isolate
 * setting (`N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true`) spares each request a V8 isolate (docs/ARCHITECTURE.md,
 * "Throughput"). Older n8n versions ignore the resolver (the key is then `undefined`) and evaluate the template.
 */
const webhookDescription: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	// Not a full path: n8n prefixes the node's webhookId, so every trigger gets its own URL and endpoint.
	path: 'stripe',
	responseMode: RESPONSE_MODE_TEMPLATE,
	// Stripe needs only the status code; an empty body also keeps workflow data out of Stripe's delivery log.
	responseData: 'noData',
	[WEBHOOK_RESOLVERS]: {
		responseMode: { template: RESPONSE_MODE_TEMPLATE, resolve: (parameters) => parameters.responseMode },
	},
};

const properties: INodeProperties[] = [
	{
		displayName: 'Webhook Endpoint in Stripe',
		name: 'endpointMode',
		type: 'options',
		options: [
			{
				name: 'Register It for Me (Recommended)',
				value: 'automatic',
				description:
					"When the workflow is activated, the trigger adds this workflow's URL as a webhook endpoint in Stripe and removes it again when the workflow is deactivated",
			},
			{
				name: 'I Add It in Stripe Myself',
				value: 'manual',
				description: 'You add the endpoint in the Stripe Dashboard and put its signing secret into the credential',
			},
		],
		default: 'automatic',
		description: 'Who creates the webhook endpoint (the address Stripe sends events to) in your Stripe account',
	},
	{
		displayName:
			"Copy the Production URL above into Stripe Dashboard → Developers → Webhooks → Add endpoint, choose the same events, then copy the endpoint's signing secret (whsec_…) into the Webhook Signing Secrets of the Stripe credential. Without it every event is refused.",
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { endpointMode: ['manual'] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: eventOptions(),
		default: [],
		required: true,
		description:
			'Which Stripe events start the workflow. "Any … Event" options cover a whole group, e.g. every invoice event. Only these events are requested from Stripe; others are ignored.',
	},
	{
		displayName: 'Events From Connected Accounts',
		name: 'connect',
		type: 'boolean',
		default: false,
		displayOptions: { show: { endpointMode: ['automatic'] } },
		description:
			'Whether the endpoint receives events of your Stripe Connect connected accounts instead of your own account. For both, use two triggers.',
	},
	{
		displayName: 'Answer Stripe',
		name: 'responseMode',
		type: 'options',
		options: [
			{
				name: 'When the Workflow Finishes (Recommended)',
				value: 'lastNode',
				description:
					'Stripe gets "200 OK" only when the whole workflow succeeded (the alert is out), otherwise an error, and then sends the event again later (for up to 3 days): nothing is lost',
			},
			{
				name: 'As Soon As the Event Is Verified',
				value: 'onReceived',
				description:
					'Stripe gets "200 OK" right away. If the workflow then fails, Stripe does not send the event again: use this only with your own error handling.',
			},
		],
		default: 'lastNode',
		description:
			'When Stripe is told that the event arrived. Stripe sends an event again until it gets a success answer.',
	},
	{
		displayName: 'Output Rejected Deliveries',
		name: 'rejectedDeliveries',
		type: 'boolean',
		default: false,
		description:
			'Whether to add a second output, "Rejected Deliveries", with one item per reason and minute when requests are refused: bad signature (e.g. after a signing secret was rotated on one side only), too old, no secret, not JSON. Carries the reason, time and sender address, never the body.',
	},
	{
		...stateStoreProperty,
		description:
			'Where the trigger remembers which refusals it already reported this minute. Use the same store as the other Stripe Chat Channel nodes.',
		displayOptions: { show: { rejectedDeliveries: [true] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Start the workflow only for some of the chosen events: live or test mode, accounts, metadata',
		options: [
			{
				displayName: 'Connected Account IDs',
				name: 'accounts',
				type: 'string',
				default: '',
				placeholder: 'acct_1A2b3C, acct_4D5e6F',
				description:
					'Account IDs for "Only These Connected Accounts" or "All Except These Connected Accounts", separated by commas',
			},
			{
				displayName: 'Connected Accounts',
				name: 'accountFilter',
				type: 'options',
				options: [
					{
						name: 'All Accounts',
						value: 'any',
						description: 'Events of your own account and of every connected account',
					},
					{
						name: 'All Except These Connected Accounts',
						value: 'exclude',
						description: 'Ignore events of the accounts listed in Connected Account IDs',
					},
					{
						name: 'Only My Own Account',
						value: 'platformOnly',
						description: 'Ignore events that come from connected accounts',
					},
					{
						name: 'Only These Connected Accounts',
						value: 'include',
						description: 'Only events of the accounts listed in Connected Account IDs',
					},
				],
				default: 'any',
				description: "For Stripe Connect platforms: which accounts' events start the workflow",
			},
			{
				displayName: 'Live or Test Mode',
				name: 'livemode',
				type: 'options',
				options: [
					{ name: 'Both', value: 'any' },
					{ name: 'Live Only', value: 'live', description: 'Real payments only' },
					{ name: 'Test Only', value: 'test', description: 'Test-mode events only (test cards, sandboxes)' },
				],
				default: 'any',
				description: 'Whether events of real payments (live mode), of tests, or both start the workflow',
			},
			{
				displayName: 'Metadata Must Match',
				name: 'metadata',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Metadata Condition',
				default: {},
				description:
					'Only events whose object carries all of these metadata values (the key-value notes you or your app attach to payments, customers, invoices in Stripe)',
				options: [
					{
						displayName: 'Condition',
						name: 'conditions',
						values: [
							{
								displayName: 'Key',
								name: 'key',
								type: 'string',
								default: '',
								placeholder: 'plan',
								description: 'Metadata key, exactly as in Stripe (case matters)',
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
								placeholder: 'enterprise',
								description: 'The value the key must have, exactly (case matters)',
							},
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Rarely needed settings',
		options: [
			{
				displayName: 'Fetch Object of Thin Events',
				name: 'expandThinEvents',
				type: 'boolean',
				default: false,
				description:
					'Whether to read the object a thin event refers to from Stripe and add it as "relatedObject". Thin events come only from event destinations you set up in Stripe yourself with the "thin" payload style.',
			},
			{
				displayName: 'Signature Time Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 300,
				description:
					"How old (or how far in the future) a signed event may be. Protects against someone re-sending a captured event later. Stripe recommends 300 (5 minutes); raise it only if this server's clock is unreliable.",
			},
		],
	},
];

/**
 * Starts a workflow for each signed Stripe event. Verifies every request (fails closed), registers its own
 * webhook endpoint in Stripe when asked to, and filters by event type, mode, account and metadata.
 */
export const description: INodeTypeDescription = {
	displayName: 'Stripe Event Trigger',
	name: 'stripeEventTrigger',
	icon: { light: 'file:stripeEventTrigger.svg', dark: 'file:stripeEventTrigger.dark.svg' },
	group: ['trigger'],
	...WEBHOOK_TRIGGER_VERSIONS,
	subtitle:
		'={{($parameter["events"] || []).length === 1 ? $parameter["events"][0] : ($parameter["events"] || []).length + " events"}}',
	description: 'Starts the workflow when Stripe sends a verified event, such as a failed payment or a new dispute',
	defaults: { name: 'Stripe Event Trigger' },
	inputs: [],
	outputs: OUTPUTS_EXPRESSION,
	credentials: [
		{ name: 'stripeChatChannelApi', required: true },
		// n8n's own Redis credential, for the Redis state store of "Rejected Deliveries" (nodes/shared/stateStore.ts).
		{
			name: 'redis',
			required: true,
			displayOptions: { show: { rejectedDeliveries: [true], stateStore: ['redis'] } },
		},
	],
	webhooks: [webhookDescription],
	properties,
};
