import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getCheckoutSession } from '../../../../src/stripe/actions';
import { objectIdProperty, requireId, stringParameter, stripeClient } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';
import { checkoutDetail } from './session';

export const option = {
	name: 'Get',
	value: 'get',
	action: 'Get a checkout session',
	description: 'Read a session: paid, open or expired',
};

export const meta: OperationMeta = { action: 'checkout_session.get', report: 'none', mutating: false };

export const description = forOperation('checkoutSession', option.value, [
	objectIdProperty({
		displayName: 'Checkout Session ID',
		name: 'sessionId',
		placeholder: 'cs_test_a1…',
		description: 'The session to read',
		default: '',
	}),
]);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const id = requireId(operation, 'checkoutSession', stringParameter(operation, 'sessionId'), 'Checkout Session ID');
	const session = (await getCheckoutSession(await stripeClient(operation), id)) as unknown as IDataObject;
	return {
		result: session,
		detail: checkoutDetail(session),
		url: typeof session.url === 'string' ? session.url : undefined,
	};
}
