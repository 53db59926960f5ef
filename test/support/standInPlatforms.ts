/**
 * Two chat platforms that exist only in the tests that import this file (jest gives each test file its own modules),
 * registered in `CHAT_PLATFORMS` on import, before the node descriptions read the registry: import it first.
 * "Test Chat" (`testchat`) has interactive buttons and Discord-like addressing (channels and people by 17–20-digit
 * ids), "Link Chat" (`linkchat`) has link buttons only. They show that whatever the registry holds works in
 * Payment Alert, Stripe Chat Slack's refusal and the CLI without further change.
 */
import type { ChatAddressing, Mention } from '../../src/core/addressing';
import { escapeMrkdwn } from '../../src/core/escape';
import { UNICODE_OUTCOME_ICONS } from '../../src/core/actionOutcome';
import type { ChatMessage } from '../../src/core/types';
import { CHAT_PLATFORMS } from '../../src/platforms';
import type { ChatPlatform, PlatformRendering } from '../../src/platforms';

const ID = /^\d{17,20}$/;
export const TEST_CHAT_TEXT_LIMIT = 2_000;

const idAddressing: ChatAddressing = {
	describeChannelProblem: (channel) =>
		ID.test(channel) ? undefined : 'is not a Test Chat channel id (17 to 20 digits)',
	normalizeChannel: (channel) => {
		const trimmed = (channel ?? '').trim();
		return ID.test(trimmed) ? trimmed : undefined;
	},
	formatMention(mention: Mention | undefined) {
		if (!mention) return undefined;
		if (mention.type === 'here') return '@here';
		if (mention.type === 'channel') return '@everyone';
		if (!mention.id || !ID.test(mention.id)) return undefined;
		return mention.type === 'user' ? `<@${mention.id}>` : `<@&${mention.id}>`;
	},
	describeMentionProblem(mention) {
		return this.formatMention(mention) ? undefined : 'is not a Test Chat user or role id (17 to 20 digits)';
	},
	nameActor: (userId) => (userId && ID.test(userId) ? `<@${userId}>` : undefined),
};

export interface StandInRendering extends PlatformRendering {
	/** The signed buttons the platform would show: each action's compact value. */
	buttons: string[];
	links: string[];
}

/** Counts renderings per platform id, so a test can see which platforms Payment Alert rendered for. */
export const renderCalls = new Map<string, number>();

function standIn(id: string, displayName: string, buttons: ChatPlatform['buttons']): ChatPlatform {
	return {
		id,
		displayName,
		credentialType: `stripeChat${displayName.replace(/ /g, '')}Api`,
		render(message: ChatMessage, { mention }): StandInRendering {
			renderCalls.set(id, (renderCalls.get(id) ?? 0) + 1);
			const prefix = idAddressing.formatMention(mention);
			return {
				text: `${prefix ? `${prefix} ` : ''}${message.title}: ${message.summary}`,
				buttons: buttons === 'interactive' ? message.actions.flatMap((action) => action.compactValue ?? []) : [],
				links: message.links.map((link) => link.url),
			};
		},
		addressing: idAddressing,
		buttons,
		voice: { nameActor: idAddressing.nameActor, escape: escapeMrkdwn, icons: UNICODE_OUTCOME_ICONS },
		limitProblems: (rendering) =>
			rendering.text.length > TEST_CHAT_TEXT_LIMIT
				? [`The text has ${rendering.text.length} characters; ${displayName} takes at most ${TEST_CHAT_TEXT_LIMIT}`]
				: [],
	};
}

export const TEST_CHAT = standIn('testchat', 'Test Chat', 'interactive');
export const LINK_CHAT = standIn('linkchat', 'Link Chat', 'links');

(CHAT_PLATFORMS as ChatPlatform[]).push(TEST_CHAT, LINK_CHAT);

/** Counts Slack's renderings too (the registry's Slack platform is a plain object). */
const slack = CHAT_PLATFORMS.find((platform) => platform.id === 'slack') as ChatPlatform;
const renderSlack = slack.render;
slack.render = (message, options) => {
	renderCalls.set('slack', (renderCalls.get('slack') ?? 0) + 1);
	return renderSlack(message, options);
};
