/**
 * A state store that fails part-way through a node's batch (a full disk, Redis restarting): what the node had
 * already written for the batch must not outlive the failed run, or Stripe's (or Meta's) redelivery of the same
 * items finds them claimed or seen and drops them. The fault is injected into the real embedded store's file with
 * a SQLite trigger that refuses one key, so everything else behaves as in production.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { MetaMessaging } from '../../nodes/MetaMessaging/MetaMessaging.node';
import { PaymentAlert } from '../../nodes/PaymentAlert/PaymentAlert.node';
import { closeStateStores, openStateStore } from '../../src/state';
import { hasNodeSqlite } from '../support/stateStores';

interface SqliteDatabase {
	exec(sql: string): void;
	close(): void;
}

/** Makes the state store file refuse to write the rows `when` picks (SQL on NEW), like a failing disk would. */
async function failWrites(table: 'entries' | 'set_members', when: string): Promise<() => void> {
	await openStateStore({ kind: 'embedded' });
	const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as {
		DatabaseSync: new (path: string) => SqliteDatabase;
	};
	const db = new DatabaseSync(process.env.STRIPE_CHAT_CHANNEL_STATE_FILE as string);
	db.exec(`CREATE TRIGGER injected_fault BEFORE INSERT ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
	return () => {
		db.exec('DROP TRIGGER injected_fault');
		db.close();
	};
}

let counter = 0;
function context(node: INode, items: IDataObject[], parameters: IDataObject, workflowId: string): IExecuteFunctions {
	return {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = typeof parameters[name] === 'function' ? (parameters[name] as (i: number) => unknown)(itemIndex) : parameters[name];
			return value === undefined ? fallback : value;
		},
		getCredentials: async () => {
			throw new Error('Node does not have any credentials set');
		},
		continueOnFail: () => false,
		getNode: () => node,
		getWorkflow: () => ({ id: workflowId, name: 'Faults', active: true }),
		getExecutionId: () => `execution-${++counter}`,
		logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
	} as unknown as IExecuteFunctions;
}

const node = (name: string, type: string): INode => ({ id: `${name}-id`, name, type, typeVersion: 1, position: [0, 0], parameters: {} });

const invoiceFailed = (id: string): IDataObject => ({
	id,
	object: 'event',
	type: 'invoice.payment_failed',
	api_version: '2025-03-31.basil',
	created: 1_767_225_600,
	livemode: true,
	data: { object: { id: `in_${id}`, object: 'invoice', amount_due: 4200, currency: 'eur', customer: 'cus_1', status: 'open' } },
});

afterAll(async () => {
	await closeStateStores();
});

(hasNodeSqlite() ? describe : describe.skip)('a state store failing part-way through a batch', () => {
	afterEach(async () => {
		await closeStateStores();
	});

	it('Payment Alert gives back the claims of every event of the batch, also those before the item that failed', async () => {
		const workflowId = `wf-faults-${Date.now()}-${++counter}`;
		const restore = await failWrites('set_members', "NEW.member = 'evt_b'");
		const run = new PaymentAlert().execute.call(
			context(node('Payment Alert', 'paymentAlert'), [invoiceFailed('evt_a'), invoiceFailed('evt_b')], {
				defaultChannel: '#payments',
				burstCollapse: true,
				burstThreshold: 5,
				burstWindowMinutes: 5,
			}, workflowId),
		);
		await expect(run).rejects.toThrow('disk I/O error');
		restore();

		const store = await openStateStore({ kind: 'embedded' });
		expect(await store.get(`event:${workflowId}:evt_a`)).toBeUndefined();
		expect(await store.get(`event:${workflowId}:evt_b`)).toBeUndefined();
	});

	it('Payment Alert keeps an event it suppressed on purpose handled when a later event of the batch fails', async () => {
		const workflowId = `wf-faults-${Date.now()}-${++counter}`;
		const restore = await failWrites('set_members', "NEW.member = 'evt_b'");
		const quiet = { ...invoiceFailed('evt_quiet'), livemode: false };
		const run = new PaymentAlert().execute.call(
			context(node('Payment Alert', 'paymentAlert'), [quiet, invoiceFailed('evt_b')], {
				defaultChannel: '#payments',
				'rules.rule': [{ name: 'Ignore test mode', events: ['*'], mode: 'test', action: 'suppress' }],
				burstCollapse: true,
				burstThreshold: 5,
				burstWindowMinutes: 5,
			}, workflowId),
		);
		await expect(run).rejects.toThrow('disk I/O error');
		restore();

		const store = await openStateStore({ kind: 'embedded' });
		expect(await store.get(`event:${workflowId}:evt_quiet`)).toMatch(/^done:/);
		expect(await store.get(`event:${workflowId}:evt_b`)).toBeUndefined();
	});

	it('Skip Repeated Messages forgets the messages it marked in a run that failed, so their redelivery passes', async () => {
		const workflowId = `wf-faults-${Date.now()}-${++counter}`;
		const items = [{ dedupKey: 'whatsapp:wamid.A' }, { dedupKey: 'whatsapp:wamid.B' }];
		const skipRepeated = () =>
			new MetaMessaging().execute.call(
				context(node('Skip Repeated', 'metaMessaging'), items, {
					operation: 'skipRepeated',
					dedupKey: (itemIndex: number) => items[itemIndex].dedupKey,
					rememberDays: 7,
				}, workflowId),
			);
		const restore = await failWrites('entries', "NEW.key LIKE '%wamid.B'");
		await expect(skipRepeated()).rejects.toThrow('disk I/O error');
		restore();

		const [passed] = (await skipRepeated()) as INodeExecutionData[][];
		expect(passed.map((item) => item.json.dedupKey)).toEqual(['whatsapp:wamid.A', 'whatsapp:wamid.B']);
	});
});
