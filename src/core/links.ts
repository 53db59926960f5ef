/**
 * Links into the Stripe Dashboard: `https://dashboard.stripe.com/[acct_…/][test/]<resource>/<id>`.
 * `test/` for test-mode objects, the connected account's id first for Connect events.
 */

const DASHBOARD = 'https://dashboard.stripe.com';

/** Dashboard path of each object type we can link to directly. */
const DASHBOARD_PATHS: Readonly<Record<string, string>> = {
	charge: 'payments',
	payment_intent: 'payments',
	invoice: 'invoices',
	dispute: 'disputes',
	customer: 'customers',
	subscription: 'subscriptions',
	subscription_schedule: 'subscription_schedules',
	refund: 'refunds',
	payout: 'payouts',
	product: 'products',
	price: 'prices',
	plan: 'plans',
	coupon: 'coupons',
	quote: 'quotes',
	setup_intent: 'setup_intents',
	payment_link: 'payment-links',
	tax_rate: 'tax-rates',
	transfer: 'connect/transfers',
	account: 'connect/accounts',
	event: 'events',
};

export interface DashboardTarget {
	objectType?: string;
	objectId?: string;
	livemode: boolean;
	account?: string;
}

function safeSegment(id: string): string | undefined {
	return /^[A-Za-z0-9_]+$/.test(id) ? id : undefined;
}

/** The Dashboard page of a Stripe object, or undefined when there is no page we can name safely. */
export function dashboardUrl(target: DashboardTarget): string | undefined {
	// Own properties only: a type such as `constructor` must not find Object.prototype's members.
	const path =
		target.objectType && Object.hasOwn(DASHBOARD_PATHS, target.objectType)
			? DASHBOARD_PATHS[target.objectType]
			: undefined;
	const id = target.objectId ? safeSegment(target.objectId) : undefined;
	if (!path || !id) return undefined;
	const account = target.account && target.objectType !== 'account' ? safeSegment(target.account) : undefined;
	// An account id we cannot use must not turn into a link to the platform's own object of that id.
	if (target.account && target.objectType !== 'account' && !account) return undefined;
	const prefix = `${DASHBOARD}/${account ? `${account}/` : ''}${target.livemode ? '' : 'test/'}`;
	return `${prefix}${path}/${id}`;
}

/** The Dashboard page of the event itself (its payload, deliveries and retries). */
export function eventDashboardUrl(event: { id: string; livemode: boolean; account?: string }): string | undefined {
	return dashboardUrl({ objectType: 'event', objectId: event.id, livemode: event.livemode, account: event.account });
}

/** Dashboard lists the digest links to, with the filters each takes. */
export type DashboardList = 'payments' | 'invoices' | 'disputes' | 'payouts';

export interface DashboardListTarget {
	list: DashboardList;
	livemode: boolean;
	account?: string;
	/** A status filter: `failed`, `open`, `refunded`, … (letters and `_` only). */
	status?: string;
	/** A creation-time range in Unix seconds. */
	created?: { gte?: number; lt?: number };
}

/**
 * A filtered list in the Dashboard, e.g. `https://dashboard.stripe.com/test/payments?status[0]=failed&created[gte]=…`,
 * or undefined when a part cannot be named safely.
 */
export function dashboardListUrl(target: DashboardListTarget): string | undefined {
	const account = target.account ? safeSegment(target.account) : undefined;
	if (target.account && !account) return undefined;
	const query: string[] = [];
	if (target.status !== undefined) {
		if (!/^[a-z_]+$/.test(target.status)) return undefined;
		query.push(`status[0]=${target.status}`);
	}
	for (const bound of ['gte', 'lt'] as const) {
		const at = target.created?.[bound];
		if (at === undefined) continue;
		if (!Number.isSafeInteger(at) || at < 0) return undefined;
		query.push(`created[${bound}]=${at}`);
	}
	const prefix = `${DASHBOARD}/${account ? `${account}/` : ''}${target.livemode ? '' : 'test/'}`;
	return `${prefix}${target.list}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}
