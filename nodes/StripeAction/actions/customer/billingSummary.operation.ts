import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { escapeMrkdwn } from '../../../../src/core/escape';
import { formatMoney } from '../../../../src/core/money';
import { customerBillingSummary } from '../../../../src/stripe/actions';
import type { BillingSummary } from '../../../../src/stripe/actions';
import { objectIdProperty, requireId, stringParameter, stripeClient } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';

export const option = {
	name: 'Billing Summary',
	value: 'billingSummary',
	action: 'Get a customer billing summary',
	description: 'Open invoices, recent payments, subscription status and default card',
};

export const meta: OperationMeta = { action: 'customer.summary', report: 'thread', mutating: false };

export const description = forOperation('customer', option.value, [
	objectIdProperty({
		displayName: 'Customer ID',
		name: 'customerId',
		placeholder: 'cus_Pq…',
		description: 'The customer to summarise',
		default: "={{ $json.target ? ($json.target.customerId || $json.target.objectId) : '' }}",
	}),
]);

function cardOf(summary: BillingSummary): string | undefined {
	return summary.defaultCard ? `${summary.defaultCard.brand} •••• ${summary.defaultCard.last4}` : undefined;
}

/** One short line: `2 open invoices, subscription active, visa •••• 4242`. */
function summaryDetail(summary: BillingSummary): string {
	const parts = [`${summary.openInvoices.length} open invoice${summary.openInvoices.length === 1 ? '' : 's'}`];
	const statuses = [...new Set(summary.subscriptions.map((subscription) => subscription.status))];
	parts.push(statuses.length > 0 ? `subscription ${statuses.join('/')}` : 'no subscription');
	const card = cardOf(summary);
	if (card) parts.push(card);
	return parts.join(', ');
}

function day(unixSeconds: number): string {
	return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

/** The summary as a thread reply (Slack mrkdwn). Numbers and codes only: nothing the customer typed. */
function summaryText(summary: BillingSummary): string {
	const invoices = summary.openInvoices.map(
		(invoice) =>
			`${escapeMrkdwn(invoice.number ?? invoice.id)} ${formatMoney(invoice.amountDue, invoice.currency)} due${invoice.dueDate ? ` ${day(invoice.dueDate)}` : ''}`,
	);
	const payments = summary.recentPayments.map(
		(payment) =>
			`${formatMoney(payment.amount, payment.currency)} ${escapeMrkdwn(payment.status)} (${day(payment.created)})`,
	);
	const subscriptions = summary.subscriptions.map(
		(subscription) =>
			`${escapeMrkdwn(subscription.status)}${subscription.cancelAtPeriodEnd ? ' (cancels at period end)' : ''}`,
	);
	return [
		`*Billing summary for \`${escapeMrkdwn(summary.customerId)}\`*`,
		`Open invoices: ${invoices.length > 0 ? invoices.join(', ') : 'none'}`,
		`Recent payments: ${payments.length > 0 ? payments.join(', ') : 'none'}`,
		`Subscriptions: ${subscriptions.length > 0 ? subscriptions.join(', ') : 'none'}`,
		`Default card: ${cardOf(summary) ?? 'none'}`,
	].join('\n');
}

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const customerId = requireId(operation, 'customer', stringParameter(operation, 'customerId'), 'Customer ID');
	const summary = await customerBillingSummary(await stripeClient(operation), customerId);
	return {
		result: summary as unknown as IDataObject,
		detail: summaryDetail(summary),
		threadText: summaryText(summary),
	};
}
