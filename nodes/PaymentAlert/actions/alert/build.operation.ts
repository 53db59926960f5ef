import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { eventTypeLabel } from '../../src/core/stripeEventTypes';
import type { ActionKind } from '../../src/core/types';
import { stateStoreProperty } from '../shared/stateStore';

/** Branch names, in output order, when "Output Branches by Category" is on. */
export const CATEGORY_BRANCHES = [
	{ category: 'paymentFailed', name: 'Payment failed' },
	{ category: 'dispute', name: 'Dispute' },
	{ category: 'invoicePaid', name: 'Invoice paid' },
	{ category: 'customerUpdated', name: 'Customer updated' },
	{ category: 'other', name: 'Other' },
] as const;

/**
 * n8n evaluates this to draw the node's outputs. Written out as plain data (not a stringified function) so the
 * branch names here and in CATEGORY_BRANCHES are easy to compare.
 */
export const OUTPUTS_EXPRESSION: `={{${string}}}` = `={{ $parameter.outputBranches ? ${JSON.stringify(
	CATEGORY_BRANCHES.map((branch) => ({ type: 'main', displayName: branch.name })),
)} : ["main"] }}`;

const COMMON_EVENT_TYPES = [
	'charge.dispute.closed',
	'charge.dispute.created',
	'charge.dispute.funds_withdrawn',
	'charge.failed',
	'charge.refunded',
	'charge.succeeded',
	'checkout.session.async_payment_failed',
	'checkout.session.completed',
	'checkout.session.expired',
	'customer.subscription.deleted',
	'customer.subscription.trial_will_end',
	'customer.updated',
	'invoice.finalization_failed',
	'invoice.paid',
	'invoice.payment_action_required',
	'invoice.payment_failed',
	'payment_intent.payment_failed',
	'payment_intent.succeeded',
	'payout.failed',
	'radar.early_fraud_warning.created',
];

const EVENT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Any Event (*)', value: '*' },
	{ name: 'Charge: Any Dispute Event (Charge.dispute.*)', value: 'charge.dispute.*' },
	{ name: 'Invoice: Any Event (Invoice.*)', value: 'invoice.*' },
	...COMMON_EVENT_TYPES.map((type) => ({ name: eventTypeLabel(type), value: type })),
].sort((a, b) => a.name.localeCompare(b.name));

const ACTION_OPTIONS: Array<{ name: string; value: ActionKind; description: string }> = [
	{ name: 'Accept Dispute', value: 'dispute.accept', description: 'On new disputes; asks for confirmation' },
	{ name: 'Customer Summary', value: 'customer.summary', description: 'Shows the customer’s recent payments' },
	{ name: 'Refund', value: 'refund.create', description: 'On successful payments; asks for confirmation' },
	{ name: 'Retry Payment', value: 'invoice.retry', description: 'On failed invoice payments' },
	{ name: 'Send Dunning E-Mail', value: 'invoice.send', description: 'Sends the invoice to the customer again' },
	{ name: 'Send Payment Link', value: 'payment_link.create', description: 'On failed or abandoned payments' },
	{ name: 'Submit Dispute Evidence', value: 'dispute.respond', description: 'On disputes that need a response' },
];

export const ALL_ACTIONS: ActionKind[] = ACTION_OPTIONS.map((option) => option.value);

const ruleFields: INodeProperties[] = [
	{
		displayName: 'Rule Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Disputes to #risk',
		description: 'Shown in the output so you can see which rule decided',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: [],
		description: 'Event types this rule applies to. Add others below.',
	},
	{
		displayName: 'More Event Types',
		name: 'customEvents',
		type: 'string',
		default: '',
		placeholder: 'e.g. payout.*, customer.subscription.paused',
		description: 'Comma-separated event types; end with .* for a whole group, or * for every event',
	},
	{
		displayName: 'Action',
		name: 'action',
		type: 'options',
		options: [
			{ name: 'Send to Channel', value: 'route' },
			{ name: 'Do Not Send (Suppress)', value: 'suppress' },
		],
		default: 'route',
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		default: '',
		placeholder: 'e.g. #risk or C0123ABCD',
		description: 'Slack channel name or ID. Empty: the default channel.',
		displayOptions: { show: { action: ['route'] } },
	},
	{
		displayName: 'Mention',
		name: 'mentionType',
		type: 'options',
		options: [
			{ name: 'A Person', value: 'user' },
			{ name: 'A User Group', value: 'usergroup' },
			{ name: 'Active Members (Here)', value: 'here', description: 'Mentions @here' },
			{ name: 'Everyone in the Channel', value: 'channel', description: 'Mentions @channel' },
			{ name: 'Nobody', value: 'none' },
		],
		default: 'none',
		displayOptions: { show: { action: ['route'] } },
	},
	{
		displayName: 'Member or Group ID',
		name: 'mentionId',
		type: 'string',
		default: '',
		placeholder: 'e.g. U0123ABCD or S0123ABCD',
		description:
			'A person: their profile → ⋮ → Copy member ID (U…). A user group: its ID (S…). Names do not work here.',
		displayOptions: { show: { action: ['route'], mentionType: ['user', 'usergroup'] } },
	},
	{
		displayName: 'Severity',
		name: 'severity',
		type: 'options',
		options: [
			{ name: 'Critical', value: 'critical' },
			{ name: 'Info', value: 'info' },
			{ name: 'Keep as Is', value: 'keep' },
			{ name: 'Success', value: 'success' },
			{ name: 'Warning', value: 'warning' },
		],
		default: 'keep',
		displayOptions: { show: { action: ['route'] } },
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Live and Test', value: 'any' },
			{ name: 'Live Only', value: 'live' },
			{ name: 'Test Only', value: 'test' },
		],
		default: 'any',
	},
	{
		displayName: 'Amount Currency',
		name: 'amountCurrency',
		type: 'string',
		default: '',
		placeholder: 'e.g. EUR',
		description:
			'Set to compare amounts. Amounts are only compared in this currency: events in other currencies do not match.',
	},
	{
		displayName: 'Minimum Amount',
		name: 'minAmount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 3 },
		default: 0,
		description: 'In whole currency units, e.g. 500 for €500.00. 0 = no minimum.',
		displayOptions: { hide: { amountCurrency: [''] } },
	},
	{
		displayName: 'Maximum Amount',
		name: 'maxAmount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 3 },
		default: 0,
		description: 'In whole currency units. 0 = no maximum.',
		displayOptions: { hide: { amountCurrency: [''] } },
	},
	{
		displayName: 'Accounts',
		name: 'accounts',
		type: 'string',
		default: '',
		placeholder: 'e.g. acct_1ABC, platform',
		description:
			'Comma-separated connected account IDs (Stripe Connect). "platform" means your own account’s events. Empty: all.',
	},
	{
		displayName: 'Metadata Key',
		name: 'metadataKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. tier',
		description: 'Match only objects whose Stripe metadata has this key…',
	},
	{
		displayName: 'Metadata Value',
		name: 'metadataValue',
		type: 'string',
		default: '',
		placeholder: 'e.g. vip',
		description: '…with exactly this value',
		displayOptions: { hide: { metadataKey: [''] } },
	},
];

export const paymentAlertProperties: INodeProperties[] = [
	{
		displayName: 'Event Field',
		name: 'eventField',
		type: 'string',
		default: '',
		placeholder: 'e.g. body',
		description:
			'Where the Stripe event is in each item. Leave empty when the item is the event (as from the Stripe Event Trigger).',
	},
	{
		displayName: 'Default Channel',
		name: 'defaultChannel',
		type: 'string',
		default: '',
		placeholder: 'e.g. #payments or C0123ABCD',
		description: 'Where alerts go when no rule below names a channel',
	},
	{
		displayName: 'Routing Rules',
		name: 'rules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Rule',
		default: {},
		description: 'Checked from top to bottom; the first rule that matches decides',
		options: [{ name: 'rule', displayName: 'Rule', values: ruleFields }],
	},
	{
		displayName: 'Redaction',
		name: 'redaction',
		type: 'options',
		options: [
			{
				name: 'Standard (Recommended)',
				value: 'standard',
				description: 'Masks e-mails, phone numbers and addresses; removes card numbers and secrets',
			},
			{ name: 'Strict', value: 'strict', description: 'Also hides names and e-mail addresses completely' },
			{ name: 'Off', value: 'off', description: 'Shows customer data as received' },
		],
		default: 'standard',
	},
	{
		displayName:
			'Redaction is off: customer names, e-mails, phone numbers and addresses will appear in Slack as Stripe sent them. Each message says so.',
		name: 'redactionOffNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { redaction: ['off'] } },
	},
	{
		displayName: 'Buttons',
		name: 'actions',
		type: 'multiOptions',
		options: ACTION_OPTIONS,
		default: [
			'customer.summary',
			'dispute.accept',
			'dispute.respond',
			'invoice.retry',
			'invoice.send',
			'payment_link.create',
			'refund.create',
		],
		description: 'Buttons to offer where they make sense. They need a Button Signing Secret in the Slack credential.',
	},
	{
		displayName: 'Skip Repeated Events',
		name: 'deduplicate',
		type: 'boolean',
		default: true,
		description:
			'Whether to mark events already handled (Stripe sometimes sends one twice, or several times at once) as suppressed, so each alert is posted once',
	},
	stateStoreProperty,
	{
		displayName: 'Collapse Bursts',
		name: 'burstCollapse',
		type: 'boolean',
		default: false,
		description:
			'Whether to post only the first few alerts of one kind per time window and count the rest in one summary ("+37 more payment failures in the last 5 minutes")',
	},
	{
		displayName: 'Alerts Before Collapsing',
		name: 'burstThreshold',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 5,
		description: 'How many alerts of one kind per window are posted on their own',
		displayOptions: { show: { burstCollapse: [true] } },
	},
	{
		displayName: 'Window (Minutes)',
		name: 'burstWindowMinutes',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1440 },
		default: 5,
		displayOptions: { show: { burstCollapse: [true] } },
	},
	{
		displayName: 'Output Branches by Category',
		name: 'outputBranches',
		type: 'boolean',
		default: false,
		description: 'Whether to split alerts into outputs: Payment failed, Dispute, Invoice paid, Customer updated, Other',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Processing Timeout (Seconds)',
				name: 'processingTimeout',
				type: 'number',
				typeOptions: { minValue: 10 },
				default: 900,
				description:
					'How long an event stays reserved for the run handling it. If that run dies (n8n restarted, worker stopped), Stripe’s next delivery after this time is handled again. Keep it longer than your slowest run.',
			},
			{
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: 'en-US',
				placeholder: 'e.g. de-DE',
				description: 'Language and region for amounts and dates',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: 'UTC',
				placeholder: 'e.g. Europe/Berlin',
				description: 'Time zone for dates in messages',
			},
		],
	},
];
