import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PaymentAlert } from '../../nodes/PaymentAlert/PaymentAlert.node';
import { openStateStore } from '../../src/state';

interface ContextOptions {
	items: IDataObject[];
	parameters?: IDataObject;
	/** Executions of one workflow share what the state store remembers; each test has its own workflow. */
	workflowId?: string;
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

let workflowCount = 0;
const newWorkflowId = () => `wf-payment-alert-${process.pid}-${Date.now()}-${++workflowCount}`;

function contextFor({ items, parameters = {}, workflowId = newWorkflowId(), credentials, continueOnFail = false }: ContextOptions) {
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
		getWorkflow: () => ({ id: workflowId, name: 'Payment alerts', active: true }),
		getExecutionId: () => `execution-${++workflowCount}`,
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
		const workflowId = newWorkflowId();
		const [[first]] = await run({ items: [invoiceFailed()], workflowId });
		await completeClaims([first]);
		const [items] = await run({ items: [invoiceFailed(), invoiceFailed('evt_new'), invoiceFailed('evt_new')], workflowId });
		expect(items.map((item) => [item.pairedItem, (item.json.route as IDataObject).suppressed])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, false],
			[{ item: 2 }, true],
		]);
		expect((items[0].json.route as IDataObject).reason).toBe(
			'duplicate of an event already processed (evt_invoice_failed); not sent again',
		);
		// Only the item whose event this run claimed carries the claim the posting node completes or releases.
		expect(items.map((item) => (item.json.eventClaim as IDataObject | undefined)?.key)).toEqual([
			undefined,
			`event:${workflowId}:evt_new`,
			undefined,
		]);
		expect(items[1].json.eventClaim).toMatchObject({ store: 'embedded', token: expect.stringMatching(/^execution-\d+:/) });
	});

	it('keeps each workflow apart: another workflow alerts on the same event', async () => {
		const [[first]] = await run({ items: [invoiceFailed()] });
		await completeClaims([first]);
		const [[other]] = await run({ items: [invoiceFailed()] });
		expect((other.json.route as IDataObject).suppressed).toBe(false);
	});

	it('completes the claim at once when a rule suppresses the alert on purpose', async () => {
		const workflowId = newWorkflowId();
		const parameters = { rules: { rule: [{ name: 'Quiet', events: ['invoice.payment_failed'], action: 'suppress' }] } };
		const [[item]] = await run({ items: [invoiceFailed()], parameters, workflowId });
		expect(item.json.eventClaim).toBeUndefined();
		const [[again]] = await run({ items: [invoiceFailed()], parameters, workflowId });
		expect((again.json.route as IDataObject).reason).toContain('duplicate of an event already processed');
	});

	it('handles an event again when the run that claimed it died and the processing timeout passed', async () => {
		const workflowId = newWorkflowId();
		const parameters = { options: { processingTimeout: 0.05 } };
		const [[dead]] = await run({ items: [invoiceFailed()], parameters, workflowId });
		expect(dead.json.eventClaim).toBeDefined();
		await new Promise((resolve) => setTimeout(resolve, 100));

		const [[redelivered]] = await run({ items: [invoiceFailed()], parameters, workflowId });
		expect((redelivered.json.route as IDataObject).suppressed).toBe(false);
		expect(redelivered.json.eventClaim).toBeDefined();
	});

	it('sends every repeat through when de-duplication is off', async () => {
		const workflowId = newWorkflowId();
		await run({ items: [invoiceFailed()], workflowId, parameters: { deduplicate: false } });
		const [[again]] = await run({ items: [invoiceFailed()], workflowId, parameters: { deduplicate: false } });
		expect((again.json.route as IDataObject).suppressed).toBe(false);
		expect(again.json.eventClaim).toBeUndefined();
	});

	it('refuses the built-in store in queue mode, saying what to configure', async () => {
		process.env.EXECUTIONS_MODE = 'queue';
		try {
			const failure = run({ items: [invoiceFailed()] });
			await expect(failure).rejects.toThrow("The embedded state store cannot be used in n8n's queue mode");
			await expect(failure).rejects.toMatchObject({ description: expect.stringContaining('Set "State Store" to Redis') });
		} finally {
			delete process.env.EXECUTIONS_MODE;
		}
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
		expect(items[0]).toEqual({
			json: { ok: false, error: expect.stringContaining('Not a Stripe event'), hint: expect.stringContaining("Set 'Event Field'") },
			pairedItem: { item: 0 },
		});
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	it('collapses a burst: the first alerts post, the rest are counted for one summary', async () => {
		const workflowId = newWorkflowId();
		const parameters = { burstCollapse: true, burstThreshold: 2, burstWindowMinutes: 60 };
		const outputs: INodeExecutionData[] = [];
		for (let index = 0; index < 6; index += 1) {
			const [[item]] = await run({ items: [invoiceFailed(`evt_${index}`)], parameters, workflowId });
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
		expect(bursts[5]).toMatchObject({
			summaryText: '+4 more payment failures in the last 60 minutes',
			threshold: 2,
			windowMinutes: 60,
			label: { one: 'payment failure', other: 'payment failures' },
		});
		expect(bursts[0].summaryText).toBeUndefined();
	});
});

/** What the Slack node does after posting: completes the claims the items carry. */
async function completeClaims(items: INodeExecutionData[]): Promise<void> {
	const store = await openStateStore({ kind: 'embedded' });
	for (const item of items) {
		const claim = item.json.eventClaim as { key: string; token: string } | undefined;
		if (claim) await store.replaceIfEquals(claim.key, `processing:${claim.token}`, 'done:test', 60_000);
	}
}
