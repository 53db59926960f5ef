import type { WebClient } from '@slack/web-api';

/** The evidence modal's callback ID: lets a workflow tell this form's submissions from others (`$json.callbackId`). */
export const EVIDENCE_FORM_CALLBACK_ID = 'scc_dispute_evidence';
/** The evidence modal's "submit to the bank now" choice; its value is `submit` or `save`. */
export const SUBMIT_NOW_FIELD = 'submit_now';

/** Slack's plain-text input takes at most 3,000 characters. @see https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element */
const SLACK_INPUT_MAX_LENGTH = 3000;

/** One text field of the evidence form; its `id` is the Stripe evidence field the answer is saved in. */
export interface EvidenceFormField {
	id: string;
	label: string;
	multiline: boolean;
}

/**
 * The Block Kit modal that collects a dispute's evidence. `privateMetadata` comes back with the submission (signed
 * by the caller, so the trigger can prove which dispute and message it is about).
 * @see https://docs.slack.dev/reference/views/modal-views
 */
export function evidenceFormView(
	disputeId: string,
	privateMetadata: string,
	fields: EvidenceFormField[],
): Record<string, unknown> {
	const inputs = fields.map((field) => ({
		type: 'input',
		block_id: `evidence_${field.id}`,
		optional: true,
		label: { type: 'plain_text', text: field.label },
		element: {
			type: 'plain_text_input',
			action_id: field.id,
			multiline: field.multiline,
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

/**
 * Opens a modal in answer to a click (its `trigger_id` expires 3 seconds after the click: pass a client made with
 * WITHIN_SLACK_ANSWER_WINDOW). Returns the view's id.
 * @see https://docs.slack.dev/reference/methods/views.open
 */
export async function openView(
	client: WebClient,
	triggerId: string,
	view: Record<string, unknown>,
): Promise<{ viewId: string | null }> {
	const opened = (await client.apiCall('views.open', { trigger_id: triggerId, view })) as { view?: { id?: string } };
	return { viewId: opened.view?.id ?? null };
}
