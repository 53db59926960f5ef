import { formatMoney, minorUnitDigits, moneyOf, toMajorUnits } from '../../src/core/money';

/** Intl separates with no-break or narrow no-break spaces in some locales; compare with plain spaces. */
function plainSpaces(text: string): string {
	return text.replace(/\s/g, ' ');
}

describe('minorUnitDigits', () => {
	it.each([
		['jpy', 0],
		['JPY', 0],
		['krw', 0],
		['clp', 0],
		['vnd', 0],
		['ugx', 0],
		['bhd', 3],
		['kwd', 3],
		['jod', 3],
		['omr', 3],
		['tnd', 3],
		['usd', 2],
		['eur', 2],
		['gbp', 2],
		['isk', 2],
		['huf', 2],
		['twd', 2],
		['zzz', 2],
	])('gives %s %i minor-unit digits', (currency, digits) => {
		expect(minorUnitDigits(currency)).toBe(digits);
	});
});

describe('toMajorUnits', () => {
	it.each([
		[5000, 'jpy', 5000],
		[12340, 'bhd', 12.34],
		[5000, 'usd', 50],
		[-1999, 'eur', -19.99],
		[5000, 'isk', 50],
	])('turns %i %s into %d', (minor, currency, major) => {
		expect(toMajorUnits(minor, currency)).toBe(major);
	});
});

describe('formatMoney', () => {
	it.each([
		[5000, 'jpy', '¥5,000'],
		[5000, 'krw', '₩5,000'],
		[5000, 'clp', 'CLP 5,000'],
		[5000, 'vnd', '₫5,000'],
		[12340, 'bhd', 'BHD 12.340'],
		[12340, 'kwd', 'KWD 12.340'],
		[5000, 'eur', '€50.00'],
		[5000, 'gbp', '£50.00'],
		[5000, 'usd', '$50.00'],
		[123456789, 'usd', '$1,234,567.89'],
		[5000, 'isk', 'ISK 50.00'],
		[5000, 'huf', 'HUF 50.00'],
		[5000, 'twd', 'NT$50.00'],
		[0, 'usd', '$0.00'],
		[1, 'usd', '$0.01'],
	])('formats %i %s as %s in the default locale (en-US)', (minor, currency, expected) => {
		expect(plainSpaces(formatMoney(minor, currency))).toBe(expected);
	});

	it.each([
		[-5000, 'usd', '-$50.00'],
		[-5000, 'jpy', '-¥5,000'],
		[-12340, 'bhd', '-BHD 12.340'],
	])('formats a refund of %i %s with a minus sign: %s', (minor, currency, expected) => {
		expect(plainSpaces(formatMoney(minor, currency))).toBe(expected);
	});

	it('accepts upper-case currency codes as well as Stripe’s lower-case ones', () => {
		expect(formatMoney(5000, 'JPY')).toBe(formatMoney(5000, 'jpy'));
	});

	it.each([
		[123456789, 'eur', 'de-DE', '1.234.567,89 €'],
		[12340, 'bhd', 'de-DE', '12,340 BHD'],
		[5000, 'jpy', 'ja-JP', '￥5,000'],
		[123456789, 'eur', 'fr-FR', '1 234 567,89 €'],
		[5000, 'jpy', 'fr-FR', '5 000 JPY'],
	])('formats %i %s for the %s locale as %s', (minor, currency, locale, expected) => {
		expect(plainSpaces(formatMoney(minor, currency, { locale }))).toBe(expected);
	});

	it.each([
		['an unknown three-letter code', 5000, 'xyz', 'XYZ 50.00'],
		['an empty currency', 5000, '', '5000'],
		['a currency that is not a code', 5000, 'dollars', '5000'],
	])('does not throw for %s', (_case, minor, currency, expected) => {
		expect(plainSpaces(formatMoney(minor, currency))).toBe(expected);
	});

	it.each(['not a locale!!', '', 'de_DE_bogus_', '123'])(
		'falls back instead of throwing for the locale %p',
		(locale) => {
			const text = formatMoney(5000, 'usd', { locale });
			expect(text).toMatch(/50\.00/);
			expect(text).toMatch(/USD|\$/);
		},
	);

	it('never throws for amounts that are not finite', () => {
		expect(formatMoney(Number.NaN, 'usd')).toBe('NaN USD');
		expect(formatMoney(Number.POSITIVE_INFINITY, 'eur')).toBe('Infinity EUR');
	});
});

describe('moneyOf', () => {
	it.each([
		[5000, 'JPY', { minor: 5000, currency: 'jpy' }],
		[0, 'usd', { minor: 0, currency: 'usd' }],
		[-100, 'eur', { minor: -100, currency: 'eur' }],
		['5000', 'usd', undefined],
		[5000, undefined, undefined],
		[5000, 'us', undefined],
		[Number.NaN, 'usd', undefined],
		[null, null, undefined],
	])('reads amount %p with currency %p as %p', (minor, currency, expected) => {
		expect(moneyOf(minor, currency)).toEqual(expected);
	});
});
