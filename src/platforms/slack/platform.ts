import { escapeMrkdwn } from '../../core/escape';
import type { ChatPlatform } from '../platform';
import { slackAddressing } from './addressing';
import { SLACK_CREDENTIAL_TYPE } from './credentials';
import { slackLimitProblems } from './limits';
import { renderSlack } from './render';

/** Slack: Block Kit messages, posted by the Stripe Chat Slack node (src/platforms/slack/* holds the rest). */
export const slackPlatform: ChatPlatform = {
	id: 'slack',
	displayName: 'Slack',
	credentialType: SLACK_CREDENTIAL_TYPE,
	ruleHints: {
		channel: { placeholder: 'e.g. #payments or C0123ABCD', description: 'Slack channel name or ID' },
		mentionId: {
			placeholder: 'e.g. U0123ABCD or S0123ABCD',
			description:
				'A person: their profile → ⋮ → Copy member ID (U…). A user group: its ID (S…). Names do not work here.',
		},
	},
	render: (message, options) => {
		const mention = slackAddressing.formatMention(options.mention);
		return renderSlack(message, mention ? { mention } : {});
	},
	addressing: slackAddressing,
	buttons: 'interactive',
	buttonValues: 'full',
	voice: {
		nameActor: (userId) => slackAddressing.nameActor(userId),
		escape: escapeMrkdwn,
		icons: {
			succeeded: ':white_check_mark:',
			failed: ':x:',
			info: ':information_source:',
			busy: ':hourglass_flowing_sand:',
			warning: ':warning:',
		},
		time: (at, written, withDate) =>
			`<!date^${Math.floor(at.getTime() / 1000)}^${withDate ? '{date_short_pretty} at ' : ''}{time}|${escapeMrkdwn(written)}>`,
	},
	limitProblems: slackLimitProblems,
};
