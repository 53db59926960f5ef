import { defineResource } from '../operation';
import * as get from './get.operation';
import * as markUncollectible from './markUncollectible.operation';
import * as retryPayment from './retryPayment.operation';
import * as send from './send.operation';
import * as voidInvoice from './void.operation';

export const invoice = defineResource({ name: 'Invoice', value: 'invoice' }, 'retryPayment', [
	get,
	markUncollectible,
	retryPayment,
	send,
	voidInvoice,
]);
