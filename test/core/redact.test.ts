import {
	isRedactionPolicy,
	maskEmail,
	maskPhone,
	passesLuhn,
	REDACTION_POLICIES,
	Redactor,
} from '../../src/core/redact';
import { MAX_SCANNED_LENGTH } from '../../src/core/foldText';

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
		[
			'a bare 13-digit number: an international one without +',
			'Reference 1234567890123',
			'Reference ***********23',
			'phone',
		],
		['a card number with spaces', 'card 4242 4242 4242 4242 ok', 'card [card number removed] ok', 'card_number'],
		['a card number with dashes', 'card 4000-0566-5566-5556', 'card [card number removed]', 'card_number'],
		['a card number without spaces', 'pan=4242424242424242', 'pan=[card number removed]', 'card_number'],
		['a live secret key', 'key sk_live_51HxAbCdEfGh123', 'key [secret removed]', 'secret'],
		['a restricted key', 'rk_live_51HxAbCdEfGh123', '[secret removed]', 'secret'],
		['a test secret key', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', '[secret removed]', 'secret'],
		['a webhook secret', 'whsec_5f8a0b1c2d3e4f', '[secret removed]', 'secret'],
		[
			'two webhook secrets in one URL path (found by the property test, seed 20261202)',
			'https://dashboard.stripe.com/whsec_Aa0aA0aAa0a/test/events/whsec_Bb0bB0bBb0b',
			'https://dashboard.stripe.com/[secret removed]/test/events/[secret removed]',
			'secret',
		],
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
		['a 16-digit run without a Luhn-valid stretch', 'Tracking 1234567890123457'],
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
		['5 MB of digits', '4'.repeat(5_000_000)],
		['5 MB of spaced digits', '4 '.repeat(2_500_000)],
		['5 MB of @ signs and dots', '@a.'.repeat(1_700_000)],
	])('clips %s before scanning, so the work is bounded', (_case, input) => {
		const started = Date.now();
		const result = new Redactor().text(input, 'description') ?? '';
		expect(Date.now() - started).toBeLessThan(1000);
		expect(result.length).toBeLessThanOrEqual(MAX_SCANNED_LENGTH + 1);
		expect(result.endsWith('…')).toBe(true);
	});

	it('drops a card number cut in half by the clip instead of showing its first digits', () => {
		const text = `${'x '.repeat(1993)}4242 4242 4242 4242 and more`;
		const result = new Redactor().text(text, 'description') ?? '';
		expect(result).not.toMatch(/\d/);
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

describe('Redactor.text finds what is written in other ways (issue 11)', () => {
	it.each([
		['a card before an expiry date and a CVC', 'card 4111 1111 1111 1111 12/27 cvc 123', '4111', 'card_number'],
		['a card after a quantity', 'Qty 2 4242 4242 4242 4242', '4242', 'card_number'],
		['a card glued to more digits', '4242-4242-4242-4242-123', '4242', 'card_number'],
		['a card glued to digits on both sides', '99424242424242424277', '42424242', 'card_number'],
		['double spaces and a tab', '4242  4242\t4242  4242', '4242', 'card_number'],
		['no-break, narrow and thin spaces', '4242\u00A04242\u202F4242\u20094242', '4242', 'card_number'],
		['dots, slashes, underscores and plus signs', '4242.4242/4242_4242+4242'.slice(0, 19), '4242', 'card_number'],
		['Unicode dashes and the minus sign', '4242\u20144242\u20134242\u22124242', '4242', 'card_number'],
		['zero-width characters', '4242\u200B4242\u200D4242\uFEFF4242', '4242', 'card_number'],
		['full-width digits', '４２４２ ４２４２ ４２４２ ４２４２', '４２４２', 'card_number'],
		['Arabic-Indic digits', '٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢', '٤٢٤٢', 'card_number'],
		['Devanagari digits', '४२४२४२४२४२४२४२४२', '४२४२', 'card_number'],
		['a UK mobile', 'call 07700 900123', '900', 'phone'],
		['a German mobile', 'call 0151 12345678', '1234', 'phone'],
		['a Spanish mobile', 'call 612 345 678', '345', 'phone'],
		['a bare US number', 'call 4155550123', '5555', 'phone'],
		['a full-width international number', '＋１ ４１５ ５５５ ０１２３', '５５５', 'phone'],
		['an international number with 00', 'call 0044 20 7946 0958', '7946', 'phone'],
		['a French number in pairs', 'call 06 12 34 56 78', '12 34 56', 'phone'],
		['a US number with a bracketed area code', 'call (415) 5550123', '55501', 'phone'],
		['a German number with a slash', 'call 030/12345678', '123456', 'phone'],
		['a percent-encoded e-mail', 'mail jane%40example.com', 'jane', 'email'],
		['an HTML-encoded e-mail', 'mail jane&#64;example.com', 'jane', 'email'],
		['a full-width at sign', 'mail jane＠example.com', 'jane', 'email'],
		['an IDN domain', 'mail jane@bücher.de', 'jane', 'email'],
		['a key glued to a word', 'STRIPE_KEY_sk_live_51HabcdefGHIJ', 'sk_live', 'secret'],
		['a percent-encoded key', 'key=sk%5Flive%5F51Habcdefghij', '51Habcdefghij', 'secret'],
		['an organisation key', 'sk_org_live_abcdefgh123', 'abcdefgh123', 'secret'],
		['an IBAN in groups', 'pay to DE89 3704 0044 0532 0130 00', '3704', 'iban'],
		['an IBAN in one piece', 'pay to GB82WEST12345698765432', 'WEST1234', 'iban'],
	])('removes %s', (_case, input, leaked, kind) => {
		const redactor = new Redactor();
		const result = redactor.text(input, 'description') ?? '';
		expect(result).not.toContain(leaked);
		expect(redactor.redactions.map((redaction) => redaction.kind)).toContain(kind);
	});

	it.each([
		['an IBAN', 'pay to DE89 3704 0044 0532 0130 00 now', 'pay to [IBAN •••• 3000] now'],
		['a card and its CVC', 'card 4242 4242 4242 4242 cvc 123', 'card [card number removed] cvc ***'],
		['a quantity before a card', 'Qty 2 4242 4242 4242 4242', 'Qty 2 [card number removed]'],
		['a UK mobile', 'call 07700 900123', 'call ***** ****23'],
		['a Spanish mobile', 'call 612 345 678', 'call *** *** *78'],
		['two numbers in a row', '(415) 555-0123 (415) 555-0199', '(***) ***-**23 (***) ***-**99'],
		['a percent-encoded e-mail, replaced where it was written', 'jane%40example.com!', 'j***@example.com!'],
		['a glued key, keeping the word before it', 'STRIPE_KEY_sk_live_51HabcdefGHIJ', 'STRIPE_KEY_[secret removed]'],
	])('replaces %s exactly', (_case, input, expected) => {
		expect(new Redactor().text(input, 'description')).toBe(expected);
	});

	it.each([
		['an order number', 'Order 12345'],
		['an eight-digit order number', 'Order 12345678'],
		['amounts', '$1,234.56 and 1 234,56 € and €12.345.678,00 and 12 345 678 EUR'],
		['dates', '2026-12-02, 12/27, 02.12.2026 and 2026/12/02'],
		['a time', 'at 14:05:30 UTC'],
		['Stripe ids', 'in_1AbcDEF2ghIJ pi_3MtwBwLkdIwHu7ix28a3tqPa cus_NffrFeUfNV2Hib evt_1PayTest0018Fixture'],
		['a quantity and a price', 'Qty 2 at $15.00'],
		['an invoice number', 'Invoice ABCD1234-0001'],
		['a short code that starts like an IBAN', 'Plan DE12 345'],
		['an e-mail-like word without a domain', 'jane@localhost'],
		['a number of single digits', '1-2-3-4-5-6-7-8'],
	])('keeps %s readable', (_case, input) => {
		const redactor = new Redactor();
		expect(redactor.text(input, 'description')).toBe(input);
		expect(redactor.redactions).toEqual([]);
	});

	it.each([
		['metadata.chat_id', '447700900123'],
		['metadata.user_id', 'wa447700900123'],
		['metadata.whatsapp', '4915112345678'],
	])('masks the number in %s, a key that does not say "phone"', (field, value) => {
		const result = new Redactor().text(value, field) ?? '';
		expect(result).not.toMatch(/\d{3}/);
		expect(result.slice(-2)).toBe(value.slice(-2));
	});

	it.each([
		['an escape sequence', 'red \u001b[31mALERT\u001b[0m', 'red [31mALERT[0m'],
		['a carriage return', 'ok\rFAKE', 'okFAKE'],
		['C1 controls', 'a\u0085b\u009Bc', 'abc'],
		['a right-to-left override', 'abc\u202Efed', 'abcfed'],
	])('drops %s under every policy', (_case, input, expected) => {
		for (const policy of REDACTION_POLICIES) expect(new Redactor(policy).text(input, 'description')).toBe(expected);
	});
});

describe('field masks are followed by the full scrub', () => {
	it.each([
		['a card number in an e-mail field', 'email', 'jane@example.com 4242 4242 4242 4242', '4242 4242'],
		['a key in an e-mail field', 'email', 'sk_live_51Habcdefghij', 'sk_live'],
		['an encoded e-mail in an e-mail field', 'email', 'jane%40example.com', 'jane'],
		['a key in a phone field', 'phone', '+44 20 7946 0958 sk_live_51Habcdefghij', 'sk_live'],
		['full-width digits in a phone field', 'phone', '＋４４ ２０ ７９４６ ０９５８', '７９４６'],
	] as const)('removes %s', (_case, kind, value, leaked) => {
		const redactor = new Redactor();
		const result = kind === 'email' ? redactor.email(value, 'customer_email') : redactor.phone(value, 'phone');
		expect(result).not.toContain(leaked);
		expect(result).not.toContain(leaked.normalize('NFKC'));
	});

	it('keeps the usual masks', () => {
		expect(new Redactor().email('jane.doe@example.com', 'email')).toBe('j***@example.com');
		expect(new Redactor().phone('+44 20 7946 0958', 'phone')).toBe('+4* ** **** **58');
	});
});
