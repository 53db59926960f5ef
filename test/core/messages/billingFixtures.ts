import * as fs from 'node:fs';
import * as path from 'node:path';

import { buildMessage } from '../../../src/core/buildMessage';
import type { ChatMessage, RenderOptions, StripeEventEnvelope } from '../../../src/core/types';

/** Our own authored events (test/fixtures/events), written after Stripe's documented shapes. */
const FIXTURE_DIR = path.resolve(__dirname, '../../fixtures/events');

/** Every billing fixture is created at 1781000000 (2026-06-09 10:13:20 UTC); the clock reads one minute later. */
export const EVENT_CREATED = 1781000000;
export const NOW_MS = (EVENT_CREATED + 60) * 1000;
export const ACTION_SECRET = 'test-action-secret-for-billing-messages';
/** Where Dashboard links to the objects of test-mode (`livemode: false`) fixtures point. */
export const TEST_DASHBOARD = 'https://dashboard.stripe.com/test';

export function loadEvent(name: string): StripeEventEnvelope {
	return JSON.parse(fs.readFileSync(path.join(FIXTURE_DIR, `${name}.json`), 'utf8')) as StripeEventEnvelope;
}

export function fixtureNames(prefix: string): string[] {
	return fs
		.readdirSync(FIXTURE_DIR)
		.filter((file) => file.startsWith(prefix) && file.endsWith('.json'))
		.map((file) => file.slice(0, -'.json'.length))
		.sort();
}

/** A fixture with parts of `data.object` (and optionally of the envelope) replaced. */
export function variantOf(
	name: string,
	object: Record<string, unknown>,
	envelope: Partial<StripeEventEnvelope> = {},
): StripeEventEnvelope {
	const event = loadEvent(name);
	return { ...event, ...envelope, data: { ...event.data, object: { ...event.data.object, ...object } } };
}

export function render(event: unknown, options: RenderOptions = {}): ChatMessage {
	return buildMessage(event, { now: () => NOW_MS, actionSecret: ACTION_SECRET, ...options });
}

export function renderFixture(name: string, options: RenderOptions = {}): ChatMessage {
	return render(loadEvent(name), options);
}

/** ICU versions differ in the space they put before `AM` or inside numbers; tests compare words, not spaces. */
export function plainSpaces(text: string | undefined): string | undefined {
	return text?.replace(/[\u00a0\u202f]/g, ' ');
}

export function fieldValue(message: ChatMessage, label: string): string | undefined {
	return message.fields.find((field) => field.label === label)?.value;
}

export function linkUrl(message: ChatMessage, label: string): string | undefined {
	return message.links.find((link) => link.label === label)?.url;
}

/** All text a person could read in the message, to check that nothing raw slipped through. */
export function visibleText(message: ChatMessage): string {
	return [
		message.title,
		message.summary,
		...message.fields.flatMap((field) => [field.label, field.value]),
		...message.links.map((link) => link.label),
		...message.actions.flatMap((action) => [action.label, action.confirm?.text ?? '']),
	].join('\n');
}

/** The shape every curated message keeps, whatever the event (the package's promise: short, safe, actionable). */
export function expectWithinBudget(message: ChatMessage): void {
	expect(message.title.length).toBeLessThanOrEqual(80);
	expect(message.summary.length).toBeLessThanOrEqual(200);
	expect(message.fields.length).toBeLessThanOrEqual(10);
	for (const field of message.fields) expect(field.value.length).toBeLessThanOrEqual(200);
}
