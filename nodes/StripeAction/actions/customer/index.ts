import { defineResource } from '../operation';
import * as billingSummary from './billingSummary.operation';
import * as findByEmail from './findByEmail.operation';
import * as markContacted from './markContacted.operation';

export const customer = defineResource({ name: 'Customer', value: 'customer' }, 'billingSummary', [
	billingSummary,
	findByEmail,
	markContacted,
]);
