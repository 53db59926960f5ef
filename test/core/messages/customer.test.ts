import { Redactor } from '../../../src/core/redact';
import {
	expectWithinBudget,
	fieldValue,
	fixtureNames,
	linkUrl,
	loadEvent,
	render,
	renderFixture,
	visibleText,
} from './billingFixtures';

const HOSTILE = 'customer.updated__2020-08-27_hostile_pii';
const CONTACT = 'customer.updated__2020-08-27_contact';

describe('customer.updated: every fixture', () => {
	it.each(fixtureNames('customer.updated__'))('%s gets its curated message within the size budget', (name) => {
		const event = loadEvent(name);
		const message = renderFixture(name);
		expect(message).toMatchObject({
			kind: 'customer.updated',
			category: 'customerUpdated',
			severity: 'info',
			threadKey: `customer:${event.data.object.id as string}`,
		});
		expect(linkUrl(message, 'Open customer')).toBe(
			`https://dashboard.stripe.com/test/customers/${event.data.object.id as string}`,
		);
		expectWithinBudget(message);
		expect(visibleText(message)).not.toMatch(/[A-Za-z0-9._%+-]{2,}@example\.com/);
	});
});

describe('customer.updated: what changed, shown safely', () => {
	it.each([
		['Name', 'Jane Doe → Jane Smith'],
		['E-mail', 'j***@example.com (changed)'],
		['Phone', '+1 *** *** **23 → +1 *** *** **99'],
		['Address', 'Oakland, US → San Francisco, US'],
		['Default payment method', 'pm_1TestOldCard → pm_1TestNewCard'],
	])('standard: %s shows %s', (label, value) => {
		expect(fieldValue(renderFixture(CONTACT), label)).toBe(value);
	});

	it('names the customer and every changed field in readable words', () => {
		const message = renderFixture(CONTACT);
		expect(message.title).toBe('Customer updated: Jane Smith');
		expect(message.summary).toBe('Changed: address, e-mail, default payment method, name, phone');
		expect(fieldValue(message, 'Customer')).toBe('Jane Smith (j***@example.com)');
	});

	it('lists every masked value in redactions', () => {
		expect(renderFixture(CONTACT).redactions).toEqual([
			{ field: 'email', kind: 'email' },
			{ field: 'previous_attributes.address', kind: 'address' },
			{ field: 'address', kind: 'address' },
			{ field: 'previous_attributes.email', kind: 'email' },
			{ field: 'previous_attributes.phone', kind: 'phone' },
			{ field: 'phone', kind: 'phone' },
		]);
	});

	it.each([
		['Name', '[name hidden] (changed)'],
		['E-mail', '[email hidden] (changed)'],
		['Phone', '[phone hidden] (changed)'],
		['Address', 'US (changed)'],
		['Customer', '[name hidden] ([email hidden])'],
	])('strict: %s shows %s', (label, value) => {
		expect(fieldValue(renderFixture(CONTACT, { redaction: 'strict' }), label)).toBe(value);
	});

	it('strict drops names everywhere, titles by id, and says it hid them', () => {
		const message = renderFixture(CONTACT, { redaction: 'strict' });
		expect(message.title).toBe('Customer updated: cus_TestJane2020Aa');
		expect(visibleText(message)).not.toMatch(/Jane (Smith|Doe)|Smith|Doe/);
		expect(message.redactions).toEqual(
			expect.arrayContaining([
				{ field: 'name', kind: 'name' },
				{ field: 'previous_attributes.name', kind: 'name' },
			]),
		);
	});

	it.each([
		['Name', 'Jane Doe → Jane Smith'],
		['E-mail', 'jane.doe@example.com → jane.smith@example.com'],
		['Phone', '+1 415 555 0123 → +1 415 555 0199'],
		['Address', '1 Broadway, 94607, Oakland, CA, US → 500 Market St, 94105, San Francisco, CA, US'],
	])('off: %s shows the raw %s', (label, value) => {
		const message = renderFixture(CONTACT, { redaction: 'off' });
		expect(fieldValue(message, label)).toBe(value);
		expect(message.redactionPolicy).toBe('off');
		expect(message.redactions).toEqual([]);
	});

	it('reads 2016-era fields: account_balance in a zero-decimal currency, default_source, delinquent', () => {
		const message = renderFixture('customer.updated__2016-07-06_balance');
		expect(message.title).toBe('Customer updated: k***@example.com');
		expect(fieldValue(message, 'Balance')).toBe('-¥500 → ¥0');
		expect(fieldValue(message, 'Default payment source')).toBe('card_19TestOldCardAa → card_19TestNewCardAa');
		expect(fieldValue(message, 'Delinquent')).toBe('yes → no');
		expect(fieldValue(message, 'Also changed')).toBe('Business vat id');
	});

	it('shows at most three metadata keys and counts the rest', () => {
		const event = loadEvent(HOSTILE);
		event.data.object.metadata = { a: '1', b: '2', c: '3', d: '4', e: '5' };
		event.data.previous_attributes = { metadata: { a: null, b: null, c: null, d: null, e: null } };
		expect(fieldValue(render(event), 'Metadata')).toBe('a: none → 1; b: none → 2; c: none → 3; +2 more');
	});

	it('says that details changed when previous_attributes is empty', () => {
		const event = loadEvent(CONTACT);
		event.data.previous_attributes = {};
		const message = render(event);
		expect(message.summary).toBe('Customer details changed');
		expect(message.fields).toEqual([{ label: 'Customer', value: 'Jane Smith (j***@example.com)' }]);
	});
});

describe('customer.updated: hostile and sensitive text', () => {
	it('keeps a hostile name as raw text in the model (renderers escape it) and mangles nothing else', () => {
		const event = loadEvent(HOSTILE);
		const name = event.data.object.name as string;
		expect(name).toBe('<!channel> *x*');
		const expected = new Redactor('standard').text(name, 'name');
		expect(expected).toBe(name);
		const message = renderFixture(HOSTILE);
		expect(message.title).toBe(`Customer updated: ${expected}`);
		expect(fieldValue(message, 'Customer')).toBe(`${expected} (o***@example.com)`);
		expect(fieldValue(message, 'Name')).toBe(`Acme Support → ${expected}`);
	});

	it('redacts a card number, a phone, an e-mail and a live secret key from description and metadata', () => {
		const message = renderFixture(HOSTILE);
		expect(fieldValue(message, 'Description')).toBe(
			'Regular customer → VIP, card [card number removed], call +4* ** **** **58',
		);
		expect(fieldValue(message, 'Metadata')).toBe(
			'note: first contact → key [secret removed] mail a***@example.com; tier: none → gold',
		);
		const text = JSON.stringify(message);
		for (const secret of ['4242 4242 4242 4242', 'sk_live_51FakeKeyForTests0000', 'a.b@example.com', '7946 0958']) {
			expect(text).not.toContain(secret);
		}
		expect(message.redactions).toEqual([
			{ field: 'email', kind: 'email' },
			{ field: 'description', kind: 'card_number' },
			{ field: 'description', kind: 'phone' },
			{ field: 'metadata.note', kind: 'secret' },
			{ field: 'metadata.note', kind: 'email' },
		]);
	});

	it('scrubs secrets from metadata keys before they name a redaction', () => {
		const event = loadEvent(HOSTILE);
		event.data.object.metadata = { 'owner jane.roe@example.com': 'yes' };
		event.data.previous_attributes = { metadata: { 'owner jane.roe@example.com': null } };
		const message = render(event);
		expect(fieldValue(message, 'Metadata')).toBe('owner j***@example.com: none → yes');
		expect(JSON.stringify(message)).not.toContain('jane.roe@example.com');
	});

	it('off shows every raw value and lists no redactions', () => {
		const message = renderFixture(HOSTILE, { redaction: 'off' });
		expect(fieldValue(message, 'Description')).toBe(
			'Regular customer → VIP, card 4242 4242 4242 4242, call +44 20 7946 0958',
		);
		expect(fieldValue(message, 'Metadata')).toBe(
			'note: first contact → key sk_live_51FakeKeyForTests0000 mail a.b@example.com; tier: none → gold',
		);
		expect(message.redactions).toEqual([]);
	});
});
