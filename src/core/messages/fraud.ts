import type { MessageBuilder } from './context';

export const FRAUD_BUILDERS: Readonly<Record<string, MessageBuilder>> = {};
