/**
 * WhatsApp and Instagram accept free-form replies (text, buttons, links) only within 24 hours of the customer's
 * last message; after that WhatsApp needs an approved template and Instagram accepts nothing.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-messages#customer-service-windows
 * @see https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message
 */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export const WINDOW_CLOSED_MESSAGE =
	"More than 24 hours have passed since the customer's last message, so a free-form reply is no longer allowed.";

/** WhatsApp's error for a free-form message outside the window; it often arrives later, as a `failed` status. */
export const WHATSAPP_WINDOW_CLOSED_CODE = 131047;

/** Unix seconds below this are read as seconds, above as milliseconds (10^11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;

/**
 * Reads a point in time as n8n expressions hand it over: a Date, ms or unix seconds (number or digits; WhatsApp
 * sends seconds as a string, Instagram milliseconds), or an ISO 8601 text. Undefined when it is none of these.
 */
export function parseInstant(value: unknown): number | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
	if (typeof value === 'number') {
		if (!Number.isFinite(value) || value <= 0) return undefined;
		return value < SECONDS_LIMIT ? value * 1000 : value;
	}
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return parseInstant(Number(text));
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * True while a free-form reply is allowed: less than 24 hours since the customer's last message. A last message
 * slightly in the future (clock skew between Meta and this server) counts as just now.
 */
export function isWithinCustomerServiceWindow(lastInboundAt: Date | number | string, now: Date | number): boolean {
	const last = parseInstant(lastInboundAt);
	const current = now instanceof Date ? now.getTime() : now;
	if (last === undefined) throw new RangeError(`"${String(lastInboundAt)}" is not a point in time`);
	return current - last < CUSTOMER_SERVICE_WINDOW_MS;
}
