import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { formatMoney } from '../../../../src/core/money';
import { createRefund, paymentCurrency } from '../../../../src/stripe/actions';
import type { RefundInput } from '../../../../src/stripe/actions';
import {
	idempotencyKeyFor,
	idempotencyKeyOption,
	metadataOption,
	metadataOptionProperty,
	objectIdProperty,
	optionsOf,
	requireId,
	stringParameter,
	stripeClient,
	toMinorUnits,
	wasReplayed,
} from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';

export const option = {
	name: 'Create',
	value: 'create',
	action: 'Refund a payment',
	description: 'Give back all or part of a payment',
};

export const meta: OperationMeta = { action: 'refund.create', report: 'message', mutating: true };

const properties: INodeProperties[] = [
	objectIdProperty({
		displayName: 'Payment ID',
		name: 'paymentId',
		placeholder: 'pi_3Pq… or ch_3Pq…',
		description: 'The payment to refund: a PaymentIntent (pi_…) or a charge (ch_…)',
	}),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 3 },
		default: 0,
		description:
			'How much to give back, in the currency of the payment (e.g. 12.50). 0 refunds everything that is not refunded yet.',
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		default: 'requested_by_customer',
		description: 'Shown to the customer and in the Stripe Dashboard',
		options: [
			{ name: 'Duplicate Payment', value: 'duplicate' },
			{ name: 'Fraudulent', value: 'fraudulent', description: 'Also helps Stripe Radar block similar payments' },
			{ name: 'No Reason Given', value: 'none' },
			{ name: 'Requested by Customer', value: 'requested_by_customer' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [idempotencyKeyOption, metadataOptionProperty],
	},
];

export const description = forOperation('refund', option.value, properties);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const paymentId = requireId(operation, 'payment', stringParameter(operation, 'paymentId'), 'Payment ID');
	const stripe = await stripeClient(operation);
	const typed = Number(operation.ctx.getNodeParameter('amount', operation.itemIndex, 0));
	// A partial amount is typed in major units; the payment's currency decides how many minor units that is.
	const amount =
		typed > 0 ? toMinorUnits(operation, typed, await paymentCurrency(stripe, paymentId), 'Amount') : undefined;
	const reason = stringParameter(operation, 'reason', 'requested_by_customer');
	const metadata = metadataOption(optionsOf(operation));
	const input: RefundInput = {
		paymentId,
		amount,
		reason: reason === 'none' ? undefined : (reason as RefundInput['reason']),
		metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
	};
	const idempotencyKey = idempotencyKeyFor(operation, meta.action, paymentId);
	const refund = await createRefund(stripe, input, { idempotencyKey });
	return {
		result: refund as unknown as IDataObject,
		detail: `${formatMoney(refund.amount, refund.currency)} ${refund.status ?? 'requested'}`,
		replayed: wasReplayed(refund),
	};
}
