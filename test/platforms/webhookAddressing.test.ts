/** What routing rules may say for the webhook platforms, and how the shared webhook client reads answers. */
import { googleChatAddressing } from '../../src/platforms/gchat/addressing';
import { teamsAddressing } from '../../src/platforms/teams/addressing';
import { retryAfterMs, scrubSecrets } from '../../src/platforms/webhookClient';

describe.each([
	['Microsoft Teams', teamsAddressing, 'Stripe Chat Teams node'],
	['Google Chat', googleChatAddressing, 'Stripe Chat Google Chat node'],
] as const)('%s addressing', (platform, addressing, node) => {
	it.each(['#payments', 'C0123ABCD', '19:abc@thread.tacv2', 'spaces/AAAA'])(
		'refuses the channel %s: one webhook posts to one channel',
		(channel) => {
			expect(addressing.describeChannelProblem(channel)).toContain(`cannot be chosen per alert in ${platform}`);
			expect(addressing.describeChannelProblem(channel)).toContain(node);
			expect(addressing.normalizeChannel(channel)).toBeUndefined();
		},
	);

	it('names no actor: webhooks receive no clicks', () => {
		expect(addressing.nameActor('0f8fad5b-d9cb-469f-a165-70867728950e')).toBeUndefined();
		expect(addressing.nameActor('123456789012345678901')).toBeUndefined();
	});
});

describe('mentions', () => {
	it.each([
		[
			{ type: 'user' as const, id: '0F8FAD5B-D9CB-469F-A165-70867728950E' },
			'<at>0f8fad5b-d9cb-469f-a165-70867728950e</at>',
		],
		[{ type: 'user' as const, id: 'alice@example.com' }, undefined],
		[{ type: 'here' as const }, undefined],
		[{ type: 'usergroup' as const, id: '0f8fad5b-d9cb-469f-a165-70867728950e' }, undefined],
	])('Teams formats %j as %s', (mention, expected) => {
		expect(teamsAddressing.formatMention(mention)).toBe(expected);
		expect(teamsAddressing.describeMentionProblem(mention) === undefined).toBe(expected !== undefined);
	});

	it.each([
		[{ type: 'user' as const, id: '123456789012345678901' }, '<users/123456789012345678901>'],
		[{ type: 'user' as const, id: ' users/1234567 ' }, '<users/1234567>'],
		[{ type: 'channel' as const }, '<users/all>'],
		[{ type: 'user' as const, id: 'all' }, undefined],
		[{ type: 'usergroup' as const, id: '1234567' }, undefined],
	])('Google Chat formats %j as %s', (mention, expected) => {
		expect(googleChatAddressing.formatMention(mention)).toBe(expected);
		expect(googleChatAddressing.describeMentionProblem(mention) === undefined).toBe(expected !== undefined);
	});
});

describe('the webhook client', () => {
	it.each([
		['2', 2000],
		['0.5', 500],
		['Wed, 02 Dec 2026 20:00:10 GMT', 10_000],
		['soon', undefined],
		[null, undefined],
	])('reads Retry-After %s as %s ms', (header, expected) => {
		expect(retryAfterMs(header, Date.parse('Wed, 02 Dec 2026 20:00:00 GMT'))).toBe(expected);
	});

	it('scrubs a secret and its URL-encoded form', () => {
		const secret = 'https://hook.example/x?sig=a b/c';
		expect(scrubSecrets(`failed ${secret} and ${encodeURIComponent(secret)}`, [secret])).toBe('failed *** and ***');
	});
});
