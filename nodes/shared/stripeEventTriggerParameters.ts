import type { IDataObject } from 'n8n-workflow';

import { expandEventPatterns } from '../../src/core/stripeEventTypes';
import type { AccountFilterMode, DeliverySettings, LivemodeFilter } from '../../src/triggers/stripeEvent';
import { chosenOptions, parseList } from '../../src/core/lists';

/*
 * The Stripe Event Trigger's parameters, read by the trigger itself and by Stripe Webhook Health, which recovers
 * only what the workflow's trigger would have let through.
 */

/** Reads node parameters, also in contexts (hooks, webhook) that offer only `getNodeParameter`. */
export interface ParameterReader {
	getNodeParameter(name: string, fallback?: unknown): unknown;
}

export type EndpointMode = 'automatic' | 'manual';

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
	return allowed.includes(value as T) ? (value as T) : fallback;
}

export function readEndpointMode(node: ParameterReader): EndpointMode {
	return oneOf(node.getNodeParameter('endpointMode', 'automatic'), ['automatic', 'manual'], 'automatic');
}

export function readEventPatterns(node: ParameterReader): string[] {
	return chosenOptions(node.getNodeParameter('events', []));
}

/** The `enabled_events` to register in Stripe: wildcards expanded, since Stripe accepts only exact types and `*`. */
export function readEnabledEvents(node: ParameterReader): string[] {
	return expandEventPatterns(readEventPatterns(node));
}

export function readConnect(node: ParameterReader): boolean {
	return node.getNodeParameter('connect', false) === true;
}

function metadataConditions(value: unknown): Array<{ key: string; value: string }> {
	const conditions = (value as IDataObject | undefined)?.conditions;
	if (!Array.isArray(conditions)) return [];
	return conditions
		.map((condition) => condition as IDataObject)
		.filter((condition) => typeof condition.key === 'string' && condition.key.trim() !== '')
		.map((condition) => ({ key: String(condition.key).trim(), value: String(condition.value ?? '') }));
}

export function readDeliverySettings(node: ParameterReader): DeliverySettings {
	const filters = (node.getNodeParameter('filters', {}) ?? {}) as IDataObject;
	const options = (node.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const tolerance = Number(options.toleranceSeconds ?? 300);
	return {
		events: readEventPatterns(node),
		livemode: oneOf<LivemodeFilter>(filters.livemode, ['any', 'live', 'test'], 'any'),
		accountFilter: oneOf<AccountFilterMode>(
			filters.accountFilter,
			['any', 'platformOnly', 'include', 'exclude'],
			'any',
		),
		accounts: parseList(filters.accounts),
		metadata: metadataConditions(filters.metadata),
		toleranceSeconds: Number.isFinite(tolerance) && tolerance > 0 ? tolerance : 300,
		expandThinEvents: options.expandThinEvents === true,
	};
}
