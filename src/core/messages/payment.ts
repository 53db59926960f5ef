import type { MessageBuilder } from './context';

export const PAYMENT_BUILDERS: Readonly<Record<string, MessageBuilder>> = {};
