import type { IDataObject, INode, INodeType, IWebhookFunctions } from 'n8n-workflow';

/**
 * A test trigger that emits the JSON array posted to it as items, one item per element. It stands in for whatever
 * would feed the node under test (Stripe Event Trigger → Payment Alert, the Chat Interaction Trigger, an agent), so
 * a test can hand that node any input. Register it as `nodeTypes: { itemsTrigger }`, place it with `itemsTriggerNode()` and post with `deliverWebhook`.
 */
export const itemsTrigger: INodeType = {
	description: {
		displayName: 'Items Trigger',
		name: 'itemsTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Emits the posted JSON array as items',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: ['main'],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'items' }],
		properties: [],
	},
	async webhook(this: IWebhookFunctions) {
		const items = JSON.parse((this.getRequestObject().rawBody as Buffer).toString('utf8')) as IDataObject[];
		return { workflowData: [items.map((json) => ({ json }))] };
	},
};

/** An Items Trigger node at the start of the canvas; connections and `deliverWebhook` refer to it by `name`. */
export function itemsTriggerNode(name = 'Items', id = 'items'): INode {
	return { id, name, type: 'itemsTrigger', typeVersion: 1, position: [0, 0], parameters: {}, webhookId: 'items' };
}
