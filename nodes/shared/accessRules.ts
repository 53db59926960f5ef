import type { INodeProperties } from 'n8n-workflow';

import { ALL, MAX_BUTTON_AGE_DAYS } from '../../src/core/access';
import { ACTION_DESCRIPTIONS, ACTION_KINDS } from '../../src/core/actions';

/**
 * The click triggers' "Access Rules" (Slack's Chat Interaction Trigger, Stripe Chat Discord Trigger, Stripe Chat
 * Telegram Trigger): one rule per row, each naming buttons first and then the platform's own places and people
 * (`fields`), read by src/core/access.ts. The button list derives from src/core/actions.ts.
 */
export function accessRulesProperty(
	description: string,
	buttons: { description: string },
	fields: INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Access Rules',
		name: 'rules',
		placeholder: 'Add Rule',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		displayOptions: { show: { access: ['rules'] } },
		description,
		options: [
			{
				name: 'rule',
				displayName: 'Rule',
				values: [
					{
						displayName: 'Buttons',
						name: 'actions',
						type: 'multiOptions',
						default: [],
						description: buttons.description,
						options: [
							{ name: 'All Buttons', value: ALL },
							...ACTION_KINDS.map((kind) => ({ name: ACTION_DESCRIPTIONS[kind].label, value: kind })),
						],
					},
					...fields,
				],
			},
		],
	};
}

/** The click triggers' Options: how long a button stays valid. */
export function buttonExpiryOptionsProperty(description: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Button Expiry (Days)',
				name: 'buttonMaxAgeDays',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_BUTTON_AGE_DAYS },
				default: 30,
				description,
			},
		],
	};
}
