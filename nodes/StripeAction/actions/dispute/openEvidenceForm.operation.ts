import type { IExecuteFunctions } from 'n8n-workflow';

import { signActionValue } from '../../../../src/core/signedValue';
import {
	describeSlackError,
	evidenceFormView,
	openView,
	readOptionalSlackCredentials,
	slackClientFor,
	WITHIN_SLACK_ANSWER_WINDOW,
} from '../../../../src/platforms/slack';
import { inputError, stringParameter } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import type { EvidenceField } from './evidence';
import {
	disputeId,
	disputeIdProperty,
	evidenceFieldOptions,
	FIELD_LABELS,
	isEvidenceField,
	SHORT_FIELDS,
} from './evidence';

const DEFAULT_FORM_FIELDS: EvidenceField[] = [
	'product_description',
	'customer_communication',
	'refund_refusal_explanation',
	'shipping_tracking_number',
	'uncategorized_text',
];

export const option = {
	name: 'Open Evidence Form in Slack',
	value: 'openEvidenceForm',
	action: 'Open the dispute evidence form',
	description: 'Open a form in Slack for the person who clicked, to write the evidence',
};

/** Opening the form changes nothing at Stripe; its submission reaches "Add Evidence", which does. */
export const meta: OperationMeta = { action: 'dispute.respond', report: 'none', mutating: false };

export const description = forOperation('dispute', option.value, [
	disputeIdProperty,
	{
		displayName:
			'The form opens for the person who clicked. Its submission arrives at the Chat Interaction Trigger (Listen For: Modal Submissions) with callbackId "scc_dispute_evidence": connect it to a Stripe Action "Add Evidence".',
		name: 'evidenceFormNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Trigger ID',
		name: 'triggerId',
		type: 'string',
		default: '={{ $json.triggerId }}',
		required: true,
		hint: 'Filled in from a button click; Slack accepts it for 3 seconds only',
		description: 'The trigger_id of the click, which lets this node open a form for the person who clicked',
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
	},
]);

function evidenceFormFields(fields: EvidenceField[]) {
	return fields.map((field) => ({ id: field, label: FIELD_LABELS[field], multiline: !SHORT_FIELDS.has(field) }));
}

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
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
		const fieldsShown = evidenceFormFields(fields.length > 0 ? fields : DEFAULT_FORM_FIELDS);
		const { viewId } = await openView(client, triggerId, evidenceFormView(id, privateMetadata, fieldsShown));
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
}
