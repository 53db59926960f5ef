/**
 * Discord interactions: the Ed25519 verifier with real signatures from a generated key pair (forged, tampered, stale
 * and unsigned requests refused; no public key refuses everything), and the click decision: PING, deferred update,
 * compact values bound to the channel, access by user and role ids.
 */
import { signCompactActionValue } from '../../../src/core/compactActionValue';
import { verifyDiscordRequest } from '../../../src/core/signatures/discord';
import { SignatureVerificationError } from '../../../src/core/signatures/verification';
import { decideDiscordInteraction } from '../../../src/triggers/discordInteraction';
import type { DiscordInteractionConfig } from '../../../src/triggers/discordInteraction';
import { componentInteraction, createDiscordSigner } from '../../support/discordSigner';

const signer = createDiscordSigner();
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const now = () => NOW;
const NOW_S = Math.floor(NOW / 1000);
const SECRET = 'discord-button-secret';
const CHANNEL = '123456789012345678';
const USER = '223456789012345678';
const ROLE = '323456789012345678';

const config = (overrides: Partial<DiscordInteractionConfig> = {}): DiscordInteractionConfig => ({
	publicKey: signer.publicKeyHex,
	buttonSigningSecret: SECRET,
	apiBaseUrl: 'https://discord.com/api/v10',
	access: 'rules',
	rules: [{ users: [USER], userGroups: [], actions: ['invoice.retry'], commands: [], channels: [] }],
	buttonMaxAgeDays: 30,
	...overrides,
});

const retryValue = (channelId = CHANNEL) =>
	signCompactActionValue(
		{ action: 'invoice.retry', objectId: 'in_1RetryMe', objectType: 'invoice', livemode: false },
		SECRET,
		{ channelId, now },
	) as string;

function signed(body: unknown, timestamp = NOW_S) {
	const rawBody = JSON.stringify(body);
	return { rawBody: Buffer.from(rawBody), headers: signer.headersFor(rawBody, timestamp) };
}

describe('verifyDiscordRequest', () => {
	const body = '{"type":1}';

	it('accepts a request signed with the application key', () => {
		const headers = signer.headersFor(body, NOW_S);
		const verified = verifyDiscordRequest({
			rawBody: body,
			timestamp: headers['x-signature-timestamp'],
			signature: headers['x-signature-ed25519'],
			publicKey: signer.publicKeyHex,
			now,
		});
		expect(verified.payload.toString()).toBe(body);
	});

	it.each([
		['signed by another key', () => createDiscordSigner().headersFor(body, NOW_S), body, 'no_match'],
		['with a tampered body', () => signer.headersFor(body, NOW_S), '{"type":2}', 'no_match'],
		['with a replayed (old) timestamp', () => signer.headersFor(body, NOW_S - 301), body, 'timestamp_too_old'],
		['from the future', () => signer.headersFor(body, NOW_S + 301), body, 'timestamp_in_future'],
		['without headers', () => ({}) as Record<string, string>, body, 'missing_header'],
		[
			'with a malformed signature',
			() => ({ 'x-signature-ed25519': 'zz', 'x-signature-timestamp': String(NOW_S) }),
			body,
			'malformed_header',
		],
	])('refuses a request %s', (_case, headersOf, rawBody, reason) => {
		const headers = headersOf();
		let caught: unknown;
		try {
			verifyDiscordRequest({
				rawBody,
				timestamp: headers['x-signature-timestamp'],
				signature: headers['x-signature-ed25519'],
				publicKey: signer.publicKeyHex,
				now,
			});
		} catch (error: unknown) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(SignatureVerificationError);
		expect((caught as SignatureVerificationError).reason).toBe(reason);
	});

	it.each([undefined, '', '   ', 'not-hex'])('refuses everything without a usable public key (%j)', (publicKey) => {
		const headers = signer.headersFor(body, NOW_S);
		expect(() =>
			verifyDiscordRequest({
				rawBody: body,
				timestamp: headers['x-signature-timestamp'],
				signature: headers['x-signature-ed25519'],
				publicKey,
				now,
			}),
		).toThrow(SignatureVerificationError);
	});
});

describe('decideDiscordInteraction', () => {
	it('answers a signed PING with a PONG', async () => {
		const outcome = await decideDiscordInteraction(signed({ type: 1, id: '1' }), config(), { now });
		expect(outcome).toMatchObject({ status: 200, body: '{"type":1}' });
		expect(outcome.item).toBeUndefined();
	});

	it('refuses a forged click with 401 and runs nothing', async () => {
		const body = JSON.stringify(componentInteraction({ customId: retryValue(), channelId: CHANNEL, userId: USER }));
		const forged = createDiscordSigner().headersFor(body, NOW_S);
		const outcome = await decideDiscordInteraction({ rawBody: Buffer.from(body), headers: forged }, config(), { now });
		expect(outcome.status).toBe(401);
		expect(outcome.item).toBeUndefined();
		expect(outcome.refused).toBeUndefined();
	});

	it('refuses everything when the credential has no public key', async () => {
		const outcome = await decideDiscordInteraction(signed({ type: 1 }), config({ publicKey: undefined }), { now });
		expect(outcome.status).toBe(401);
	});

	it('answers a granted click with a deferred update and emits the verified item', async () => {
		const outcome = await decideDiscordInteraction(
			signed(componentInteraction({ customId: retryValue(), channelId: CHANNEL, userId: USER })),
			config(),
			{ now },
		);
		expect(JSON.parse(outcome.body)).toEqual({ type: 6 });
		expect(outcome.item).toMatchObject({
			platform: 'discord',
			kind: 'button_click',
			action: 'invoice.retry',
			user: { id: USER, name: 'Ana' },
			channelId: CHANNEL,
			messageTs: '1300000000000000001',
			requestId: '1400000000000000001',
			responseUrl: 'https://discord.com/api/v10/webhooks/1100000000000000001/interaction-token-abcdefghijklmnop',
			target: {
				action: 'invoice.retry',
				objectId: 'in_1RetryMe',
				objectType: 'invoice',
				livemode: false,
				channelId: CHANNEL,
			},
		});
	});

	it('refuses a button copied into another channel, telling the person privately', async () => {
		const outcome = await decideDiscordInteraction(
			signed(componentInteraction({ customId: retryValue(), channelId: '999999999999999999', userId: USER })),
			config(),
			{ now },
		);
		expect(JSON.parse(outcome.body)).toEqual({ type: 6 });
		expect(outcome.item).toBeUndefined();
		expect(outcome.notice?.text).toContain('could not be verified');
	});

	it('refuses a validly signed value that is not bound to a channel (c1.), in any channel', async () => {
		const unbound = signCompactActionValue(
			{ action: 'invoice.retry', objectId: 'in_1RetryMe', objectType: 'invoice', livemode: false },
			SECRET,
			{ now },
		) as string;
		expect(unbound.startsWith('c1.')).toBe(true);
		const outcome = await decideDiscordInteraction(
			signed(componentInteraction({ customId: unbound, channelId: CHANNEL, userId: USER })),
			config(),
			{ now },
		);
		expect(JSON.parse(outcome.body)).toEqual({ type: 6 });
		expect(outcome.item).toBeUndefined();
		expect(outcome.notice?.text).toContain('not bound to its channel');
		expect(outcome.refused?.record.reason).toContain('not bound to a channel');
	});

	describe('with a Guild ID in the credential', () => {
		const GUILD = '1000000000000000001';
		const click = (guildId?: string) =>
			componentInteraction({ customId: retryValue(), channelId: CHANNEL, userId: USER, guildId });
		const directMessage = () => {
			// A DM has no guild and names the person in `user` rather than `member`.
			const interaction: Record<string, unknown> = { ...click() };
			interaction.user = (interaction.member as { user: unknown }).user;
			delete interaction.member;
			delete interaction.guild_id;
			return interaction;
		};

		it('acts on a click from that server', async () => {
			const outcome = await decideDiscordInteraction(signed(click(GUILD)), config({ guildId: GUILD }), { now });
			expect(outcome.item).toMatchObject({ guildId: GUILD, action: 'invoice.retry' });
		});

		it.each([
			['another server', () => click('1000000000000000999'), /server 1000000000000000999/],
			['a direct message', directMessage, /direct message/],
		])('refuses a click from %s, telling the person privately', async (_case, interaction, reason) => {
			const outcome = await decideDiscordInteraction(signed(interaction()), config({ guildId: GUILD }), { now });
			expect(JSON.parse(outcome.body)).toEqual({ type: 6 });
			expect(outcome.item).toBeUndefined();
			expect(outcome.notice?.text).toContain('only in the Discord server');
			expect(outcome.refused?.record.reason).toMatch(reason);
		});

		it('takes a direct message when no Guild ID is set', async () => {
			const outcome = await decideDiscordInteraction(signed(directMessage()), config(), { now });
			expect(outcome.item).toMatchObject({ guildId: null, user: { id: USER } });
		});
	});

	it.each([
		['a listed user', { users: [USER], userGroups: [] }, [], true],
		['a member of a listed role', { users: [], userGroups: [ROLE] }, [ROLE], true],
		['someone else', { users: ['423456789012345678'], userGroups: [ROLE] }, ['523456789012345678'], false],
	])('grants the click to %s only', async (_case, who, roles, granted) => {
		const outcome = await decideDiscordInteraction(
			signed(componentInteraction({ customId: retryValue(), channelId: CHANNEL, userId: USER, roles })),
			config({ rules: [{ ...who, actions: ['invoice.retry'], commands: [], channels: [] }] }),
			{ now },
		);
		expect(outcome.item !== undefined).toBe(granted);
		if (!granted) {
			expect(outcome.notice?.text).toContain('not allowed to retry invoice payments');
			expect(outcome.refused?.record).toMatchObject({
				outcome: 'refused',
				action: 'invoice.retry',
				source: 'button',
				userId: USER,
				channelId: CHANNEL,
				objectId: 'in_1RetryMe',
				messageLink: `https://discord.com/channels/1000000000000000001/${CHANNEL}/1300000000000000001`,
			});
			expect(outcome.refused?.onceKey).toBe('discord:1400000000000000001|refused');
		}
	});

	it('ignores buttons that are not ours, answering so Discord shows no error', async () => {
		const outcome = await decideDiscordInteraction(
			signed(componentInteraction({ customId: 'other-bot:thing', channelId: CHANNEL, userId: USER })),
			config(),
			{ now },
		);
		expect(JSON.parse(outcome.body)).toEqual({ type: 6 });
		expect(outcome.item).toBeUndefined();
	});
});
