import type { ChatPlatform } from '../platform';
import { teamsAddressing } from './addressing';
import { TEAMS_CREDENTIAL_TYPE } from './credentials';
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
	limitProblems: teamsLimitProblems,
};
