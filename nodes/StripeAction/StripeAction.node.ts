import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as catalogueCheckout from './actions/catalogueCheckout';
import * as checkoutSession from './actions/checkoutSession';
import { SLACK_CREDENTIAL, STRIPE_CREDENTIAL } from './actions/common';
import * as customer from './actions/customer';
import * as dispute from './actions/dispute';
import * as invoice from './actions/invoice';
import * as paymentLink from './actions/paymentLink';
import * as refund from './actions/refund';
import { REPORTING_OPERATIONS, router } from './actions/router';
import * as slashCommand from './actions/slashCommand';
import { REDIS_CREDENTIAL, stateStoreProperty } from '../shared/stateStore';

/** Acts on Stripe from the chat (or from an AI agent): once per click, with the outcome written back to Slack. */
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
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Checkout Session', value: 'checkoutSession' },
					{ name: 'Customer', value: 'customer' },
					{ name: 'Dispute', value: 'dispute' },
					{ name: 'Invoice', value: 'invoice' },
					{ name: 'Payment Link', value: 'paymentLink' },
					{ name: 'Refund', value: 'refund' },
					{ name: 'Slash Command', value: 'slashCommand', description: 'Answer /pay typed in Slack' },
				],
				default: 'invoice',
			},
			invoice.operationProperty,
			refund.operationProperty,
			dispute.operationProperty,
			checkoutSession.operationProperty,
			paymentLink.operationProperty,
			customer.operationProperty,
			slashCommand.operationProperty,
			...invoice.properties,
			...refund.properties,
			...dispute.properties,
			...checkoutSession.properties,
			...catalogueCheckout.properties,
			...paymentLink.properties,
			...customer.properties,
			...slashCommand.properties,
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
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
