import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { escapeMrkdwn } from '../../../../src/core/escape';
import {
	lookupAnswerMessage,
	lookupChoicesMessage,
	lookupMissMessage,
	lookupUsageMessage,
	parseLookupQuery,
} from '../../../../src/core/lookup';
import type { LookupMessageOptions, LookupQuery } from '../../../../src/core/lookup';
import type { ChatMessage, RedactionPolicy } from '../../../../src/core/types';
import { readOptionalSlackCredentials } from '../../../../src/platforms/slack';
import { renderSlack } from '../../../../src/platforms/slack/render';
import { lookUpCustomer } from '../../../../src/stripe/lookup';
import type { LookupResult } from '../../../../src/stripe/lookup';
import { optionsOf, stringParameter, stripeClient } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { answerViaResponseUrl } from '../reporters';

export const option = {
	name: 'Look Up',
	value: 'lookUp',
	action: 'Look up a customer from a stripe command',
	description:
		'Read "/stripe jane@example.com" or "/stripe cus_…, in_…, pi_…, ch_…, du_…" and answer privately with the customer\'s billing status',
};

export const description = forOperation('slashCommand', option.value, [
	{
		displayName: 'Command Text',
		name: 'commandText',
		type: 'string',
		default: '={{ $json.text }}',
		required: true,
		hint: 'Filled in from the slash command: the text after /stripe',
		description: 'A customer e-mail or a Stripe ID: cus_…, in_…, pi_…, ch_… or du_…',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Redaction',
				name: 'redaction',
				type: 'options',
				default: 'standard',
				options: [
					{ name: 'Standard (Mask E-Mails, Remove Card Numbers)', value: 'standard' },
					{ name: 'Strict (Also Hide Names and E-Mails)', value: 'strict' },
				],
				description: 'What the answer hides, as in Payment Alert',
			},
		],
	},
]);

/**
 * A "Look up" button of the list shown when several customers share an e-mail is a Customer summary button
 * (signed, bound to the channel): it is answered privately here too.
 */
export const meta: OperationMeta = {
	action: 'customer.lookup',
	report: 'none',
	mutating: false,
	alsoServes: ['customer.summary'],
	async reportFailure(operation, message) {
		return await answerViaResponseUrl(operation, `:x: The look-up failed: ${escapeMrkdwn(message)}`, 'ephemeral');
	},
};

/** A click on a look-up button names the customer it was signed for; a command names it in its text. */
function queryOf(operation: OperationContext): { query: LookupQuery; typed: string } {
	const target = operation.item.target;
	if (operation.item.kind === 'block_actions' && target?.action === 'customer.summary') {
		const typed = target.customerId || target.objectId || '';
		return { query: parseLookupQuery(typed), typed };
	}
	const typed = stringParameter(operation, 'commandText');
	return { query: parseLookupQuery(typed), typed };
}

function messageFor(query: LookupQuery, typed: string, found: LookupResult | undefined, options: LookupMessageOptions) {
	if (!found) return lookupUsageMessage(typed, options);
	if (found.found === 'customer') return lookupAnswerMessage(found.snapshot, options);
	if (found.found === 'choices') return lookupChoicesMessage(found.email, found.choices, options);
	return lookupMissMessage(query, options);
}

function detailOf(found: LookupResult | undefined): string {
	if (!found) return 'not an e-mail or a Stripe ID';
	if (found.found === 'customer') return `customer ${found.snapshot.customerId}`;
	if (found.found === 'choices') return `${found.choices.length} customers`;
	return 'no match';
}

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const { query, typed } = queryOf(operation);
	const found = query.kind === 'invalid' ? undefined : await lookUpCustomer(await stripeClient(operation), query);
	if (found?.found === 'customer') operation.objectId = found.snapshot.customerId;
	const slack = await readOptionalSlackCredentials(operation.ctx);
	const message: ChatMessage = messageFor(query, typed, found, {
		redaction: (optionsOf(operation).redaction as RedactionPolicy | undefined) ?? 'standard',
		actionSecret: slack?.buttonSigningSecret,
		channelId: operation.item.channelId ?? undefined,
		timeZone: operation.ctx.getTimezone(),
	});
	const rendered = renderSlack(message);
	const slackReportError =
		operation.ctx.getNodeParameter('reportOutcome', operation.itemIndex, true) === true
			? await answerViaResponseUrl(operation, rendered.text, 'ephemeral', rendered.blocks)
			: undefined;
	const result = {
		query: query.kind,
		found: found?.found ?? 'invalid',
		...(found?.found === 'customer' ? { customerId: found.snapshot.customerId } : {}),
		...(found?.found === 'choices' ? { customerIds: found.choices.map((choice) => choice.id) } : {}),
		slack: rendered as unknown as IDataObject,
	};
	return { result, detail: detailOf(found), slackReportError };
}
