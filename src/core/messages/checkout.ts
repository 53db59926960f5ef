import type { MessageBuilder } from './context';

export const CHECKOUT_BUILDERS: Readonly<Record<string, MessageBuilder>> = {};
