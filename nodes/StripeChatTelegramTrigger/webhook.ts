import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { MAX_BUTTON_AGE_DAYS } from '../../src/core/access';
import { parseList } from '../../src/core/lists';
import { readTelegramCredentials } from '../../src/platforms/telegram/credentials';
import { decideTelegramCallback } from '../../src/triggers/telegramCallback';
import type { AccessRule, TelegramCallbackConfig } from '../../src/triggers/telegramCallback';
import { readRawBody } from '../shared/rawBody';
import { openNodeStateStore } from '../shared/stateStore';

/**
 * The Stripe Chat Telegram Trigger's `webhook()`: reads the credential and the access settings, lets
 * `decideTelegramCallback` (src/triggers/telegramCallback.ts) decide, answers Telegram at once (the answer to the
 * click is the response body), and only then runs the workflow.
 */

/** 30 days unless set; a value saved above the maximum (the editor stops at it) is held to it. */
function buttonMaxAgeDays(value: unknown): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return 30;
	return value === 0 ? 0 : Math.min(value, MAX_BUTTON_AGE_DAYS);
}

function readConfig(
	context: IWebhookFunctions,
): Omit<TelegramCallbackConfig, 'webhookSecretToken' | 'buttonSigningSecret'> {
	const rules = ((context.getNodeParameter('rules', {}) as IDataObject).rule ?? []) as IDataObject[];
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		access: context.getNodeParameter('access', 'rules') as TelegramCallbackConfig['access'],
		rules: rules.map(
			(rule): AccessRule => ({
				users: parseList(rule.users),
				userGroups: [],
				actions: (rule.actions as string[] | undefined) ?? [],
				commands: [],
				channels: parseList(rule.channels),
			}),
		),
		buttonMaxAgeDays: buttonMaxAgeDays(options.buttonMaxAgeDays),
	};
}

export async function receiveTelegramUpdate(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await readTelegramCredentials(this);
	const rawBody = (await readRawBody(this)) ?? Buffer.alloc(0);
	const outcome = await decideTelegramCallback(
		{ rawBody, headers: this.getHeaderData() },
		{
			...readConfig(this),
			webhookSecretToken: credentials.webhookSecretToken,
			buttonSigningSecret: credentials.buttonSigningSecret,
		},
		{
			now: Date.now,
			confirmTap: async (key, windowSeconds) => {
				const store = await openNodeStateStore(this);
				if ((await store.putIfAbsent(key, 'armed', windowSeconds * 1000)) === undefined) return 'armed';
				await store.deleteIfEquals(key, 'armed');
				return 'confirmed';
			},
		},
	);

	const response = this.getResponseObject();
	response.status(outcome.status);
	response.setHeader('Content-Type', outcome.contentType);
	response.end(outcome.body);

	if (outcome.ignoredBecause)
		this.logger.info(`Stripe Chat Telegram Trigger: nothing runs (${outcome.ignoredBecause})`);
	if (!outcome.item) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [[{ json: outcome.item as unknown as IDataObject }]] };
}
