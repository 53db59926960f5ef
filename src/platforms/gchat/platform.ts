import { UNICODE_OUTCOME_ICONS } from '../../core/actionOutcome';
import type { ChatPlatform } from '../platform';
import { GOOGLE_CHAT_RULE_HINTS, googleChatAddressing } from './addressing';
import { GOOGLE_CHAT_CREDENTIAL_TYPE } from './credentials';
import { escapeGoogleChatHtml } from './escape';
import { googleChatLimitProblems } from './limits';
import { renderGoogleChat } from './render';

/** Google Chat: a cardsV2 message posted to a space's webhook by the Stripe Chat Google Chat node; link buttons only. */
export const googleChatPlatform: ChatPlatform = {
	id: 'gchat',
	displayName: 'Google Chat',
	credentialType: GOOGLE_CHAT_CREDENTIAL_TYPE,
	render: (message, options) => renderGoogleChat(message, options),
	addressing: googleChatAddressing,
	buttons: 'links',
	ruleHints: GOOGLE_CHAT_RULE_HINTS,
	// Webhooks receive no clicks, so no outcome is ever written back here; a voice is still needed for the type.
	voice: {
		nameActor: (userId) => googleChatAddressing.nameActor(userId),
		escape: escapeGoogleChatHtml,
		icons: UNICODE_OUTCOME_ICONS,
	},
	limitProblems: googleChatLimitProblems,
};
