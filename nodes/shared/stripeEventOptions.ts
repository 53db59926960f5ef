import type { INodePropertyOptions } from 'n8n-workflow';

import { ALL_EVENTS, eventGroups } from '../../src/core/stripeEventTypes';

/**
 * The Events list: `*` first, then each group (alphabetical) with its wildcards and then its types. The stored
 * value is Stripe's own name (or a wildcard), shown under each option so people can match it with Stripe's docs.
 */
export function eventOptions(): INodePropertyOptions[] {
	const options: INodePropertyOptions[] = [
		{
			name: 'Any Event (*)',
			value: ALL_EVENTS,
			description: 'Every event Stripe sends, including types added later. Busy accounts send many.',
		},
	];
	for (const group of eventGroups()) {
		for (const wildcard of group.wildcards) {
			options.push({
				name: wildcard.label,
				value: wildcard.value,
				description: `${wildcard.value} (also future ones)`,
			});
		}
		for (const type of group.types) options.push({ name: type.label, value: type.value, description: type.value });
	}
	return options;
}
