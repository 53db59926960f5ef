import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OUTPUTS_EXPRESSION, paymentAlertProperties } from './description';
import { CREDENTIAL_NAME, executePaymentAlert } from './execute';

/** Turns Stripe events into short, redacted Slack alerts, routed by rules, without repeats or floods. */
export class PaymentAlert implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Payment Alert',
		name: 'paymentAlert',
		icon: { light: 'file:paymentAlert.svg', dark: 'file:paymentAlert.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["defaultChannel"] || "route by rules" }}',
		description: 'Turn Stripe events into short, safe Slack alerts and decide where each one goes',
		defaults: { name: 'Payment Alert' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [
			{ name: CREDENTIAL_NAME, required: false },
			// n8n's own Redis credential, for the Redis state store (see nodes/shared/stateStore.ts).
			{ name: 'redis', required: true, displayOptions: { show: { stateStore: ['redis'] } } },
		],
		properties: paymentAlertProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executePaymentAlert(this);
	}
}
