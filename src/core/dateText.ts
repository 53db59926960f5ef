/**
 * A date and time as the look-up, the digest and the reminders write it (`Dec 9, 2026, 7:20 PM UTC`), in the given
 * zone and locale; an unknown zone or locale falls back to en-US in UTC rather than failing the message. Slack's
 * renderer shows these through date tokens, each reader in their own zone (ChatMessage.times).
 */
export function dateTimeFormat(options: { locale?: string; timeZone?: string } = {}): Intl.DateTimeFormat {
	const settings: Intl.DateTimeFormatOptions = {
		year: 'numeric',
		month: 'short',
		day: 'numeric',
		hour: 'numeric',
		minute: '2-digit',
		timeZoneName: 'short',
	};
	try {
		return new Intl.DateTimeFormat(options.locale || 'en-US', { ...settings, timeZone: options.timeZone || 'UTC' });
	} catch {
		return new Intl.DateTimeFormat('en-US', { ...settings, timeZone: 'UTC' });
	}
}
