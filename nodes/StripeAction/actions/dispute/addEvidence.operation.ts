import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { MAX_DISPUTE_EVIDENCE_CHARACTERS, updateDisputeEvidence } from '../../../../src/stripe/actions';
import type { DisputeTextEvidence } from '../../../../src/stripe/actions';
import {
	idempotencyKeyFor,
	idempotencyOptionsProperty,
	inputError,
	stringParameter,
	stripeClient,
	wasReplayed,
} from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import {
	disputeId,
	disputeIdProperty,
	evidenceFieldOptions,
	evidenceFrom,
	SHORT_FIELDS,
	SUBMIT_NOW_FIELD,
} from './evidence';

export const option = {
	name: 'Add Evidence',
	value: 'addEvidence',
	action: 'Add evidence to a dispute',
	description: 'Save text evidence, from the Slack form or typed here, and optionally submit it',
};

export const meta: OperationMeta = { action: 'dispute.respond', report: 'message', mutating: true };

const typedEvidence = { show: { evidenceSource: ['fields'] } };

export const description = forOperation('dispute', option.value, [
	disputeIdProperty,
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
	},
	{
		displayName: 'Evidence',
		name: 'evidence',
		type: 'collection',
		placeholder: 'Add Evidence Field',
		default: {},
		description: `Text evidence; Stripe accepts ${MAX_DISPUTE_EVIDENCE_CHARACTERS.toLocaleString('en-US')} characters in total`,
		options: evidenceFieldOptions.map((field) => ({
			displayName: field.name,
			name: field.value,
			type: 'string',
			typeOptions: SHORT_FIELDS.has(field.value) ? undefined : { rows: 4 },
			default: '',
		})),
		displayOptions: typedEvidence,
	},
	{
		displayName: 'Submit to the Bank Now',
		name: 'submitNow',
		type: 'boolean',
		default: false,
		description:
			'Whether to submit the evidence right away. Leave off to only save it: you can add more until the due date, then submit.',
		displayOptions: typedEvidence,
	},
	idempotencyOptionsProperty,
]);

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

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
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
	const idempotencyKey = idempotencyKeyFor(operation, meta.action, id);
	const dispute = await updateDisputeEvidence(await stripeClient(operation), id, evidence, submit, {
		idempotencyKey,
	});
	return {
		result: dispute as unknown as IDataObject,
		detail: submit ? 'submitted to the bank' : `${Object.keys(evidence).length} field(s) saved, not yet submitted`,
		replayed: wasReplayed(dispute),
	};
}
