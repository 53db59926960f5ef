import { defineResource } from '../operation';
import * as create from './create.operation';

export const refund = defineResource({ name: 'Refund', value: 'refund' }, 'create', [create]);
