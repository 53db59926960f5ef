import { defineResource } from '../operation';
import * as create from './create.operation';

export const paymentLink = defineResource({ name: 'Payment Link', value: 'paymentLink' }, 'create', [create]);
