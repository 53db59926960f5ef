import { MetaGraphError, normalizeGraphBaseUrl } from '../../src/meta/graphClient';

describe('Graph API base URL', () => {
	it.each([
		['https://graph.facebook.com/v25.0/', 'https://graph.facebook.com/v25.0'],
		['https://graph.instagram.com/v25.0', 'https://graph.instagram.com/v25.0'],
		['http://127.0.0.1:4010/v25.0', 'http://127.0.0.1:4010/v25.0'],
		['http://localhost:4010/v25.0', 'http://localhost:4010/v25.0'],
		['http://[::1]:4010/v25.0', 'http://[::1]:4010/v25.0'],
		['', 'https://graph.facebook.com/v25.0'],
	])('accepts %s', (given, expected) => {
		expect(normalizeGraphBaseUrl(given)).toBe(expected);
	});

	it.each([
		['plain http to another host', 'http://graph.facebook.com/v25.0', /must start with https:\/\//],
		['plain http to a private address', 'http://10.0.0.5/v25.0', /must start with https:\/\//],
		['a host that only starts like localhost', 'http://localhost.evil.example/v25.0', /must start with https:\/\//],
		['another scheme', 'ftp://graph.facebook.com/v25.0', /must start with https:\/\//],
		['a user name and password', 'https://user:hunter2-secret@graph.facebook.com/v25.0', /user name or password/],
		['no URL at all', 'graph.facebook.com', /is not a URL/],
	])('refuses %s, saying why and never echoing a password', (_name, given, reason) => {
		let thrown: unknown;
		try {
			normalizeGraphBaseUrl(given);
		} catch (error: unknown) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(MetaGraphError);
		expect((thrown as MetaGraphError).message).toMatch(reason);
		expect((thrown as MetaGraphError).details.kind).toBe('setup');
		expect(JSON.stringify({ message: (thrown as Error).message, details: (thrown as MetaGraphError).details })).not.toContain('hunter2');
	});
});
