import type { MessageBuilder } from './context';

export const DISPUTE_BUILDERS: Readonly<Record<string, MessageBuilder>> = {};
