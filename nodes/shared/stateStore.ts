import type { IExecuteFunctions, INodeProperties, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { StateStoreError } from '../../src/core/state/stateStore';
import type { StateStore, StateStoreKind } from '../../src/core/state/stateStore';
import { openStateStore } from '../../src/state';
import type { RedisConnectionSettings } from '../../src/state';

/**
 * n8n's own Redis credential type (the one its Redis node uses), so admins reuse what they already have. Nodes
 * list it as `{ name: 'redis', required: true, displayOptions: { show: { stateStore: ['redis'] } } }`, written out
 * in each node because n8n's linter reads the credentials list literally.
 */
export const REDIS_CREDENTIAL = 'redis';

/**
 * The "State Store" parameter every node with shared state shows (Payment Alert, Stripe Chat Slack, Stripe
 * Action): the same choice in each, and the Redis credential only when Redis is chosen.
 */
export const stateStoreProperty: INodeProperties = {
	displayName: 'State Store',
	name: 'stateStore',
	type: 'options',
	options: [
		{
			name: 'This N8n (Built-In Database File)',
			value: 'embedded',
			description:
				'A small database file in the n8n user folder. For one n8n instance: nothing to set up, kept across restarts.',
		},
		{
			name: 'Redis (Queue Mode or Several N8n Instances)',
			value: 'redis',
			description: 'Needed when n8n runs in queue mode or multi-main: use the Redis n8n already uses for its queue',
		},
	],
	default: 'embedded',
	description:
		'Where this package remembers handled events, burst counts, Slack threads and buttons already used. Use the same store in every Stripe Chat Channel node of the workflow.',
};

/** Nodes that open a store: actions per item, and triggers (a poller, a webhook) that have no items yet. */
export type StateStoreContext = IExecuteFunctions | IPollFunctions | IWebhookFunctions;

function isExecute(ctx: StateStoreContext): ctx is IExecuteFunctions {
	return 'getInputData' in ctx;
}

/**
 * Opens the store chosen in the node, as an n8n error with a hint when it cannot be used here (embedded store in
 * queue mode, unreachable Redis, Node without `node:sqlite`).
 */
export async function openNodeStateStore(ctx: StateStoreContext, itemIndex = 0): Promise<StateStore> {
	const kind = (
		isExecute(ctx)
			? ctx.getNodeParameter('stateStore', itemIndex, 'embedded')
			: ctx.getNodeParameter('stateStore', 'embedded')
	) as StateStoreKind;
	try {
		const redis =
			kind === 'redis'
				? ((isExecute(ctx)
						? await ctx.getCredentials(REDIS_CREDENTIAL, itemIndex)
						: await ctx.getCredentials(REDIS_CREDENTIAL)) as RedisConnectionSettings)
				: undefined;
		return await openStateStore({ kind, redis });
	} catch (error: unknown) {
		throw stateStoreFailure(ctx, error, itemIndex);
	}
}

/** A state-store failure during an operation (e.g. Redis restarting), as an n8n error with what to check. */
export function stateStoreFailure(ctx: StateStoreContext, error: unknown, itemIndex?: number): NodeOperationError {
	if (error instanceof StateStoreError) {
		return new NodeOperationError(ctx.getNode(), error.message, { itemIndex, description: error.hint });
	}
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error.message : String(error), { itemIndex });
}
