import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { rejectedDeliveryMessage } from '../../src/core/health/messages';
import { REJECTION_REPORT_INTERVAL_MS, rejectionCategory, rejectionReportKey } from '../../src/core/health/rejected';
import { renderForEveryPlatform } from '../../src/platforms';
import { openNodeStateStore } from '../shared/stateStore';

/**
 * The "Rejected Deliveries" output: one item per reason category and minute for the refusals of one trigger,
 * rate-limited in the state store (set-if-absent with a 60-second lifetime), so a flood of forged or mis-signed
 * requests costs one execution a minute. The item says why, when and from where, never what was sent: no body,
 * no signature header.
 */

export interface Refusal {
	reason: string;
	status: number;
	message: string;
}

function sourceAddress(context: IWebhookFunctions): string | undefined {
	const request = context.getRequestObject() as { ip?: unknown; socket?: { remoteAddress?: unknown } };
	const address = request.ip ?? request.socket?.remoteAddress;
	return typeof address === 'string' && address !== '' ? address : undefined;
}

/** The item to emit for this refusal, or undefined when its category was already reported this minute. */
export async function rejectedDeliveryItem(
	context: IWebhookFunctions,
	refusal: Refusal,
	livemode: boolean,
): Promise<INodeExecutionData | undefined> {
	const category = rejectionCategory(refusal.reason);
	if (!category) return undefined;
	const workflow = context.getWorkflow();
	const scope = `${workflow.id ?? 'workflow'}:${context.getNode().id}`;
	const now = Date.now();
	try {
		const store = await openNodeStateStore(context);
		const first = await store.putIfAbsent(
			rejectionReportKey(scope, category),
			new Date(now).toISOString(),
			REJECTION_REPORT_INTERVAL_MS,
		);
		if (first !== undefined) return undefined;
	} catch (error: unknown) {
		// The refusal itself must never fail: without the store, it is logged and not reported.
		context.logger.error('Stripe Event Trigger: could not rate-limit the "Rejected Deliveries" report', {
			error: String(error),
		});
		return undefined;
	}
	const address = sourceAddress(context);
	const url = context.getNodeWebhookUrl('default');
	const message = rejectedDeliveryMessage(
		{ category, reason: refusal.message, sourceAddress: address, url },
		{ now, livemode, timeZone: context.getTimezone() },
	);
	return {
		json: {
			category,
			reason: refusal.reason,
			detail: refusal.message,
			status: refusal.status,
			receivedAt: new Date(now).toISOString(),
			sourceAddress: address ?? null,
			text: `${message.title}: ${message.summary}`,
			message: message as unknown as IDataObject,
			...renderForEveryPlatform(message),
		},
	};
}
