import type { FakeRequest, FakeResponse, FakeStripe, FormValue } from './fakeStripe';
import type { FakeStripeBilling } from './fakeStripeBilling';

/**
 * The list endpoints the digest, the dispute reminders and `/stripe` read, on top of the billing routes: charges,
 * disputes, refunds and invoices, newest first, with Stripe's `created` range (gt/gte/lt/lte), equality filters,
 * `expand[]=data.payment_intent` on charges and cursor paging (`limit`, `starting_after`, `has_more`), so the SDK's
 * auto-pagination really walks pages.
 * @see https://docs.stripe.com/api/pagination
 */

type StripeObject = Record<string, unknown> & { id: string };

function numberOf(value: FormValue | undefined): number | undefined {
	return typeof value === 'string' && value !== '' ? Number(value) : undefined;
}

function inCreatedRange(object: StripeObject, created: FormValue | undefined): boolean {
	if (created === undefined) return true;
	const at = Number(object.created);
	if (typeof created === 'string') return at === Number(created);
	if (Array.isArray(created)) return true;
	const { gt, gte, lt, lte } = created;
	if (numberOf(gt) !== undefined && !(at > (numberOf(gt) as number))) return false;
	if (numberOf(gte) !== undefined && !(at >= (numberOf(gte) as number))) return false;
	if (numberOf(lt) !== undefined && !(at < (numberOf(lt) as number))) return false;
	if (numberOf(lte) !== undefined && !(at <= (numberOf(lte) as number))) return false;
	return true;
}

function page(url: string, request: FakeRequest, all: StripeObject[]): FakeResponse {
	const limit = Math.min(Math.max(Number(request.query.limit ?? 10) || 10, 1), 100);
	const sorted = [...all].sort((a, b) => Number(b.created) - Number(a.created) || (a.id < b.id ? 1 : -1));
	const after = typeof request.query.starting_after === 'string' ? request.query.starting_after : undefined;
	const start = after === undefined ? 0 : sorted.findIndex((object) => object.id === after) + 1;
	const data = sorted.slice(start, start + limit);
	return { status: 200, body: { object: 'list', url, has_more: start + limit < sorted.length, data } };
}

function equalTo(request: FakeRequest, fields: string[]) {
	return (object: StripeObject) =>
		fields.every((field) => request.query[field] === undefined || object[field] === request.query[field]);
}

export interface FakeStripeReports {
	/** How many list pages each path was asked for (auto-pagination walks several). */
	pagesRead(path: string): number;
}

/** Adds the report list routes to a FakeStripe that already has the billing routes. */
export function installReportRoutes(stripe: FakeStripe, billing: FakeStripeBilling): FakeStripeReports {
	const listed = (url: string, source: () => Iterable<StripeObject>, fields: string[]) => {
		stripe.route('GET', url, (request) =>
			page(
				url,
				request,
				[...source()].filter(
					(object) => equalTo(request, fields)(object) && inCreatedRange(object, request.query.created),
				),
			),
		);
	};
	stripe.route('GET', '/v1/charges', (request) => {
		const response = page(
			'/v1/charges',
			request,
			[...billing.charges.values()].filter(
				(charge) => equalTo(request, ['customer'])(charge) && inCreatedRange(charge, request.query.created),
			),
		);
		if (!JSON.stringify(request.query.expand ?? []).includes('data.payment_intent')) return response;
		const body = response.body as { data: StripeObject[] };
		body.data = body.data.map((charge) => ({
			...charge,
			payment_intent:
				typeof charge.payment_intent === 'string'
					? (billing.paymentIntents.get(charge.payment_intent) ?? charge.payment_intent)
					: charge.payment_intent,
		}));
		return response;
	});
	listed('/v1/disputes', () => billing.disputes.values(), ['charge', 'payment_intent']);
	listed('/v1/refunds', () => billing.refunds.values(), ['charge', 'payment_intent']);
	listed('/v1/invoices', () => billing.invoices.values(), ['customer', 'status']);
	return {
		pagesRead: (path: string) =>
			stripe.requests.filter((request) => request.method === 'GET' && request.path === path).length,
	};
}
