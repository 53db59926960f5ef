import { FakeSlack } from './fakeSlack';
import { FakeStripe } from './fakeStripe';
import { installBillingRoutes } from './fakeStripeBilling';
import type { FakeStripeBilling } from './fakeStripeBilling';

/** What the Stripe Action node talks to: a fake Stripe with the billing routes, and a fake Slack. */
export interface ActionBackends {
	stripe: FakeStripe;
	billing: FakeStripeBilling;
	slack: FakeSlack;
}

/** Starts both fakes on ephemeral loopback ports; Slack knows one public channel, `#payments`, with id `channel`. */
export async function startActionBackends(channel: string): Promise<ActionBackends> {
	const stripe = new FakeStripe();
	await stripe.start();
	const billing = installBillingRoutes(stripe);
	const slack = await FakeSlack.start({ channels: [{ id: channel, name: 'payments' }] });
	return { stripe, billing, slack };
}

export async function stopActionBackends(backends: ActionBackends): Promise<void> {
	await backends.stripe.stop();
	await backends.slack.close();
}
