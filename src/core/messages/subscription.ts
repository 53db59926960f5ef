import type { MessageBuilder } from './context';

export const SUBSCRIPTION_BUILDERS: Readonly<Record<string, MessageBuilder>> = {};
