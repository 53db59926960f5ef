import type { MessageBuilder } from './context';

export const PAYOUT_BUILDERS: Readonly<Record<string, MessageBuilder>> = {};
