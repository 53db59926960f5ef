import { buildMessage } from '../../src/core/buildMessage';
import { escapeMrkdwn } from '../../src/core/escape';
import { renderSlack } from '../../src/platforms/slack/render';
import type { SlackPayload } from '../../src/platforms/slack/render';
import { chatMessage, envelope, fixedNow, HOSTILE_TEXT } from '../fixtures/core/builders';

/** Every mrkdwn string of a payload, plus the fallback text (which Slack also parses for mentions). */
function mrkdwnTexts(payload: SlackPayload): string[] {
	const texts = [payload.text];
	for (const block of payload.blocks) {
		if (block.type === 'section') {
			if (block.text) texts.push(block.text.text);
			for (const item of block.fields ?? []) texts.push(item.text);
		}
		if (block.type === 'context') for (const element of block.elements) texts.push(element.text);
	}
	return texts;
}

/** Slack control sequences that customer text must never produce. */
function expectNoControlSequences(text: string): void {
	expect(text).not.toContain('<!');
	expect(text).not.toContain('<@');
	expect(text).not.toContain('<http');
	expect(text).not.toContain('*x*');
	expect(text).not.toContain('_y_');
	expect(text).not.toContain('~z~');
	expect(text).not.toContain('`code`');
}

describe('escapeMrkdwn', () => {
	it.each([
		['&', '&amp;'],
		['<', '&lt;'],
		['>', '&gt;'],
		['<!channel>', '&lt;!channel&gt;'],
		['<@U123>', '&lt;@U123&gt;'],
		['<https://evil.example|click>', '&lt;https://evil.example|click&gt;'],
		['&lt;', '&amp;lt;'],
	])('escapes %p as %p', (input, expected) => {
		expect(escapeMrkdwn(input)).toBe(expected);
	});

	it.each(['cus_123', 'evt_1AbC', 'in_1MtHbELkdIwHu7ixl4OzzPMv', 'invoice.payment_failed', 'sub_1 and pi_3'])(
		'leaves the id %p exactly as it is',
		(id) => {
			expect(escapeMrkdwn(id)).toBe(id);
		},
	);

	it.each(['j***@example.com', 'e***@example.com and k***@example.org', '2 * 3 = 6'])(
		'leaves the mask or arithmetic %p exactly as it is: no span can open there',
		(text) => {
			expect(escapeMrkdwn(text)).toBe(text);
		},
	);

	it.each(['*x*', '_y_', '~z~', '`code`', '*bold words*', '**double**', 'say (*this*)', 'a;*b*'])(
		'keeps the formatting marks of %p from formatting',
		(input) => {
			const escaped = escapeMrkdwn(input);
			expect(escaped).not.toBe(input);
			expect(escaped.replace(/\u200B/g, '')).toBe(input);
		},
	);

	it('turns a customer named "<!channel> *x*" into text that cannot ping or format', () => {
		const escaped = escapeMrkdwn('<!channel> *x*');
		expect(escaped).toContain('&lt;!channel&gt;');
		expectNoControlSequences(escaped);
	});
});

describe('customer text in a rendered Slack message', () => {
	it('is escaped in title, summary, fields, link labels and account', () => {
		const payload = renderSlack(
			chatMessage({
				title: HOSTILE_TEXT,
				summary: HOSTILE_TEXT,
				fields: [{ label: HOSTILE_TEXT, value: HOSTILE_TEXT }],
				links: [{ label: HOSTILE_TEXT, url: 'https://dashboard.stripe.com/invoices/in_1' }],
				account: HOSTILE_TEXT,
			}),
		);
		const texts = mrkdwnTexts(payload);
		expect(texts.join('\n')).toContain('&lt;!channel&gt;');
		for (const text of texts) {
			// Our own Dashboard link is the only `<https` allowed.
			expectNoControlSequences(text.replace('<https://dashboard.stripe.com/invoices/in_1|', ''));
		}
	});

	it('is escaped when it comes from an event', () => {
		const event = envelope('product.created', {
			id: 'prod_1',
			object: 'product',
			description: HOSTILE_TEXT,
		});
		const payload = renderSlack(buildMessage(event, { now: fixedNow }));
		const texts = mrkdwnTexts(payload);
		expect(texts.join('\n')).toContain('&lt;!channel&gt;');
		for (const text of texts)
			expectNoControlSequences(text.replace(/<https:\/\/dashboard\.stripe\.com\/[^|>]+\|/g, ''));
	});

	it('keeps ids readable in the footer', () => {
		const payload = renderSlack(chatMessage({ eventId: 'evt_1AbC', eventType: 'customer.subscription.updated' }));
		expect(mrkdwnTexts(payload).join('\n')).toContain('customer.subscription.updated · evt_1AbC');
	});
});

describe('escapeMrkdwn against spoofed alerts', () => {
	it.each([
		[':rotating_light: URGENT', ':\u200Brotating_light: URGENT'],
		['pay now :white_check_mark:', 'pay now :\u200Bwhite_check_mark:'],
		['at 12:30:45', 'at 12:30:45'],
		['ratio 3:1', 'ratio 3:1'],
		['esc \u001b[2J here\r', 'esc [2J here'],
	])('shows %p as %p', (input, expected) => {
		expect(escapeMrkdwn(input)).toBe(expected);
	});
});
