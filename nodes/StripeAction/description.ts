import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { REDIS_CREDENTIAL, stateStoreProperty } from '../shared/stateStore';
import { SLACK_CREDENTIAL, STRIPE_CREDENTIAL } from './actions/common';
import { TELEGRAM_CREDENTIAL_TYPE } from '../../src/platforms/telegram/credentials';
import { RESOURCE_DEFINITIONS } from './actions/resources';

/** Which operations write their outcome back to Slack (read from each operation's `meta`). */
const REPORTING_OPERATIONS: string[] = [
	...new Set(
		RESOURCE_DEFINITIONS.flatMap((resource) =>
			Object.values(resource.operations)
				.filter(({ meta }) => meta.report !== 'none' || meta.reportFailure !== undefined)
				.map(({ option }) => option.value),
		),
	),
];

/** The node's parameters: the resource, each resource's operations and their parameters, then the common ones. */
const parameters: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCE_DEFINITIONS.map((resource) => resource.option),
		default: 'invoice',
	},
	...RESOURCE_DEFINITIONS.flatMap((resource) => resource.description),
	{
		displayName: 'Report Outcome in Slack',
		name: 'reportOutcome',
		type: 'boolean',
		default: true,
		description:
			'Whether to show what happened in Slack when the item comes from the Chat Interaction Trigger: the buttons of the clicked message are replaced by the outcome ("Payment retried by @alice at 10:32 — succeeded") and a thread reply records it; /pay is answered with the link. Needs the Slack credential.',
		displayOptions: { show: { operation: REPORTING_OPERATIONS } },
	},
	{
		...stateStoreProperty,
		description:
			'Where this node remembers which buttons already acted (a second click on the same button, by anyone, acts zero times and is told who did it and when) and writes the audit trail. Use the same store as the other Stripe Chat Channel nodes.',
	},
	{
		displayName: 'Add Audit Record to Output',
		name: 'addAuditRecord',
		type: 'boolean',
		default: false,
		description:
			'Whether to add the audit record of each item (who, what, amount, outcome, Idempotency-Key, message link; no customer data) to its output as "auditRecord", to send it on to a sheet or a warehouse. It is written to the State Store either way.',
	},
];

export const description: INodeTypeDescription = {
	displayName: 'Stripe Action',
	name: 'stripeAction',
	icon: { light: 'file:stripeAction.svg', dark: 'file:stripeAction.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["resource"] + ": " + $parameter["operation"] }}',
	description:
		'Retry or send invoices, refund, answer disputes and create payment links in Stripe, from a Slack button or command',
	defaults: { name: 'Stripe Action' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [
		{ name: STRIPE_CREDENTIAL, required: true },
		{ name: SLACK_CREDENTIAL, required: false },
		{ name: TELEGRAM_CREDENTIAL_TYPE, required: false },
		{ name: REDIS_CREDENTIAL, required: true, displayOptions: { show: { stateStore: ['redis'] } } },
	],
	properties: parameters,
};
