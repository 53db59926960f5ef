/**
 * The Luhn check digit that makes `body` a valid card number (ISO/IEC 7812), computed here rather than with the
 * package's own check, so tests that generate card numbers do not trust the code they test.
 */
export function luhnCheckDigit(body: string): string {
	let sum = 0;
	for (let i = 0; i < body.length; i++) {
		let value = Number(body[body.length - 1 - i]);
		if (i % 2 === 0) {
			value *= 2;
			if (value > 9) value -= 9;
		}
		sum += value;
	}
	return String((10 - (sum % 10)) % 10);
}
