import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { firstOfEachKey } from '../../src/core/batch';
import { burstLabelFor, decideBurst, validateBurstSettings } from '../../src/core/burst';
import type { BurstDecision } from '../../src/core/burst';
import { buildMessage } from '../../src/core/buildMessage';
import { normalizeEvent } from '../../src/core/normalize';
import type { NormalizedEvent } from '../../src/core/normalize';
import { renderSlack } from '../../src/core/render/slack';
import { amountFromMajorUnits, routeMessage, validateRules } from '../../src/core/routing';
import type { MentionType, ModeCondition, RouteDecision, RoutingConditions, RoutingRule } from '../../src/core/routing';
import { claimEvent, DEFAULT_EVENT_CLAIM_TIMING } from '../../src/core/state/eventClaims';
import type { StateStore } from '../../src/core/state/stateStore';
import type { ActionKind, AlertCategory, ChatMessage, RedactionPolicy, Severity } from '../../src/core/types';
import { openNodeStateStore, stateStoreFailure } from '../shared/stateStore';
import { finishEvents } from '../shared/eventClaims';
import type { EventClaimFields } from '../shared/eventClaims';
import { ALL_ACTIONS, CATEGORY_BRANCHES } from './description';
import { parseList } from '../../src/core/lists';

export const CREDENTIAL_NAME = 'stripeChatSlackApi';

interface RuleParameters {
	name?: string;
	events?: string[];
	customEvents?: string;
	action?: 'route' | 'suppress';
	channel?: string;
	mentionType?: MentionType | 'none';
	mentionId?: string;
	severity?: Severity | 'keep';
	mode?: ModeCondition;
	amountCurrency?: string;
	minAmount?: number;
	maxAmount?: number;
	accounts?: string;
	metadataKey?: string;
	metadataValue?: string;
}

/** Turns the rules as the n8n editor stores them into core routing rules (amounts from major to minor units). */
export function rulesFromParameters(parameters: RuleParameters[]): { rules: RoutingRule[]; errors: string[] } {
	const errors: string[] = [];
	const rules = parameters.map((parameter, index) => {
		const conditions: RoutingConditions = {};
		if (parameter.mode && parameter.mode !== 'any') conditions.mode = parameter.mode;
		const currency = (parameter.amountCurrency ?? '').trim();
		if (currency) {
			for (const [key, major] of [
				['amountAtLeast', parameter.minAmount ?? 0],
				['amountAtMost', parameter.maxAmount ?? 0],
			] as const) {
				if (major === 0) continue;
				const amount = amountFromMajorUnits(major, currency);
				if (amount) conditions[key] = amount;
				else
					errors.push(
						`Rule ${parameter.name?.trim() ? `'${parameter.name.trim()}'` : index + 1}: "${currency}" is not a three-letter currency code such as EUR`,
					);
			}
		}
		const accounts = parseList(parameter.accounts);
		if (accounts.length > 0) conditions.accounts = accounts;
		if (parameter.metadataKey?.trim()) {
			conditions.metadata = [{ key: parameter.metadataKey.trim(), value: parameter.metadataValue ?? '' }];
		}
		const rule: RoutingRule = {
			name: parameter.name,
			events: [...(parameter.events ?? []), ...parseList(parameter.customEvents)],
			action: parameter.action ?? 'route',
		};
		if (Object.keys(conditions).length > 0) rule.conditions = conditions;
		if (parameter.channel?.trim()) rule.channel = parameter.channel.trim();
		if (parameter.mentionType && parameter.mentionType !== 'none') {
			rule.mention = { type: parameter.mentionType, id: parameter.mentionId?.trim() };
		}
		if (parameter.severity && parameter.severity !== 'keep') rule.severity = parameter.severity;
		return rule;
	});
	return { rules, errors };
}

function readEvent(context: IExecuteFunctions, item: INodeExecutionData, itemIndex: number, field: string): unknown {
	if (!field) return item.json;
	let value: unknown = item.json;
	for (const key of field.split('.')) {
		value = value !== null && typeof value === 'object' ? (value as IDataObject)[key] : undefined;
	}
	if (value === undefined) {
		throw new NodeOperationError(context.getNode(), `This item has no field "${field}"`, {
			itemIndex,
			description:
				"Set 'Event Field' to the field that holds the Stripe event (e.g. body), or leave it empty when the item is the event.",
		});
	}
	return value;
}

async function buttonSecret(context: IExecuteFunctions): Promise<string | undefined> {
	try {
		const credentials = await context.getCredentials(CREDENTIAL_NAME);
		const secret = credentials.buttonSigningSecret;
		return typeof secret === 'string' && secret.trim() ? secret : undefined;
	} catch {
		// No credential selected: alerts are still built, just without buttons (the output says why).
		return undefined;
	}
}

function eventSummary(event: NormalizedEvent): IDataObject {
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

interface Parsed {
	itemIndex: number;
	event: NormalizedEvent;
	raw: unknown;
}

/** The Payment Alert node's work: one output item per input item, on the branch of its category. */
export async function executePaymentAlert(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const branches = context.getNodeParameter('outputBranches', 0, false) as boolean;
	const outputs: INodeExecutionData[][] = branches ? CATEGORY_BRANCHES.map(() => []) : [[]];
	const outputFor = (category: AlertCategory) =>
		branches ? outputs[CATEGORY_BRANCHES.findIndex((branch) => branch.category === category)] : outputs[0];

	const defaultChannel = (context.getNodeParameter('defaultChannel', 0, '') as string).trim();
	const ruleParameters = context.getNodeParameter('rules.rule', 0, []) as RuleParameters[];
	const { rules, errors: conversionErrors } = rulesFromParameters(ruleParameters);
	const settingsErrors = [...conversionErrors, ...validateRules(rules, { channel: defaultChannel })];
	const burstEnabled = context.getNodeParameter('burstCollapse', 0, false) as boolean;
	const burstSettings = {
		threshold: context.getNodeParameter('burstThreshold', 0, 5) as number,
		windowMinutes: context.getNodeParameter('burstWindowMinutes', 0, 5) as number,
	};
	if (burstEnabled) settingsErrors.push(...validateBurstSettings(burstSettings));
	if (settingsErrors.length > 0) {
		throw new NodeOperationError(context.getNode(), `The node settings need fixing: ${settingsErrors[0]}`, {
			description: settingsErrors.join('\n'),
		});
	}

	const redaction = context.getNodeParameter('redaction', 0, 'standard') as RedactionPolicy;
	const allowedActions = new Set(context.getNodeParameter('actions', 0, ALL_ACTIONS) as ActionKind[]);
	const deduplicate = context.getNodeParameter('deduplicate', 0, true) as boolean;
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const leaseMs =
		Number(options.processingTimeout) > 0
			? Number(options.processingTimeout) * 1000
			: DEFAULT_EVENT_CLAIM_TIMING.leaseMs;
	const secret = await buttonSecret(context);
	const store: StateStore | undefined = deduplicate || burstEnabled ? await openNodeStateStore(context) : undefined;
	// Events and burst counts are kept per workflow: two workflows may each alert on the same event.
	const scope = context.getWorkflow().id ?? 'workflow';
	const token = `${context.getExecutionId() ?? 'run'}:${randomUUID()}`;

	const parsed: Parsed[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex += 1) {
		try {
			const field = (context.getNodeParameter('eventField', itemIndex, '') as string).trim();
			const raw = readEvent(context, items[itemIndex], itemIndex, field);
			parsed.push({ itemIndex, raw, event: normalizeEvent(raw) });
		} catch (error: unknown) {
			const failure =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(context.getNode(), (error as Error).message, {
							itemIndex,
							description:
								"Set 'Event Field' to the field that holds the Stripe event (e.g. body), or leave it empty when the item is the event.",
						});
			if (!context.continueOnFail()) throw failure;
			outputs[0].push({ json: { error: failure.message }, pairedItem: { item: itemIndex } });
		}
	}

	const duplicates = new Set<number>();
	const claims = new Map<number, EventClaimFields>();
	const failed = new Set<number>();
	if (store && deduplicate) {
		const firstInBatch = new Set(firstOfEachKey(parsed, ({ event }) => event.id));
		for (const entry of parsed) {
			const { itemIndex, event } = entry;
			if (!firstInBatch.has(entry)) {
				duplicates.add(itemIndex);
				continue;
			}
			try {
				const claim = await claimEvent({ store, scope, eventId: event.id, token, timing: { leaseMs } });
				if (claim.status === 'claimed') claims.set(itemIndex, { key: claim.key, token, store: store.kind });
				else if (claim.status === 'duplicate') duplicates.add(itemIndex);
				else {
					throw new NodeOperationError(
						context.getNode(),
						`Event ${event.id} is still being handled by another execution`,
						{
							itemIndex,
							description:
								'Stripe delivered it again while the first delivery was still running. This run ends with an error so that Stripe delivers the event once more later; by then the first run has posted it or given it back.',
						},
					);
				}
			} catch (error: unknown) {
				const failure = error instanceof NodeOperationError ? error : stateStoreFailure(context, error, itemIndex);
				if (!context.continueOnFail()) {
					await finishEvents(context, store, [...claims.values()], 'release', 'the alerts were not built');
					throw failure;
				}
				failed.add(itemIndex);
				outputs[0].push({ json: { error: failure.message }, pairedItem: { item: itemIndex } });
			}
		}
	}

	const claimsOf = (entries: Parsed[]) => entries.flatMap(({ itemIndex }) => claims.get(itemIndex) ?? []);
	for (const [position, { itemIndex, raw, event }] of parsed.entries()) {
		if (failed.has(itemIndex)) continue;
		try {
			const locale = (options.locale as string) || 'en-US';
			const timeZone = (options.timeZone as string) || 'UTC';
			const built = buildMessage(raw, { redaction, locale, timeZone, actionSecret: secret });
			const actions = built.actions.filter((action) => allowedActions.has(action.id));
			let route: RouteDecision = routeMessage(built, event, rules, { channel: defaultChannel });
			if (duplicates.has(itemIndex)) {
				route = {
					...route,
					suppressed: true,
					reason: `duplicate of an event already processed (${event.id}); not sent again`,
				};
			}
			const message: ChatMessage = { ...built, actions, severity: route.severity };
			const json: IDataObject = {
				message: message as unknown as IDataObject,
				route: route as unknown as IDataObject,
				event: eventSummary(event),
				buttons: secret
					? { attached: actions.length }
					: { attached: 0, reason: 'No Button Signing Secret in the Slack credential, so no buttons were added' },
			};
			const claim = claims.get(itemIndex);
			if (claim && route.suppressed) {
				// Deliberately not posted (a rule suppressed it): handled now.
				await finishEvents(context, store as StateStore, [claim], 'complete', 'the alert was suppressed');
			} else if (claim) {
				// The node that posts this alert completes the claim, or releases it when posting fails.
				json.eventClaim = claim as unknown as IDataObject;
			}
			if (store && burstEnabled && !route.suppressed && route.channel) {
				const burst: BurstDecision = await decideBurst({
					store,
					scope,
					kind: `${route.channel}|${event.type}`,
					eventId: event.id,
					label: burstLabelFor(message.category, event.type),
					settings: burstSettings,
					now: Date.now,
				});
				json.burst = burst as unknown as IDataObject;
			}
			json.slack = renderSlack(message, route.mention ? { mention: route.mention } : {}) as unknown as IDataObject;
			outputFor(message.category).push({ json, pairedItem: { item: itemIndex } });
		} catch (error: unknown) {
			if (!context.continueOnFail()) {
				// The node stops, so none of its alerts go out, not even those built before this one: give every claim back.
				if (store) await finishEvents(context, store, claimsOf(parsed), 'release', 'the alerts were not built');
				throw error instanceof NodeOperationError
					? error
					: new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex });
			}
			if (store) await finishEvents(context, store, claimsOf([parsed[position]]), 'release', 'the alert was not built');
			outputs[0].push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
		}
	}
	return outputs;
}
