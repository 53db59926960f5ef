import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { REDIS_CREDENTIAL } from '../shared/stateStore';
import { SLACK_CREDENTIAL, STRIPE_CREDENTIAL } from './actions/common';
import { router } from './actions/router';
import { properties } from './description';

/**
 * Acts on Stripe from the chat (or from an AI agent): once per click, with the outcome written back to Slack.
 * Its operations live one per file in `actions/<resource>/` (docs/ARCHITECTURE.md, "Stripe Action operations").
 */
export class StripeAction implements INodeType {
	description: INodeTypeDescription = {
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
			{ name: REDIS_CREDENTIAL, required: true, displayOptions: { show: { stateStore: ['redis'] } } },
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
