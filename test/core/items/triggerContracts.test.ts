import { ItemContractError, readItem } from '../../../src/core/items/contract';
import { CHAT_INTERACTION_ITEM } from '../../../src/core/items/chatInteraction';
import { META_MESSAGE_ITEM } from '../../../src/core/items/metaMessage';
import { STRIPE_EVENT_ITEM } from '../../../src/core/items/stripeEvent';

describe('the item contracts of the triggers', () => {
	it('accepts a Stripe event with its object, and a thin event with its id', () => {
		const snapshot = { id: 'evt_1', object: 'event', type: 'invoice.paid', data: { object: { id: 'in_1' } } };
		expect(readItem(snapshot, STRIPE_EVENT_ITEM, 'Payment Alert')).toBe(snapshot);
		const thin = { id: 'evt_2', object: 'v2.core.event', type: 'v1.billing.meter.error_report_triggered' };
		expect(readItem(thin, STRIPE_EVENT_ITEM, 'Payment Alert')).toBe(thin);
	});

	it('names the trigger to connect when the item is not a Stripe event', () => {
		expect(() => readItem({ foo: 1 }, STRIPE_EVENT_ITEM, 'Payment Alert')).toThrow(ItemContractError);
		expect(() => readItem({ foo: 1 }, STRIPE_EVENT_ITEM, 'Payment Alert')).toThrow(
			/Payment Alert expects the output of Stripe Event Trigger: "type".*missing; "data.object".*missing/,
		);
	});

	it('lets Stripe Action read items with missing fields, but not with fields of the wrong type', () => {
		expect(readItem({}, CHAT_INTERACTION_ITEM, 'Stripe Action')).toEqual({});
		expect(readItem({ action: 'refund', user: null }, CHAT_INTERACTION_ITEM, 'Stripe Action')).toBeDefined();
		expect(() => readItem({ action: 3, target: 'in_1', user: 'U1' }, CHAT_INTERACTION_ITEM, 'Stripe Action')).toThrow(
			/expects the output of Chat Interaction Trigger: "action" is not text; "user" is not an object.*; "target" is not an object/,
		);
	});

	it('checks a Meta message and a status update by their kind', () => {
		const message = {
			kind: 'message',
			channel: 'whatsapp',
			messageId: 'wamid.1',
			dedupKey: 'meta:whatsapp:wamid.1',
			accountId: '123',
			senderId: '4930',
			type: 'text',
			timestamp: '2026-01-01T00:00:00.000Z',
		};
		expect(readItem(message, META_MESSAGE_ITEM, 'Meta Messaging')).toBe(message);
		expect(() => readItem({ ...message, kind: 'status' }, META_MESSAGE_ITEM, 'Meta Messaging')).toThrow(
			/"status" is missing; "recipientId" is missing/,
		);
		expect(() => readItem({ text: 'hi' }, META_MESSAGE_ITEM, 'Meta Messaging')).toThrow(
			/neither "message" nor "status"/,
		);
	});
});
