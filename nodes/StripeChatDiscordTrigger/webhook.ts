import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { MAX_BUTTON_AGE_DAYS } from '../../src/core/access';
import { parseList } from '../../src/core/lists';
import { createDiscordClient, readDiscordCredentials } from '../../src/platforms/discord';
import type { DiscordCredentials } from '../../src/platforms/discord';
import { decideDiscordInteraction, EPHEMERAL_FLAG } from '../../src/triggers/discordInteraction';
import type { AccessRule, DiscordInteractionConfig } from '../../src/triggers/discordInteraction';
import { appendAuditRecord } from '../shared/audit';
import { readRawBody } from '../shared/rawBody';
import { openNodeStateStore } from '../shared/stateStore';

/**
 * The Stripe Chat Discord Trigger's `webhook()`: reads the credential and the access settings, lets
 * `decideDiscordInteraction` (src/triggers/discordInteraction.ts) decide, answers Discord at once (within its 3
 * seconds), and only then does what may be slow: the private refusal notice, the workflow run.
 */

function buttonMaxAgeDays(value: unknown): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return 30;
	return value === 0 ? 0 : Math.min(value, MAX_BUTTON_AGE_DAYS);
}

function readConfig(context: IWebhookFunctions, credentials: DiscordCredentials): DiscordInteractionConfig {
	const rules = ((context.getNodeParameter('rules', {}) as IDataObject).rule ?? []) as IDataObject[];
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		publicKey: credentials.publicKey,
		buttonSigningSecret: credentials.buttonSigningSecret,
		guildId: credentials.guildId,
		apiBaseUrl: credentials.apiBaseUrl,
		access: context.getNodeParameter('access', 'rules') as DiscordInteractionConfig['access'],
		rules: rules.map(
			(rule): AccessRule => ({
				users: parseList(rule.users),
				userGroups: parseList(rule.userGroups),
				actions: (rule.actions as string[] | undefined) ?? [],
				commands: [],
				channels: parseList(rule.channels),
			}),
		),
		buttonMaxAgeDays: buttonMaxAgeDays(options.buttonMaxAgeDays),
	};
}

export async function receiveInteraction(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await readDiscordCredentials(this);
	const rawBody = (await readRawBody(this)) ?? Buffer.alloc(0);
	const outcome = await decideDiscordInteraction(
		{ rawBody, headers: this.getHeaderData() },
		readConfig(this, credentials),
		{ now: Date.now },
	);

	const response = this.getResponseObject();
	response.status(outcome.status);
	response.setHeader('Content-Type', outcome.contentType);
	response.end(outcome.body);

	if (outcome.ignoredBecause) this.logger.info(`Stripe Chat Discord Trigger: nothing runs (${outcome.ignoredBecause})`);
	if (outcome.notice) {
		// The interaction's own webhook: its token is in the URL, so no bot token goes with it.
		const token = outcome.notice.responseUrl.slice(outcome.notice.responseUrl.lastIndexOf('/') + 1);
		try {
			await createDiscordClient({
				botToken: credentials.botToken,
				apiBaseUrl: credentials.apiBaseUrl,
				maxRetries: 1,
			}).request({
				method: 'POST',
				path: outcome.notice.responseUrl,
				body: { content: outcome.notice.text, flags: EPHEMERAL_FLAG, allowed_mentions: { parse: [] } },
				authorize: false,
				secrets: [token],
			});
		} catch (error: unknown) {
			this.logger.warn(`Stripe Chat Discord Trigger: could not send the refusal notice (${(error as Error).message})`);
		}
	}
	if (outcome.refused) {
		try {
			const store = await openNodeStateStore(this);
			await appendAuditRecord(
				store,
				{ ...outcome.refused.record, workflowId: this.getWorkflow().id },
				outcome.refused.onceKey,
			);
		} catch (error: unknown) {
			// The refusal stands either way (nothing ran); only its record is missing.
			this.logger.warn(
				`Stripe Chat Discord Trigger: the refusal could not be written to the audit trail (${(error as Error).message})`,
			);
		}
	}
	if (!outcome.item) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [[{ json: outcome.item as unknown as IDataObject }]] };
}
