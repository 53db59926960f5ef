import type { InboundMessage, StatusUpdate } from '../meta/webhook';
import type { ItemContract } from './contract';

/** What the Meta Messaging Trigger emits and Meta Messaging reads: one customer message or one status update. */
export type MetaMessageItem = InboundMessage | StatusUpdate;

const CHANNELS: readonly string[] = ['whatsapp', 'instagram'];

function missingText(json: Record<string, unknown>, fields: readonly string[]): string[] {
	return fields
		.filter((field) => typeof json[field] !== 'string' || json[field] === '')
		.map((field) => `"${field}" is missing`);
}

export const META_MESSAGE_ITEM: ItemContract<MetaMessageItem> = {
	emittedBy: 'Meta Messaging Trigger',
	problems(json) {
		if (json.kind !== 'message' && json.kind !== 'status') {
			return ['"kind" is neither "message" nor "status"'];
		}
		const problems: string[] = [];
		if (typeof json.channel !== 'string' || !CHANNELS.includes(json.channel)) {
			problems.push('"channel" is neither "whatsapp" nor "instagram"');
		}
		problems.push(...missingText(json, ['messageId', 'dedupKey', 'accountId', 'timestamp']));
		const ofKind = json.kind === 'message' ? ['senderId', 'type'] : ['status', 'recipientId'];
		problems.push(...missingText(json, ofKind));
		return problems;
	},
};
