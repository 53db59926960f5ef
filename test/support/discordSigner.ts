import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * Signs interactions as Discord does (Ed25519 over timestamp + raw body) with a generated application key pair, so
 * tests verify real signatures, never a mocked check.
 */
export interface DiscordSigner {
	/** The application's public key as the Developer Portal shows it: 64 hex characters. */
	publicKeyHex: string;
	/** Headers for a body: `X-Signature-Ed25519` and `X-Signature-Timestamp`. */
	headersFor(body: string, timestampSeconds?: number): Record<string, string>;
}

export function createDiscordSigner(): DiscordSigner {
	const { publicKey, privateKey } = generateKeyPairSync('ed25519');
	const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
	return {
		publicKeyHex: Buffer.from(jwk.x, 'base64url').toString('hex'),
		headersFor(body, timestampSeconds = Math.floor(Date.now() / 1000)) {
			return signedHeaders(privateKey, body, String(timestampSeconds));
		},
	};
}

function signedHeaders(privateKey: KeyObject, body: string, timestamp: string): Record<string, string> {
	const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
	return { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
}

/** A button click on a message in a guild channel, as Discord sends it (the fields this package reads). */
export function componentInteraction(input: {
	customId: string;
	channelId: string;
	userId: string;
	roles?: string[];
	messageId?: string;
	applicationId?: string;
	token?: string;
	guildId?: string;
}): Record<string, unknown> {
	return {
		id: '1400000000000000001',
		type: 3,
		application_id: input.applicationId ?? '1100000000000000001',
		token: input.token ?? 'interaction-token-abcdefghijklmnop',
		version: 1,
		guild_id: input.guildId ?? '1000000000000000001',
		channel_id: input.channelId,
		member: {
			user: { id: input.userId, username: 'ana', global_name: 'Ana' },
			roles: input.roles ?? [],
		},
		message: { id: input.messageId ?? '1300000000000000001' },
		data: { custom_id: input.customId, component_type: 2 },
	};
}
