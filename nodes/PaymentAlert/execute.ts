import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { burstLabelFor, decideBurst, validateBurstSettings } from '../../src/core/burst';
import type { BurstDecision, BurstKeyStore } from '../../src/core/burst';
import { buildMessage } from '../../src/core/buildMessage';
import { normalizeEvent } from '../../src/core/normalize';
import type { NormalizedEvent } from '../../src/core/normalize';
import { renderSlack } from '../../src/core/render/slack';
import { amountFromMajorUnits, routeMessage, validateRules } from '../../src/core/routing';
import type { MentionType, ModeCondition, RouteDecision, RoutingConditions, RoutingRule } from '../../src/core/routing';
import type { ActionKind, AlertCategory, ChatMessage, RedactionPolicy, Severity } from '../../src/core/types';
import { EVENT_DEDUP_SCOPE, eventDedupKey, releaseEvents } from './dedup';
import type { EventDedupFields } from './dedup';
import { ALL_ACTIONS, CATEGORY_BRANCHES } from './description';

export const CREDENTIAL_NAME = 'stripeChatSlackApi';
const DEFAULT_HISTORY_SIZE = 10_000;
/**
 * Burst probes record keys for a moment before forgetting them. n8n trims the history to `maxEntries` oldest-first
 * on every record, so probes get this much room above the history size and never push out a remembered count.
 */
const PROBE_HEADROOM = 64;

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

function splitList(text: string | undefined): string[] {
	return (text ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
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
				else errors.push(`Rule ${parameter.name?.trim() ? `'${parameter.name.trim()}'` : index + 1}: "${currency}" is not a three-letter currency code such as EUR`);
			}
		}
		const accounts = splitList(parameter.accounts);
		if (accounts.length > 0) conditions.accounts = accounts;
		if (parameter.metadataKey?.trim()) {
			conditions.metadata = [{ key: parameter.metadataKey.trim(), value: parameter.metadataValue ?? '' }];
		}
		const rule: RoutingRule = {
			name: parameter.name,
			events: [...(parameter.events ?? []), ...splitList(parameter.customEvents)],
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

/** The burst store on n8n's database-backed de-duplication history of this node. */
function burstStore(context: IExecuteFunctions, historySize: number): BurstKeyStore {
	return {
		async checkAndRecord(keys) {
			const result = await context.helpers.checkProcessedAndRecord([...keys], 'node', {
				mode: 'entries',
				maxEntries: historySize + PROBE_HEADROOM,
			});
			return new Set(result.processed.map(String));
		},
		async forget(keys) {
			await context.helpers.removeProcessed([...keys], 'node', { mode: 'entries' });
		},
	};
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

/** Plain text: a label such as `"customer.subscription.trial_will_end" events` would turn `_will_` italic in mrkdwn. */
function summaryPayload(decision: BurstDecision): { text: string; blocks: object[] } {
	const text = decision.summaryText ?? '';
	return { text, blocks: [{ type: 'section', text: { type: 'plain_text', text, emoji: true } }] };
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
	const historySize = Number(options.historySize) > 0 ? Number(options.historySize) : DEFAULT_HISTORY_SIZE;
	const secret = await buttonSecret(context);
	const store = burstStore(context, historySize);

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
	const recorded = new Map<number, EventDedupFields>();
	if (deduplicate && parsed.length > 0) {
		// n8n reports a key given twice in one call as new both times, so repeats inside this batch are found here.
		const firstIndexByKey = new Map<string, number>();
		for (const entry of parsed) {
			const key = eventDedupKey(entry.event.id);
			if (firstIndexByKey.has(key)) duplicates.add(entry.itemIndex);
			else firstIndexByKey.set(key, entry.itemIndex);
		}
		// History Size bounds this list: n8n trims it to `maxEntries`, oldest first, each time keys are recorded.
		const result = await context.helpers.checkProcessedAndRecord([...firstIndexByKey.keys()], EVENT_DEDUP_SCOPE, {
			mode: 'entries',
			maxEntries: historySize,
		});
		for (const key of result.processed) duplicates.add(firstIndexByKey.get(String(key)) as number);
		for (const key of result.new) {
			const itemIndex = firstIndexByKey.get(String(key)) as number;
			recorded.set(itemIndex, { dedupKey: String(key), dedupScope: EVENT_DEDUP_SCOPE });
		}
	}

	const recordedKeys = (entries: Parsed[]) =>
		entries.flatMap(({ itemIndex }) => recorded.get(itemIndex)?.dedupKey ?? []);
	for (const [position, { itemIndex, raw, event }] of parsed.entries()) {
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
				// A node that fails to post this alert takes the event back out of the history by this key.
				...recorded.get(itemIndex),
			};
			let slack: { text: string; blocks: object[] } = renderSlack(message, route.mention ? { mention: route.mention } : {});
			if (burstEnabled && !route.suppressed && route.channel) {
				const burst = await decideBurst({
					store,
					kind: `${route.channel}|${event.type}`,
					label: burstLabelFor(message.category, event.type),
					settings: burstSettings,
					now: Date.now,
					maxSlots: historySize,
				});
				json.burst = burst as unknown as IDataObject;
				if (burst.mode === 'collapse') slack = summaryPayload(burst);
			}
			json.slack = slack as unknown as IDataObject;
			outputFor(message.category).push({ json, pairedItem: { item: itemIndex } });
		} catch (error: unknown) {
			if (!context.continueOnFail()) {
				// Neither this alert nor the ones after it go out: none of their events may count as handled.
				await releaseEvents(context, recordedKeys(parsed.slice(position)), 'the alerts were not built');
				throw new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex });
			}
			await releaseEvents(context, recordedKeys([parsed[position]]), 'the alert was not built');
			outputs[0].push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
		}
	}
	return outputs;
}
