import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { formatMoney } from '../../../src/core/money';
import { signActionValue } from '../../../src/core/signedValue';
import {
	describeSlackError,
	evidenceFormView,
	openView,
	readOptionalSlackCredentials,
	slackClientFor,
	SUBMIT_NOW_FIELD,
	WITHIN_SLACK_ANSWER_WINDOW,
} from '../../../src/platforms/slack';
import {
	acceptDispute,
	DISPUTE_TEXT_EVIDENCE,
	getDispute,
	MAX_DISPUTE_EVIDENCE_CHARACTERS,
	updateDisputeEvidence,
} from '../../../src/stripe/actions';
import type { DisputeTextEvidence } from '../../../src/stripe/actions';
import type { OperationContext, OperationDefinition } from './common';
import {
	idempotencyKeyFor,
	idempotencyKeyOption,
	inputError,
	objectIdProperty,
	requireId,
	showFor,
	stringParameter,
	stripeClient,
	wasReplayed,
} from './common';

type EvidenceField = (typeof DISPUTE_TEXT_EVIDENCE)[number];

const FIELD_LABELS: Readonly<Record<EvidenceField, string>> = {
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

const SHORT_FIELDS: ReadonlySet<EvidenceField> = new Set([
	'customer_name',
	'customer_email_address',
	'service_date',
	'shipping_tracking_number',
	'shipping_carrier',
]);

const DEFAULT_FORM_FIELDS: EvidenceField[] = [
	'product_description',
	'customer_communication',
	'refund_refusal_explanation',
	'shipping_tracking_number',
	'uncategorized_text',
];

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['dispute'] } },
	options: [
		{
			name: 'Accept',
			value: 'accept',
			action: 'Accept a dispute',
			description: 'Give up the dispute: the customer keeps the money; this cannot be undone',
		},
		{
			name: 'Add Evidence',
			value: 'addEvidence',
			action: 'Add evidence to a dispute',
			description: 'Save text evidence, from the Slack form or typed here, and optionally submit it',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a dispute',
			description: 'Read a dispute with its reason, status and due date',
		},
		{
			name: 'Open Evidence Form in Slack',
			value: 'openEvidenceForm',
			action: 'Open the dispute evidence form',
			description: 'Open a form in Slack for the person who clicked, to write the evidence',
		},
		{
			name: 'Submit',
			value: 'submit',
			action: 'Submit dispute evidence',
			description: 'Send the saved evidence to the bank now; it cannot be changed afterwards',
		},
	],
	default: 'openEvidenceForm',
};

const evidenceFieldOptions = DISPUTE_TEXT_EVIDENCE.map((field) => ({ name: FIELD_LABELS[field], value: field })).sort(
	(a, b) => a.name.localeCompare(b.name),
);

export const properties: INodeProperties[] = [
	objectIdProperty('dispute', ['accept', 'addEvidence', 'get', 'openEvidenceForm', 'submit'], {
		displayName: 'Dispute ID',
		name: 'disputeId',
		placeholder: 'du_1Pq…',
		description: 'The dispute to act on',
	}),
	{
		displayName:
			'The form opens for the person who clicked. Its submission arrives at the Chat Interaction Trigger (Listen For: Modal Submissions) with callbackId "scc_dispute_evidence": connect it to a Stripe Action "Add Evidence".',
		name: 'evidenceFormNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor('dispute', ['openEvidenceForm']),
	},
	{
		displayName: 'Trigger ID',
		name: 'triggerId',
		type: 'string',
		default: '={{ $json.triggerId }}',
		required: true,
		hint: 'Filled in from a button click; Slack accepts it for 3 seconds only',
		description: 'The trigger_id of the click, which lets this node open a form for the person who clicked',
		displayOptions: showFor('dispute', ['openEvidenceForm']),
	},
	{
		displayName: 'Form Fields',
		name: 'formFields',
		type: 'multiOptions',
		default: [
			'product_description',
			'customer_communication',
			'refund_refusal_explanation',
			'shipping_tracking_number',
			'uncategorized_text',
		],
		description: 'Which evidence fields the form asks for. Every field is optional in the form.',
		options: evidenceFieldOptions,
		displayOptions: showFor('dispute', ['openEvidenceForm']),
	},
	{
		displayName: 'Evidence From',
		name: 'evidenceSource',
		type: 'options',
		default: 'form',
		options: [
			{
				name: 'The Slack Form',
				value: 'form',
				description: 'The values of the submitted evidence form, including its "Submit to the bank now" choice',
			},
			{ name: 'Fields Below', value: 'fields', description: 'Type the evidence here or map it with expressions' },
		],
		displayOptions: showFor('dispute', ['addEvidence']),
	},
	{
		displayName: 'Evidence',
		name: 'evidence',
		type: 'collection',
		placeholder: 'Add Evidence Field',
		default: {},
		description: `Text evidence; Stripe accepts ${MAX_DISPUTE_EVIDENCE_CHARACTERS.toLocaleString('en-US')} characters in total`,
		options: evidenceFieldOptions.map((option) => ({
			displayName: option.name,
			name: option.value,
			type: 'string',
			typeOptions: SHORT_FIELDS.has(option.value) ? undefined : { rows: 4 },
			default: '',
		})),
		displayOptions: { show: { resource: ['dispute'], operation: ['addEvidence'], evidenceSource: ['fields'] } },
	},
	{
		displayName: 'Submit to the Bank Now',
		name: 'submitNow',
		type: 'boolean',
		default: false,
		description:
			'Whether to submit the evidence right away. Leave off to only save it: you can add more until the due date, then submit.',
		displayOptions: { show: { resource: ['dispute'], operation: ['addEvidence'], evidenceSource: ['fields'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('dispute', ['accept', 'addEvidence', 'submit']),
		options: [idempotencyKeyOption],
	},
];

function disputeId(operation: OperationContext): string {
	return requireId(operation, 'dispute', stringParameter(operation, 'disputeId'), 'Dispute ID');
}

function isEvidenceField(name: string): name is EvidenceField {
	return (DISPUTE_TEXT_EVIDENCE as readonly string[]).includes(name);
}

function evidenceFrom(values: Record<string, unknown>): DisputeTextEvidence {
	const evidence: DisputeTextEvidence = {};
	for (const [name, value] of Object.entries(values)) {
		if (isEvidenceField(name) && typeof value === 'string' && value.trim() !== '') evidence[name] = value.trim();
	}
	return evidence;
}

function readEvidence(operation: OperationContext): { evidence: DisputeTextEvidence; submit: boolean } {
	const source = stringParameter(operation, 'evidenceSource', 'form');
	if (source === 'fields') {
		const typed = operation.ctx.getNodeParameter('evidence', operation.itemIndex, {}) as IDataObject;
		return {
			evidence: evidenceFrom(typed),
			submit: operation.ctx.getNodeParameter('submitNow', operation.itemIndex, false) === true,
		};
	}
	const values = operation.item.values;
	if (!values || typeof values !== 'object') {
		throw inputError(
			operation,
			'This item has no submitted evidence form',
			'Connect this node after the Chat Interaction Trigger with "Modal Submissions" on, or set "Evidence From" to "Fields Below".',
		);
	}
	return { evidence: evidenceFrom(values), submit: values[SUBMIT_NOW_FIELD] === 'submit' };
}

function disputeDetail(dispute: IDataObject): string {
	const amount =
		typeof dispute.amount === 'number' && typeof dispute.currency === 'string'
			? `${formatMoney(dispute.amount, dispute.currency)}, `
			: '';
	return `${amount}${String(dispute.status ?? '')}`;
}

function evidenceFormFields(fields: EvidenceField[]) {
	return fields.map((field) => ({ id: field, label: FIELD_LABELS[field], multiline: !SHORT_FIELDS.has(field) }));
}

export const operations: Record<string, OperationDefinition> = {
	get: {
		action: 'dispute.get',
		report: 'none',
		mutating: false,
		async execute(operation) {
			const dispute = (await getDispute(await stripeClient(operation), disputeId(operation))) as unknown as IDataObject;
			return { result: dispute, detail: disputeDetail(dispute) };
		},
	},
	addEvidence: {
		action: 'dispute.respond',
		report: 'message',
		mutating: true,
		async execute(operation) {
			const id = disputeId(operation);
			const { evidence, submit } = readEvidence(operation);
			if (Object.keys(evidence).length === 0 && !submit) {
				throw inputError(operation, 'No evidence to save', 'Fill in at least one evidence field, or choose to submit.');
			}
			const total = Object.values(evidence).reduce((sum, value) => sum + (value?.length ?? 0), 0);
			if (total > MAX_DISPUTE_EVIDENCE_CHARACTERS) {
				throw inputError(
					operation,
					`The evidence is ${total.toLocaleString('en-US')} characters long`,
					`Stripe accepts ${MAX_DISPUTE_EVIDENCE_CHARACTERS.toLocaleString('en-US')} characters in total: shorten the longest fields, or upload documents in the Stripe Dashboard.`,
				);
			}
			const idempotencyKey = idempotencyKeyFor(operation, 'dispute.respond', id);
			const dispute = await updateDisputeEvidence(await stripeClient(operation), id, evidence, submit, {
				idempotencyKey,
			});
			return {
				result: dispute as unknown as IDataObject,
				detail: submit ? 'submitted to the bank' : `${Object.keys(evidence).length} field(s) saved, not yet submitted`,
				replayed: wasReplayed(dispute),
			};
		},
	},
	submit: {
		action: 'dispute.submit',
		report: 'message',
		mutating: true,
		async execute(operation) {
			const id = disputeId(operation);
			const idempotencyKey = idempotencyKeyFor(operation, 'dispute.submit', id);
			const dispute = await updateDisputeEvidence(await stripeClient(operation), id, {}, true, { idempotencyKey });
			return {
				result: dispute as unknown as IDataObject,
				detail: 'submitted to the bank',
				replayed: wasReplayed(dispute),
			};
		},
	},
	accept: {
		action: 'dispute.accept',
		report: 'message',
		mutating: true,
		async execute(operation) {
			const id = disputeId(operation);
			const idempotencyKey = idempotencyKeyFor(operation, 'dispute.accept', id);
			const dispute = await acceptDispute(await stripeClient(operation), id, { idempotencyKey });
			return {
				result: dispute as unknown as IDataObject,
				detail: disputeDetail(dispute as unknown as IDataObject),
				replayed: wasReplayed(dispute),
			};
		},
	},
	openEvidenceForm: {
		action: 'dispute.respond',
		report: 'none',
		mutating: false,
		async execute(operation) {
			const id = disputeId(operation);
			const triggerId = stringParameter(operation, 'triggerId');
			if (!triggerId) {
				throw inputError(
					operation,
					'No trigger ID to open the form with',
					'Connect this node directly after the Chat Interaction Trigger: Slack lets a form open only in answer to a click.',
				);
			}
			const fields = (
				operation.ctx.getNodeParameter('formFields', operation.itemIndex, DEFAULT_FORM_FIELDS) as string[]
			).filter(isEvidenceField);
			const credentials = await readOptionalSlackCredentials(operation.ctx);
			if (!credentials) {
				throw inputError(
					operation,
					'No Slack credential is selected',
					'Select the "Stripe Chat Channel Slack API" credential in this node: the form is opened in Slack with its bot token.',
				);
			}
			const secret = credentials.buttonSigningSecret ?? '';
			if (!secret) {
				throw inputError(
					operation,
					'The Slack credential has no button signing secret',
					'Set "Button Signing Secret" in the Slack credential (the same one the Payment Alert node uses): it proves that the form\'s submission is about this dispute.',
				);
			}
			const { target, channelId, messageTs } = operation.item;
			// Signed like a button value, so the trigger can prove on submission which dispute the form is about and
			// under which message the outcome goes: Slack sends a form's submission without channel or message.
			const privateMetadata = signActionValue(
				{
					action: 'dispute.respond',
					objectId: id,
					objectType: 'dispute',
					customerId: target?.customerId,
					account: target?.account,
					livemode: target?.livemode === true,
					channelId: channelId ?? undefined,
					messageTs: messageTs ?? undefined,
				},
				secret,
			);
			try {
				const client = slackClientFor(credentials, WITHIN_SLACK_ANSWER_WINDOW);
				const view = evidenceFormView(
					id,
					privateMetadata,
					evidenceFormFields(fields.length > 0 ? fields : DEFAULT_FORM_FIELDS),
				);
				const { viewId } = await openView(client, triggerId, view);
				return { result: { disputeId: id, viewId }, detail: 'evidence form opened' };
			} catch (error: unknown) {
				const described = describeSlackError(error, { secrets: [credentials.botToken, secret] });
				const expired = described.code === 'expired_trigger_id';
				throw inputError(
					operation,
					expired ? 'Slack no longer accepts this click to open a form' : described.message,
					expired
						? 'Slack allows 3 seconds from the click. Put "Open Evidence Form in Slack" directly after the Chat Interaction Trigger, before slower steps.'
						: described.hint,
				);
			}
		},
	},
};
