import type { ActionKind } from './types';

/** Every action a button can ask for, with the words used in permission messages ("you are not allowed to …"). */
export const ACTION_DESCRIPTIONS: Readonly<Record<ActionKind, { label: string; verb: string }>> = {
	'invoice.retry': { label: 'Retry invoice payment', verb: 'retry invoice payments' },
	'invoice.send': { label: 'Send invoice (dunning e-mail)', verb: 'send invoices to customers' },
	'invoice.void': { label: 'Void invoice', verb: 'void invoices' },
	'invoice.mark_uncollectible': { label: 'Mark invoice uncollectible', verb: 'mark invoices uncollectible' },
	'refund.create': { label: 'Refund payment', verb: 'refund payments' },
	'dispute.respond': { label: 'Answer dispute (evidence)', verb: 'answer disputes' },
	'dispute.accept': { label: 'Accept dispute', verb: 'accept disputes' },
	'payment_link.create': { label: 'Create payment link', verb: 'create payment links' },
	'customer.summary': { label: 'Show customer billing summary', verb: 'see customer billing summaries' },
};

export const ACTION_KINDS = Object.keys(ACTION_DESCRIPTIONS) as ActionKind[];

export function isActionKind(value: unknown): value is ActionKind {
	return typeof value === 'string' && value in ACTION_DESCRIPTIONS;
}
