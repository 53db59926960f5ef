import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The Stripe account this package listens to and acts on. Field names are a contract: `src/stripe/client.ts`
 * (`parseStripeCredential`) reads `secretKey`, `signingSecrets`, `apiVersion`, `stripeAccount` and `baseUrl`.
 */
export class StripeChatChannelApi implements ICredentialType {
	name = 'stripeChatChannelApi';

	displayName = 'Stripe (Chat Channel) API';

	icon = {
		light: 'file:../nodes/StripeEventTrigger/stripeEventTrigger.svg',
		dark: 'file:../nodes/StripeEventTrigger/stripeEventTrigger.dark.svg',
	} as const;

	documentationUrl = 'https://docs.stripe.com/keys#create-restricted-api-secret-key';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'rk_live_… or sk_live_…',
			description:
				'From Stripe Dashboard → Developers → API keys. A restricted key (rk_…) is recommended, with these permissions: Webhook Endpoints – Write (the trigger registers its endpoint), Events – Read; for the buttons: Invoices, Credit Notes, Refunds, Disputes, Checkout Sessions, Payment Links – Write; Customers, Charges, PaymentIntents, Subscriptions – Read. Use a test key (…_test_…) while you try things out.',
		},
		{
			displayName: 'Webhook Signing Secrets',
			name: 'signingSecrets',
			type: 'string',
			typeOptions: { password: true, rows: 2 },
			default: '',
			placeholder: 'whsec_…',
			description:
				"Only needed when you add the webhook endpoint in Stripe yourself, or to send test events: the endpoint's signing secret (Developers → Webhooks → your endpoint → Signing secret). While rolling a secret, put the old and the new one, one per line. Endpoints the trigger registers itself need nothing here.",
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '',
			placeholder: '2025-03-31.basil',
			description:
				"Optional. Pins the Stripe API version for API calls and for endpoints the trigger registers (event payloads follow it). Leave empty to use the version of the installed Stripe library for calls and your account's default version for events.",
		},
		{
			displayName: 'Connected Account',
			name: 'stripeAccount',
			type: 'string',
			default: '',
			placeholder: 'acct_…',
			description:
				'Optional, for Stripe Connect platforms: the connected account every API call acts on (sent as the Stripe-Account header). Leave empty to act on your own account.',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.stripe.com',
			description:
				'Leave as is. Change only for a proxy in front of Stripe or a local test server (http:// is accepted only for localhost or with a test key).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.secretKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/webhook_endpoints',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Stripe did not accept the secret key. Copy it again from Developers → API keys.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The key works but may not read webhook endpoints. Give the restricted key "Webhook Endpoints: Write", or add the endpoint in Stripe yourself and choose "I Add It in Stripe Myself" in the trigger.',
				},
			},
		],
	};
}
