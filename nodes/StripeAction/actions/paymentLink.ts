import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { formatMoney } from '../../../src/core/money';
import { createPaymentLink } from '../../../src/stripe/actions';
import type { LineInput } from '../../../src/stripe/actions';
import type { ActionResult, OperationContext, OperationDefinition } from './common';
import {
	addChatIdsOption,
	chatReference,
	idempotencyKeyFor,
	idempotencyKeyOption,
	metadataOption,
	metadataOptionProperty,
	optionsOf,
	showFor,
	stripeClient,
	wasReplayed,
} from './common';
import { lineProperties, readLine } from './lineItem';

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['paymentLink'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a payment link',
			description: 'A link that does not expire and can be paid more than once',
		},
	],
	default: 'create',
};

export const properties: INodeProperties[] = [
	...lineProperties('paymentLink', ['create']),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('paymentLink', ['create']),
		options: [addChatIdsOption, idempotencyKeyOption, metadataOptionProperty],
	},
];

function lineDetail(line: LineInput): string | undefined {
	return line.kind === 'amount' ? formatMoney(line.amount * (line.quantity ?? 1), line.currency) : undefined;
}

/** Creates the link (and a one-off price for a typed amount); shared with the /pay operation. */
export async function createLink(
	operation: OperationContext,
	line: LineInput,
	metadata: Record<string, string> | undefined,
	idempotencyObject: string,
): Promise<ActionResult> {
	const idempotencyKey = idempotencyKeyFor(operation, 'payment_link.create', idempotencyObject);
	const link = await createPaymentLink(await stripeClient(operation), { line, metadata }, { idempotencyKey });
	return {
		result: link as unknown as IDataObject,
		url: link.url,
		detail: lineDetail(line),
		threadText: `Payment link: ${link.url}`,
		replayed: wasReplayed(link),
	};
}

export const operations: Record<string, OperationDefinition> = {
	create: {
		action: 'payment_link.create',
		report: 'message',
		mutating: true,
		async execute(operation) {
			const options = optionsOf(operation);
			const chat = options.addChatIds === false ? {} : chatReference(operation.item).metadata;
			const metadata = { ...chat, ...metadataOption(options) };
			return await createLink(
				operation,
				readLine(operation),
				Object.keys(metadata).length > 0 ? metadata : undefined,
				operation.item.target?.objectId ?? '',
			);
		},
	},
};
