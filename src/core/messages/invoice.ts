import type { MessageBuilder } from './context';

export const INVOICE_BUILDERS: Readonly<Record<string, MessageBuilder>> = {};
