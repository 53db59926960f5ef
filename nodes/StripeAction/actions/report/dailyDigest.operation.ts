import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { computeDigest, digestMessage } from '../../../../src/core/digest';
import { renderSlack } from '../../../../src/platforms/slack/render';
import { readDigestInput } from '../../../../src/stripe/digest';
import { inputError, stripeClient } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { credentialScope } from './shared';

export const option = {
	name: 'Daily Digest',
	value: 'dailyDigest',
	action: 'Summarise a period of payments per currency',
	description:
		'Failed and recovered payments, revenue at risk, disputes, refunds and failed payouts of the last hours, as one Slack message',
};

export const meta: OperationMeta = { action: 'report.digest', report: 'none', mutating: false };

export const description = forOperation('report', option.value, [
	{
		displayName: 'Period (Hours)',
		name: 'periodHours',
		type: 'number',
		default: 24,
		typeOptions: { minValue: 1, maxValue: 24 * 31 },
		description:
			'How far back the digest looks from now. Run it once per period (a Schedule Trigger every day for 24).',
	},
]);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const hours = Number(operation.ctx.getNodeParameter('periodHours', operation.itemIndex, 24));
	if (!Number.isFinite(hours) || hours < 1 || hours > 24 * 31) {
		throw inputError(operation, `${hours} is not a period`, '"Period (Hours)" takes 1 to 744 hours.');
	}
	const now = Math.floor(Date.now() / 1000);
	const from = now - Math.round(hours * 3600);
	const input = await readDigestInput(await stripeClient(operation), { from, to: now, now });
	const summary = computeDigest(input);
	const message = digestMessage(summary, {
		...(await credentialScope(operation)),
		timeZone: operation.ctx.getTimezone(),
	});
	return {
		result: {
			from: new Date(from * 1000).toISOString(),
			to: new Date(now * 1000).toISOString(),
			totals: summary.totals as unknown as IDataObject,
			slack: renderSlack(message) as unknown as IDataObject,
		},
		detail: message.summary,
	};
}
