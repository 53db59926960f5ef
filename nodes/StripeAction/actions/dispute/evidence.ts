import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { formatMoney } from '../../../../src/core/money';
import { DISPUTE_TEXT_EVIDENCE } from '../../../../src/stripe/actions';
import type { DisputeTextEvidence } from '../../../../src/stripe/actions';
import { objectIdProperty, requireId, stringParameter } from '../common';
import type { OperationContext } from '../operation';

/** What the dispute operations share: the Dispute ID, the text evidence fields and their labels. */

export type EvidenceField = (typeof DISPUTE_TEXT_EVIDENCE)[number];

/** The evidence form's "submit to the bank now" choice (the form is built in src/platforms/slack/views.ts). */
export { SUBMIT_NOW_FIELD } from '../../../../src/platforms/slack/views';

export const FIELD_LABELS: Readonly<Record<EvidenceField, string>> = {
	product_description: 'Product or service description',
	customer_communication: 'Communication with the customer',
	customer_name: 'Customer name',
	customer_email_address: 'Customer e-mail address',
	billing_address: 'Billing address',
	service_date: 'Date of service',
	shipping_tracking_number: 'Shipping tracking number',
	shipping_carrier: 'Shipping carrier',
	refund_policy_disclosure: 'How the refund policy was shown',
	refund_refusal_explanation: 'Why the customer is not owed a refund',
	cancellation_policy_disclosure: 'How the cancellation policy was shown',
	cancellation_rebuttal: 'Why the subscription was not cancelled',
	duplicate_charge_explanation: 'Why the charges are not duplicates',
	access_activity_log: 'Access or usage log',
	uncategorized_text: 'Anything else',
};

export const SHORT_FIELDS: ReadonlySet<EvidenceField> = new Set([
	'customer_name',
	'customer_email_address',
	'service_date',
	'shipping_tracking_number',
	'shipping_carrier',
]);

export const evidenceFieldOptions = DISPUTE_TEXT_EVIDENCE.map((field) => ({
	name: FIELD_LABELS[field],
	value: field,
})).sort((a, b) => a.name.localeCompare(b.name));

export const disputeIdProperty: INodeProperties = objectIdProperty({
	displayName: 'Dispute ID',
	name: 'disputeId',
	placeholder: 'du_1Pq…',
	description: 'The dispute to act on',
});

export function disputeId(operation: OperationContext): string {
	return requireId(operation, 'dispute', stringParameter(operation, 'disputeId'), 'Dispute ID');
}

export function isEvidenceField(name: string): name is EvidenceField {
	return (DISPUTE_TEXT_EVIDENCE as readonly string[]).includes(name);
}

export function evidenceFrom(values: Record<string, unknown>): DisputeTextEvidence {
	const evidence: DisputeTextEvidence = {};
	for (const [name, value] of Object.entries(values)) {
		if (isEvidenceField(name) && typeof value === 'string' && value.trim() !== '') evidence[name] = value.trim();
	}
	return evidence;
}

export function disputeDetail(dispute: IDataObject): string {
	const amount =
		typeof dispute.amount === 'number' && typeof dispute.currency === 'string'
			? `${formatMoney(dispute.amount, dispute.currency)}, `
			: '';
	return `${amount}${String(dispute.status ?? '')}`;
}
