import {
	isRedactionPolicy,
	maskEmail,
	maskPhone,
	passesLuhn,
	REDACTION_POLICIES,
	Redactor,
} from '../../src/core/redact';

describe('maskEmail and maskPhone', () => {
	it.each([
		['jane.doe@example.com', 'j***@example.com'],
		['j@example.com', 'j***@example.com'],
		['no-at-sign', '***'],
	])('masks the e-mail %s as %s', (email, masked) => {
		expect(maskEmail(email)).toBe(masked);
	});

	it.each([
		['+1 415 555 0123', '+1 *** *** **23'],
		['(415) 555-0123', '(***) ***-**23'],
	])('masks the phone %s as %s, keeping the last two digits', (phone, masked) => {
		expect(maskPhone(phone)).toBe(masked);
	});
});

describe('passesLuhn', () => {
	it.each([
		['4242424242424242', true],
		['4000056655665556', true],
		['5555555555554444', true],
		['378282246310005', true],
		['4242424242424241', false],
		['1234567890123', false],
	])('says %s passes the Luhn check: %p', (digits, passes) => {
		expect(passesLuhn(digits)).toBe(passes);
	});
});

describe('isRedactionPolicy', () => {
	it.each([...REDACTION_POLICIES])('accepts %s', (policy) => {
		expect(isRedactionPolicy(policy)).toBe(true);
	});

	it.each(['none', 'STANDARD', '', undefined, null, 1])('refuses %p', (value) => {
		expect(isRedactionPolicy(value)).toBe(false);
	});
});

describe('Redactor.text under the standard policy (the default)', () => {
	it('is the default policy', () => {
		expect(new Redactor().policy).toBe('standard');
	});

	it.each([
		['an e-mail', 'Contact jane.doe@example.com today', 'Contact j***@example.com today', 'email'],
		['an international phone', 'Call +44 20 7946 0958', 'Call +4* ** **** **58', 'phone'],
		['a US phone with area code', 'Call (415) 555-0123 please', 'Call (***) ***-**23 please', 'phone'],
		['a US phone with dashes', 'tel 415-555-0123.', 'tel ***-***-**23.', 'phone'],
		['a US phone with dots', 'tel 415.555.0123', 'tel ***.***.**23', 'phone'],
		['an E.164 phone without spaces', 'whatsapp +4915123456789', 'whatsapp +4**********89', 'phone'],
		['a card number with spaces', 'card 4242 4242 4242 4242 ok', 'card [card number removed] ok', 'card_number'],
		['a card number with dashes', 'card 4000-0566-5566-5556', 'card [card number removed]', 'card_number'],
		['a card number without spaces', 'pan=4242424242424242', 'pan=[card number removed]', 'card_number'],
		['a live secret key', 'key sk_live_51HxAbCdEfGh123', 'key [secret removed]', 'secret'],
		['a restricted key', 'rk_live_51HxAbCdEfGh123', '[secret removed]', 'secret'],
		['a test secret key', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', '[secret removed]', 'secret'],
		['a webhook secret', 'whsec_5f8a0b1c2d3e4f', '[secret removed]', 'secret'],
		['a Slack bot token', 'xoxb-1234567890-0987654321-AbCdEf', '[secret removed]', 'secret'],
	])('scrubs %s', (_case, input, expected, kind) => {
		const redactor = new Redactor('standard');
		expect(redactor.text(input, 'description')).toBe(expected);
		expect(redactor.redactions).toEqual([{ field: 'description', kind }]);
	});

	it.each([
		['an ISO date', 'Renewal on 2024-01-05'],
		['an ISO date and time', 'Paid 2024-01-05 10:00:00 UTC'],
		['an ISO timestamp', 'at 2024-01-05T10:00:00Z'],
		['a European date', 'due 05.01.2024'],
		['a slashed date', 'due 2024/01/05 or 01/05/2024'],
		['an order number', 'Order 12345'],
		['a long non-Luhn digit run', 'Reference 1234567890123'],
		['a 16-digit run that fails Luhn', 'Tracking 4242424242424241'],
		['a European amount', 'Total €1.234.567,00'],
		['a large European amount', 'Total €12.345.678,00'],
		['a French amount', 'Total 12 345 678,00 €'],
		['a US amount', 'Total $12,345,678.00'],
		['a plain decimal amount', 'USD 1234567.89'],
		['an id', 'cus_123 and in_1MtHbELkdIwHu7ixl4OzzPMv'],
		['a card’s last 4', 'Visa •••• 4242'],
	])('leaves %s alone', (_case, input) => {
		const redactor = new Redactor('standard');
		expect(redactor.text(input, 'description')).toBe(input);
		expect(redactor.redactions).toEqual([]);
	});

	it.each([
		['a 100,000-digit run', '1'.repeat(100000)],
		['100,000 local-part characters without @', 'a.'.repeat(50000)],
		['50,000 dashed digits', '1-'.repeat(25000)],
	])('scans %s in one pass (no quadratic backtracking)', (_case, input) => {
		expect(new Redactor().text(input, 'description')).toBe(input);
	});

	it('masks a phone written next to a date without touching the date', () => {
		const redactor = new Redactor();
		expect(redactor.text('2024-01-05 call 415-555-0123', 'metadata.note')).toBe('2024-01-05 call ***-***-**23');
	});

	it('lists each field and kind once, however many times they occur', () => {
		const redactor = new Redactor();
		redactor.text('a@example.com b@example.com +44 20 7946 0958', 'metadata.note');
		redactor.text('c@example.com', 'metadata.note');
		redactor.text('d@example.com', 'description');
		expect(redactor.redactions).toEqual([
			{ field: 'metadata.note', kind: 'email' },
			{ field: 'metadata.note', kind: 'phone' },
			{ field: 'description', kind: 'email' },
		]);
	});

	it.each([
		[null, undefined],
		[undefined, undefined],
		['', ''],
		[42, '42'],
		[{ note: 'x@example.com' }, '{"note":"x***@example.com"}'],
	])('turns %p into %p', (value, expected) => {
		expect(new Redactor().text(value, 'metadata')).toBe(expected);
	});
});

describe('Redactor fields by policy', () => {
	const address = {
		line1: '221B Baker Street',
		line2: 'Flat 2',
		postal_code: 'NW1 6XE',
		city: 'London',
		country: 'GB',
	};

	it.each([
		['standard', 'j***@example.com'],
		['strict', '[email hidden]'],
		['off', 'jane@example.com'],
	] as const)('e-mail under %s: %s', (policy, expected) => {
		expect(new Redactor(policy).email('jane@example.com', 'email')).toBe(expected);
	});

	it.each([
		['standard', '+4* ** **** **58'],
		['strict', '[phone hidden]'],
		['off', '+44 20 7946 0958'],
	] as const)('phone under %s: %s', (policy, expected) => {
		expect(new Redactor(policy).phone('+44 20 7946 0958', 'phone')).toBe(expected);
	});

	it.each([
		['standard', 'Jane Doe'],
		['strict', '[name hidden]'],
		['off', 'Jane Doe'],
	] as const)('name under %s: %s', (policy, expected) => {
		expect(new Redactor(policy).name('Jane Doe', 'name')).toBe(expected);
	});

	it.each([
		['standard', 'London, GB'],
		['strict', 'GB'],
		['off', '221B Baker Street, Flat 2, NW1 6XE, London, GB'],
	] as const)('address under %s: %s (street lines and postal code hidden)', (policy, expected) => {
		const text = new Redactor(policy).address(address, 'address');
		expect(text).toBe(expected);
		if (policy !== 'off') {
			expect(text).not.toMatch(/Baker|NW1|Flat/);
		}
	});

	it('says "[address hidden]" when only street lines are known', () => {
		const redactor = new Redactor();
		expect(redactor.address({ line1: '1 Main St' }, 'shipping.address')).toBe('[address hidden]');
		expect(redactor.redactions).toEqual([{ field: 'shipping.address', kind: 'address' }]);
	});

	it('records what strict redaction hid', () => {
		const redactor = new Redactor('strict');
		redactor.name('Jane Doe', 'customer_name');
		redactor.email('jane@example.com', 'customer_email');
		redactor.address(address, 'customer_address');
		redactor.text('card 4242 4242 4242 4242', 'description');
		expect(redactor.redactions).toEqual([
			{ field: 'customer_name', kind: 'name' },
			{ field: 'customer_email', kind: 'email' },
			{ field: 'customer_address', kind: 'address' },
			{ field: 'description', kind: 'card_number' },
		]);
	});

	it('hides e-mail addresses inside free text completely under strict', () => {
		expect(new Redactor('strict').text('mail jane@example.com now', 'memo')).toBe('mail [email hidden] now');
	});

	it('scrubs a name that carries a secret under standard', () => {
		expect(new Redactor().name('Jane sk_live_abcdef123456', 'name')).toBe('Jane [secret removed]');
	});

	it('returns every input unchanged and records nothing under off', () => {
		const redactor = new Redactor('off');
		const hostile = 'jane@example.com +44 20 7946 0958 4242 4242 4242 4242 sk_live_abcdef123456 whsec_abcdef123';
		expect(redactor.enabled).toBe(false);
		expect(redactor.text(hostile, 'description')).toBe(hostile);
		expect(redactor.name('Jane Doe', 'name')).toBe('Jane Doe');
		expect(redactor.redactions).toEqual([]);
	});
});

describe('contact numbers in fields named for them', () => {
	it.each([
		['metadata.chat_sender_id', '447700900123', '**********23'],
		['metadata.chat_sender_id', '4915112345678', '***********78'],
		['client_reference_id', 'whatsapp:447700900123', 'whatsapp:**********23'],
		['metadata.customer_phone', '+1 415 555 0123', '+1 *** *** **23'],
	])('masks the digits of %s = %p even without phone punctuation', (field, value, masked) => {
		const redactor = new Redactor('standard');
		const result = redactor.text(value, field) ?? '';
		expect(result).not.toContain(value.replace(/^whatsapp:/, ''));
		expect(result.replace(/\d/g, '#')).toBe(masked.replace(/\d/g, '#'));
		expect(redactor.redactions).toEqual([{ field, kind: 'phone' }]);
	});

	it('leaves digits in other fields alone unless they look like a phone or a card', () => {
		expect(new Redactor('standard').text('447700900123', 'metadata.order_number')).toBe('447700900123');
	});
});
