import type { ChatPlatform } from '../platform';
import { SLACK_CREDENTIAL_TYPE } from './credentials';
import { renderSlack } from './render';

/** Slack: Block Kit messages, posted by the Stripe Chat Slack node (src/platforms/slack/* holds the rest). */
export const slackPlatform: ChatPlatform = {
	id: 'slack',
	displayName: 'Slack',
	credentialType: SLACK_CREDENTIAL_TYPE,
	render: (message, options) => renderSlack(message, options.mention ? { mention: options.mention } : {}),
};
