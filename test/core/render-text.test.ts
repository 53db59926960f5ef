import { renderText } from '../../src/core/render/text';
import type { ChatMessage } from '../../src/core/types';
import { chatMessage, HOSTILE_TEXT } from '../fixtures/core/builders';

describe('renderText', () => {
	it('renders title, summary, fields, links and footer as plain lines', () => {
		const text = renderText(
			chatMessage({
				severity: 'warning',
				title: 'Invoice payment failed: ¥5,000',
				summary: 'Attempt 2 failed · card declined',
				fields: [
					{ label: 'Customer', value: 'j***@example.com' },
					{ label: 'Amount due', value: '¥5,000' },
				],
				links: [{ label: 'Open invoice', url: 'https://dashboard.stripe.com/invoices/in_1' }],
				actions: [
					{
						id: 'invoice.retry',
						label: 'Retry payment',
						ref: { action: 'invoice.retry', objectId: 'in_1', objectType: 'invoice', livemode: true },
					},
					{
						id: 'invoice.send',
						label: 'Send dunning e-mail',
						ref: { action: 'invoice.send', objectId: 'in_1', objectType: 'invoice', livemode: true },
					},
				],
				eventType: 'invoice.payment_failed',
				eventId: 'evt_1',
			}),
		);
		expect(text).toBe(
			[
				'[WARNING] Invoice payment failed: ¥5,000',
				'Attempt 2 failed · card declined',
				'',
				'Customer: j***@example.com',
				'Amount due: ¥5,000',
				'',
				'Open invoice: https://dashboard.stripe.com/invoices/in_1',
				'',
				'Actions: Retry payment, Send dunning e-mail',
				'',
				'Live mode · invoice.payment_failed evt_1',
			].join('\n'),
		);
	});

	it.each([
		['critical', '[CRITICAL]'],
		['warning', '[WARNING]'],
		['success', '[OK]'],
		['info', '[INFO]'],
	] as const)('labels %s severity %s', (severity, label) => {
		expect(renderText(chatMessage({ severity })).split('\n')[0]).toBe(`${label} Invoice paid: €50.00`);
	});

	it.each([
		['redaction off', { redactionPolicy: 'off' }, 'Live mode · invoice.paid evt_1AbC · Redaction is off'],
		[
			'standard with redactions',
			{
				redactions: [
					{ field: 'customer_email', kind: 'email' },
					{ field: 'metadata.note', kind: 'email' },
					{ field: 'metadata.note', kind: 'phone' },
				],
			},
			'Live mode · invoice.paid evt_1AbC · Redacted (standard): email, phone',
		],
		['nothing redacted', {}, 'Live mode · invoice.paid evt_1AbC'],
		['a test-mode Connect event', { livemode: false, account: 'acct_1' }, 'Test mode · acct_1 · invoice.paid evt_1AbC'],
	] as Array<[string, Partial<ChatMessage>, string]>)('ends with a footer for %s', (_case, overrides, footer) => {
		const lines = renderText(chatMessage(overrides)).split('\n');
		expect(lines[lines.length - 1]).toBe(footer);
	});

	it('leaves out empty sections', () => {
		expect(renderText(chatMessage({ fields: [], links: [], actions: [] }))).toBe(
			['[INFO] Invoice paid: €50.00', 'Invoice INV-0001 · Subscription', '', 'Live mode · invoice.paid evt_1AbC'].join(
				'\n',
			),
		);
	});

	it('shows customer text as it is: plain text has nothing to escape', () => {
		expect(renderText(chatMessage({ summary: HOSTILE_TEXT }))).toContain(HOSTILE_TEXT);
	});
});

describe('renderText and control characters', () => {
	it('drops escape sequences and other control characters from every part, the event id included', () => {
		const text = renderText(
			chatMessage({
				title: 'Paid \u001b[2J',
				summary: 'ok\rFAKE \u009b',
				fields: [{ label: 'Note', value: '\u001b]0;title\u0007x' }],
				eventId: 'evt_\u001b[31m1',
			}),
		);
		expect(text).not.toMatch(/(?!\n)\p{Cc}/u);
		expect(text).toContain('Paid [2J');
		expect(text).toContain('evt_[31m1');
	});
});
