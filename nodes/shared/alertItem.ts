import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { readItem } from '../../src/core/items/contract';
import { PAYMENT_ALERT_ITEM } from '../../src/core/items/paymentAlert';
import type { PaymentAlertItem } from '../../src/core/items/paymentAlert';
import { chatPlatform, wrongPlatformProblem } from '../../src/platforms';

/**
 * The input item as Payment Alert emits it (checked against its item contract), for the posting node of the
 * platform `platformId`. An alert Payment Alert rendered for another platform is refused: its routing rules and
 * mentions are in that platform's terms.
 */
export function readAlertItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	platformId: string,
	nodeName: string,
): Partial<PaymentAlertItem> {
	const item = readItem(ctx.getInputData()[itemIndex].json, PAYMENT_ALERT_ITEM, nodeName);
	const wrongPlatform = wrongPlatformProblem(item as Record<string, unknown>, chatPlatform(platformId));
	if (wrongPlatform) {
		throw new NodeOperationError(ctx.getNode(), wrongPlatform, {
			itemIndex,
			description: `Its routing rules and mentions are in that platform's terms, so ${nodeName} does not post it.`,
		});
	}
	return item;
}
