import { shorten } from '../core/render/limits';

/**
 * What the two webhook platforms (Microsoft Teams, Google Chat) share: their payloads are limited in bytes of JSON,
 * not characters, so customer text is cut to fit a byte budget after it was escaped for the platform's markup.
 */

/** Bytes of a value as it goes over the wire inside the JSON body (quotes and JSON escapes included). */
export function jsonBytes(value: unknown): number {
	return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * Plain text shortened to at most `maxChars` characters and, once escaped, at most `maxBytes` bytes of JSON. The
 * text is cut before it is escaped, so no escape sequence is ever cut in half.
 */
export function fitEscaped(
	plain: string,
	escape: (text: string) => string,
	limits: { maxChars: number; maxBytes: number },
): string {
	let maxChars = Math.max(1, limits.maxChars);
	let escaped = escape(shorten(plain, maxChars));
	while (maxChars > 1 && jsonBytes(escaped) > limits.maxBytes) {
		maxChars = Math.max(1, Math.floor(maxChars * Math.min(0.9, limits.maxBytes / jsonBytes(escaped))));
		escaped = escape(shorten(plain, maxChars));
	}
	return escaped;
}

/** Our own links only: HTTPS, no white space, not longer than the platform takes. */
export function isSafeLink(url: string, maxLength: number): boolean {
	return url.length <= maxLength && /^https:\/\/[^\s<>"'`]+$/.test(url);
}
