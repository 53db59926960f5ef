import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CHAT_PLATFORMS } from '../../src/platforms';
import { REDIS_CREDENTIAL } from '../shared/stateStore';
import { STRIPE_CREDENTIAL } from '../shared/stripeCredential';
import * as build from './actions/alert/build.operation';

/** Branch names, in output order, when "Output Branches by Category" is on. */
export const CATEGORY_BRANCHES = [
	{ category: 'paymentFailed', name: 'Payment failed' },
	{ category: 'dispute', name: 'Dispute' },
	{ category: 'invoicePaid', name: 'Invoice paid' },
	{ category: 'customerUpdated', name: 'Customer updated' },
	{ category: 'other', name: 'Other' },
] as const;

/**
 * n8n evaluates this to draw the node's outputs. Written out as plain data (not a stringified function) so the
 * branch names here and in CATEGORY_BRANCHES are easy to compare.
 */
export const OUTPUTS_EXPRESSION: `={{${string}}}` = `={{ $parameter.outputBranches ? ${JSON.stringify(
	CATEGORY_BRANCHES.map((branch) => ({ type: 'main', displayName: branch.name })),
)} : ["main"] }}`;

export const description: INodeTypeDescription = {
	displayName: 'Payment Alert',
	name: 'paymentAlert',
	icon: { light: 'file:paymentAlert.svg', dark: 'file:paymentAlert.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["defaultChannel"] || "route by rules" }}',
	description: 'Turn Stripe events into short, safe chat alerts and decide where each one goes',
	defaults: { name: 'Payment Alert' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: OUTPUTS_EXPRESSION,
	credentials: [
		// Optional, the chosen platform's only: its Button Signing Secret signs the buttons (link-only platforms have none).
		...CHAT_PLATFORMS.filter((platform) => platform.buttons === 'interactive').map((platform) => ({
			name: platform.credentialType,
			required: false,
			displayOptions: { show: { chatPlatform: [platform.id] } },
		})),
		// Optional: lets Options → Look Up Decline Reasons ask Stripe why a failed invoice payment failed.
		{ name: STRIPE_CREDENTIAL, required: false },
		// n8n's own Redis credential, for the Redis state store (see nodes/shared/stateStore.ts).
		{ name: REDIS_CREDENTIAL, required: true, displayOptions: { show: { stateStore: ['redis'] } } },
	],
	properties: build.description,
};
