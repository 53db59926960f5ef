import type { ChatPlatform } from '../platform';
import { googleChatAddressing } from './addressing';
import { GOOGLE_CHAT_CREDENTIAL_TYPE } from './credentials';
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
	limitProblems: googleChatLimitProblems,
};
