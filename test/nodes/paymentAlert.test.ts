import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PaymentAlert } from '../../nodes/PaymentAlert/PaymentAlert.node';

/** n8n's 'entries' de-duplication store: a list per scope ('node', 'workflow'), trimmed oldest-first. */
class MemoryDeduplicationStore {
	readonly entries: Record<string, string[]> = { node: [], workflow: [] };
	readonly maxEntriesSeen: Record<string, number[]> = { node: [], workflow: [] };
	/** Records in this scope fail, as when n8n's database is unavailable. */
	failingScope?: string;

	checkProcessedAndRecord(items: Array<string | number>, scope: string, options: { maxEntries?: number }) {
		if (scope === this.failingScope) throw new Error('database is locked');
		const list = this.entries[scope];
		const processed: Array<string | number> = [];
		const fresh: Array<string | number> = [];
		for (const item of items) {
			if (list.includes(String(item))) processed.push(item);
			else {
				fresh.push(item);
				list.push(String(item));
			}
		}
		if (options.maxEntries) {
			this.maxEntriesSeen[scope].push(options.maxEntries);
			list.splice(0, Math.max(0, list.length - options.maxEntries));
		}
		return { new: fresh, processed };
	}

	removeProcessed(items: Array<string | number>, scope: string) {
		const removed = new Set(items.map(String));
		this.entries[scope] = this.entries[scope].filter((entry) => !removed.has(entry));
	}
}

interface ContextOptions {
	items: IDataObject[];
	parameters?: IDataObject;
	store?: MemoryDeduplicationStore;
	credentials?: IDataObject;
	continueOnFail?: boolean;
}

const NODE: INode = {
	id: 'node-1',
	name: 'Payment Alert',
	type: 'n8n-nodes-stripe-chat-channel.paymentAlert',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function contextFor({ items, parameters = {}, store = new MemoryDeduplicationStore(), credentials, continueOnFail = false }: ContextOptions) {
	const values: IDataObject = { defaultChannel: '#payments', ...parameters };
	return {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			const [head, tail] = name.split('.');
			const value = tail ? (values[head] as IDataObject | undefined)?.[tail] : values[name];
			return value === undefined ? fallback : value;
		},
		getCredentials: async () => {
			if (!credentials) throw new Error('Node does not have any credentials set');
			return credentials;
		},
		continueOnFail: () => continueOnFail,
		getNode: () => NODE,
		helpers: {
			checkProcessedAndRecord: async (items: Array<string | number>, scope: string, options: { maxEntries?: number }) =>
				store.checkProcessedAndRecord(items, scope, options),
			removeProcessed: async (items: Array<string | number>, scope: string) => store.removeProcessed(items, scope),
		},
		logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
	} as unknown as IExecuteFunctions;
}

async function run(options: ContextOptions): Promise<INodeExecutionData[][]> {
	return await new PaymentAlert().execute.call(contextFor(options));
}

function invoiceFailed(id = 'evt_invoice_failed', extra: IDataObject = {}): IDataObject {
	return {
		id,
		object: 'event',
		type: 'invoice.payment_failed',
		api_version: '2025-03-31.basil',
		created: 1_767_225_600,
		livemode: true,
		data: {
			object: {
				id: 'in_123',
				object: 'invoice',
				customer: 'cus_123',
				customer_email: 'jane.doe@example.com',
				amount_due: 4_900,
				currency: 'eur',
				attempt_count: 2,
				next_payment_attempt: null,
				hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1/test',
				metadata: {},
			},
		},
		...extra,
	};
}

function disputeCreated(id = 'evt_dispute'): IDataObject {
	return {
		id,
		object: 'event',
		type: 'charge.dispute.created',
		created: 1_767_225_600,
		livemode: true,
		data: { object: { id: 'du_1', object: 'dispute', amount: 10_000, currency: 'usd', charge: 'ch_1', status: 'needs_response', reason: 'fraudulent', metadata: {} } },
	};
}

describe('PaymentAlert node', () => {
	it('describes named outputs that n8n evaluates from the branch switch', () => {
		const { description } = new PaymentAlert();
		expect(description).toMatchObject({ name: 'paymentAlert', displayName: 'Payment Alert', usableAsTool: true });
		expect(description.outputs).toBe(
			'={{ $parameter.outputBranches ? [{"type":"main","displayName":"Payment failed"},{"type":"main","displayName":"Dispute"},{"type":"main","displayName":"Invoice paid"},{"type":"main","displayName":"Customer updated"},{"type":"main","displayName":"Other"}] : ["main"] }}',
		);
	});

	it('builds, routes and renders an alert with its paired item', async () => {
		const [[item]] = await run({ items: [invoiceFailed()] });
		expect(item.pairedItem).toEqual({ item: 0 });
		const json = item.json as IDataObject & { route: IDataObject; slack: { text: string; blocks: unknown[] }; message: IDataObject };
		expect(json.route).toMatchObject({ channel: '#payments', suppressed: false, reason: 'no rule matched; default channel #payments' });
		expect(json.event).toMatchObject({ id: 'evt_invoice_failed', type: 'invoice.payment_failed', livemode: true, objectId: 'in_123' });
		expect(json.message).toMatchObject({ eventId: 'evt_invoice_failed', category: 'paymentFailed', redactionPolicy: 'standard' });
		expect(json.slack.text.length).toBeGreaterThan(0);
		expect(json.slack.blocks.length).toBeGreaterThan(0);
		expect(JSON.stringify(json.slack)).not.toContain('jane.doe@example.com');
		expect(json.buttons).toEqual({ attached: 0, reason: 'No Button Signing Secret in the Slack credential, so no buttons were added' });
	});

	it('signs only the chosen buttons when the credential has a button secret', async () => {
		const [[item]] = await run({
			items: [invoiceFailed()],
			parameters: { actions: ['invoice.retry'] },
			credentials: { buttonSigningSecret: 'a-long-random-button-secret-of-32-characters' },
		});
		const message = item.json.message as { actions: Array<{ id: string; value?: string }> };
		expect(message.actions.length).toBeGreaterThan(0);
		expect(message.actions.every((action) => action.id === 'invoice.retry' && action.value?.startsWith('v1.'))).toBe(true);
		expect(item.json.buttons).toEqual({ attached: message.actions.length });
	});

	it('applies the first matching rule: channel, mention and severity override', async () => {
		const rules = {
			rule: [
				{ name: 'Ignore test mode', events: ['*'], mode: 'test', action: 'suppress' },
				{
					name: 'Big EUR failures',
					events: ['invoice.payment_failed'],
					action: 'route',
					channel: 'C0FINANCE1',
					mentionType: 'usergroup',
					mentionId: 'S0FINANCE',
					severity: 'critical',
					amountCurrency: 'EUR',
					minAmount: 49,
				},
			],
		};
		const [[live]] = await run({ items: [invoiceFailed()], parameters: { rules } });
		expect(live.json.route).toMatchObject({ rule: 'Big EUR failures', channel: 'C0FINANCE1', mention: '<!subteam^S0FINANCE>', severity: 'critical' });
		expect((live.json.message as IDataObject).severity).toBe('critical');
		expect((live.json.slack as { text: string }).text).toContain('<!subteam^S0FINANCE>');
		const [[test]] = await run({ items: [invoiceFailed('evt_test', { livemode: false })], parameters: { rules } });
		expect(test.json.route).toMatchObject({ suppressed: true, reason: "suppressed by rule 'Ignore test mode'" });
	});

	it('refuses rules an ops person must fix, naming the rule', async () => {
		const rules = { rule: [{ name: 'Risk', events: ['charge.dispute.*'], action: 'route', mentionType: 'user', mentionId: '@jane' }] };
		const failure = run({ items: [disputeCreated()], parameters: { rules } });
		await expect(failure).rejects.toThrow(NodeOperationError);
		await expect(failure).rejects.toThrow(`Rule 'Risk': "@jane" is not a Slack member id`);
	});

	it('keeps repeated events, marked as suppressed duplicates, across executions and within one', async () => {
		const store = new MemoryDeduplicationStore();
		await run({ items: [invoiceFailed()], store });
		const [items] = await run({ items: [invoiceFailed(), invoiceFailed('evt_new'), invoiceFailed('evt_new')], store });
		expect(items.map((item) => [item.pairedItem, (item.json.route as IDataObject).suppressed])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, false],
			[{ item: 2 }, true],
		]);
		expect((items[0].json.route as IDataObject).reason).toBe(
			'duplicate of an event already processed (evt_invoice_failed); not sent again',
		);
		// Only the item whose event this run recorded carries the key a failing Slack node releases.
		expect(items.map((item) => [item.json.dedupKey, item.json.dedupScope])).toEqual([
			[undefined, undefined],
			['stripe-event:evt_new', 'workflow'],
			[undefined, undefined],
		]);
		expect(store.entries).toEqual({ node: [], workflow: ['stripe-event:evt_invoice_failed', 'stripe-event:evt_new'] });
	});

	it('remembers as many events as History Size says, in the workflow history', async () => {
		const store = new MemoryDeduplicationStore();
		const parameters = { options: { historySize: 100 } };
		await run({ items: Array.from({ length: 101 }, (_, index) => invoiceFailed(`evt_${index}`)), parameters, store });

		expect(store.maxEntriesSeen.workflow).toEqual([100]);
		expect(store.entries.workflow).toHaveLength(100);
		const [again] = await run({ items: [invoiceFailed('evt_0'), invoiceFailed('evt_100')], parameters, store });
		expect(again.map((item) => (item.json.route as IDataObject).suppressed)).toEqual([false, true]);
	});

	it('forgets the events of alerts it could not build, so a redelivery is handled', async () => {
		// Burst counting fails after the events were recorded.
		const store = new MemoryDeduplicationStore();
		store.failingScope = 'node';
		const parameters = { burstCollapse: true, burstThreshold: 2, burstWindowMinutes: 60 };
		const items = [invoiceFailed('evt_a'), invoiceFailed('evt_b')];

		await expect(run({ items, parameters, store })).rejects.toThrow('database is locked');
		expect(store.entries.workflow).toEqual([]);

		const [outputs] = await run({ items, parameters, store, continueOnFail: true });
		expect(outputs.map((item) => item.json.error)).toEqual(['database is locked', 'database is locked']);
		expect(store.entries.workflow).toEqual([]);
	});

	it('sends every repeat through when de-duplication is off', async () => {
		const store = new MemoryDeduplicationStore();
		await run({ items: [invoiceFailed()], store, parameters: { deduplicate: false } });
		const [[again]] = await run({ items: [invoiceFailed()], store, parameters: { deduplicate: false } });
		expect((again.json.route as IDataObject).suppressed).toBe(false);
	});

	it('splits items into the category branches', async () => {
		const outputs = await run({ items: [disputeCreated(), invoiceFailed(), { ...disputeCreated('evt_other'), type: 'payout.paid' }], parameters: { outputBranches: true } });
		expect(outputs.map((output) => output.map((item) => item.pairedItem))).toEqual([
			[{ item: 1 }],
			[{ item: 0 }],
			[],
			[],
			[{ item: 2 }],
		]);
	});

	it('reads the event from the Event Field', async () => {
		const [[item]] = await run({ items: [{ headers: {}, body: invoiceFailed() }], parameters: { eventField: 'body' } });
		expect((item.json.event as IDataObject).id).toBe('evt_invoice_failed');
	});

	it.each([
		{ items: [{ headers: {} }], parameters: { eventField: 'body' }, message: 'This item has no field "body"' },
		{ items: [{ hello: 'world' }], parameters: {}, message: 'Not a Stripe event: "type" is missing' },
	])('fails with a hint on an item without an event: $message', async ({ items, parameters, message }) => {
		const failure = run({ items, parameters });
		await expect(failure).rejects.toThrow(message);
		await expect(failure).rejects.toMatchObject({
			context: { itemIndex: 0 },
			description: expect.stringContaining("Set 'Event Field' to the field that holds the Stripe event (e.g. body)"),
		});
	});

	it('outputs the error with its paired item when continuing on fail', async () => {
		const [items] = await run({ items: [{ hello: 'world' }, invoiceFailed()], continueOnFail: true });
		expect(items[0]).toEqual({ json: { error: expect.stringContaining('Not a Stripe event') }, pairedItem: { item: 0 } });
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	it('collapses a burst: the first alerts post, the rest become one counted summary', async () => {
		const store = new MemoryDeduplicationStore();
		const parameters = { burstCollapse: true, burstThreshold: 2, burstWindowMinutes: 60 };
		const outputs: INodeExecutionData[] = [];
		for (let index = 0; index < 6; index += 1) {
			const [[item]] = await run({ items: [invoiceFailed(`evt_${index}`)], parameters, store });
			outputs.push(item);
		}
		const bursts = outputs.map((item) => item.json.burst as IDataObject);
		expect(bursts.map((burst) => [burst.mode, burst.ordinal])).toEqual([
			['post', 1],
			['post', 2],
			['collapse', 3],
			['collapse', 4],
			['collapse', 5],
			['collapse', 6],
		]);
		expect(new Set(bursts.map((burst) => burst.burstKey)).size).toBe(1);
		expect((outputs[5].json.slack as { text: string }).text).toBe('+4 more payment failures in the last 60 minutes');
		expect((outputs[0].json.slack as { text: string }).text).not.toContain('more payment failures');
		// Burst counts stay in the node's own history; the workflow history holds only the events.
		expect(store.entries.node.filter((entry) => entry.startsWith('burst:'))).toHaveLength(6);
		expect(store.entries.workflow).toEqual(outputs.map((_, index) => `stripe-event:evt_${index}`));
	});
});
