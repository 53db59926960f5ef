import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BUTTON_ACTIONS } from '../../../../src/core/actions';
import type { MentionType } from '../../../../src/core/addressing';
import type { ActionKind } from '../../../../src/core/actions';
import { validateBurstSettings } from '../../../../src/core/burst';
import type { BurstSettings } from '../../../../src/core/burst';
import { parseList } from '../../../../src/core/lists';
import { amountFromMajorUnits, validateRules } from '../../../../src/core/routing';
import type { ModeCondition, RoutingConditions, RoutingRule } from '../../../../src/core/routing';
import { DEFAULT_EVENT_CLAIM_TIMING } from '../../../../src/core/state/eventClaims';
import type { RedactionPolicy, Severity } from '../../../../src/core/types';
import { CHAT_PLATFORMS, chatPlatform } from '../../../../src/platforms';
import type { ChatPlatform } from '../../../../src/platforms';

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

/** The node's settings, read once per run (they cannot differ per item). */
export interface AlertSettings {
	/** Chat Platform: the one the alerts are rendered for, and whose terms the rules' channels and mentions are in. */
	platform: ChatPlatform;
	outputBranches: boolean;
	defaultChannel: string;
	rules: RoutingRule[];
	/** Set when "Collapse Bursts" is on. */
	burst?: BurstSettings;
	redaction: RedactionPolicy;
	allowedActions: Set<ActionKind>;
	deduplicate: boolean;
	/** How long a claim on an event holds (Options → Processing Timeout). */
	leaseMs: number;
	locale: string;
	timeZone: string;
	/** Options → Look Up Decline Reasons: ask Stripe why a failed invoice payment failed (needs a Stripe credential). */
	lookUpDeclineReasons: boolean;
	/** Read the customer's "contacted" metadata for failed payments and disputes (Mark Customer Contacted). */
	lookUpLastContact: boolean;
}

/** The chosen Chat Platform; Slack for workflows saved before the choice existed. */
function readChatPlatform(context: IExecuteFunctions): ChatPlatform {
	const id = context.getNodeParameter('chatPlatform', 0, 'slack') as string;
	if (CHAT_PLATFORMS.some((platform) => platform.id === id)) return chatPlatform(id);
	throw new NodeOperationError(
		context.getNode(),
		`The node settings need fixing: Chat Platform "${id}" is not available`,
		{
			description: `Choose one of ${CHAT_PLATFORMS.map((platform) => platform.displayName).join(', ')}.`,
		},
	);
}

/** Reads and checks the settings; wrong ones stop the node before any event is claimed. */
export function readAlertSettings(context: IExecuteFunctions): AlertSettings {
	const platform = readChatPlatform(context);
	const defaultChannel = (context.getNodeParameter('defaultChannel', 0, '') as string).trim();
	const ruleParameters = context.getNodeParameter('rules.rule', 0, []) as RuleParameters[];
	const { rules, errors: conversionErrors } = rulesFromParameters(ruleParameters);
	// The rules name channels and people the way the chosen platform does.
	const settingsErrors = [
		...conversionErrors,
		...validateRules(rules, platform.addressing, { channel: defaultChannel }),
	];
	const burst = (context.getNodeParameter('burstCollapse', 0, false) as boolean)
		? {
				threshold: context.getNodeParameter('burstThreshold', 0, 5) as number,
				windowMinutes: context.getNodeParameter('burstWindowMinutes', 0, 5) as number,
			}
		: undefined;
	if (burst) settingsErrors.push(...validateBurstSettings(burst));
	if (settingsErrors.length > 0) {
		throw new NodeOperationError(context.getNode(), `The node settings need fixing: ${settingsErrors[0]}`, {
			description: settingsErrors.join('\n'),
		});
	}
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		platform,
		outputBranches: context.getNodeParameter('outputBranches', 0, false) as boolean,
		defaultChannel,
		rules,
		burst,
		redaction: context.getNodeParameter('redaction', 0, 'standard') as RedactionPolicy,
		allowedActions: new Set(context.getNodeParameter('actions', 0, BUTTON_ACTIONS) as ActionKind[]),
		deduplicate: context.getNodeParameter('deduplicate', 0, true) as boolean,
		leaseMs:
			Number(options.processingTimeout) > 0
				? Number(options.processingTimeout) * 1000
				: DEFAULT_EVENT_CLAIM_TIMING.leaseMs,
		locale: (options.locale as string) || 'en-US',
		timeZone: (options.timeZone as string) || 'UTC',
		lookUpDeclineReasons: options.lookUpDeclineReasons !== false,
		lookUpLastContact: options.lookUpLastContact === true,
	};
}
