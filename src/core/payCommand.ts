import { minorUnitDigits } from './money';

/**
 * `/pay <amount> [description]`: the amount as people type it (`50`, `50.00`, `€50`, `50 EUR`, `EUR 50`,
 * `¥5000`) becomes an integer in the currency's minor unit; the rest of the text is the description.
 */

export class PayCommandError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'PayCommandError';
	}
}

export interface PayCommand {
	/** Integer in the currency's minor unit, as Stripe expects it. */
	amount: number;
	/** Lower-case ISO 4217 code. */
	currency: string;
	description: string;
}

/** Symbols that name one currency without doubt; `$` is taken as the node's default dollar currency or USD. */
const SYMBOLS: Readonly<Record<string, string>> = {
	'€': 'eur',
	'£': 'gbp',
	'¥': 'jpy',
	'₩': 'krw',
	'₹': 'inr',
	'₪': 'ils',
	'₺': 'try',
	'₱': 'php',
	'₫': 'vnd',
	'฿': 'thb',
	'₣': 'chf',
};

/** ISO 4217 codes the runtime knows, so `/pay 50 Tip` reads "Tip" as a description, not a currency. */
const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency').map((code) => code.toLowerCase()));

function isCurrencyCode(word: string): boolean {
	return /^[A-Za-z]{3}$/.test(word) && KNOWN_CURRENCIES.has(word.toLowerCase());
}

const DOLLAR_CURRENCIES = new Set(['usd', 'cad', 'aud', 'nzd', 'sgd', 'hkd', 'mxn']);

/** Stripe's minimum charge is about 0.50 USD; the upper bound guards against typos such as a pasted card number. */
const MAX_MAJOR_AMOUNT = 999_999.99;

const AMOUNT_TOKEN = /^(?<prefix>[A-Za-z]{3}|[€£¥₩₹₪₺₱₫฿₣$])?(?<number>\d{1,3}(?:[,\u00A0 ]\d{3})*(?:[.]\d+)?|\d+(?:[.,]\d+)?)(?<suffix>[A-Za-z]{3}|[€£¥₩₹₪₺₱₫฿₣$])?$/;

function currencyFrom(token: string | undefined, defaultCurrency: string): string | undefined {
	if (!token) return undefined;
	if (token === '$') return DOLLAR_CURRENCIES.has(defaultCurrency) ? defaultCurrency : 'usd';
	return SYMBOLS[token] ?? token.toLowerCase();
}

function toMinor(number: string, currency: string): number {
	const digits = minorUnitDigits(currency);
	let normalised = number.replace(/[\u00A0 ]/g, '');
	// `1,234.50` uses commas for thousands; a lone comma with 1-2 (or 3 for 3-decimal currencies) decimals is a decimal comma.
	if (/,\d{3}(?!\d)/.test(normalised) && normalised.includes('.')) normalised = normalised.replace(/,/g, '');
	else if (/^\d+,\d{1,2}$/.test(normalised)) normalised = normalised.replace(',', '.');
	else normalised = normalised.replace(/,(?=\d{3}(?!\d))/g, '');
	if (!/^\d+(\.\d+)?$/.test(normalised)) throw new PayCommandError(`"${number}" is not an amount`);
	const [whole, fraction = ''] = normalised.split('.');
	if (fraction.length > digits) {
		throw new PayCommandError(
			digits === 0
				? `${currency.toUpperCase()} has no decimals: write a whole amount, e.g. 5000`
				: `${currency.toUpperCase()} has ${digits} decimals at most: "${number}" has ${fraction.length}`,
		);
	}
	const major = Number(`${whole}.${fraction || '0'}`);
	if (major > MAX_MAJOR_AMOUNT) throw new PayCommandError(`${number} is more than this command allows (${MAX_MAJOR_AMOUNT})`);
	return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

export interface ParsePayCommandOptions {
	/** Currency when the text names none, e.g. `eur`. */
	defaultCurrency: string;
	/** Allowed currencies (lower case); empty = any 3-letter code. */
	allowedCurrencies?: readonly string[];
}

/**
 * Parses the text after `/pay`.
 * @throws PayCommandError with a message to show the user (ephemeral reply), including the expected form.
 */
export function parsePayCommand(text: string, options: ParsePayCommandOptions): PayCommand {
	const usage = 'Use: /pay <amount> [description], e.g. /pay 50.00 Deluxe room, /pay €50, /pay 50 EUR';
	const words = text.trim().split(/\s+/).filter(Boolean);
	if (words.length === 0) throw new PayCommandError(`Tell me an amount. ${usage}`);
	const defaultCurrency = options.defaultCurrency.toLowerCase();

	// The amount may be split from its currency code: `50 EUR ...` or `EUR 50 ...`.
	let consumed = 1;
	let token = words[0];
	if (words.length > 1 && isCurrencyCode(words[1]) && /^[\d.,]+$/.test(words[0])) {
		token = `${words[0]}${words[1]}`;
		consumed = 2;
	} else if (words.length > 1 && isCurrencyCode(words[0]) && /^[\d.,]+$/.test(words[1])) {
		token = `${words[0]}${words[1]}`;
		consumed = 2;
	}
	const match = AMOUNT_TOKEN.exec(token);
	if (!match?.groups) throw new PayCommandError(`"${words[0]}" is not an amount. ${usage}`);
	const { prefix, number, suffix } = match.groups;
	if (prefix && suffix) throw new PayCommandError(`"${token}" names the currency twice. ${usage}`);
	const currency = currencyFrom(prefix ?? suffix, defaultCurrency) ?? defaultCurrency;
	if (!KNOWN_CURRENCIES.has(currency)) throw new PayCommandError(`"${currency.toUpperCase()}" is not a currency code`);
	if (options.allowedCurrencies?.length && !options.allowedCurrencies.includes(currency)) {
		throw new PayCommandError(`${currency.toUpperCase()} is not accepted here; use ${options.allowedCurrencies.map((c) => c.toUpperCase()).join(', ')}`);
	}
	const amount = toMinor(number, currency);
	if (amount <= 0) throw new PayCommandError(`The amount must be more than zero. ${usage}`);
	return { amount, currency, description: words.slice(consumed).join(' ') };
}
