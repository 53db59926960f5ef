import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

import type { DeliverySettings } from '../../../src/triggers/stripeEvent';

/** Our own authored events (shapes follow Stripe's docs), signed for real with the SDK's test-header helper. */

export const sdk = new Stripe('sk_test_trigger_tests');
export const NOW_SECONDS = 1_760_000_000;
export const now = () => NOW_SECONDS * 1000;

export const newSigningSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

export function sign(payload: string, secret: string, timestamp = NOW_SECONDS): string {
	return sdk.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

export function v1Of(header: string): string {
	return (
		header
			.split(',')
			.find((part) => part.startsWith('v1='))
			?.slice(3) ?? ''
	);
}

export const invoicePaymentFailed = {
	id: 'evt_1Q2w3E4r5T6y7U8i',
	object: 'event',
	api_version: '2025-03-31.basil',
	created: NOW_SECONDS - 5,
	livemode: true,
	pending_webhooks: 1,
	request: { id: null, idempotency_key: null },
	type: 'invoice.payment_failed',
	data: {
		object: {
			id: 'in_1Q2w3E4r5T6y7U8i',
			object: 'invoice',
			amount_due: 4900,
			currency: 'eur',
			customer: 'cus_R2d2C3po',
			attempt_count: 2,
			metadata: { plan: 'enterprise', region: 'eu' },
			parent: { subscription_details: { subscription: 'sub_1Abc' } },
		},
	},
};

export const connectDisputeCreated = {
	id: 'evt_1Connect0Dispute',
	object: 'event',
	api_version: '2024-06-20',
	account: 'acct_1Connected',
	created: NOW_SECONDS - 60,
	livemode: false,
	type: 'charge.dispute.created',
	data: {
		object: {
			id: 'du_1Dispute',
			object: 'dispute',
			amount: 5000,
			currency: 'jpy',
			charge: 'ch_1Charge',
			metadata: {},
		},
	},
};

export const thinMeterEvent = {
	id: 'evt_test_65R9Ijk8sK5Bt2xLr',
	object: 'v2.core.event',
	type: 'v1.billing.meter.error_report_triggered',
	livemode: false,
	created: '2025-10-09T08:53:15.000Z',
	context: null,
	related_object: { id: 'mtr_test_61R9', type: 'billing.meter', url: '/v1/billing/meters/mtr_test_61R9' },
};

export function settings(override: Partial<DeliverySettings> = {}): DeliverySettings {
	return {
		events: ['*'],
		livemode: 'any',
		accountFilter: 'any',
		accounts: [],
		metadata: [],
		toleranceSeconds: 300,
		expandThinEvents: false,
		...override,
	};
}

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
