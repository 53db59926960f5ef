/**
 * The platform registry: every platform renders and addresses in its own syntax from neutral values, so a mention
 * configured for one platform never turns into text of another (docs/ARCHITECTURE.md, "Chat platforms").
 */
import { CHAT_PLATFORMS, chatPlatform, renderForEveryPlatform } from '../../src/platforms';
import { chatMessage } from '../fixtures/core/builders';

const message = chatMessage({ severity: 'warning', summary: 'A payment failed' });

describe('the chat platform registry', () => {
	it('finds a platform by id and names the registry for an unknown one', () => {
		expect(chatPlatform('slack').displayName).toBe('Slack');
		expect(() => chatPlatform('pager')).toThrow('No chat platform "pager" is registered in src/platforms/index.ts');
	});

	it('renders for every platform under its id', () => {
		expect(Object.keys(renderForEveryPlatform(message))).toEqual(CHAT_PLATFORMS.map((platform) => platform.id));
	});

	it.each([
		{ mention: { type: 'usergroup' as const, id: 'S0RISK' }, prefix: '<!subteam^S0RISK> ' },
		{ mention: { type: 'here' as const }, prefix: '<!here> ' },
		{ mention: { type: 'user' as const, id: '<!channel>' }, prefix: undefined },
		{ mention: { type: 'user' as const, id: '123456789012345678' }, prefix: undefined },
	])('puts $mention.type $mention.id in front of the Slack text only in strict Slack syntax', ({ mention, prefix }) => {
		const { text } = renderForEveryPlatform(message, { mention }).slack;
		if (prefix) expect(text.startsWith(prefix)).toBe(true);
		else expect(text).not.toMatch(/^</);
	});
});
