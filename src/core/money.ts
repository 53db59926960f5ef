/**
 * Stripe amounts are integers in the currency's minor unit. Never divide by 100 blindly.
 * @see https://docs.stripe.com/currencies#zero-decimal
 * @see https://docs.stripe.com/currencies#three-decimal
 */

/** Currencies whose amounts Stripe expresses in whole units. */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
	'bif',
	'clp',
	'djf',
	'gnf',
	'jpy',
	'kmf',
	'krw',
	'mga',
	'pyg',
	'rwf',
	'ugx',
	'vnd',
	'vuv',
	'xaf',
	'xof',
	'xpf',
]);

/** Currencies whose amounts Stripe expresses in thousandths (the last digit must be 0). */
export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** How many minor-unit digits Stripe uses for a currency (ISK, HUF, TWD are represented with two). */
export function minorUnitDigits(currency: string): number {
	const code = currency.toLowerCase();
	if (ZERO_DECIMAL_CURRENCIES.has(code)) return 0;
	if (THREE_DECIMAL_CURRENCIES.has(code)) return 3;
	return 2;
}

/** Converts an integer minor-unit amount into major units, exactly for every Stripe currency. */
export function toMajorUnits(minor: number, currency: string): number {
	const digits = minorUnitDigits(currency);
	return digits === 0 ? minor : minor / 10 ** digits;
}

export interface FormatMoneyOptions {
	locale?: string;
}

/** A formatter, and whether it writes the currency itself (the fallback does not). */
interface MoneyFormatter {
	format: Intl.NumberFormat;
	showsCurrency: boolean;
}

const formatterCache = new Map<string, MoneyFormatter>();

function formatterFor(locale: string, currency: string, digits: number): MoneyFormatter {
	const key = `${locale}|${currency}|${digits}`;
	let formatter = formatterCache.get(key);
	if (!formatter) {
		let format: Intl.NumberFormat;
		try {
			format = new Intl.NumberFormat(locale, {
				style: 'currency',
				currency: currency.toUpperCase(),
				minimumFractionDigits: digits,
				maximumFractionDigits: digits,
			});
		} catch {
			// An unknown locale or a currency code Intl does not know: fall back to a neutral form.
			format = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
		}
		formatter = { format, showsCurrency: format.resolvedOptions().style === 'currency' };
		formatterCache.set(key, formatter);
	}
	return formatter;
}

/**
 * Formats an integer minor-unit amount for people: `jpy 5000` → `¥5,000`, `bhd 12340` → `BHD 12.340`,
 * `eur 5000` → `€50.00`. Shows the currency's own fraction digits, so a three-decimal amount keeps three.
 */
export function formatMoney(minor: number, currency: string, options: FormatMoneyOptions = {}): string {
	const code = String(currency || '')
		.trim()
		.toLowerCase();
	if (!Number.isFinite(minor)) return `${String(minor)} ${code.toUpperCase()}`.trim();
	if (!/^[a-z]{3}$/.test(code)) return String(minor);
	const digits = minorUnitDigits(code);
	const locale = options.locale || 'en-US';
	const formatter = formatterFor(locale, code, digits);
	const text = formatter.format.format(toMajorUnits(minor, code));
	return formatter.showsCurrency ? text : `${code.toUpperCase()} ${text}`;
}

/** Reads `amount` + `currency` style pairs from loosely typed Stripe objects. */
export function moneyOf(minor: unknown, currency: unknown): { minor: number; currency: string } | undefined {
	if (typeof minor !== 'number' || !Number.isFinite(minor)) return undefined;
	if (typeof currency !== 'string' || !/^[a-zA-Z]{3}$/.test(currency)) return undefined;
	return { minor, currency: currency.toLowerCase() };
}
