/**
 * Hosts of the loopback interface, where the tests' fake Slack, Stripe and Graph API listen. Every API base URL
 * setting accepts plain `http://` only for these, so a token or secret key never travels unencrypted elsewhere.
 * `URL.hostname` keeps the brackets of an IPv6 literal; both spellings are listed.
 */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}
