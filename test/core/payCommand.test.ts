import { parsePayCommand, PayCommandError } from '../../src/core/payCommand';

describe('parsePayCommand', () => {
	it.each([
		['50', 'eur', { amount: 5000, currency: 'eur', description: '' }],
		['50.00 Deluxe room', 'eur', { amount: 5000, currency: 'eur', description: 'Deluxe room' }],
		['€50', 'usd', { amount: 5000, currency: 'eur', description: '' }],
		['50€ Late checkout', 'usd', { amount: 5000, currency: 'eur', description: 'Late checkout' }],
		['50 EUR Deluxe room', 'usd', { amount: 5000, currency: 'eur', description: 'Deluxe room' }],
		['EUR 50 Deluxe room', 'usd', { amount: 5000, currency: 'eur', description: 'Deluxe room' }],
		['50eur', 'usd', { amount: 5000, currency: 'eur', description: '' }],
		['$12.5 Tip', 'usd', { amount: 1250, currency: 'usd', description: 'Tip' }],
		['$20', 'cad', { amount: 2000, currency: 'cad', description: '' }],
		['$20', 'eur', { amount: 2000, currency: 'usd', description: '' }],
		['£7.99', 'eur', { amount: 799, currency: 'gbp', description: '' }],
		['¥5000 Ramen', 'usd', { amount: 5000, currency: 'jpy', description: 'Ramen' }],
		['5000 JPY', 'eur', { amount: 5000, currency: 'jpy', description: '' }],
		['12.34 BHD', 'eur', { amount: 12340, currency: 'bhd', description: '' }],
		['12.345 KWD', 'eur', { amount: 12345, currency: 'kwd', description: '' }],
		['1,234.50', 'usd', { amount: 123450, currency: 'usd', description: '' }],
		['50,5', 'eur', { amount: 5050, currency: 'eur', description: '' }],
		['1,000', 'usd', { amount: 100000, currency: 'usd', description: '' }],
		['50 Tip for the room', 'eur', { amount: 5000, currency: 'eur', description: 'Tip for the room' }],
		['50 XYZ', 'eur', { amount: 5000, currency: 'eur', description: 'XYZ' }],
		['  25   Two  words ', 'eur', { amount: 2500, currency: 'eur', description: 'Two words' }],
	])('reads "%s" (default %s)', (text, defaultCurrency, expected) => {
		expect(parsePayCommand(text, { defaultCurrency })).toEqual(expected);
	});

	it.each([
		['', /Tell me an amount/],
		['fifty euros', /is not an amount/],
		['0', /more than zero/],
		['-5', /is not an amount/],
		['50.001', /2 decimals at most/],
		['5000.5 JPY', /no decimals/],
		['€50EUR', /names the currency twice/],
		['1000000', /more than this command allows/],
		['50XYZ', /"XYZ" is not a currency code/],
	])('refuses "%s" with a helpful message', (text, message) => {
		expect(() => parsePayCommand(text, { defaultCurrency: 'eur' })).toThrow(PayCommandError);
		expect(() => parsePayCommand(text, { defaultCurrency: 'eur' })).toThrow(message);
	});

	it('refuses a currency the node does not accept', () => {
		expect(() => parsePayCommand('50 GBP', { defaultCurrency: 'eur', allowedCurrencies: ['eur', 'usd'] })).toThrow(
			'GBP is not accepted here; use EUR, USD',
		);
	});
});
