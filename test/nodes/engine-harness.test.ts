import type { IExecuteFunctions, INodeType, IWebhookFunctions } from 'n8n-workflow';

import { deliverWebhook, outputOf } from '../support/n8nEngine';

const echoTrigger: INodeType = {
	description: {
		displayName: 'Echo Trigger',
		name: 'echoTrigger',
		group: ['trigger'],
		version: 1,
		description: 'test',
		defaults: { name: 'Echo Trigger' },
		inputs: [],
		outputs: ['main'],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'echo' }],
		properties: [],
	},
	async webhook(this: IWebhookFunctions) {
		const raw = this.getRequestObject().rawBody as Buffer;
		return { workflowData: [[{ json: { body: raw.toString('utf8'), header: this.getHeaderData()['x-test'] } }]] };
	},
};

const dedupNode: INodeType = {
	description: {
		displayName: 'Dedup',
		name: 'dedup',
		group: ['transform'],
		version: 1,
		description: 'test',
		defaults: { name: 'Dedup' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const items = this.getInputData();
		const result = await this.helpers.checkProcessedAndRecord(
			items.map((item) => String(item.json.body)),
			'node',
			{ mode: 'entries', maxEntries: 100 },
		);
		return [items.map((item, index) => ({ json: { ...item.json, isNew: result.new.length > 0 }, pairedItem: { item: index } }))];
	},
};

describe('n8n-core engine harness', () => {
	const definition = {
		nodes: [
			{ id: '1', name: 'Echo Trigger', type: 'echoTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {}, webhookId: 'hook-1' },
			{ id: '2', name: 'Dedup', type: 'dedup', typeVersion: 1, position: [200, 0] as [number, number], parameters: {} },
		],
		connections: { 'Echo Trigger': { main: [[{ node: 'Dedup', type: 'main' as const, index: 0 }]] } },
		nodeTypes: { echoTrigger: echoTrigger, dedup: dedupNode },
	};

	it('runs trigger output through the next node with the durable de-duplication helper', async () => {
		const request = { headers: { 'x-test': 'yes' }, rawBody: Buffer.from('{"a":1}') };
		const first = await deliverWebhook(definition, 'Echo Trigger', request);
		expect(outputOf(first.run!, 'Dedup')[0]).toEqual([{ body: '{"a":1}', header: 'yes', isNew: true }]);
		const second = await deliverWebhook(definition, 'Echo Trigger', request);
		expect(outputOf(second.run!, 'Dedup')[0][0].isNew).toBe(false);
	});
});
