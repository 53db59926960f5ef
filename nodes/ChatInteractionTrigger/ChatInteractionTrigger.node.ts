import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { MAX_BUTTON_AGE_DAYS } from '../../src/core/access';
import { createSlackClient } from '../../src/slack/client';
import { respondViaResponseUrl } from '../../src/slack/responseUrl';
import { appendAuditRecord } from '../shared/audit';
import { openNodeStateStore, REDIS_CREDENTIAL } from '../shared/stateStore';
import { chatInteractionTriggerProperties } from './description';
import type { AccessRule, InteractionConfig, InteractionKind, InteractionOutcome } from './handleInteraction';
import { handleInteraction } from './handleInteraction';
import { parseList } from '../../src/core/lists';

/** 30 days unless set; a value saved above the maximum (the editor stops at it) is held to it. */
function buttonMaxAgeDays(value: unknown): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return 30;
	return value === 0 ? 0 : Math.min(value, MAX_BUTTON_AGE_DAYS);
}

export class ChatInteractionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chat Interaction Trigger',
		name: 'chatInteractionTrigger',
		icon: { light: 'file:chatInteractionTrigger.svg', dark: 'file:chatInteractionTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["listenFor"].join(", ")}}',
		description:
			'Starts a workflow when someone clicks a button in a payment alert, submits a form, or types a slash command in Slack',
		defaults: { name: 'Chat Interaction Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'stripeChatSlackApi', required: true },
			{ name: REDIS_CREDENTIAL, required: true, displayOptions: { show: { stateStore: ['redis'] } } },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'slack',
			},
		],
		properties: chatInteractionTriggerProperties,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials('stripeChatSlackApi');
		const request = this.getRequestObject();
		const rawBody = request.rawBody ?? Buffer.alloc(0);
		const rules = ((this.getNodeParameter('rules', {}) as IDataObject).rule ?? []) as IDataObject[];
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const config: InteractionConfig = {
			signingSecret: credentials.signingSecret as string | undefined,
			buttonSigningSecret: credentials.buttonSigningSecret as string | undefined,
			listenFor: this.getNodeParameter('listenFor', []) as InteractionKind[],
			access: this.getNodeParameter('access', 'rules') as InteractionConfig['access'],
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
		const apiUrl = credentials.apiBaseUrl as string | undefined;
		// Inside Slack's 3-second answer window: a rate-limited look-up must fail fast rather than wait.
		const slack = () =>
			createSlackClient({ token: credentials.botToken as string, apiUrl, maxRetries: 1, rateLimitBudgetMs: 1500 });
		const outcome = await handleInteraction({ rawBody, headers: this.getHeaderData() }, config, {
			now: Date.now,
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
		});

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
					apiUrl,
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
}

/**
 * Writes a refusal to the audit trail, after Slack was answered. A store that cannot be reached is logged: the
 * refusal itself stands either way (nothing ran).
 */
async function recordRefusal(
	ctx: IWebhookFunctions,
	refused: NonNullable<InteractionOutcome['refused']>,
): Promise<void> {
	try {
		const store = await openNodeStateStore(ctx);
		await appendAuditRecord(store, { ...refused.record, workflowId: ctx.getWorkflow().id }, refused.onceKey);
	} catch (error: unknown) {
		ctx.logger.warn(
			`Chat Interaction Trigger: the refusal could not be written to the audit trail (${(error as Error).message})`,
		);
	}
}
