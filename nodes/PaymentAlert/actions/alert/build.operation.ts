import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ACTION_DESCRIPTIONS, BUTTON_ACTIONS } from '../../../../src/core/actions';
import type { ActionInfo, ActionKind } from '../../../../src/core/actions';
import { buildMessage } from '../../../../src/core/buildMessage';
import { decideBurst, burstLabelFor } from '../../../../src/core/burst';
import type { EventClaimFields, PaymentAlertItem } from '../../../../src/core/items/paymentAlert';
import { customerIdOf, recordOf } from '../../../../src/core/normalize';
import type { NormalizedEvent } from '../../../../src/core/normalize';
import { addressRoute, routeMessage } from '../../../../src/core/routing';
import type { RouteDecision } from '../../../../src/core/routing';
import type { StateStore } from '../../../../src/core/state/stateStore';
import { eventTypeLabel } from '../../../../src/core/stripeEventTypes';
import { paymentFailureLookupTarget } from '../../../../src/core/messages/invoice';
import type { ChatMessage, RenderOptions } from '../../../../src/core/types';
import { CHAT_PLATFORMS, postingNodeName } from '../../../../src/platforms';
import type { RuleHints } from '../../../../src/platforms';
import { finishEvents } from '../../../shared/eventClaims';
import { stateStoreProperty } from '../../../shared/stateStore';
import { noButtonsReason } from './buttons';
import type { CustomerMetadataLookup } from './customerContacts';
import type { DeclineReasonLookup } from './declineReasons';
import type { AlertSettings } from './settings';

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

const ACTION_OPTIONS: Array<{ name: string; value: ActionKind; description: string }> = BUTTON_ACTIONS.map((kind) => {
	const { button } = ACTION_DESCRIPTIONS[kind] as ActionInfo & { button: NonNullable<ActionInfo['button']> };
	return { name: button.name, value: kind, description: button.description };
}).sort((a, b) => a.name.localeCompare(b.name));

/** What the channel and mention-id fields say for a platform that brings no hints of its own. */
const NEUTRAL_RULE_HINTS: RuleHints = {
	channel: {
		placeholder: 'e.g. the channel ID',
		description: 'A channel of the chosen Chat Platform, as its posting node takes it (usually its ID)',
	},
	mentionId: {
		placeholder: 'e.g. the person’s or group’s ID',
		description: 'The person’s or group’s ID on the chosen Chat Platform. Names do not work here.',
	},
};

/**
 * One copy of a field per platform that brings its own hints (`ChatPlatform.ruleHints`), each shown only when that
 * platform is chosen, and one in neutral words for the others: n8n shows the copy whose display options match.
 * `chatPlatformPath` is `/chatPlatform` inside the routing rules (a leading slash names a top-level parameter).
 */
function forEachPlatformHints(
	chatPlatformPath: 'chatPlatform' | '/chatPlatform',
	field: (hints: RuleHints) => INodeProperties,
): INodeProperties[] {
	const groups = [
		...CHAT_PLATFORMS.flatMap((platform) =>
			platform.ruleHints ? [{ ids: [platform.id], hints: platform.ruleHints }] : [],
		),
		{
			ids: CHAT_PLATFORMS.filter((platform) => !platform.ruleHints).map((platform) => platform.id),
			hints: NEUTRAL_RULE_HINTS,
		},
	].filter((group) => group.ids.length > 0);
	return groups.map(({ ids, hints }) => {
		const property = field(hints);
		return {
			...property,
			displayOptions: {
				...property.displayOptions,
				show: { ...property.displayOptions?.show, [chatPlatformPath]: ids },
			},
		};
	});
}

const PLATFORM_OPTIONS: INodePropertyOptions[] = CHAT_PLATFORMS.map((platform) => ({
	name: platform.displayName,
	value: platform.id,
	description: `Posted by the ${postingNodeName(platform)} node${platform.buttons === 'links' ? '; link buttons only' : ''}`,
})).sort((a, b) => a.name.localeCompare(b.name));

/** Link-only platforms say so where the Buttons field would be (their buttons cannot act on Stripe). */
const LINK_BUTTON_NOTICES: INodeProperties[] = CHAT_PLATFORMS.filter((platform) => platform.buttons === 'links').map(
	(platform) => ({
		displayName: `${platform.displayName} shows link buttons only (Dashboard, hosted pages): buttons that act on Stripe need an app with a click endpoint there; see the README, "Chat platforms".`,
		name: 'linkButtonsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { chatPlatform: [platform.id] } },
	}),
);

const INTERACTIVE_PLATFORM_IDS = CHAT_PLATFORMS.filter((platform) => platform.buttons === 'interactive').map(
	(platform) => platform.id,
);

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
	...forEachPlatformHints('/chatPlatform', (hints) => ({
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		default: '',
		placeholder: hints.channel.placeholder,
		description: `${hints.channel.description}. Empty: the default channel.`,
		displayOptions: { show: { action: ['route'] } },
	})),
	{
		displayName: 'Mention',
		name: 'mentionType',
		type: 'options',
		options: [
			{ name: 'A Person', value: 'user' },
			{ name: 'A User Group', value: 'usergroup' },
			{ name: 'Active Members (Here)', value: 'here', description: 'Mentions those active in the channel (@here)' },
			{
				name: 'Everyone in the Channel',
				value: 'channel',
				description: 'Mentions everyone in the channel (@channel, @everyone)',
			},
			{ name: 'Nobody', value: 'none' },
		],
		default: 'none',
		displayOptions: { show: { action: ['route'] } },
	},
	...forEachPlatformHints('/chatPlatform', (hints) => ({
		displayName: 'Member or Group ID',
		name: 'mentionId',
		type: 'string',
		default: '',
		placeholder: hints.mentionId.placeholder,
		description: hints.mentionId.description,
		displayOptions: { show: { action: ['route'], mentionType: ['user', 'usergroup'] } },
	})),
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

export const description: INodeProperties[] = [
	{
		displayName: 'Chat Platform',
		name: 'chatPlatform',
		type: 'options',
		options: PLATFORM_OPTIONS,
		default: 'slack',
		description:
			'Where the alerts go: each alert is rendered for this platform only, and the routing rules name its channels and people. Connect its posting node after this one.',
	},
	{
		displayName: 'Event Field',
		name: 'eventField',
		type: 'string',
		default: '',
		placeholder: 'e.g. body',
		description:
			'Where the Stripe event is in each item. Leave empty when the item is the event (as from the Stripe Event Trigger).',
	},
	...forEachPlatformHints('chatPlatform', (hints) => ({
		displayName: 'Default Channel',
		name: 'defaultChannel',
		type: 'string',
		default: '',
		placeholder: hints.channel.placeholder,
		description: 'Where alerts go when no rule below names a channel',
	})),
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
			'Redaction is off: customer names, e-mails, phone numbers and addresses will appear in the chat as Stripe sent them. Each message says so.',
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
		default: [...BUTTON_ACTIONS],
		description:
			'Buttons to offer where they make sense. They need a Button Signing Secret in the chat platform’s credential on this node.',
		displayOptions: { show: { chatPlatform: INTERACTIVE_PLATFORM_IDS } },
	},
	...LINK_BUTTON_NOTICES,
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
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: 'en-US',
				placeholder: 'e.g. de-DE',
				description: 'Language and region for amounts and dates',
			},
			{
				displayName: 'Look Up Decline Reasons',
				name: 'lookUpDeclineReasons',
				type: 'boolean',
				default: true,
				description:
					'Whether to ask Stripe why a failed invoice payment failed when the event does not say (API versions from 2025-03-31.basil on). Needs a Stripe credential on this node; takes at most 2 seconds per alert, and the alert says when Stripe did not answer.',
			},
			{
				displayName: 'Look Up Last Contact',
				name: 'lookUpLastContact',
				type: 'boolean',
				default: false,
				description:
					'Whether to read the customer from Stripe for failed payments and disputes, to show "Last contacted 2 days ago by alice" (written by the Mark Customer Contacted button). Needs a Stripe credential on this node; takes at most 1.5 seconds per alert. An event with the customer expanded shows it without a look-up.',
			},
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

/** What one run of the node shares between its items: the settings, the button secret, the store and the claims. */
export interface AlertRun {
	settings: AlertSettings;
	/**
	 * The chosen platform's credential's Button Signing Secret; without it (or on a platform with link buttons only)
	 * alerts carry no buttons that act (the output says why).
	 */
	buttonSecret?: string;
	/** Opened when events are claimed or bursts counted. */
	store?: StateStore;
	/** Events and burst counts are kept per workflow: two workflows may each alert on the same event. */
	scope: string;
	/** Items whose event was already handled (or came twice in this batch): built, but marked suppressed. */
	duplicates: Set<number>;
	/** The claims this run made, by item. */
	claims: Map<number, EventClaimFields>;
	/** Set when the node has a Stripe credential and Look Up Decline Reasons is on. */
	declineReasons?: DeclineReasonLookup;
	/** Reads the customer's "contacted" metadata for alerts a team works; undefined without a Stripe credential. */
	customerContacts?: CustomerMetadataLookup;
}

function eventSummary(event: NormalizedEvent): PaymentAlertItem['event'] {
	return {
		id: event.id,
		type: event.type,
		livemode: event.livemode,
		created: event.created,
		...(event.account ? { account: event.account } : {}),
		...(event.objectType ? { objectType: event.objectType } : {}),
		...(event.objectId ? { objectId: event.objectId } : {}),
	};
}

/**
 * Builds one alert: the redacted message (src/core/buildMessage.ts), its route (src/core/routing.ts), its place in
 * a burst (src/core/burst.ts) and its rendering for the chosen chat platform only (each rendering costs about as
 * much as building the message). A suppressed alert completes its claim at once; any other hands the claim to the
 * node that posts it.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	run: AlertRun,
	raw: unknown,
	event: NormalizedEvent,
): Promise<PaymentAlertItem> {
	const { settings } = run;
	const renderOptions: RenderOptions = {
		redaction: settings.redaction,
		locale: settings.locale,
		timeZone: settings.timeZone,
		actionSecret: run.buttonSecret,
		buttonValues: settings.platform.buttonValues,
	};
	let built = buildMessage(raw, renderOptions);
	const { addressing } = settings.platform;
	let route: RouteDecision = routeMessage(built, event, settings.rules, addressing, {
		channel: settings.defaultChannel,
	});
	if (run.duplicates.has(itemIndex)) {
		route = {
			...route,
			suppressed: true,
			reason: `duplicate of an event already processed (${event.id}); not sent again`,
		};
	}
	// Only for an alert that goes out: what Stripe says changes the reason shown, not where the alert goes.
	if (run.declineReasons && !route.suppressed) {
		const target = paymentFailureLookupTarget(event);
		if (target) {
			renderOptions.paymentFailure = await run.declineReasons(target);
			built = buildMessage(raw, renderOptions);
		}
	}
	// "Last contacted 2 days ago by alice" on the alerts a team works, unless the event's customer is expanded.
	const customerId = customerIdOf(event);
	const teamWorks = built.category === 'paymentFailed' || built.category === 'dispute';
	if (run.customerContacts && !route.suppressed && customerId && teamWorks && !recordOf(event.object.customer)) {
		renderOptions.customerMetadata = await run.customerContacts(customerId);
		if (renderOptions.customerMetadata) built = buildMessage(raw, renderOptions);
	}
	const actions = built.actions.filter((action) => settings.allowedActions.has(action.id));
	const message: ChatMessage = { ...built, actions, severity: route.severity };
	const noButtons = noButtonsReason(settings.platform, run.buttonSecret);
	const { platform } = settings;
	const item: PaymentAlertItem = {
		message,
		route: addressRoute(route, addressing),
		event: eventSummary(event),
		buttons: noButtons ? { attached: 0, reason: noButtons } : { attached: actions.length },
		platform: platform.id,
	};
	const claim = run.claims.get(itemIndex);
	if (claim && route.suppressed) {
		// Deliberately not posted (a rule suppressed it): handled now, and no longer this run's to give back.
		await finishEvents(this, run.store as StateStore, [claim], 'complete', 'the alert was suppressed');
		run.claims.delete(itemIndex);
	} else if (claim) {
		// The node that posts this alert completes the claim, or releases it when posting fails.
		item.eventClaim = claim;
	}
	if (run.store && settings.burst && !route.suppressed) {
		item.burst = await decideBurst({
			store: run.store,
			scope: run.scope,
			// Without a channel the alert goes where the posting node says (for Teams and Google Chat: the one channel of
			// its webhook), so such alerts count as one destination.
			kind: `${route.channel ?? ''}|${event.type}`,
			eventId: event.id,
			label: burstLabelFor(message.category, event.type),
			settings: settings.burst,
			now: Date.now,
		});
	}
	item[platform.id] = platform.render(message, { mention: route.mention });
	return item;
}
