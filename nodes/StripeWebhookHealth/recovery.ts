import type { INodeParameters, IPollFunctions, NodeTypeAndVersion } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_EVENT_CLAIM_TIMING, eventClaimKey, eventClaimScope } from '../../src/core/state/eventClaims';
import type { StateStore } from '../../src/core/state/stateStore';
import { normalizeEvent } from '../../src/core/normalize';
import { leftOutByFilters, type DeliverySettings } from '../../src/triggers/stripeEvent';
import { readConnect, readDeliverySettings, type ParameterReader } from '../shared/stripeEventTriggerParameters';
import { completesClaims, storeName } from '../shared/postingRun';

/**
 * Where "Every Event Not Yet Handled" sends what it recovers, read from the workflow itself: the Payment Alerts the
 * Missed Events output leads to, and the Stripe Event Triggers that feed them. An event is recovered only when one
 * of those triggers would have let it through (its types, mode, accounts and metadata) and one of those Payment
 * Alerts holds no claim on it; anything else would post what the trigger was set to leave out, or post again.
 * A graph in which every poll would hand over the same events again is refused with what to change.
 */

/** The type name of a node, without the `<package>.` prefix n8n gives a community node (the tests' engine gives none). */
const typeName = (node: NodeTypeAndVersion) => node.type.slice(node.type.lastIndexOf('.') + 1);
const isNode = (node: NodeTypeAndVersion, name: string) => typeName(node) === name;

/** Whether a node posts alerts and marks their events handled, in the operation it is set to. */
const marksHandled = (node: NodeTypeAndVersion) =>
	!node.disabled && completesClaims(typeName(node), String(node.parameters?.operation ?? 'post'));

const reader = (parameters: INodeParameters | undefined): ParameterReader => ({
	getNodeParameter: (name, fallback) => parameters?.[name] ?? fallback,
});

export interface RecoveryTargets {
	/** The chat platforms of the Payment Alerts fed, whose claims say "handled". */
	platformIds: string[];
	/** The filters of the enabled Stripe Event Triggers feeding them; empty when none does (the chosen types decide). */
	triggers: DeliverySettings[];
	/** Their names, which name their webhook endpoints in Stripe (`metadata.n8n_node`). */
	triggerNames: string[];
	/** Every Stripe Event Trigger feeding the Payment Alerts is disabled: the workflow is paused, nothing is recovered. */
	paused: boolean;
	/** The longest Processing Timeout of the Payment Alerts: the claim of a run that died holds that long. */
	longestLeaseSeconds: number;
}

function refuse(ctx: IPollFunctions, message: string, description: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, { description });
}

/** Whether a parameter value is, or holds, an n8n expression (`={{ … }}`), which only n8n can evaluate. */
const holdsExpression = (value: unknown): boolean =>
	typeof value === 'string'
		? value.startsWith('=')
		: typeof value === 'object' && value !== null && Object.values(value).some(holdsExpression);

const TRIGGER_FILTERS = ['events', 'filters', 'connect', 'endpointMode'];

/**
 * The Payment Alerts after Missed Events and the Stripe Event Triggers that feed them; refuses, with what to change,
 * a workflow in which every poll would hand over the same events again, or hand over events that live deliveries
 * would not bring to those Payment Alerts. `stateStore` is this node's.
 */
export function recoveryTargets(ctx: IPollFunctions, stateStore: string): RecoveryTargets {
	const self = ctx.getNode().name;
	const downstream = ctx.getChildNodes(self, { includeNodeParameters: true });
	const reached = new Set(downstream.map((node) => node.name));
	const alerts = downstream.filter((node) => isNode(node, 'paymentAlert') && !node.disabled);
	if (alerts.length === 0) {
		throw refuse(
			ctx,
			'Missed Events lead to no Payment Alert',
			'"Every Event Not Yet Handled" hands over the events that no Payment Alert of this workflow has handled; without a Payment Alert after it, every poll would hand over the same events again. Connect Missed Events where the Stripe Event Trigger is connected, or choose "Only Events Stripe Could Not Deliver".',
		);
	}
	const triggersOf = new Map<string, NodeTypeAndVersion[]>();
	for (const alert of alerts) {
		const parameters = alert.parameters ?? {};
		if (parameters.deduplicate !== true) {
			throw refuse(
				ctx,
				`Payment Alert "${alert.name}" does not skip repeated events`,
				'With "Skip Repeated Events" off (or set by an expression), Payment Alert may remember no event, so every poll would post the same events again. Turn it on in that node.',
			);
		}
		if (holdsExpression(parameters.chatPlatform)) {
			throw refuse(
				ctx,
				`Payment Alert "${alert.name}" chooses its chat platform by an expression`,
				'Recovery looks up the events each Payment Alert handled by its chat platform. Choose the platform in that node.',
			);
		}
		const alertStore = String(parameters.stateStore ?? 'embedded');
		if (alertStore !== stateStore) {
			throw refuse(
				ctx,
				`Payment Alert "${alert.name}" keeps its state in ${storeName(alertStore)}, this node in ${storeName(stateStore)}`,
				'Recovery reads which events Payment Alert handled from its state store. Set "State Store" (and its Redis credential) the same in both nodes.',
			);
		}
		if (!ctx.getChildNodes(alert.name, { includeNodeParameters: true }).some(marksHandled)) {
			throw refuse(
				ctx,
				`Nothing after Payment Alert "${alert.name}" marks its alerts posted`,
				'An event counts as handled once a posting node of this package (Stripe Chat Slack, Teams or Google Chat; Discord or Telegram in "Post Alert") has posted its alert; after that Payment Alert there is none, so every poll would hand over the same events again. Post its alerts with one of those nodes, or choose "Only Events Stripe Could Not Deliver".',
			);
		}
		// Recovered events must take the path live ones take: nothing may feed the Payment Alert that Missed Events skip.
		const skipped = ctx
			.getParentNodes(alert.name, { depth: 1 })
			.find((parent) => parent.name !== self && !isNode(parent, 'stripeEventTrigger') && !reached.has(parent.name));
		if (skipped) {
			throw refuse(
				ctx,
				`Missed Events skip "${skipped.name}"`,
				`"${skipped.name}" sits between the Stripe Event Trigger and Payment Alert "${alert.name}", but Missed Events go past it, so they would bring what it leaves out. Connect Missed Events to "${skipped.name}", as the trigger is.`,
			);
		}
		triggersOf.set(
			alert.name,
			ctx
				.getParentNodes(alert.name, { includeNodeParameters: true })
				.filter((node) => isNode(node, 'stripeEventTrigger')),
		);
	}
	const feeds = new Set(
		[...triggersOf.values()].map((triggers) =>
			triggers
				.map((node) => node.name)
				.sort()
				.join('\n'),
		),
	);
	if (feeds.size > 1) {
		throw refuse(
			ctx,
			'Missed Events go to Payment Alerts of different Stripe Event Triggers',
			'Every recovered event goes to every Payment Alert after this node, also to one whose trigger would not have let it through. Use one Recover Missed Events node per Stripe Event Trigger and its Payment Alert.',
		);
	}
	const triggers = [...triggersOf.values()][0];
	const enabled = triggers.filter((trigger) => !trigger.disabled);
	const expression = enabled.find((trigger) =>
		TRIGGER_FILTERS.some((name) => holdsExpression(trigger.parameters?.[name])),
	);
	if (expression) {
		throw refuse(
			ctx,
			`Stripe Event Trigger "${expression.name}" chooses its events or filters by an expression`,
			'Recovery applies the trigger\'s events and filters to what it reads from Stripe, and cannot evaluate expressions there. Use fixed values in the trigger, or choose "Only Events Stripe Could Not Deliver".',
		);
	}
	if (enabled.some((trigger) => readConnect(reader(trigger.parameters)))) {
		throw refuse(
			ctx,
			"Missed events of connected accounts can't be recovered",
			'A Stripe Event Trigger of this workflow listens to connected accounts, whose events Stripe lists only account by account; every event of your own account would look missed. Choose "Only Events Stripe Could Not Deliver", or turn Output Missed Events off.',
		);
	}
	const leases = alerts.map((alert) => {
		const seconds = Number(
			(alert.parameters?.options as { processingTimeout?: unknown } | undefined)?.processingTimeout,
		);
		return seconds > 0 ? seconds : DEFAULT_EVENT_CLAIM_TIMING.leaseMs / 1000;
	});
	return {
		platformIds: [...new Set(alerts.map((alert) => String(alert.parameters?.chatPlatform ?? 'slack')))],
		triggers: enabled.map((trigger) => readDeliverySettings(reader(trigger.parameters))),
		triggerNames: enabled.map((trigger) => trigger.name),
		paused: triggers.length > 0 && enabled.length === 0,
		longestLeaseSeconds: Math.max(...leases),
	};
}

/**
 * Whether an event read from Stripe still needs recovering: one of the triggers lets it through (or there is none),
 * and one of the Payment Alerts holds no claim on it, in flight or done.
 */
export function needsRecoveryIn(
	targets: RecoveryTargets,
	store: StateStore,
	workflowId: string,
): (event: object) => Promise<boolean> {
	return async (event) => {
		if (targets.triggers.length > 0) {
			const normalized = normalizeEvent(event);
			if (targets.triggers.every((settings) => leftOutByFilters(settings, normalized) !== undefined)) return false;
		}
		const eventId = String((event as { id?: unknown }).id);
		for (const platformId of targets.platformIds) {
			if ((await store.get(eventClaimKey(eventClaimScope(workflowId, platformId), eventId))) === undefined) {
				return true;
			}
		}
		return false;
	};
}
