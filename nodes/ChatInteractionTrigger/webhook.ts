import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { MAX_BUTTON_AGE_DAYS } from '../../src/core/access';
import { parseList } from '../../src/core/lists';
import {
	readSlackCredentials,
	slackClientFor,
	WITHIN_SLACK_ANSWER_WINDOW,
} from '../../src/platforms/slack/credentials';
import type { SlackCredentials } from '../../src/platforms/slack/credentials';
import { respondViaResponseUrl } from '../../src/platforms/slack/responseUrl';
import { decideChatInteraction } from '../../src/triggers/chatInteraction';
import type {
	AccessRule,
	InteractionConfig,
	InteractionDependencies,
	InteractionKind,
	InteractionOutcome,
} from '../../src/triggers/chatInteraction';
import { appendAuditRecord } from '../shared/audit';
import { readRawBody } from '../shared/rawBody';
import { openNodeStateStore } from '../shared/stateStore';

/**
 * The Chat Interaction Trigger's `webhook()`: reads the credential and the access settings, lets
 * `decideChatInteraction` (src/triggers/chatInteraction.ts) decide, answers Slack, and only then does what may be
 * slow: the private refusal notice, the audit record of a refusal, the workflow run.
 */

/** 30 days unless set; a value saved above the maximum (the editor stops at it) is held to it. */
function buttonMaxAgeDays(value: unknown): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return 30;
	return value === 0 ? 0 : Math.min(value, MAX_BUTTON_AGE_DAYS);
}

function readConfig(context: IWebhookFunctions, credentials: SlackCredentials): InteractionConfig {
	const rules = ((context.getNodeParameter('rules', {}) as IDataObject).rule ?? []) as IDataObject[];
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		signingSecret: credentials.signingSecret,
		buttonSigningSecret: credentials.buttonSigningSecret,
		listenFor: context.getNodeParameter('listenFor', []) as InteractionKind[],
		access: context.getNodeParameter('access', 'rules') as InteractionConfig['access'],
		rules: rules.map(
			(rule): AccessRule => ({
				users: parseList(rule.users),
				userGroups: parseList(rule.userGroups),
				actions: (rule.actions as string[] | undefined) ?? [],
				commands: parseList(rule.commands),
				channels: parseList(rule.channels),
			}),
		),
		buttonMaxAgeDays: buttonMaxAgeDays(options.buttonMaxAgeDays),
	};
}

/** What the decision may ask Slack, inside Slack's 3-second answer window. */
function slackLookups(credentials: SlackCredentials): Omit<InteractionDependencies, 'now'> {
	const slack = () => slackClientFor(credentials, WITHIN_SLACK_ANSWER_WINDOW);
	return {
		userGroupMembers: async (userGroup) => {
			const answer = await slack().usergroups.users.list({ usergroup: userGroup });
			return answer.users ?? [];
		},
		homeWorkspace: async () => {
			const answer = await slack().auth.test();
			return {
				teamId: answer.team_id || undefined,
				enterpriseId: answer.enterprise_id || undefined,
				isEnterpriseInstall: answer.is_enterprise_install === true,
				url: answer.url || undefined,
			};
		},
	};
}

/**
 * Writes a refusal to the audit trail, after Slack was answered. A store that cannot be reached is logged: the
 * refusal itself stands either way (nothing ran).
 */
async function recordRefusal(
	context: IWebhookFunctions,
	refused: NonNullable<InteractionOutcome['refused']>,
): Promise<void> {
	try {
		const store = await openNodeStateStore(context);
		await appendAuditRecord(store, { ...refused.record, workflowId: context.getWorkflow().id }, refused.onceKey);
	} catch (error: unknown) {
		context.logger.warn(
			`Chat Interaction Trigger: the refusal could not be written to the audit trail (${(error as Error).message})`,
		);
	}
}

export async function receiveInteraction(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await readSlackCredentials(this);
	const rawBody = (await readRawBody(this)) ?? Buffer.alloc(0);
	const outcome = await decideChatInteraction(
		{ rawBody, headers: this.getHeaderData() },
		readConfig(this, credentials),
		{
			now: Date.now,
			...slackLookups(credentials),
		},
	);

	// Slack wants its answer within 3 seconds: answer first, then run the workflow.
	const response = this.getResponseObject();
	response.status(outcome.status);
	response.setHeader('Content-Type', outcome.contentType);
	response.end(outcome.body);

	if (outcome.ignoredBecause) this.logger.info(`Chat Interaction Trigger: nothing runs (${outcome.ignoredBecause})`);
	if (outcome.ephemeralNotice) {
		try {
			await respondViaResponseUrl({
				responseUrl: outcome.ephemeralNotice.responseUrl,
				content: { text: outcome.ephemeralNotice.text },
				responseType: 'ephemeral',
				apiUrl: credentials.apiBaseUrl,
				maxRetries: 2,
			});
		} catch (error: unknown) {
			this.logger.warn(`Chat Interaction Trigger: could not send the refusal notice (${(error as Error).message})`);
		}
	}
	if (outcome.refused) await recordRefusal(this, outcome.refused);
	if (!outcome.item) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [[{ json: outcome.item as unknown as IDataObject }]] };
}
