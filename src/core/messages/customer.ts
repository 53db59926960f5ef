import type { MessageBuilder } from './context';

export const CUSTOMER_BUILDERS: Readonly<Record<string, MessageBuilder>> = {};
