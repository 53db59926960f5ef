import { UNICODE_OUTCOME_ICONS } from '../../core/actionOutcome';
import type { ChatPlatform } from '../platform';
import { TEAMS_RULE_HINTS, teamsAddressing } from './addressing';
import { TEAMS_CREDENTIAL_TYPE } from './credentials';
import { escapeTeamsMarkdown } from './escape';
import { teamsLimitProblems } from './limits';
import { renderTeams } from './render';

/** Microsoft Teams: an Adaptive Card posted to an incoming webhook by the Stripe Chat Teams node; link buttons only. */
export const teamsPlatform: ChatPlatform = {
	id: 'teams',
	displayName: 'Microsoft Teams',
	credentialType: TEAMS_CREDENTIAL_TYPE,
	render: (message, options) => renderTeams(message, options),
	addressing: teamsAddressing,
	buttons: 'links',
	postingNode: 'Stripe Chat Teams',
	ruleHints: TEAMS_RULE_HINTS,
	// Webhooks receive no clicks, so no outcome is ever written back here; a voice is still needed for the type.
	voice: {
		nameActor: (userId) => teamsAddressing.nameActor(userId),
		escape: escapeTeamsMarkdown,
		icons: UNICODE_OUTCOME_ICONS,
	},
	limitProblems: teamsLimitProblems,
};
