import { eventDashboardUrl } from './links';
import { CURATED_BUILDERS, genericMessage } from './messages';
import type { MessageBuilder, MessageDraft } from './messages/context';
import { createContext } from './messages/context';
import { describeLastContact, lastContactOf } from './customerContact';
import { customerIdOf, normalizeEvent, recordOf } from './normalize';
import type { NormalizedEvent } from './normalize';
import { isRedactionPolicy, Redactor } from './redact';
import { signCompactActionValue } from './compactActionValue';
import { ActionValueError, signActionValue } from './signedValue';
import type { ChatMessage, MessageAction, MessageField, MessageLink, RenderOptions } from './types';

export class InvalidOptionError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InvalidOptionError';
	}
}

function isPresent<T>(value: T | undefined): value is T {
	return value !== undefined;
}

function builderFor(event: NormalizedEvent): { kind: string; builder: MessageBuilder } {
	// Own properties only: an event type such as `constructor` must not find Object.prototype's members.
	const curated = event.thin || !Object.hasOwn(CURATED_BUILDERS, event.type) ? undefined : CURATED_BUILDERS[event.type];
	return curated
		? { kind: event.type, builder: curated }
		: { kind: event.thin ? 'thin' : 'generic', builder: genericMessage };
}

/**
 * `2 days ago by alice`, from the `scc_contacted_*` metadata "Mark customer contacted" wrote on the customer: the
 * expanded customer of the event, else what Payment Alert looked up. Only on alerts a team works.
 */
function lastContactLine(
	event: NormalizedEvent,
	draft: MessageDraft,
	options: RenderOptions,
	now: () => number,
): string | undefined {
	if (draft.category !== 'paymentFailed' && draft.category !== 'dispute') return undefined;
	const expanded = recordOf(event.object.customer)?.metadata;
	const contact = lastContactOf(expanded) ?? lastContactOf(options.customerMetadata);
	return contact ? describeLastContact(contact, now(), options.locale || 'en-US') : undefined;
}

/**
 * Turns any Stripe event into the channel-neutral message: normalise, pick the curated builder (or the generic
 * one), redact customer data, add Dashboard links, and sign action buttons when a secret is given.
 * @throws InvalidEventError when `input` is not a Stripe event; InvalidOptionError for a bad option.
 */
export function buildMessage(input: unknown, options: RenderOptions = {}): ChatMessage {
	const policy = options.redaction ?? 'standard';
	if (!isRedactionPolicy(policy)) {
		throw new InvalidOptionError(`Unknown redaction policy "${String(policy)}": use standard, strict or off`);
	}
	const event = normalizeEvent(input);
	const redactor = new Redactor(policy);
	const now = options.now ?? Date.now;
	const context = createContext(event, redactor, {
		locale: options.locale || 'en-US',
		timeZone: options.timeZone || 'UTC',
		now,
		paymentFailure: options.paymentFailure,
	});

	const chosen = builderFor(event);
	let kind = chosen.kind;
	let draft: MessageDraft;
	try {
		draft = chosen.builder(context);
	} catch {
		// A shape the curated builder did not expect (a very old or very new API version) still gets a message.
		kind = 'generic';
		draft = genericMessage(context);
	}

	// Every string of the message passes the general scrub once more, whatever path it took from the event: ids,
	// codes and labels that builders take as they are, as well as the text they have already redacted field by field
	// (the scrub finds nothing new in that). Real Stripe ids, codes, amounts and dates come through unchanged.
	const scrub = (text: string, field: string): string => redactor.text(text, field) ?? '';
	const scrubOptional = (text: string | undefined, field: string) =>
		text === undefined ? undefined : scrub(text, field);
	const eventId = scrub(event.id, 'id');
	const objectId = scrubOptional(event.objectId, 'object.id');
	const account = scrubOptional(event.account, 'account');

	const links: MessageLink[] = (draft.links ?? []).filter(isPresent);
	const eventUrl = event.thin ? undefined : eventDashboardUrl(event);
	if (eventUrl) links.push({ label: 'View event', url: eventUrl });

	const customerId = scrubOptional(customerIdOf(event), 'customer');
	const actions: MessageAction[] = options.actionSecret
		? (draft.actions ?? []).filter(isPresent).flatMap((action) => {
				const ref = {
					action: action.id,
					objectId: scrub(action.objectId, 'action.object_id'),
					objectType: scrub(action.objectType, 'action.object_type'),
					eventId,
					customerId,
					account,
					livemode: event.livemode,
				};
				const forms = options.buttonValues ?? 'both';
				let value: string | undefined;
				if (forms !== 'compact') {
					try {
						value = signActionValue(ref, options.actionSecret as string, now);
					} catch (error: unknown) {
						// Ids too long for Slack's 2,000-character button value: that button is left out, the message stays.
						if (error instanceof ActionValueError && error.reason === 'too_long') return [];
						throw error;
					}
				}
				const compactValue = forms === 'full' ? undefined : signCompactActionValue(ref, options.actionSecret, { now });
				// A platform that shows only compact buttons gets no button that has none.
				if (forms === 'compact' && !compactValue) return [];
				const confirm = action.confirm && {
					title: scrub(action.confirm.title, 'action.confirm'),
					text: scrub(action.confirm.text, 'action.confirm'),
					confirm: scrub(action.confirm.confirm, 'action.confirm'),
					deny: scrub(action.confirm.deny, 'action.confirm'),
				};
				return [
					{
						id: action.id,
						label: scrub(action.label, 'action.label'),
						style: action.style,
						confirm,
						ref,
						...(value ? { value } : {}),
						...(compactValue ? { compactValue } : {}),
					},
				];
			})
		: [];

	const fields = (draft.fields ?? []).filter(isPresent) as MessageField[];
	const contacted = lastContactLine(event, draft, options, now);
	// Second, after the first fact (usually the amount or the customer), so Slack's ten fields never cut it off.
	if (contacted) fields.splice(Math.min(1, fields.length), 0, { label: 'Last contacted', value: contacted });
	return {
		kind,
		category: draft.category,
		eventType: scrub(event.type, 'type'),
		severity: draft.severity,
		title: scrub(draft.title, 'title'),
		summary: scrub(draft.summary, 'summary'),
		fields: fields.map((item) => {
			const label = scrub(item.label, 'label');
			return { label, value: scrub(item.value, label) };
		}),
		links: links.map((link) => ({ label: scrub(link.label, 'link'), url: scrub(link.url, 'link') })),
		actions,
		// `invoice:<id>`: each part on its own, so the object type does not read as the word before a reference number.
		threadKey: (draft.threadKey ?? `${event.objectType ?? 'event'}:${event.objectId ?? event.id}`)
			.split(':')
			.map((part) => scrub(part, 'thread'))
			.join(':'),
		eventId,
		objectId,
		objectType: scrubOptional(event.objectType, 'object'),
		occurredAt: new Date((event.created || 0) * 1000).toISOString(),
		livemode: event.livemode,
		...(account ? { account } : {}),
		...(draft.amount ? { amount: { ...draft.amount, text: scrub(draft.amount.text, 'amount') } } : {}),
		redactionPolicy: policy,
		redactions: redactor.redactions,
		...(event.thin ? { thin: true } : {}),
		...(context.times.length > 0 ? { times: context.times } : {}),
	};
}
