import type Stripe from 'stripe';

/** A Stripe Price that can be sold through the catalogue tool: active, one-time, with a fixed amount. */
export interface CataloguePrice {
	id: string;
	unitAmount: number;
	currency: string;
	/** The product's name (or the price's nickname), for the Checkout page and the messages. */
	name?: string;
}

/**
 * The active Price with this lookup key, or undefined when there is none or it cannot be sold as a one-time
 * payment with a fixed amount (a recurring, metered or customer-chooses-the-amount price).
 * @see https://docs.stripe.com/api/prices/list#list_prices-lookup_keys
 */
export async function findPriceByLookupKey(stripe: Stripe, lookupKey: string): Promise<CataloguePrice | undefined> {
	const prices = await stripe.prices.list({
		lookup_keys: [lookupKey],
		active: true,
		expand: ['data.product'],
		limit: 1,
	});
	const price = prices.data[0];
	if (!price || price.type !== 'one_time' || typeof price.unit_amount !== 'number' || price.unit_amount <= 0) {
		return undefined;
	}
	const product = typeof price.product === 'object' && price.product !== null ? price.product : undefined;
	const productName = product && !('deleted' in product && product.deleted) ? (product as Stripe.Product).name : '';
	return {
		id: price.id,
		unitAmount: price.unit_amount,
		currency: price.currency,
		name: productName || price.nickname || undefined,
	};
}
