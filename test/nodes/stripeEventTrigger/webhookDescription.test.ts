import { resolveWebhookDescriptionField, webhookDescriptionIsNativelyResolvable } from 'n8n-workflow';
import type { IWebhookDescription } from 'n8n-workflow';

import { StripeEventTrigger } from '../../../nodes/StripeEventTrigger/StripeEventTrigger.node';

const [webhook] = new StripeEventTrigger().description.webhooks as IWebhookDescription[];

describe("the Stripe Event Trigger's webhook is read without n8n's expression sandbox", () => {
	it('declares a resolver for every expression in its webhook description, as n8n checks it', () => {
		expect(webhookDescriptionIsNativelyResolvable(webhook)).toBe(true);
	});

	it.each(['onReceived', 'lastNode'])('resolves "Respond" = %s to the parameter itself', (responseMode) => {
		expect(resolveWebhookDescriptionField({ parameters: { responseMode } }, webhook, 'responseMode')).toEqual({
			resolved: true,
			value: responseMode,
		});
	});

	it('leaves a parameter that is itself an expression to the sandbox', () => {
		const parameters = { responseMode: '={{ $env.MODE }}' };
		expect(resolveWebhookDescriptionField({ parameters }, webhook, 'responseMode')).toEqual({ resolved: false });
	});
});
