/** How an action is shown: in permission messages ("you are not allowed to …"), and as a Payment Alert button. */
export interface ActionInfo {
	label: string;
	verb: string;
	/** Set for actions Payment Alert offers as a button: the option in its "Buttons" list. */
	button?: { name: string; description: string };
}

/**
 * Every action a button can ask for: the one list. New actions go at the end: compact button values
 * (compactActionValue.ts) name an action by its position here. The action type, Payment Alert's "Buttons" options and the
 * Chat Interaction Trigger's access-rule options are all derived from it.
 */
export const ACTION_DESCRIPTIONS = {
	'invoice.retry': {
		label: 'Retry invoice payment',
		verb: 'retry invoice payments',
		button: { name: 'Retry Payment', description: 'On failed invoice payments' },
	},
	'invoice.send': {
		label: 'Send invoice (dunning e-mail)',
		verb: 'send invoices to customers',
		button: { name: 'Send Dunning E-Mail', description: 'Sends the invoice to the customer again' },
	},
	'invoice.void': { label: 'Void invoice', verb: 'void invoices' },
	'invoice.mark_uncollectible': { label: 'Mark invoice uncollectible', verb: 'mark invoices uncollectible' },
	'refund.create': {
		label: 'Refund payment',
		verb: 'refund payments',
		button: { name: 'Refund', description: 'On successful payments; asks for confirmation' },
	},
	'dispute.respond': {
		label: 'Answer dispute (evidence)',
		verb: 'answer disputes',
		button: { name: 'Submit Dispute Evidence', description: 'On disputes that need a response' },
	},
	'dispute.accept': {
		label: 'Accept dispute',
		verb: 'accept disputes',
		button: { name: 'Accept Dispute', description: 'On new disputes; asks for confirmation' },
	},
	'payment_link.create': {
		label: 'Create payment link',
		verb: 'create payment links',
		button: { name: 'Send Payment Link', description: 'On failed or abandoned payments' },
	},
	'customer.summary': {
		label: 'Show customer billing summary',
		verb: 'see customer billing summaries',
		button: { name: 'Customer Summary', description: 'Shows the customer’s recent payments' },
	},
	'alert.claim': {
		label: 'Take the alert',
		verb: 'take alerts',
		button: { name: 'Take It', description: 'Shows "Handled by @you" on the alert; its other buttons stay' },
	},
	'customer.contacted': {
		label: 'Mark customer contacted',
		verb: 'mark customers as contacted',
		button: {
			name: 'Mark Customer Contacted',
			description: 'Notes on the Stripe customer when, by whom and through which alert',
		},
	},
	'alert.escalate': {
		label: 'Escalate',
		verb: 'escalate alerts',
		button: { name: 'Escalate', description: 'Mentions the configured group (legal, finance) in the thread, once' },
	},
	'ticket.create': {
		label: 'Create ticket',
		verb: 'create tickets',
		button: { name: 'Create Ticket', description: 'Asks the workflow for a ticket; its link goes into the thread' },
	},
} as const satisfies Record<string, ActionInfo>;

/** An action a button can ask for, e.g. `invoice.retry`. */
export type ActionKind = keyof typeof ACTION_DESCRIPTIONS;

export const ACTION_KINDS = Object.keys(ACTION_DESCRIPTIONS) as ActionKind[];

/** The actions Payment Alert offers as buttons, in the order of their ids. */
export const BUTTON_ACTIONS: ActionKind[] = ACTION_KINDS.filter(
	(kind) => (ACTION_DESCRIPTIONS[kind] as ActionInfo).button !== undefined,
).sort();

export function isActionKind(value: unknown): value is ActionKind {
	return typeof value === 'string' && value in ACTION_DESCRIPTIONS;
}
