import type { INode, INodeParameters, INodeType } from 'n8n-workflow';

import { PaymentAlert } from '../../nodes/PaymentAlert/PaymentAlert.node';
import { StripeChatGoogleChat } from '../../nodes/StripeChatGoogleChat/StripeChatGoogleChat.node';
import { StripeChatTeams } from '../../nodes/StripeChatTeams/StripeChatTeams.node';
import { StripeEventTrigger } from '../../nodes/StripeEventTrigger/StripeEventTrigger.node';
import type { EngineWorkflow } from './n8nEngine';

/** The two webhook platforms' posting nodes, as a workflow names them. */
export const WEBHOOK_CHAT_NODES: Record<
	'teams' | 'gchat',
	{ name: string; type: string; credential: string; node: INodeType }
> = {
	teams: {
		name: 'Stripe Chat Teams',
		type: 'stripeChatTeams',
		credential: 'stripeChatTeamsApi',
		node: new StripeChatTeams(),
	},
	gchat: {
		name: 'Stripe Chat Google Chat',
		type: 'stripeChatGoogleChat',
		credential: 'stripeChatGoogleChatApi',
		node: new StripeChatGoogleChat(),
	},
};

let counter = 0;

/**
 * Stripe Event Trigger (manual endpoint) → Payment Alert → Stripe Chat Teams / Google Chat with the real node types,
 * as the critical-alerts template wires it.
 */
export function webhookChatWorkflow(options: {
	platform: 'teams' | 'gchat';
	webhookUrl: string;
	signingSecret: string;
	events: string[];
	alert?: INodeParameters;
	chat?: INodeParameters;
	continueOnFail?: boolean;
}): EngineWorkflow {
	counter += 1;
	const chat = WEBHOOK_CHAT_NODES[options.platform];
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
			parameters: { chatPlatform: options.platform, ...options.alert },
		},
		{
			id: 'chat',
			name: chat.name,
			type: chat.type,
			typeVersion: 1,
			position: [400, 0],
			parameters: { operation: 'post', ...options.chat },
			credentials: { [chat.credential]: { id: 'chat', name: 'Chat' } },
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	return {
		id: `wf-${options.platform}-${counter}`,
		nodes,
		connections: {
			'Stripe Event Trigger': { main: [[{ node: 'Payment Alert', type: 'main', index: 0 }]] },
			'Payment Alert': { main: [[{ node: chat.name, type: 'main', index: 0 }]] },
		},
		nodeTypes: {
			stripeEventTrigger: new StripeEventTrigger(),
			paymentAlert: new PaymentAlert(),
			[chat.type]: chat.node,
		},
		credentials: {
			stripeChatChannelApi: { secretKey: 'sk_test_webhookChat', signingSecrets: options.signingSecret },
			[chat.credential]: { webhookUrl: options.webhookUrl },
		},
	};
}
