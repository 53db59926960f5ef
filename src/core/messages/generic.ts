import { idOf } from '../normalize';
import type { MessageBuilder } from './context';
import { field, humanize } from './context';

/** Amount-like fields, most telling first, for objects no curated builder knows. */
const AMOUNT_KEYS = ['amount', 'amount_due', 'amount_total', 'amount_paid', 'total', 'unit_amount', 'amount_remaining'];

/**
 * The message for every event type without a curated builder (there are 265 types): names the type and the
 * object, shows its amount and status when it has them, never crashes on an unknown shape.
 */
export const genericMessage: MessageBuilder = (context) => {
	const { event, object, redactor } = context;
	const objectLabel = humanize(event.objectType) ?? 'Object';
	const amountKey = AMOUNT_KEYS.find((key) => typeof object[key] === 'number');
	const amount = amountKey ? context.amount(object[amountKey], object.currency) : undefined;
	const status = typeof object.status === 'string' ? humanize(object.status) : undefined;
	const customer = idOf(object.customer);
	const changed = event.previous ? Object.keys(event.previous).slice(0, 10) : [];
	const summaryParts = [
		event.thin ? `Thin event about ${event.related?.type ?? 'an object'} ${event.related?.id ?? ''}`.trim() : undefined,
		amount ? amount.text : undefined,
		status ? `status ${status.toLowerCase()}` : undefined,
		changed.length ? `changed: ${changed.join(', ')}` : undefined,
	].filter(Boolean);
	return {
		category: 'other',
		severity: /(failed|canceled|deleted|expired|closed|past_due|requires_action)$/.test(event.type) ? 'warning' : 'info',
		title: `${humanize(event.type) ?? event.type}`,
		summary: summaryParts.length ? summaryParts.join(' · ') : `${objectLabel} ${event.objectId ?? ''}`.trim(),
		fields: [
			field('Event', event.type),
			field(objectLabel, event.objectId),
			field('Amount', amount?.text),
			field('Status', status),
			field('Customer', customer),
			field('Description', redactor.text(object.description, 'description')),
		],
		links: [context.link(`Open ${objectLabel.toLowerCase()}`, event.objectType ?? '', event.objectId)],
		amount,
	};
};
