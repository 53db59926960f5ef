import type { INodeProperties } from 'n8n-workflow';

import { stateStoreProperty } from '../shared/stateStore';
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
export const properties: INodeProperties[] = [
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
