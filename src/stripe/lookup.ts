import Stripe from 'stripe';

import type { CustomerChoice, CustomerSnapshot, LookupQuery } from '../core/lookup';
import { customerBillingSnapshot, findCustomersByEmail } from './actions';

/**
 * The Stripe side of `/stripe`: which customer an e-mail or an object id names, and what is known about them
 * (the billing summary of Customer → Billing Summary, plus failed invoices and open disputes).
 * @see https://docs.stripe.com/api/customers/list
 */

export type LookupResult =
	| { found: 'customer'; snapshot: CustomerSnapshot }
	| { found: 'choices'; email: string; choices: CustomerChoice[] }
	| { found: 'none' };

/** Dispute statuses that still wait for the merchant or the bank. */
const OPEN_DISPUTE_STATUSES = new Set([
	'needs_response',
	'warning_needs_response',
	'under_review',
	'warning_under_review',
]);

/** Charges of the customer checked for disputes, and disputed charges looked into. */
const CHARGES_CHECKED = 20;
const DISPUTED_CHARGES_READ = 5;

function idOf(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
		return (value as { id: string }).id;
	}
	return undefined;
}

/** Stripe's "no such object" (404 `resource_missing`): an id that does not exist is an answer, not a failure. */
export function isMissingObject(error: unknown): boolean {
	return error instanceof Stripe.errors.StripeError && (error.code === 'resource_missing' || error.statusCode === 404);
}

/** The customer an object belongs to; undefined for an object without one. */
async function customerOfObject(
	stripe: Stripe,
	query: Extract<LookupQuery, { kind: 'object' }>,
): Promise<string | undefined> {
	switch (query.objectType) {
		case 'customer':
			return query.id;
		case 'invoice':
			return idOf((await stripe.invoices.retrieve(query.id)).customer);
		case 'payment_intent':
			return idOf((await stripe.paymentIntents.retrieve(query.id)).customer);
		case 'charge':
			return idOf((await stripe.charges.retrieve(query.id)).customer);
		case 'dispute': {
			const chargeId = idOf((await stripe.disputes.retrieve(query.id)).charge);
			return chargeId ? idOf((await stripe.charges.retrieve(chargeId)).customer) : undefined;
		}
	}
}

/** The customer's disputes that still need the merchant or wait for the bank, newest first. */
async function openDisputesOf(stripe: Stripe, customerId: string): Promise<CustomerSnapshot['openDisputes']> {
	const charges = await stripe.charges.list({ customer: customerId, limit: CHARGES_CHECKED });
	const disputed = charges.data.filter((charge) => charge.disputed).slice(0, DISPUTED_CHARGES_READ);
	const lists = await Promise.all(disputed.map((charge) => stripe.disputes.list({ charge: charge.id, limit: 3 })));
	return lists
		.flatMap((list) => list.data)
		.filter((dispute) => OPEN_DISPUTE_STATUSES.has(dispute.status))
		.map((dispute) => ({
			id: dispute.id,
			amount: dispute.amount,
			currency: dispute.currency,
			reason: dispute.reason,
			status: dispute.status,
			dueBy: dispute.evidence_details?.due_by ?? null,
			hasEvidence: dispute.evidence_details?.has_evidence === true,
		}));
}

/** Everything `/stripe` shows about one customer. */
export async function customerSnapshot(stripe: Stripe, customerId: string): Promise<CustomerSnapshot> {
	const [billing, openDisputes] = await Promise.all([
		customerBillingSnapshot(stripe, customerId),
		openDisputesOf(stripe, customerId),
	]);
	const { customer, summary } = billing;
	const live = !('deleted' in customer && customer.deleted) ? customer : undefined;
	const attempted = new Map(billing.openInvoices.map((invoice) => [invoice.id, invoice]));
	return {
		customerId,
		livemode: live?.livemode ?? false,
		...(live ? {} : { deleted: true }),
		name: live?.name ?? null,
		email: live?.email ?? null,
		delinquent: live?.delinquent ?? null,
		...(live?.created ? { created: live.created } : {}),
		openInvoices: summary.openInvoices.map((invoice) => {
			const raw = attempted.get(invoice.id);
			return {
				...invoice,
				failed: (raw?.attempt_count ?? 0) > 0,
				nextAttempt: raw?.next_payment_attempt ?? null,
			};
		}),
		recentPayments: summary.recentPayments,
		subscriptions: summary.subscriptions,
		openDisputes,
		...(summary.defaultCard ? { defaultCard: summary.defaultCard } : {}),
	};
}

/**
 * Finds what the typed e-mail or id names: one customer, several customers sharing an e-mail, or nothing (an
 * unknown id or an object without a customer). Other Stripe errors are thrown.
 */
export async function lookUpCustomer(
	stripe: Stripe,
	query: Exclude<LookupQuery, { kind: 'invalid' }>,
): Promise<LookupResult> {
	if (query.kind === 'email') {
		const customers = await findCustomersByEmail(stripe, query.email);
		if (customers.length === 0) return { found: 'none' };
		if (customers.length === 1) return { found: 'customer', snapshot: await customerSnapshot(stripe, customers[0].id) };
		return {
			found: 'choices',
			email: query.email,
			choices: customers.map((customer) => ({
				id: customer.id,
				name: customer.name,
				email: customer.email,
				created: customer.created,
				livemode: customer.livemode,
			})),
		};
	}
	let customerId: string | undefined;
	try {
		customerId = await customerOfObject(stripe, query);
		if (!customerId) return { found: 'none' };
		return { found: 'customer', snapshot: await customerSnapshot(stripe, customerId) };
	} catch (error: unknown) {
		if (isMissingObject(error)) return { found: 'none' };
		throw error;
	}
}
