import { randomUUID } from 'node:crypto';

import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { firstOfEachKey } from '../../../../src/core/batch';
import { errorItem } from '../../../shared/errorItem';
import { openNodeStateStore, stateStoreFailure, stateStoreProperty } from '../../../shared/stateStore';

export const option = {
	name: 'Skip Repeated Messages',
	value: 'skipRepeated',
	action: 'Skip messages already handled',
	description:
		'Lets through only messages this step has not seen before. Put it right after the Meta Messaging Trigger: Meta sometimes delivers a message twice.',
};

export const description = updateDisplayOptions({ show: { operation: [option.value] } }, [
	{
		displayName:
			'Meta may deliver the same message again (for up to 7 days) when n8n answered slowly, sometimes several times at once. This step remembers the keys of the messages it let through, in the State Store, and drops any message it has seen before.',
		name: 'skipNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Message Key',
		name: 'dedupKey',
		type: 'string',
		default: '={{ $json.dedupKey }}',
		required: true,
		description: 'What identifies a message. Leave as is after the Meta Messaging Trigger (its dedupKey field).',
	},
	{
		displayName: 'Remember For (Days)',
		name: 'rememberDays',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 90 },
		default: 7,
		description: 'How long a message key is remembered. Meta retries a delivery for up to 7 days.',
	},
	stateStoreProperty,
]);

/**
 * Lets through only items whose key this step has not let through before: an atomic set-if-absent in the state
 * store (per workflow and node), so of several deliveries of one message arriving at the same moment exactly one
 * passes, on one n8n or across queue-mode workers. Keys repeated within one run count once: the first item passes.
 * Works on the whole batch at once, unlike the send operations.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	const keyed: Array<{ key: string; itemIndex: number }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const key = String(this.getNodeParameter('dedupKey', itemIndex, '') ?? '').trim();
		if (key === '') {
			const error = new NodeOperationError(this.getNode(), 'This item has no message key.', {
				itemIndex,
				description:
					'Put this step right after the Meta Messaging Trigger (its items carry dedupKey), or set Message Key to a field that identifies the message.',
			});
			if (!this.continueOnFail()) throw error;
			output.push(errorItem(error, itemIndex));
			continue;
		}
		keyed.push({ key, itemIndex });
	}
	const firsts = firstOfEachKey(keyed, ({ key }) => key);
	if (firsts.length > 0) {
		const days = Math.min(Math.max(Number(this.getNodeParameter('rememberDays', 0, 7)) || 7, 1), 90);
		const store = await openNodeStateStore(this);
		const scope = `seen:${this.getWorkflow().id ?? 'workflow'}:${this.getNode().id}`;
		// Unique to this run, so that only this run's marks are taken back when it fails.
		const seenBy = `${new Date().toISOString()} ${this.getExecutionId() ?? 'run'}:${randomUUID()}`;
		const marked: string[] = [];
		for (const { key, itemIndex } of firsts) {
			let earlier: string | undefined;
			try {
				earlier = await store.putIfAbsent(`${scope}:${key}`, seenBy, days * 86_400_000);
			} catch (error: unknown) {
				// The run fails and lets nothing through: its marks would make the redelivery skip these messages.
				await Promise.allSettled(marked.map(async (markedKey) => await store.deleteIfEquals(markedKey, seenBy)));
				throw stateStoreFailure(this, error, itemIndex);
			}
			if (earlier === undefined) {
				marked.push(`${scope}:${key}`);
				output.push({ ...items[itemIndex], pairedItem: { item: itemIndex } });
			}
		}
	}
	output.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
	return output;
}
