import { ItemContractError, readItem } from '../../../src/core/items/contract';
import { PAYMENT_ALERT_ITEM } from '../../../src/core/items/paymentAlert';

describe('the item contract of Payment Alert', () => {
	it('accepts an alert, and an item built by hand that leaves the route and the alert out', () => {
		const alert = { message: { threadKey: 'invoice:in_1' }, route: { channel: '#payments' }, slack: { text: 'Paid' } };
		expect(readItem(alert, PAYMENT_ALERT_ITEM, 'Stripe Chat Slack')).toBe(alert);
		expect(readItem({ slack: { text: 'Paid', blocks: '[]' } }, PAYMENT_ALERT_ITEM, 'Stripe Chat Slack')).toBeDefined();
	});

	it('names Payment Alert when what a posting node reads has the wrong shape', () => {
		const wrong = { slack: 'Paid', route: '#payments', burst: 5 };
		expect(() => readItem(wrong, PAYMENT_ALERT_ITEM, 'Stripe Chat Slack')).toThrow(ItemContractError);
		expect(() => readItem(wrong, PAYMENT_ALERT_ITEM, 'Stripe Chat Slack')).toThrow(
			/Stripe Chat Slack expects the output of Payment Alert: "slack.text".*not text; "route".*not an object; "burst".*not an object/,
		);
	});

	it.each([
		{ item: { platform: 'discord', discord: { text: 'Paid', embeds: [] } }, problem: undefined },
		{ item: { platform: 'slack', slack: { text: 'Paid' } }, problem: undefined },
		{
			item: { platform: 'discord', slack: { text: 'Paid' } },
			problem: /"discord.text" \(the alert rendered for the item's platform, "discord"\) is not text/,
		},
		{ item: { platform: 'slack' }, problem: /"slack.text" \(the alert rendered for the item's platform, "slack"\)/ },
		{
			item: { platform: 'slack', slack: 'Paid' },
			problem: /^[^;]*"slack.text" \(the alert rendered for Slack\) is not text$/,
		},
		{ item: { platform: 'toString' }, problem: /"toString.text"/ },
		{ item: { platform: 7 }, problem: /"platform" \(the chat platform the alert was rendered for\) is not text/ },
	])('requires the rendering of the platform the item names: $item.platform', ({ item, problem }) => {
		if (problem) expect(() => readItem(item, PAYMENT_ALERT_ITEM, 'Stripe Chat Discord')).toThrow(problem);
		else expect(readItem(item, PAYMENT_ALERT_ITEM, 'Stripe Chat Discord')).toBe(item);
	});
});
