import { defineResource } from '../operation';
import * as create from './create.operation';
import * as createFromCatalogue from './createFromCatalogue.operation';
import * as get from './get.operation';

export const checkoutSession = defineResource({ name: 'Checkout Session', value: 'checkoutSession' }, 'create', [
	create,
	createFromCatalogue,
	get,
]);
