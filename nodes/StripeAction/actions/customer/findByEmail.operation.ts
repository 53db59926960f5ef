import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { findCustomersByEmail } from '../../../../src/stripe/actions';
import { inputError, stringParameter, stripeClient } from '../common';
import type { ActionResult, OperationContext, OperationMeta } from '../operation';
import { forOperation } from '../operation';

export const option = {
	name: 'Find by Email',
	value: 'findByEmail',
	action: 'Find customers by email',
	description: 'Customers whose e-mail address is exactly this one',
};

export const meta: OperationMeta = { action: 'customer.find', report: 'none', mutating: false };

export const description = forOperation('customer', option.value, [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'Exact e-mail address (Stripe compares it case-sensitively)',
	},
]);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	operation: OperationContext,
): Promise<ActionResult> {
	const email = stringParameter(operation, 'email');
	if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
		throw inputError(
			operation,
			`"${email}" is not an e-mail address`,
			'Fill in "Email" with an address such as name@example.com.',
		);
	}
	const customers = await findCustomersByEmail(await stripeClient(operation), email);
	return {
		result: { email, count: customers.length, customers: customers as unknown as IDataObject[] },
		detail: `${customers.length} customer${customers.length === 1 ? '' : 's'} found`,
	};
}
