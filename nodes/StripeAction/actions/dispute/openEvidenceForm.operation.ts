import type { IExecuteFunctions } from 'n8n-workflow';

import { signActionValue } from '../../../../src/core/signedValue';
import { createSlackClient, describeSlackError } from '../../../../src/slack';
import { inputError, SLACK_CREDENTIAL, stringParameter } from '../common';
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
	SUBMIT_NOW_FIELD,
} from './evidence';

/** The modal's callback ID: lets a workflow tell this form's submissions from others (`$json.callbackId`). */
export const EVIDENCE_FORM_CALLBACK_ID = 'scc_dispute_evidence';

/** Slack's plain-text input takes at most 3,000 characters. @see https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element */
const SLACK_INPUT_MAX_LENGTH = 3000;

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

function evidenceForm(disputeId: string, privateMetadata: string, fields: EvidenceField[]): Record<string, unknown> {
	const inputs = fields.map((field) => ({
		type: 'input',
		block_id: `evidence_${field}`,
		optional: true,
		label: { type: 'plain_text', text: FIELD_LABELS[field] },
		element: {
			type: 'plain_text_input',
			action_id: field,
			multiline: !SHORT_FIELDS.has(field),
			max_length: SLACK_INPUT_MAX_LENGTH,
		},
	}));
	return {
		type: 'modal',
		callback_id: EVIDENCE_FORM_CALLBACK_ID,
		private_metadata: privateMetadata,
		title: { type: 'plain_text', text: 'Dispute evidence' },
		submit: { type: 'plain_text', text: 'Save evidence' },
		close: { type: 'plain_text', text: 'Cancel' },
		blocks: [
			{
				type: 'section',
				text: {
					type: 'mrkdwn',
					text: `Evidence for dispute \`${disputeId}\`. Fill in what applies; everything is saved at Stripe.`,
				},
			},
			...inputs,
			{
				type: 'input',
				block_id: 'evidence_submit_now',
				label: { type: 'plain_text', text: 'Submit to the bank now?' },
				element: {
					type: 'radio_buttons',
					action_id: SUBMIT_NOW_FIELD,
					initial_option: { text: { type: 'plain_text', text: 'No, only save the evidence' }, value: 'save' },
					options: [
						{ text: { type: 'plain_text', text: 'No, only save the evidence' }, value: 'save' },
						{
							text: { type: 'plain_text', text: 'Yes, submit now' },
							description: { type: 'plain_text', text: 'Final: evidence cannot be changed afterwards' },
							value: 'submit',
						},
					],
				},
			},
		],
	};
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
	let credentials: { botToken?: string; apiBaseUrl?: string; buttonSigningSecret?: string };
	try {
		credentials = await operation.ctx.getCredentials(SLACK_CREDENTIAL);
	} catch {
		throw inputError(
			operation,
			'No Slack credential is selected',
			'Select the "Stripe Chat Channel Slack API" credential in this node: the form is opened in Slack with its bot token.',
		);
	}
	const secret = String(credentials.buttonSigningSecret ?? '');
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
	const token = String(credentials.botToken ?? '');
	try {
		// The trigger_id that opens the form expires 3 seconds after the click: no long rate-limit waits here.
		const client = createSlackClient({
			token,
			apiUrl: credentials.apiBaseUrl,
			maxRetries: 1,
			rateLimitBudgetMs: 1500,
		});
		const opened = (await client.apiCall('views.open', {
			trigger_id: triggerId,
			view: evidenceForm(id, privateMetadata, fields.length > 0 ? fields : DEFAULT_FORM_FIELDS),
		})) as { view?: { id?: string } };
		return { result: { disputeId: id, viewId: opened.view?.id ?? null }, detail: 'evidence form opened' };
	} catch (error: unknown) {
		const described = describeSlackError(error, { secrets: [token, secret] });
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
