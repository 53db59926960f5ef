import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { escapeMrkdwn } from '../../../../src/core/escape';
import { parseList } from '../../../../src/core/lists';
import { formatMoney } from '../../../../src/core/money';
import { parsePayCommand, PayCommandError } from '../../../../src/core/payCommand';
import type { PayCommand } from '../../../../src/core/payCommand';
import type { ResponseType } from '../../../../src/platforms/slack';
import { createSession, expiryOption, redirectProperties, requireUrl } from '../checkoutSession/session';
import { chatReference, idempotencyKeyOption, optionsOf, requireCurrency, stringParameter } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { createLink } from '../paymentLink/create.operation';
import { answerViaResponseUrl } from '../reporters';

export const option = {
	name: 'Create Link From Pay Command',
	value: 'pay',
	action: 'Create a payment link from a pay command',
	description: 'Read "/pay 50.00 Deluxe room", create a payment page and answer with its link',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Command Text',
		name: 'commandText',
		type: 'string',
		default: '={{ $json.text }}',
		required: true,
		hint: 'Filled in from the slash command: the text after /pay',
		description: 'The amount, optionally with a currency, then a description: 50, 50.00 Deluxe room, €50, 50 EUR',
	},
	{
		displayName: 'Create',
		name: 'linkType',
		type: 'options',
		default: 'checkoutSession',
		options: [
			{
				name: 'Checkout Session',
				value: 'checkoutSession',
				description: 'A one-time payment page that expires (24 hours at most)',
			},
			{
				name: 'Payment Link',
				value: 'paymentLink',
				description: 'A link that does not expire and can be paid more than once',
			},
		],
	},
	{
		displayName: 'Default Currency',
		name: 'defaultCurrency',
		type: 'string',
		default: 'usd',
		required: true,
		placeholder: 'eur',
		description:
			'Used when the command names no currency (/pay 50). $ means this currency when it is a dollar, else USD.',
	},
	{
		displayName: 'Allowed Currencies',
		name: 'allowedCurrencies',
		type: 'string',
		default: '',
		placeholder: 'eur, usd',
		description: 'Currencies people may ask for, separated by commas. Leave empty to allow any.',
	},
	{
		displayName: 'Description When None Is Given',
		name: 'defaultDescription',
		type: 'string',
		default: 'Payment',
		description: 'What the payment page says is being paid for when the command has only an amount',
	},
	...updateDisplayOptions({ show: { linkType: ['checkoutSession'] } }, redirectProperties),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ ...expiryOption, description: `${String(expiryOption.description)}. Only for Checkout Sessions.` },
			idempotencyKeyOption,
			{
				displayName: 'Reply Visible To',
				name: 'replyVisibility',
				type: 'options',
				default: 'ephemeral',
				options: [
					{ name: 'Only the Person Who Typed /Pay', value: 'ephemeral' },
					{ name: 'Everyone in the Channel', value: 'inChannel' },
				],
			},
		],
	},
];

export const description = forOperation('slashCommand', option.value, properties);

function shouldAnswer(operation: OperationContext): boolean {
	return (
		operation.ctx.getNodeParameter('reportOutcome', operation.itemIndex, true) === true && !!operation.item.responseUrl
	);
}

function parse(operation: OperationContext): PayCommand {
	const defaultCurrency = requireCurrency(
		operation,
		stringParameter(operation, 'defaultCurrency', 'usd'),
		'Default Currency',
	);
	return parsePayCommand(stringParameter(operation, 'commandText'), {
		defaultCurrency,
		allowedCurrencies: parseList(stringParameter(operation, 'allowedCurrencies').toLowerCase()),
	});
}

export const meta: OperationMeta = {
	action: 'payment_link.create',
	report: 'none',
	mutating: true,
	async reportFailure(operation, message) {
		if (!shouldAnswer(operation)) return undefined;
		return await answerViaResponseUrl(
			operation,
			`:x: No payment link was created: ${escapeMrkdwn(message)}`,
			'ephemeral',
		);
	},
};

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	let command: PayCommand;
	try {
		command = parse(operation);
	} catch (error: unknown) {
		if (!(error instanceof PayCommandError)) {
			throw new NodeOperationError(operation.ctx.getNode(), error as Error, { itemIndex: operation.itemIndex });
		}
		// A typo in the amount is answered to the person who typed it; the workflow carries on.
		const slackReportError = shouldAnswer(operation)
			? await answerViaResponseUrl(operation, `:warning: ${escapeMrkdwn(error.message)}`, 'ephemeral')
			: undefined;
		return { result: {}, notDone: { reason: error.message }, slackReportError };
	}
	const paidFor = command.description || stringParameter(operation, 'defaultDescription') || 'Payment';
	const line = {
		kind: 'amount' as const,
		amount: command.amount,
		currency: command.currency,
		description: paidFor,
		quantity: 1,
	};
	const reference = chatReference(operation.item);
	const options = optionsOf(operation);
	const commandText = stringParameter(operation, 'commandText');
	let outcome: ActionResult;
	if (stringParameter(operation, 'linkType', 'checkoutSession') === 'paymentLink') {
		outcome = await createLink(operation, line, reference.metadata, commandText);
	} else {
		const expires = Number(options.expiresInMinutes ?? 0);
		outcome = await createSession(
			operation,
			{
				line,
				mode: 'payment',
				successUrl: requireUrl(operation, stringParameter(operation, 'successUrl'), 'Success URL', true) as string,
				cancelUrl: requireUrl(operation, stringParameter(operation, 'cancelUrl'), 'Cancel URL', false),
				metadata: reference.metadata,
				clientReferenceId: reference.clientReferenceId,
				expiresInMinutes: expires > 0 ? expires : undefined,
			},
			commandText,
		);
	}
	const money = formatMoney(command.amount, command.currency);
	const detail = `${money} for ${paidFor}`;
	if (shouldAnswer(operation) && outcome.url) {
		const text = `:link: Payment link for ${escapeMrkdwn(detail)}: ${outcome.url}`;
		const visibility = (options.replyVisibility as ResponseType | undefined) ?? 'ephemeral';
		outcome.slackReportError = await answerViaResponseUrl(operation, text, visibility);
	}
	return { ...outcome, detail };
}
