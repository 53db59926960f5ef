import type { INodeParameters, IPollFunctions, NodeTypeAndVersion } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { eventClaimKey, eventClaimScope } from '../../src/core/state/eventClaims';
import type { StateStore } from '../../src/core/state/stateStore';
import { normalizeEvent } from '../../src/core/normalize';
import { leftOutByFilters, type DeliverySettings } from '../../src/triggers/stripeEvent';
import { readConnect, readDeliverySettings, type ParameterReader } from '../shared/stripeEventTriggerParameters';
import { CLAIM_COMPLETING_NODES, completesClaims } from '../shared/postingRun';

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
	!node.disabled &&
	CLAIM_COMPLETING_NODES.includes(typeName(node)) &&
	completesClaims(typeName(node), String(node.parameters?.operation ?? 'post'));

const reader = (parameters: INodeParameters | undefined): ParameterReader => ({
	getNodeParameter: (name, fallback) => parameters?.[name] ?? fallback,
});

export interface RecoveryTargets {
	/** The chat platforms of the Payment Alerts fed, whose claims say "handled". */
	platformIds: string[];
	/** The filters of the Stripe Event Triggers feeding them; empty when none does (then the chosen types decide). */
	triggers: DeliverySettings[];
	/** Their names, which name their webhook endpoints in Stripe (`metadata.n8n_node`). */
	triggerNames: string[];
}

function refuse(ctx: IPollFunctions, message: string, description: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, { description });
}

export function recoveryTargets(ctx: IPollFunctions): RecoveryTargets {
	const self = ctx.getNode().name;
	const alerts = ctx
		.getChildNodes(self, { includeNodeParameters: true })
		.filter((node) => isNode(node, 'paymentAlert') && !node.disabled);
	if (alerts.length === 0) {
		throw refuse(
			ctx,
			'Missed Events lead to no Payment Alert',
			'"Every Event Not Yet Handled" hands over the events that no Payment Alert of this workflow has handled; without a Payment Alert after it, every poll would hand over the same events again. Connect Missed Events where the Stripe Event Trigger is connected, or choose "Only Events Stripe Could Not Deliver".',
		);
	}
	for (const alert of alerts) {
		if (alert.parameters?.deduplicate === false) {
			throw refuse(
				ctx,
				`Payment Alert "${alert.name}" does not skip repeated events`,
				'With "Skip Repeated Events" off, Payment Alert remembers no event, so every poll would post the same events again. Turn it on in that node.',
			);
		}
		if (!ctx.getChildNodes(alert.name, { includeNodeParameters: true }).some(marksHandled)) {
			throw refuse(
				ctx,
				`Nothing after Payment Alert "${alert.name}" marks its alerts posted`,
				'An event counts as handled once a posting node of this package (Stripe Chat Slack, Teams or Google Chat; Discord or Telegram in "Post Alert") has posted its alert; after that Payment Alert there is none, so every poll would hand over the same events again. Post its alerts with one of those nodes, or choose "Only Events Stripe Could Not Deliver".',
			);
		}
	}
	const triggers = [
		...new Map(
			alerts
				.flatMap((alert) => ctx.getParentNodes(alert.name, { includeNodeParameters: true }))
				.filter((node) => isNode(node, 'stripeEventTrigger') && !node.disabled)
				.map((node) => [node.name, node]),
		).values(),
	];
	if (triggers.some((trigger) => readConnect(reader(trigger.parameters)))) {
		throw refuse(
			ctx,
			"Missed events of connected accounts can't be recovered",
			'A Stripe Event Trigger of this workflow listens to connected accounts, whose events Stripe lists only account by account; every event of your own account would look missed. Choose "Only Events Stripe Could Not Deliver", or turn Output Missed Events off.',
		);
	}
	return {
		platformIds: [...new Set(alerts.map((alert) => String(alert.parameters?.chatPlatform ?? 'slack')))],
		triggers: triggers.map((trigger) => readDeliverySettings(reader(trigger.parameters))),
		triggerNames: triggers.map((trigger) => trigger.name),
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
