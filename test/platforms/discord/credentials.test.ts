/**
 * The Discord credential's parser: the API Base URL carries the bot token on every call, so only https (or plain
 * http on the loopback interface, for the tests' fake Discord) is accepted, with an error that says what to change.
 */
import { DiscordSetupError, parseDiscordCredentials } from '../../../src/platforms/discord/credentials';

describe('parseDiscordCredentials', () => {
	it.each([
		[undefined, 'https://discord.com/api/v10'],
		['', 'https://discord.com/api/v10'],
		['https://discord.com/api/v10/', 'https://discord.com/api/v10'],
		['http://127.0.0.1:4321', 'http://127.0.0.1:4321'],
		['http://localhost:4321/api/v10', 'http://localhost:4321/api/v10'],
	])('takes the API Base URL %j as %s', (apiBaseUrl, expected) => {
		expect(parseDiscordCredentials({ botToken: 't', apiBaseUrl }).apiBaseUrl).toBe(expected);
	});

	it.each([
		['http://discord.example/api/v10', /must start with https:\/\//],
		['ftp://discord.com/api', /must start with https:\/\//],
		['discord.com/api/v10', /is not a URL/],
		['https://user:pass@discord.com/api/v10', /user name, password, query or fragment/],
	])('refuses the API Base URL %j with a clear error', (apiBaseUrl, message) => {
		expect(() => parseDiscordCredentials({ botToken: 't', apiBaseUrl })).toThrow(DiscordSetupError);
		expect(() => parseDiscordCredentials({ botToken: 't', apiBaseUrl })).toThrow(message);
	});

	it('reads an optional Guild ID; blank is not set', () => {
		expect(parseDiscordCredentials({ guildId: ' 1000000000000000001 ' }).guildId).toBe('1000000000000000001');
		expect(parseDiscordCredentials({ guildId: '  ' }).guildId).toBeUndefined();
	});
});
