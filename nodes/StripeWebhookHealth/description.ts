import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { eventOptions } from '../shared/stripeEventOptions';
import { stateStoreProperty } from '../shared/stateStore';

/** Problems always leave by the first output; missed events by a second one, when asked for. */
const OUTPUTS_EXPRESSION: `={{${string}}}` =
	'={{ $parameter.recover ? [{ "type": "main", "displayName": "Problems" }, { "type": "main", "displayName": "Missed Events" }] : [{ "type": "main", "displayName": "Problems" }] }}';

const properties: INodeProperties[] = [
	{
		displayName:
			'Looks at your Stripe webhook endpoints and at the events Stripe could not deliver, at the Poll Times above (every 5 minutes is enough; Stripe retries for 3 days). Each problem is reported once when it starts, and again when it is over.',
		name: 'aboutNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Report',
		name: 'checks',
		type: 'multiOptions',
		options: [
			{
				name: 'Endpoint Problems',
				value: 'endpoints',
				description:
					"An endpoint Stripe disabled, a plain http:// or local address with a live key, an endpoint of this n8n that points elsewhere, an API version far from the credential's, almost all of Stripe's 16 endpoints used",
			},
			{
				name: 'Events Stripe Could Not Deliver',
				value: 'deliveries',
				description: 'How many events, of which types, since when; and when deliveries work again',
			},
		],
		default: ['endpoints', 'deliveries'],
		description: 'What to report on the Problems output. Leave empty to only output missed events.',
	},
	{
		displayName: 'Output Missed Events',
		name: 'recover',
		type: 'boolean',
		default: false,
		description:
			'Whether to also output the events this workflow missed, on a second output "Missed Events", read from Stripe (so no signature is needed). Connect it to the Payment Alert that your Stripe Event Trigger feeds, in the same workflow: an event that then arrives from Stripe too is posted once.',
	},
	{
		displayName: 'Missed Events to Look For',
		name: 'recoverScope',
		type: 'options',
		options: [
			{
				name: 'Every Event Not Yet Handled',
				value: 'unhandled',
				description:
					"Events that no Payment Alert after this node has handled, whether Stripe delivered them or not, and that the workflow's Stripe Event Trigger lets through (its events and filters). Also catches what n8n answered while it was starting (it accepts requests before any workflow runs, and Stripe does not send them again). Needs a Payment Alert with Skip Repeated Events, followed by a posting node of this package.",
			},
			{
				name: 'Only Events Stripe Could Not Deliver',
				value: 'undelivered',
				description: 'Every event Stripe could not deliver since the last poll, also one this workflow already handled',
			},
		],
		default: 'unhandled',
		displayOptions: { show: { recover: [true], '@version': [2] } },
	},
	{
		displayName: 'Look Back (Minutes)',
		name: 'lookbackMinutes',
		type: 'number',
		typeOptions: { minValue: 5 },
		default: 60,
		displayOptions: { show: { recover: [true], recoverScope: ['unhandled'], '@version': [2] } },
		description:
			'How far back each poll looks for events that never became an alert; at least 30 minutes more than the longest Processing Timeout of the Payment Alerts after it. After n8n was down, it also looks at everything since its last poll, up to the 3 days Stripe retries for; never before this trigger first ran.',
	},
	{
		displayName: 'Missed Events to Output',
		name: 'events',
		type: 'multiOptions',
		options: eventOptions(),
		default: [],
		displayOptions: { show: { recover: [true] } },
		description:
			'Choose the same events as the Stripe Event Trigger of this workflow, so it recovers exactly what it would have received. Empty: every type (with "Every Event Not Yet Handled": the events of the Stripe Event Trigger).',
	},
	stateStoreProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Mention in Slack',
				name: 'mention',
				type: 'options',
				options: [
					{ name: 'Nobody', value: 'none' },
					{ name: 'Here', value: 'here', description: '@here: everyone active in the channel' },
					{ name: 'Channel', value: 'channel', description: '@channel: everyone in the channel' },
				],
				default: 'none',
				description: 'Who is notified of critical reports (disabled endpoint, deliveries failing)',
			},
			{
				displayName: 'Redaction',
				name: 'redaction',
				type: 'options',
				options: [
					{
						name: 'Standard',
						value: 'standard',
						description: 'Removes secrets and card numbers, masks e-mails in URLs',
					},
					{ name: 'Strict', value: 'strict' },
					{ name: 'Off', value: 'off' },
				],
				default: 'standard',
				description: 'How endpoint URLs and descriptions are cleaned before they appear in a report',
			},
			{
				displayName: 'Remind Every (Minutes)',
				name: 'reminderMinutes',
				type: 'number',
				typeOptions: { minValue: 15 },
				default: 60,
				description: 'While Stripe keeps failing to deliver, report it again this often, with the new count',
			},
		],
	},
];

/**
 * Watches the Stripe account's webhook endpoints and the events Stripe could not deliver, reports each problem
 * once, and can hand the missed events to Payment Alert. Polling trigger: n8n adds its Poll Times.
 */
export const description: INodeTypeDescription = {
	displayName: 'Stripe Webhook Health',
	name: 'stripeWebhookHealth',
	icon: { light: 'file:stripeWebhookHealth.svg', dark: 'file:stripeWebhookHealth.dark.svg' },
	group: ['trigger'],
	version: [1, 2],
	defaultVersion: 2,
	subtitle: '={{ $parameter["recover"] ? "report and recover" : "report problems" }}',
	description:
		'Starts the workflow when a Stripe webhook endpoint is disabled or Stripe cannot deliver events, and recovers the events that were missed',
	defaults: { name: 'Stripe Webhook Health' },
	polling: true,
	inputs: [],
	outputs: OUTPUTS_EXPRESSION,
	credentials: [
		{ name: 'stripeChatChannelApi', required: true },
		// n8n's own Redis credential, for the Redis state store (see nodes/shared/stateStore.ts).
		{ name: 'redis', required: true, displayOptions: { show: { stateStore: ['redis'] } } },
	],
	properties,
};
