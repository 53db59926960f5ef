import type { ActionDraft } from './context';

/**
 * The team's buttons on an alert someone has to work (a failed payment, a dispute that needs an answer): take it,
 * mark the customer contacted, escalate, create a ticket. They act on the alert's own object (the customer for
 * "contacted"), so each alert's buttons are its own; Payment Alert's "Buttons" option decides which are shown.
 */
export function teamActions(
	object: { id: string | undefined; type: string },
	customerId: string | undefined,
): ActionDraft[] {
	if (!object.id) return [];
	const onAlert = { objectId: object.id, objectType: object.type };
	return [
		{ id: 'alert.claim', label: 'Take it', ...onAlert },
		...(customerId
			? [
					{
						id: 'customer.contacted' as const,
						label: 'Customer contacted',
						objectId: customerId,
						objectType: 'customer',
					},
				]
			: []),
		{ id: 'alert.escalate', label: 'Escalate', ...onAlert },
		{ id: 'ticket.create', label: 'Create ticket', ...onAlert },
	];
}
