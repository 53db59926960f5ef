import { buildMessage, InvalidOptionError } from '../../src/core/buildMessage';
import { CURATED_BUILDERS } from '../../src/core/messages';
import type { MessageBuilder } from '../../src/core/messages/context';
import { InvalidEventError } from '../../src/core/normalize';
import { renderSlack } from '../../src/platforms/slack/render';
import { renderText } from '../../src/core/render/text';
import { verifyActionValue } from '../../src/core/signedValue';
import { STRIPE_EVENT_TYPES } from '../../src/core/stripeEventTypes';
import type { ChatMessage, RenderOptions } from '../../src/core/types';
import { envelope, FIXED_NOW_MS, fixedNow, HOSTILE_TEXT } from '../fixtures/core/builders';
import {
	CONNECT_CHARGE_SUCCEEDED,
	INVOICE_FAILED_2016,
	INVOICE_FAILED_BASIL,
	INVOICE_PAID_CLOVER,
	THIN_METER_EVENT,
} from '../fixtures/core/events';

const ACTION_SECRET = 'button-signing-secret-for-tests';
const OPTIONS: RenderOptions = { now: fixedNow, actionSecret: ACTION_SECRET };

/** `customer.subscription.updated` → `sub`-like object type, for a synthetic object that names itself. */
function objectTypeOf(eventType: string): string {
	const resource = eventType.split('.').slice(0, -1);
	if (resource[0] === 'customer' && resource[1] === 'subscription') return 'subscription';
	if (resource[0] === 'charge' && resource[1] === 'dispute') return 'dispute';
	return resource.join('.');
}

function minimalObject(eventType: string): Record<string, unknown> {
	return { id: `obj_${eventType.replace(/\W/g, '_')}`, object: objectTypeOf(eventType) };
}

/** Plausible fields most objects share, with hostile customer text in the free-text ones. */
function richObject(eventType: string): Record<string, unknown> {
	return {
		...minimalObject(eventType),
		amount: 5000,
		amount_due: 5000,
		amount_paid: 5000,
		currency: 'jpy',
		customer: 'cus_Synthetic',
		status: 'requires_payment_method',
		description: `${HOSTILE_TEXT} jane@example.com 4242 4242 4242 4242`,
		metadata: { note: HOSTILE_TEXT },
		created: Math.floor(FIXED_NOW_MS / 1000) - 3600,
		livemode: false,
	};
}

function expectRenders(message: ChatMessage): void {
	expect(message.title.length).toBeGreaterThan(0);
	expect(typeof message.summary).toBe('string');
	const slack = renderSlack(message);
	expect(slack.blocks.length).toBeGreaterThan(0);
	expect(slack.text.length).toBeGreaterThan(0);
	expect(renderText(message).length).toBeGreaterThan(0);
}

describe('buildMessage for every Stripe event type', () => {
	it('has the event type list to check', () => {
		expect(STRIPE_EVENT_TYPES.length).toBeGreaterThanOrEqual(265);
	});

	describe.each([
		['a minimal object', minimalObject],
		['an object with amount, customer and hostile text', richObject],
	])('with %s', (_variant, objectFor) => {
		it.each([...STRIPE_EVENT_TYPES])('%s renders', (type) => {
			const message = buildMessage(envelope(type, objectFor(type)), OPTIONS);
			expectRenders(message);
			expect(message.eventType).toBe(type);
			expect(message.eventId).toBe('evt_1TestEnvelope');
			const curated = Object.hasOwn(CURATED_BUILDERS, type);
			// A curated builder must cope with sparse objects; a fallback to generic would be a failure here.
			expect(message.kind).toBe(curated ? type : 'generic');
		});
	});
});

describe('buildMessage pipeline', () => {
	it('builds the generic message of a type no curated builder knows', () => {
		const message = buildMessage(
			envelope('product.created', { id: 'prod_1', object: 'product', description: 'Seat licence' }),
			OPTIONS,
		);
		expect(message).toMatchObject({
			kind: 'generic',
			category: 'other',
			eventType: 'product.created',
			severity: 'info',
			title: 'Product created',
			threadKey: 'product:prod_1',
			eventId: 'evt_1TestEnvelope',
			objectId: 'prod_1',
			objectType: 'product',
			livemode: false,
			redactionPolicy: 'standard',
			redactions: [],
			actions: [],
		});
		expect(message.fields).toContainEqual({ label: 'Description', value: 'Seat licence' });
		expect(message.links).toEqual([
			{ label: 'Open product', url: 'https://dashboard.stripe.com/test/products/prod_1' },
			{ label: 'View event', url: 'https://dashboard.stripe.com/test/events/evt_1TestEnvelope' },
		]);
		expect(message.occurredAt).toBe(new Date((Math.floor(FIXED_NOW_MS / 1000) - 60) * 1000).toISOString());
	});

	it.each([
		['jpy', 5000, '¥5,000'],
		['bhd', 12340, 'BHD 12.340'],
		['krw', 5000, '₩5,000'],
		['eur', -5000, '-€50.00'],
	])('shows a generic %s amount of %i as %s', (currency, amount, text) => {
		const message = buildMessage(
			envelope('payout.created', { id: 'po_1', object: 'payout', amount, currency }),
			OPTIONS,
		);
		expect(message.amount).toMatchObject({ minor: amount, currency });
		expect(message.amount?.text.replace(/\s/g, ' ')).toBe(text);
		expect(message.fields.find((item) => item.label === 'Amount')?.value).toBe(message.amount?.text);
	});

	it('formats amounts for the requested locale', () => {
		const message = buildMessage(envelope('payout.created', { id: 'po_1', amount: 123456789, currency: 'eur' }), {
			...OPTIONS,
			locale: 'de-DE',
		});
		expect(message.amount?.text.replace(/\s/g, ' ')).toBe('1.234.567,89 €');
	});

	it.each([
		['an unknown locale', { locale: 'not a locale!!' }],
		['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }],
	])('does not throw for %s', (_case, options) => {
		expect(() => buildMessage(INVOICE_FAILED_BASIL, { ...OPTIONS, ...options })).not.toThrow();
	});

	it.each([
		['the 2016 invoice', INVOICE_FAILED_2016],
		['the basil invoice', INVOICE_FAILED_BASIL],
		['the clover invoice', INVOICE_PAID_CLOVER],
		['the Connect charge', CONNECT_CHARGE_SUCCEEDED],
	])('renders %s', (_case, event) => {
		const message = buildMessage(event, OPTIONS);
		expectRenders(message);
		expect(message.eventId).toBe(event.id);
	});

	it('links a Connect event inside the connected account and keeps the account', () => {
		const message = buildMessage(CONNECT_CHARGE_SUCCEEDED, OPTIONS);
		expect(message.account).toBe('acct_1Connected');
		expect(message.links).toContainEqual({
			label: 'View event',
			url: 'https://dashboard.stripe.com/acct_1Connected/events/evt_ConnectCharge',
		});
		for (const link of message.links) {
			if (link.url.startsWith('https://dashboard.stripe.com/')) {
				expect(link.url.startsWith('https://dashboard.stripe.com/acct_1Connected/')).toBe(true);
			}
		}
	});

	it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
		'uses the generic message for the event type %p (no lookup on Object.prototype)',
		(type) => {
			const message = buildMessage(envelope(type, { id: 'x_1' }), OPTIONS);
			expect(message.kind).toBe('generic');
			expectRenders(message);
		},
	);
});

describe('buildMessage with thin events', () => {
	it('renders a thin event from what it carries, without fetching anything', () => {
		const message = buildMessage(THIN_METER_EVENT, OPTIONS);
		expect(message).toMatchObject({
			kind: 'thin',
			thin: true,
			eventType: 'v1.billing.meter.error_report_triggered',
			eventId: THIN_METER_EVENT.id,
			objectId: 'mtr_test_61R9Ijk8dJ',
			objectType: 'billing.meter',
			account: 'acct_1ThinContext',
			livemode: false,
			occurredAt: '2026-01-15T11:59:00.000Z',
			actions: [],
		});
		expect(message.summary).toContain('mtr_test_61R9Ijk8dJ');
		expectRenders(message);
	});

	it('uses the generic message for a thin event even when its type has a curated builder', () => {
		const curatedType = Object.keys(CURATED_BUILDERS)[0];
		const message = buildMessage({ ...THIN_METER_EVENT, type: curatedType }, OPTIONS);
		expect(message.kind).toBe('thin');
	});
});

describe('buildMessage falls back to the generic message', () => {
	const registry = CURATED_BUILDERS as Record<string, MessageBuilder>;
	const TYPE = 'test.builder_throws';

	afterEach(() => {
		delete registry[TYPE];
	});

	it('when a curated builder throws', () => {
		registry[TYPE] = () => {
			throw new TypeError("Cannot read properties of undefined (reading 'data')");
		};
		const message = buildMessage(
			envelope(TYPE, { id: 'in_1', object: 'invoice', amount_due: 5000, currency: 'usd' }),
			OPTIONS,
		);
		expect(message.kind).toBe('generic');
		expect(message.amount?.text).toBe('$50.00');
		expectRenders(message);
	});

	it('leaves out a button whose signed value would exceed Slack’s 2,000 characters, and keeps the others', () => {
		registry[TYPE] = () => ({
			category: 'other',
			severity: 'info',
			title: 'Test',
			summary: 'Test',
			actions: [
				{ id: 'invoice.retry', label: 'Too long', objectId: `in_${'x'.repeat(2100)}`, objectType: 'invoice' },
				{ id: 'invoice.send', label: 'Fits', objectId: 'in_1', objectType: 'invoice' },
			],
		});
		const message = buildMessage(envelope(TYPE, { id: 'in_1' }), OPTIONS);
		expect(message.actions.map((item) => item.label)).toEqual(['Fits']);
	});
});

describe('buildMessage options and refusals', () => {
	it.each(['none', 'STRICT', '', 'true'])('refuses the redaction option %p with InvalidOptionError', (redaction) => {
		expect(() => buildMessage(INVOICE_FAILED_BASIL, { redaction } as unknown as RenderOptions)).toThrow(
			InvalidOptionError,
		);
		expect(() => buildMessage(INVOICE_FAILED_BASIL, { redaction } as unknown as RenderOptions)).toThrow(
			/use standard, strict or off/,
		);
	});

	it.each([
		['an array', []],
		['a string', 'evt_1'],
		['null', null],
		['a charge object', { id: 'ch_1', object: 'charge' }],
		['an event without data.object', { id: 'evt_1', object: 'event', type: 'invoice.paid', data: {} }],
	])('refuses %s with InvalidEventError', (_case, input) => {
		expect(() => buildMessage(input, OPTIONS)).toThrow(InvalidEventError);
	});

	it.each([
		['standard', 'standard'],
		[undefined, 'standard'],
		['strict', 'strict'],
		['off', 'off'],
	] as const)('records the redaction policy %p as %p', (redaction, policy) => {
		expect(buildMessage(INVOICE_FAILED_BASIL, { ...OPTIONS, redaction }).redactionPolicy).toBe(policy);
	});

	it('redacts free text of the generic message and lists what it hid', () => {
		const message = buildMessage(
			envelope('product.updated', {
				id: 'prod_1',
				object: 'product',
				description: 'Call +44 20 7946 0958 or jane@example.com, card 4242 4242 4242 4242, key sk_live_abcdef123456',
			}),
			OPTIONS,
		);
		const description = message.fields.find((item) => item.label === 'Description')?.value;
		expect(description).toBe(
			'Call +4* ** **** **58 or j***@example.com, card [card number removed], key [secret removed]',
		);
		expect(message.redactions).toEqual([
			{ field: 'description', kind: 'secret' },
			{ field: 'description', kind: 'card_number' },
			{ field: 'description', kind: 'email' },
			{ field: 'description', kind: 'phone' },
		]);
	});

	it('shows free text unchanged under off', () => {
		const description = 'jane@example.com +44 20 7946 0958';
		const message = buildMessage(envelope('product.updated', { id: 'prod_1', description }), {
			...OPTIONS,
			redaction: 'off',
		});
		expect(message.fields).toContainEqual({ label: 'Description', value: description });
		expect(message.redactions).toEqual([]);
	});
});

describe('buildMessage buttons', () => {
	const registry = CURATED_BUILDERS as Record<string, MessageBuilder>;
	const TYPE = 'test.with_actions';

	beforeEach(() => {
		registry[TYPE] = () => ({
			category: 'paymentFailed',
			severity: 'warning',
			title: 'Payment failed',
			summary: 'Attempt 1 failed',
			actions: [
				{ id: 'invoice.retry', label: 'Retry payment', style: 'primary', objectId: 'in_1', objectType: 'invoice' },
				undefined,
				{
					id: 'refund.create',
					label: 'Refund',
					style: 'danger',
					objectId: 'pi_1',
					objectType: 'payment_intent',
					confirm: { title: 'Refund?', text: 'Refunds ¥5,000', confirm: 'Refund', deny: 'Cancel' },
				},
			],
		});
	});

	afterEach(() => {
		delete registry[TYPE];
	});

	const event = envelope(TYPE, { id: 'in_1', object: 'invoice', customer: 'cus_1' }, { account: 'acct_1Conn' });

	it.each([
		['no action secret', undefined],
		['an empty action secret', ''],
	])('makes no buttons with %s', (_case, actionSecret) => {
		const message = buildMessage(event, { now: fixedNow, actionSecret });
		expect(message.actions).toEqual([]);
		expect(renderSlack(message).blocks.some((block) => block.type === 'actions')).toBe(false);
	});

	it('signs only the form the platform shows: full values for Slack, compact ones for Discord and Telegram', () => {
		const platformEvent = envelope(TYPE, { id: 'in_1QAbCdEfGhIjKlMnOpQrStUv', object: 'invoice', customer: 'cus_1' });
		const both = buildMessage(platformEvent, OPTIONS).actions;
		expect(both.every((item) => item.value && item.compactValue)).toBe(true);
		const full = buildMessage(platformEvent, { ...OPTIONS, buttonValues: 'full' }).actions;
		expect(full.map((item) => [item.value, item.compactValue])).toEqual(both.map((item) => [item.value, undefined]));
		const compact = buildMessage(platformEvent, { ...OPTIONS, buttonValues: 'compact' }).actions;
		expect(compact.map((item) => [item.value, item.compactValue])).toEqual(
			both.map((item) => [undefined, item.compactValue]),
		);
		// A connected account's object has no compact form: a compact-only platform gets no button for it.
		expect(buildMessage(event, { ...OPTIONS, buttonValues: 'compact' }).actions).toEqual([]);
	});

	it('signs each button with the secret so that its value verifies to what it refers to', () => {
		const message = buildMessage(event, OPTIONS);
		expect(message.actions.map((item) => item.id)).toEqual(['invoice.retry', 'refund.create']);
		for (const item of message.actions) {
			expect(item.value).toBeDefined();
			const ref = verifyActionValue(item.value as string, { secret: ACTION_SECRET, now: fixedNow });
			expect(ref).toEqual({ ...item.ref, issuedAt: Math.floor(FIXED_NOW_MS / 1000) });
		}
		expect(message.actions[1].ref).toEqual({
			action: 'refund.create',
			objectId: 'pi_1',
			objectType: 'payment_intent',
			eventId: 'evt_1TestEnvelope',
			customerId: 'cus_1',
			account: 'acct_1Conn',
			livemode: false,
		});
		expect(message.actions[1].confirm?.title).toBe('Refund?');
	});

	it('makes values that another secret does not accept', () => {
		const [first] = buildMessage(event, OPTIONS).actions;
		expect(() => verifyActionValue(first.value as string, { secret: 'another-secret' })).toThrow(/does not match/);
	});

	it('renders the signed values as Slack buttons unchanged', () => {
		const message = buildMessage(event, OPTIONS);
		const elements = renderSlack(message).blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []));
		expect(elements.map((element) => element.value)).toEqual(message.actions.map((item) => item.value));
		expect(elements[1].style).toBe('danger');
		expect(elements[1].confirm?.text.text).toBe('Refunds ¥5,000');
	});
});

describe('buildMessage scrubs every string of the message, whatever path it took', () => {
	const card = '4242 4242 4242 4242';
	const hostile = envelope(
		'invoice.payment_failed',
		{
			id: 'in_1Hostile',
			object: 'invoice',
			amount_due: 5000,
			currency: 'eur',
			customer: `cus_1 ${card}`,
			number: `INV-1 jane@example.com`,
			status: `open sk_live_51Habcdefghij`,
		},
		{ account: `acct_1 ${card}` },
	);

	it.each(['standard', 'strict'] as const)(
		'leaves nothing of a card, e-mail or key in ids, codes and numbers (%s)',
		(redaction) => {
			const message = buildMessage(hostile, { redaction, now: fixedNow, actionSecret: 'secret' });
			for (const output of [JSON.stringify(message), JSON.stringify(renderSlack(message)), renderText(message)]) {
				expect(output).not.toMatch(/4242.?4242/);
				expect(output).not.toContain('jane@');
				expect(output).not.toContain('sk_live');
			}
			for (const action of message.actions) {
				expect(verifyActionValue(action.value as string, { secret: 'secret', now: fixedNow })).toMatchObject(
					action.ref,
				);
			}
		},
	);

	it('keeps real ids, amounts and dates as they are', () => {
		const message = buildMessage(INVOICE_FAILED_BASIL, { now: fixedNow });
		expect(message.redactions).toEqual([]);
		expect(message.eventId).toBe(INVOICE_FAILED_BASIL.id);
		expect(message.objectId).toBe(INVOICE_FAILED_BASIL.data.object.id);
	});
});
