/**
 * One checkout per customer within a short window, on every store engine: of many tool calls for the same customer
 * at the same moment exactly one may go to Stripe; another customer is not held up; a released window is free again.
 */
import { randomUUID } from 'node:crypto';

import { claimOrderWindow, releaseOrderWindow } from '../../src/core/state/orderWindow';
import type { OrderWindowClaim } from '../../src/core/state/orderWindow';
import type { StateStore } from '../../src/core/state/stateStore';
import { closeStateStores } from '../../src/state';
import { storeEngines } from '../support/stateStores';

const AT = Date.parse('2026-12-02T10:32:00Z');

afterAll(async () => {
	await closeStateStores();
});

describe.each(storeEngines())('order window on the $name store', (engine) => {
	let store: StateStore;
	beforeEach(async () => {
		store = await engine.open();
	});

	const claim = (senderId: string, windowMs = 60_000) =>
		claimOrderWindow({
			store,
			scope: 'wf1:node1',
			chat: { channel: 'whatsapp', accountId: '1065', senderId },
			windowMs,
			token: randomUUID(),
			now: () => AT,
		});

	it('lets exactly one of ten simultaneous calls for the same customer through', async () => {
		const claims = await Promise.all(Array.from({ length: 10 }, async () => await claim('4915112345678')));
		expect(claims.filter((one) => one.status === 'claimed')).toHaveLength(1);
		const taken = claims.filter((one) => one.status === 'taken');
		expect(taken).toHaveLength(9);
		expect(taken[0]).toMatchObject({ since: new Date(AT) });
	});

	it('does not hold up another customer, or the same number on another channel', async () => {
		expect((await claim('4915112345678')).status).toBe('claimed');
		expect((await claim('447700900123')).status).toBe('claimed');
		const instagram = await claimOrderWindow({
			store,
			scope: 'wf1:node1',
			chat: { channel: 'instagram', accountId: '1065', senderId: '4915112345678' },
			windowMs: 60_000,
			token: randomUUID(),
		});
		expect(instagram.status).toBe('claimed');
	});

	it('is free again after its owner released it (Stripe refused), and only its owner can release it', async () => {
		const first = (await claim('4915112345678')) as Extract<OrderWindowClaim, { status: 'claimed' }>;
		await releaseOrderWindow(store, { ...first, value: '{"at":"x","token":"someone-else"}' });
		expect((await claim('4915112345678')).status).toBe('taken');
		await releaseOrderWindow(store, first);
		expect((await claim('4915112345678')).status).toBe('claimed');
	});

	it('opens again when the window has passed', async () => {
		expect((await claim('4915112345678', 300)).status).toBe('claimed');
		await new Promise((resolve) => setTimeout(resolve, 450));
		expect((await claim('4915112345678', 300)).status).toBe('claimed');
	});
});
