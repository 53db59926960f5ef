import type { IDataObject, INode } from 'n8n-workflow';
import Stripe from 'stripe';

import { PaymentAlert } from '../../nodes/PaymentAlert/PaymentAlert.node';
import { StripeChatSlack } from '../../nodes/StripeChatSlack/StripeChatSlack.node';
import { StripeEventTrigger } from '../../nodes/StripeEventTrigger/StripeEventTrigger.node';
import type { EngineWorkflow, FakeHttpRequest } from './n8nEngine';

/** Signing a test payload needs no API key: the client is only used for its webhook helpers. */
const stripe = new Stripe('sk_test_signs_webhooks_only');

/**
 * A Stripe webhook delivery of `event`, signed with `secret` the way Stripe signs it. Each call signs anew, as Stripe
 * does for every delivery attempt.
 */
export function signedStripeDelivery(
	event: IDataObject,
	secret: string,
	contentType = 'application/json',
): FakeHttpRequest {
	const payload = JSON.stringify(event);
	return {
		headers: {
			'content-type': contentType,
			'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret }),
		},
		rawBody: Buffer.from(payload),
	};
}

export interface PaymentAlertWorkflowOptions {
	id: string;
	/** The Stripe Event Trigger's `events` filter. */
	events: string[];
	/** Merged over the Payment Alert node: at least its `parameters`. */
	alert: Partial<INode>;
	/** Merged over the Stripe Chat Slack node: at least its `parameters`. */
	slack: Partial<INode>;
	credentials: EngineWorkflow['credentials'];
}

/**
 * The alert workflow the templates ship: Stripe Event Trigger (manual endpoint) → Payment Alert → Stripe Chat Slack,
 * with the real node types. Tests state only what they configure: the events, the two nodes' settings, the secrets.
 */
export function paymentAlertWorkflow(options: PaymentAlertWorkflowOptions): EngineWorkflow {
	const nodes: INode[] = [
		{
			id: 'trigger',
			name: 'Stripe Event Trigger',
			type: 'stripeEventTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: 'stripe-hook',
			parameters: { endpointMode: 'manual', events: options.events },
			credentials: { stripeChatChannelApi: { id: 'stripe', name: 'Stripe' } },
		},
		{
			id: 'alert',
			name: 'Payment Alert',
			type: 'paymentAlert',
			typeVersion: 1,
			position: [200, 0],
			parameters: {},
			...options.alert,
		},
		{
			id: 'slack',
			name: 'Stripe Chat Slack',
			type: 'stripeChatSlack',
			typeVersion: 1,
			position: [400, 0],
			parameters: {},
			credentials: { stripeChatSlackApi: { id: 'slack', name: 'Slack' } },
			...options.slack,
		},
	];
	return {
		id: options.id,
		nodes,
		connections: {
			'Stripe Event Trigger': { main: [[{ node: 'Payment Alert', type: 'main', index: 0 }]] },
			'Payment Alert': { main: [[{ node: 'Stripe Chat Slack', type: 'main', index: 0 }]] },
		},
		nodeTypes: {
			stripeEventTrigger: new StripeEventTrigger(),
			paymentAlert: new PaymentAlert(),
			stripeChatSlack: new StripeChatSlack(),
		},
		credentials: options.credentials,
	};
}
